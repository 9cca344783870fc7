// What a proctor may do to an attempt: extend its time, pause and resume it, lock and unlock it,
// force its submission, message the contestant, report them to the judges. Each action needs a
// reason, is checked against the proctor's sessions, is written to the audit log in the same
// transaction as the change, and is pushed at once to the contestant's page (`attempt:state` and
// `attempt:notice`) and to every console watching the session (`attempt:control`).
//
// Pause: the clock stands still. pausedAt is stored; saves are refused (ATTEMPT_PAUSED); the deadline
// closer skips the attempt; on resume the deadline moves by the paused span, which is added to
// pausedSeconds. Lock (suspected cheating): the page is blocked and saves refused (ATTEMPT_LOCKED),
// but the clock keeps running and the deadline closes the attempt as usual.

import type { AttemptCloser } from "../../core/attempts/attempt-closer.ts";
import { type LockedAttempt, lockAttempt } from "../../core/attempts/attempt-lock.ts";
import {
  AttemptClosedError,
  AttemptNotStartedError,
  ConflictError,
  NotFoundError,
} from "../../core/errors.ts";
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db, Tx } from "../../core/platform/db.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import type {
  AttemptNotice,
  AttemptState,
  AttemptStatus,
  ControlEvent,
  IncidentView,
  MessageRequest,
  ProctorMessageView,
  ReportRequest,
  SessionControlResult,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { attemptState } from "./attempt-state.ts";
import type { ProgressNotifier } from "./progress.ts";
import type { RosterService } from "./roster.service.ts";

type Action = ControlEvent["action"];

interface ClockRow {
  id: string;
  status: AttemptStatus;
  examSessionId: string;
  deadlineAt: Date | null;
  pausedAt: Date | null;
  lockedAt: Date | null;
  extensionSeconds: number;
  pausedSeconds: number;
}

