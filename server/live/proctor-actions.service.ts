// What a proctor may do to an attempt: extend its time or force its submission. Each action needs
// a reason and is written to the audit log in the same transaction as the change.

import type { AttemptCloser } from "../../core/attempts/attempt-closer.ts";
import { lockAttempt } from "../../core/attempts/attempt-lock.ts";
import { AttemptClosedError, AttemptNotStartedError, NotFoundError } from "../../core/errors.ts";
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type { AttemptState, MessageRequest } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ProgressNotifier } from "./progress.ts";
import type { RosterService } from "./roster.service.ts";

export class ProctorActionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly roster: RosterService,
    private readonly closer: AttemptCloser,
    private readonly broadcaster: Broadcaster,
    private readonly progress: ProgressNotifier,
  ) {}

  /** Loads the attempt and checks that the principal proctors its session. */
  private async attemptFor(p: Principal, attemptId: string) {
    const attempt = await this.db.attempt.findUnique({
      where: { id: attemptId },
      select: { id: true, examSessionId: true },
    });
    if (!attempt) throw new NotFoundError("The attempt");
    await this.roster.authorize(p, attempt.examSessionId);
    return attempt;
  }

  /** Adds minutes to an open attempt's deadline (or to a not yet started one's sitting). */
  async extend(p: Principal, attemptId: string, minutes: number, reason: string): Promise<AttemptState> {
    const attempt = await this.attemptFor(p, attemptId);
    const updated = await this.db.$transaction(async (tx) => {
      const row = await lockAttempt(tx, attemptId);
      if (!row) throw new NotFoundError("The attempt");
      if (row.status !== "IN_PROGRESS" && row.status !== "NOT_STARTED")
        throw new AttemptClosedError(row.status);
      const deadlineAt = row.deadlineAt ? new Date(row.deadlineAt.getTime() + minutes * 60_000) : null;
      const a = await tx.attempt.update({
        where: { id: attemptId },
        data: { deadlineAt, extensionSeconds: { increment: minutes * 60 } },
        select: { id: true, status: true, deadlineAt: true },
      });
      await tx.auditEntry.create({
        data: {
          actorId: p.userId,
          action: "attempt.extend",
          target: `attempt:${attemptId}`,
          reason,
          details: { minutes, deadlineAt: deadlineAt?.toISOString() ?? null },
        },
      });
      return a;
    });
    // Nothing to reschedule: the worker closes attempts by the deadline PostgreSQL holds now.
    const state: AttemptState = {
      attemptId,
      status: updated.status,
      deadlineAt: updated.deadlineAt?.toISOString() ?? null,
      serverNow: this.clock.now().toISOString(),
    };
    this.broadcaster.toAttempt(attemptId, "attempt:state", state);
    this.progress.changed(attempt.examSessionId, attemptId);
    return state;
  }

  /** Sends a notice to one contestant or to the whole session, and records it in the audit log. */
  async message(p: Principal, req: MessageRequest): Promise<{ sent: true }> {
    await this.roster.authorize(p, req.sessionId);
    if (req.attemptId) {
      const attempt = await this.attemptFor(p, req.attemptId);
      if (attempt.examSessionId !== req.sessionId) throw new NotFoundError("The attempt");
    }
    const entry = await this.db.auditEntry.create({
      data: {
        actorId: p.userId,
        action: "message.send",
        target: req.attemptId ? `attempt:${req.attemptId}` : `session:${req.sessionId}`,
        reason: null,
        details: { text: req.text },
      },
      select: { at: true },
    });
    const message = { attemptId: req.attemptId ?? null, text: req.text, at: entry.at.toISOString() };
    if (req.attemptId) this.broadcaster.toAttempt(req.attemptId, "proctor:message", message);
    else this.broadcaster.toExamSession(req.sessionId, "proctor:message", message);
    return { sent: true };
  }

  /** Freezes an open attempt now, on the proctor's authority. */
  async forceSubmit(p: Principal, attemptId: string, reason: string): Promise<{ frozen: boolean }> {
    await this.attemptFor(p, attemptId);
    const frozen = await this.closer.freeze(attemptId, "PROCTOR", p.userId, reason);
    if (!frozen) {
      const a = await this.db.attempt.findUniqueOrThrow({
        where: { id: attemptId },
        select: { status: true },
      });
      if (a.status === "NOT_STARTED") throw new AttemptNotStartedError();
      throw new AttemptClosedError(a.status);
    }
    return { frozen };
  }
}
