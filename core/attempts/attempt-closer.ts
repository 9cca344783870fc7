// Freezes attempts (submit, force-submit, deadline) and queues their scoring. Used by the server
// and by the close-attempt worker and the sweep.

import type { JobQueue } from "../jobs/queue.ts";
import type { Broadcaster } from "../live/broadcaster.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db.ts";
import type { Logger } from "../platform/logger.ts";

export type ClosedBy = "CONTESTANT" | "PROCTOR" | "DEADLINE";

export class AttemptCloser {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * Freezes an in-progress attempt. Returns false when it was not in progress (already frozen,
   * or a DEADLINE close arriving before the deadline, e.g. after an extension).
   */
  async freeze(attemptId: string, closedBy: ClosedBy, actorId?: string, reason?: string): Promise<boolean> {
    const now = this.clock.now();
    const frozen = await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ examSessionId: string; deadlineAt: Date | null }[]>`
        SELECT "examSessionId", "deadlineAt" FROM "Attempt"
        WHERE id = ${attemptId} AND status = 'IN_PROGRESS' FOR UPDATE`;
      const row = rows[0];
      if (!row) return null;
      if (closedBy === "DEADLINE" && row.deadlineAt && row.deadlineAt > now) return null;
      // A deadline close records the deadline itself as the submission time.
      const submittedAt = closedBy === "DEADLINE" && row.deadlineAt ? row.deadlineAt : now;
      await tx.attempt.update({
        where: { id: attemptId },
        data: { status: "FROZEN", submittedAt, closedBy },
      });
      if (closedBy === "PROCTOR") {
        await tx.auditEntry.create({
          data: {
            actorId: actorId ?? null,
            action: "attempt.force-submit",
            target: `attempt:${attemptId}`,
            reason: reason ?? null,
            details: {},
          },
        });
      }
      return { sessionId: row.examSessionId, submittedAt };
    });
    if (!frozen) return false;
    this.log.info({ attemptId, closedBy }, "attempt frozen");
    await this.queue.enqueueAfterCommit("score-attempt", { attemptId });
    this.broadcaster.toAttempt(attemptId, "attempt:closed", { attemptId, closedBy });
    this.broadcaster.toSession(frozen.sessionId, "attempt:closed", {
      sessionId: frozen.sessionId,
      attemptId,
      closedBy,
      submittedAt: frozen.submittedAt.toISOString(),
    });
    return true;
  }

  /**
   * Catches what a lost job would leave behind: attempts past their deadline still open, and frozen
   * attempts without a score. Safe to run anywhere, any number of times.
   */
  async sweep(): Promise<{ closed: number; requeued: number }> {
    const now = this.clock.now();
    const overdue = await this.db.attempt.findMany({
      where: { status: "IN_PROGRESS", deadlineAt: { lte: now } },
      select: { id: true },
      take: 1000,
    });
    let closed = 0;
    for (const a of overdue) if (await this.freeze(a.id, "DEADLINE")) closed++;
    const unscored = await this.db.attempt.findMany({
      where: { status: "FROZEN" },
      select: { id: true },
      take: 5000,
    });
    for (const a of unscored) await this.queue.enqueue("score-attempt", { attemptId: a.id });
    return { closed, requeued: unscored.length };
  }
}