const clockSelect = {
  id: true,
  status: true,
  examSessionId: true,
  deadlineAt: true,
  pausedAt: true,
  lockedAt: true,
  extensionSeconds: true,
  pausedSeconds: true,
} as const;

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

  /** Tells the contestant's page and the session's consoles what a control did. */
  private pushed(
    row: ClockRow,
    action: Action,
    reason: string,
    actorId: string,
    minutes?: number,
  ): AttemptState {
    const now = this.clock.now();
    const state = attemptState(row, now);
    this.broadcaster.toAttempt(row.id, "attempt:state", state);
    const kind = NOTICE_OF[action];
    if (kind) {
      const notice: AttemptNotice = { attemptId: row.id, kind, state, at: now.toISOString() };
      if (minutes !== undefined) notice.minutes = minutes;
      this.broadcaster.toAttempt(row.id, "attempt:notice", notice);
    }
    this.broadcaster.toSession(row.examSessionId, "attempt:control", {
      sessionId: row.examSessionId,
      attemptId: row.id,
      action,
      state,
      reason,
      actorId,
      at: now.toISOString(),
    });
    this.progress.changed(row.examSessionId, row.id);
    return state;
  }

  private audit(tx: Tx, p: Principal, action: string, attemptIds: string[], reason: string, details: object) {
    return tx.auditEntry.createMany({
      data: attemptIds.map((id) => ({
        actorId: p.userId,
        action,
        target: `attempt:${id}`,
        reason,
        details: details as never,
      })),
    });
  }

  /**
   * Runs one control on one attempt: locks the row, lets `change` check and compute the update,
   * writes it with the audit entry, and pushes the result.
   */
  private async control(
    p: Principal,
    attemptId: string,
    action: Action,
    reason: string,
    change: (row: LockedAttempt, now: Date) => { data: Partial<ClockRow>; details: object },
    minutes?: number,
  ): Promise<AttemptState> {
    await this.attemptFor(p, attemptId);
    const row = await this.db.$transaction(async (tx) => {
      const locked = await lockAttempt(tx, attemptId);
      if (!locked) throw new NotFoundError("The attempt");
      const { data, details } = change(locked, this.clock.now());
      const updated = await tx.attempt.update({ where: { id: attemptId }, data, select: clockSelect });
      await this.audit(tx, p, `attempt.${action}`, [attemptId], reason, details);
      return updated;
    });
    return this.pushed(row, action, reason, p.userId, minutes);
  }

  /** Adds minutes to an open attempt's deadline (or to a not yet started one's sitting). */
  extend(p: Principal, attemptId: string, minutes: number, reason: string): Promise<AttemptState> {
    return this.control(
      p,
      attemptId,
      "extend",
      reason,
      (row) => {
        if (row.status !== "IN_PROGRESS" && row.status !== "NOT_STARTED")
          throw new AttemptClosedError(row.status);
        const deadlineAt = row.deadlineAt ? new Date(row.deadlineAt.getTime() + minutes * 60_000) : null;
        return {
          data: { deadlineAt, extensionSeconds: row.extensionSeconds + minutes * 60 },
          details: { minutes, deadlineAt: deadlineAt?.toISOString() ?? null },
        };
      },
      minutes,
    );
  }

  pause(p: Principal, attemptId: string, reason: string): Promise<AttemptState> {
    return this.control(p, attemptId, "pause", reason, (row, now) => {
      mustBeInProgress(row);
      if (row.pausedAt) throw new ConflictError("The attempt is paused already.");
      return { data: { pausedAt: now }, details: { pausedAt: now.toISOString() } };
    });
  }

  resume(p: Principal, attemptId: string, reason: string): Promise<AttemptState> {
    return this.control(p, attemptId, "resume", reason, (row, now) => {
      mustBeInProgress(row);
      if (!row.pausedAt) throw new ConflictError("The attempt is not paused.");
      const spanMs = Math.max(0, now.getTime() - row.pausedAt.getTime());
      const deadlineAt = row.deadlineAt ? new Date(row.deadlineAt.getTime() + spanMs) : null;
      return {
        data: { pausedAt: null, deadlineAt, pausedSeconds: row.pausedSeconds + Math.round(spanMs / 1000) },
        details: { pausedMs: spanMs, deadlineAt: deadlineAt?.toISOString() ?? null },
      };
    });
  }

  lock(p: Principal, attemptId: string, reason: string): Promise<AttemptState> {
    return this.control(p, attemptId, "lock", reason, (row, now) => {
      if (row.status !== "IN_PROGRESS" && row.status !== "NOT_STARTED")
        throw new AttemptClosedError(row.status);
      if (row.lockedAt) throw new ConflictError("The attempt is locked already.");
      return { data: { lockedAt: now }, details: { lockedAt: now.toISOString() } };
    });
  }

  unlock(p: Principal, attemptId: string, reason: string): Promise<AttemptState> {
    return this.control(p, attemptId, "unlock", reason, (row) => {
      if (!row.lockedAt) throw new ConflictError("The attempt is not locked.");
      return { data: { lockedAt: null }, details: { lockedSince: row.lockedAt.toISOString() } };
    });
  }

  /**
   * Runs one statement over every attempt of a session the control applies to (one audit entry per
   * attempt changed) and pushes each. `update` is an UPDATE ... RETURNING over "Attempt" a.
   */
  private async sessionControl(
    p: Principal,
    sessionId: string,
    action: Action,
    reason: string,
    update: (tx: Tx, now: Date) => Promise<ClockRow[]>,
    details: object,
    minutes?: number,
  ): Promise<SessionControlResult> {
    await this.roster.authorize(p, sessionId);
    const now = this.clock.now();
    const rows = await this.db.$transaction(async (tx) => {
      const changed = await update(tx, now);
      if (changed.length > 0)
        await this.audit(
          tx,
          p,
          `attempt.${action}`,
          changed.map((r) => r.id),
          reason,
          { ...details, session: sessionId },
        );
      return changed;
    });
    return { sessionId, affected: rows.map((r) => this.pushed(r, action, reason, p.userId, minutes)) };
  }

  /** Extends every open attempt of the session (not-started ones get it when they start). */
  extendSession(
    p: Principal,
    sessionId: string,
    minutes: number,
    reason: string,
  ): Promise<SessionControlResult> {
    return this.sessionControl(
      p,
      sessionId,
      "extend",
      reason,
      (tx) => tx.$queryRaw<ClockRow[]>`
        UPDATE "Attempt" a
        SET "deadlineAt" = a."deadlineAt" + (${minutes}::int * interval '1 minute'),
            "extensionSeconds" = a."extensionSeconds" + ${minutes * 60}::int
        WHERE a."examSessionId" = ${sessionId} AND a.status IN ('IN_PROGRESS', 'NOT_STARTED')
        RETURNING ${RETURNING}`,
      { minutes },
      minutes,
    );
  }

  pauseSession(p: Principal, sessionId: string, reason: string): Promise<SessionControlResult> {
    return this.sessionControl(
      p,
      sessionId,
      "pause",
      reason,
      (tx, now) => tx.$queryRaw<ClockRow[]>`
        UPDATE "Attempt" a SET "pausedAt" = ${at(now)}
        WHERE a."examSessionId" = ${sessionId} AND a.status = 'IN_PROGRESS' AND a."pausedAt" IS NULL
        RETURNING ${RETURNING}`,
      {},
    );
  }

  resumeSession(p: Principal, sessionId: string, reason: string): Promise<SessionControlResult> {
    return this.sessionControl(
      p,
      sessionId,
      "resume",
      reason,
      (tx, now) => tx.$queryRaw<ClockRow[]>`
        UPDATE "Attempt" a
        SET "deadlineAt" = a."deadlineAt" + GREATEST(${at(now)} - a."pausedAt", interval '0'),
            "pausedSeconds" = a."pausedSeconds"
              + round(GREATEST(extract(epoch FROM ${at(now)} - a."pausedAt"), 0))::int,
            "pausedAt" = NULL
        WHERE a."examSessionId" = ${sessionId} AND a.status = 'IN_PROGRESS' AND a."pausedAt" IS NOT NULL
        RETURNING ${RETURNING}`,
      {},
    );
  }

  /** Reports the contestant to the judges: a "proctor-report" incident, audited. */
  async report(p: Principal, req: ReportRequest): Promise<IncidentView> {
    const attempt = await this.attemptFor(p, req.attemptId);
    const now = this.clock.now();
    const details = {
      reason: req.reason,
      ...(req.note ? { note: req.note } : {}),
      reporterId: p.userId,
      reporterName: p.name,
    };
    const incident = await this.db.$transaction(async (tx) => {
      const created = await tx.incident.create({
        data: { attemptId: req.attemptId, kind: "proctor-report", at: now, details },
        select: { id: true, at: true },
      });
      await this.audit(tx, p, "attempt.report", [req.attemptId], req.reason, {
        incidentId: created.id,
        ...(req.note ? { note: req.note } : {}),
      });
      return created;
    });
    const count = await this.db.incident.count({ where: { attemptId: req.attemptId } });
    this.broadcaster.toSession(attempt.examSessionId, "contestant:incident", {
      sessionId: attempt.examSessionId,
      attemptId: req.attemptId,
      kind: "proctor-report",
      at: incident.at.toISOString(),
      count,
      id: incident.id,
      details,
    });
    const row = await this.db.attempt.findUniqueOrThrow({
      where: { id: req.attemptId },
      select: clockSelect,
    });
    this.broadcaster.toSession(attempt.examSessionId, "attempt:control", {
      sessionId: attempt.examSessionId,
      attemptId: req.attemptId,
      action: "report",
      state: attemptState(row, now),
      reason: req.reason,
      actorId: p.userId,
      at: now.toISOString(),
    });
    return {
      id: incident.id,
      attemptId: req.attemptId,
      kind: "proctor-report",
      at: incident.at.toISOString(),
      details,
    };
  }

  /** Sends a message to one contestant or to the whole session; stored, audited, acknowledged later. */
  async message(p: Principal, req: MessageRequest): Promise<{ sent: true; message: ProctorMessageView }> {
    await this.roster.authorize(p, req.sessionId);
    if (req.attemptId) {
      const attempt = await this.attemptFor(p, req.attemptId);
      if (attempt.examSessionId !== req.sessionId) throw new NotFoundError("The attempt");
    }
    const now = this.clock.now();
    const stored = await this.db.$transaction(async (tx) => {
      const m = await tx.proctorMessage.create({
        data: {
          examSessionId: req.sessionId,
          attemptId: req.attemptId ?? null,
          senderId: p.userId,
          text: req.text,
          at: now,
        },
        select: { id: true, at: true },
      });
      await tx.auditEntry.create({
        data: {
          actorId: p.userId,
          action: "message.send",
          target: req.attemptId ? `attempt:${req.attemptId}` : `session:${req.sessionId}`,
          reason: null,
          details: { text: req.text, messageId: m.id },
        },
      });
      return m;
    });
    const recipients = req.attemptId
      ? 1
      : await this.db.attempt.count({ where: { examSessionId: req.sessionId } });
    const message = {
      id: stored.id,
      attemptId: req.attemptId ?? null,
      text: req.text,
      at: stored.at.toISOString(),
    };
    if (req.attemptId) this.broadcaster.toAttempt(req.attemptId, "proctor:message", message);
    else this.broadcaster.toExamSession(req.sessionId, "proctor:message", message);
    const view: ProctorMessageView = { ...message, sessionId: req.sessionId, acked: 0, recipients };
    this.broadcaster.toSession(req.sessionId, "message:sent", view);
    return { sent: true, message: view };
  }

  /**
   * A contestant acknowledges a message addressed to them (or to their session). Idempotent: the
   * first acknowledgement's time stands.
   */
  async acknowledge(p: Principal, messageId: string): Promise<{ messageId: string; at: string }> {
    const message = await this.db.proctorMessage.findUnique({
      where: { id: messageId },
      select: { id: true, examSessionId: true, attemptId: true },
    });
    const attempt = message
      ? await this.db.attempt.findFirst({
          where: {
            examSessionId: message.examSessionId,
            contestant: { userId: p.userId },
            ...(message.attemptId ? { id: message.attemptId } : {}),
          },
          select: { id: true },
        })
      : null;
    // A message for someone else looks exactly like a missing one.
    if (!message || !attempt) throw new NotFoundError("The message");
    const now = this.clock.now();
    const created = await this.db.messageAck.createMany({
      data: [{ messageId, attemptId: attempt.id, at: now }],
      skipDuplicates: true,
    });
    const ack = await this.db.messageAck.findUniqueOrThrow({
      where: { messageId_attemptId: { messageId, attemptId: attempt.id } },
      select: { at: true },
    });
    if (created.count > 0)
      this.broadcaster.toSession(message.examSessionId, "message:acked", {
        sessionId: message.examSessionId,
        messageId,
        attemptId: attempt.id,
        at: ack.at.toISOString(),
      });
    return { messageId, at: ack.at.toISOString() };
  }

  /** Messages of the attempt's session addressed to it and not yet acknowledged, oldest first. */
  unacknowledged(attemptId: string, sessionId: string) {
    return this.db.proctorMessage.findMany({
      where: {
        examSessionId: sessionId,
        OR: [{ attemptId }, { attemptId: null }],
        acks: { none: { attemptId } },
      },
      orderBy: { at: "asc" },
      take: 20,
      select: { id: true, attemptId: true, text: true, at: true },
    });
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

const NOTICE_OF: Partial<Record<Action, AttemptNotice["kind"]>> = {
  extend: "extended",
  pause: "paused",
  resume: "resumed",
  lock: "locked",
  unlock: "unlocked",
};

function mustBeInProgress(row: LockedAttempt): void {
  if (row.status === "NOT_STARTED") throw new AttemptNotStartedError();
  if (row.status !== "IN_PROGRESS") throw new AttemptClosedError(row.status);
}

/** A timestamp parameter for a `timestamp(3)` column (stored as UTC without a zone). */
function at(d: Date) {
  return Prisma.sql`(to_timestamp(${d.getTime()}::float8 / 1000) AT TIME ZONE 'UTC')`;
}

const RETURNING = Prisma.raw(
  `a.id, a.status::text AS status, a."examSessionId", a."deadlineAt", a."pausedAt", a."lockedAt", a."extensionSeconds", a."pausedSeconds"`,
);
