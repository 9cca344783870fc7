// Incidents of an attempt: focus, tab and clipboard events from the contestant's browser (bounded
// per attempt so a misbehaving page cannot flood anyone) and second sign-ins seen by the server.
// Stored with the attempt and pushed to the proctors.

import { AppError, NotFoundError } from "../../core/errors.ts";
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type { IncidentReport } from "../../protocol/index.ts";
import type { LoginOrigin } from "../auth/login-origin.ts";
import type { Principal } from "../auth/principal.ts";

/** At most this many incidents per attempt per minute are accepted. */
const PER_MINUTE = 30;

export class IncidentsService {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly broadcaster: Broadcaster,
  ) {}

  async report(p: Principal, req: IncidentReport): Promise<{ count: number }> {
    const attempt = await this.db.attempt.findUnique({
      where: { id: req.attemptId },
      select: { status: true, examSessionId: true, contestant: { select: { userId: true } } },
    });
    if (!attempt || attempt.contestant.userId !== p.userId) throw new NotFoundError("The attempt");
    const now = this.clock.now();
    const window = (this.recent.get(req.attemptId) ?? []).filter((t) => t > now.getTime() - 60_000);
    if (window.length >= PER_MINUTE)
      throw new AppError("RATE_LIMITED", "Too many incident reports; try again in a minute.");
    window.push(now.getTime());
    this.recent.set(req.attemptId, window);
    // Only what happens during the exam matters to the proctors.
    if (attempt.status !== "IN_PROGRESS") return { count: await this.count(req.attemptId) };
    const created = await this.db.incident.create({
      data: { attemptId: req.attemptId, kind: req.kind, at: now, details: req.details ?? {} },
      select: { id: true },
    });
    const count = await this.count(req.attemptId);
    this.broadcaster.toSession(attempt.examSessionId, "contestant:incident", {
      sessionId: attempt.examSessionId,
      attemptId: req.attemptId,
      kind: req.kind,
      at: now.toISOString(),
      count,
      id: created.id,
      details: req.details ?? {},
    });
    return { count };
  }

  /**
   * A contestant signed in again while another sign-in was live: each attempt in progress gets a
   * "second-sign-in" incident (with where the new sign-in came from) for its proctors.
   */
  async secondSignIn(userId: string, origin: LoginOrigin): Promise<void> {
    const attempts = await this.db.attempt.findMany({
      where: { status: "IN_PROGRESS", contestant: { userId } },
      select: { id: true, examSessionId: true },
    });
    const now = this.clock.now();
    for (const a of attempts) {
      const details = { userAgent: origin.userAgent, address: origin.address };
      const created = await this.db.incident.create({
        data: { attemptId: a.id, kind: "second-sign-in", at: now, details },
        select: { id: true },
      });
      this.broadcaster.toSession(a.examSessionId, "contestant:incident", {
        sessionId: a.examSessionId,
        attemptId: a.id,
        kind: "second-sign-in",
        at: now.toISOString(),
        count: await this.count(a.id),
        id: created.id,
        details,
      });
    }
  }

  private count(attemptId: string): Promise<number> {
    return this.db.incident.count({ where: { attemptId } });
  }
}
