// Focus, tab and clipboard incidents from a contestant's browser: stored with the attempt and
// pushed to the proctors. Bounded per attempt so a misbehaving page cannot flood anyone.

import { AppError, NotFoundError } from "../../core/errors.ts";
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type { IncidentReport } from "../../protocol/index.ts";
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
    await this.db.incident.create({
      data: { attemptId: req.attemptId, kind: req.kind, at: now, details: req.details ?? {} },
    });
    const count = await this.count(req.attemptId);
    this.broadcaster.toSession(attempt.examSessionId, "contestant:incident", {
      sessionId: attempt.examSessionId,
      attemptId: req.attemptId,
      kind: req.kind,
      at: now.toISOString(),
      count,
    });
    return { count };
  }

  private count(attemptId: string): Promise<number> {
    return this.db.incident.count({ where: { attemptId } });
  }
}
