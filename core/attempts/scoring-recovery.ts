// Keeps scoring moving with PostgreSQL as the only truth. Every frozen attempt gets its score job
// again (a job already in Redis is left alone); a job that gave up because a service was down is
// retried; one that gave up on its own input moves the attempt to SCORING_FAILED, which staff see
// and an admin retries as a new scoring round.
import { NotFoundError, ScoringNotFailedError } from "../errors.ts";
import { type BullJobQueue, scoreJobId } from "../jobs/queue.ts";
import type { Broadcaster } from "../live/broadcaster.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db.ts";
import type { Logger } from "../platform/logger.ts";
import { unscoredAttempts } from "./attempt-closer.ts";
import { lockAttempt } from "./attempt-lock.ts";

/** A score job's failure reason starts with this when retrying cannot help (bad truth, a bug). */
export const FAILED_FOR_GOOD = "scoring failed: ";

export interface RecoveryReport {
  /** Frozen attempts whose score job was (re)queued; a job still in Redis is not queued twice. */
  requeued: number;
  /** Score jobs that gave up during an outage and were started again. */
  retried: number;
  /** Attempts moved to SCORING_FAILED. */
  flagged: number;
}

export class ScoringRecovery {
  constructor(
    private readonly db: Db,
    private readonly queue: BullJobQueue,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async recover(): Promise<RecoveryReport> {
    const frozen = await unscoredAttempts(this.db);
    const report: RecoveryReport = { requeued: frozen.length, retried: 0, flagged: 0 };
    if (frozen.length === 0) return report;
    await this.queue.enqueueMany(
      "score-attempt",
      frozen.map((a) => ({ attemptId: a.id, round: a.scoringRound })),
    );
    // A job that gave up stays in the failed set under its id, where a new add is ignored.
    const byJobId = new Map(frozen.map((a) => [scoreJobId(a.id, a.scoringRound), a]));
    const failed = await this.queue.queue.getFailed(0, 4999);
    for (const job of failed) {
      const attempt = job.id ? byJobId.get(job.id) : undefined;
      if (!attempt) continue;
      const reason = job.failedReason ?? "";
      if (reason.startsWith(FAILED_FOR_GOOD)) {
        if (await this.markFailed(attempt.id, attempt.scoringRound, reason.slice(FAILED_FOR_GOOD.length)))
          report.flagged++;
      } else {
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        report.retried++;
      }
    }
    return report;
  }

  /**
   * Moves a frozen attempt to SCORING_FAILED (when it is still in that scoring round), logs an alert
   * and tells the proctors. Returns whether it moved.
   */
  async markFailed(attemptId: string, round: number, error: string): Promise<boolean> {
    const now = this.clock.now();
    const moved = await this.db.attempt.updateManyAndReturn({
      where: { id: attemptId, status: "FROZEN", scoringRound: round },
      data: { status: "SCORING_FAILED", scoringError: error.slice(0, 2000), scoringFailedAt: now },
      select: { examSessionId: true },
    });
    const row = moved[0];
    if (!row) return false;
    this.log.error({ alert: "scoring-failed", attemptId, round, error }, "scoring failed for good");
    this.broadcaster.toSession(row.examSessionId, "attempt:scoring-failed", {
      sessionId: row.examSessionId,
      attemptId,
      error,
      at: now.toISOString(),
    });
    return true;
  }

  /** An admin's retry: a new scoring round for an attempt whose scoring failed, audited. */
  async retry(actorId: string, attemptId: string, reason: string): Promise<{ round: number }> {
    const retried = await this.db.$transaction(async (tx) => {
      const row = await lockAttempt(tx, attemptId);
      if (!row) throw new NotFoundError("The attempt");
      if (row.status !== "SCORING_FAILED") throw new ScoringNotFailedError(row.status);
      const round = row.scoringRound + 1;
      await tx.attempt.update({
        where: { id: attemptId },
        data: { status: "FROZEN", scoringRound: round, scoringError: null, scoringFailedAt: null },
      });
      await tx.auditEntry.create({
        data: {
          actorId,
          action: "attempt.retry-scoring",
          target: `attempt:${attemptId}`,
          reason,
          details: { round },
        },
      });
      return { round, sessionId: row.examSessionId };
    });
    // If Redis is away now, the sweep queues it from PostgreSQL.
    await this.queue.enqueueAfterCommit("score-attempt", [{ attemptId, round: retried.round }]);
    this.broadcaster.toSession(retried.sessionId, "attempt:scoring-retried", {
      sessionId: retried.sessionId,
      attemptId,
    });
    return { round: retried.round };
  }
}
