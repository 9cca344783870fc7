// Freezes attempts (a submit, a proctor's force-submit, the deadline) and queues their scoring. The
// deadline is kept from PostgreSQL alone (a paused attempt is never closed by the deadline: its clock
// stands still until a proctor resumes it and the deadline moves by the paused span): the worker calls closeOverdue every second, and an attempt
// is frozen once no save could be taken any more (deadline + grace), whatever Redis has forgotten.
import { Prisma } from "../../prisma/generated/client.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { Broadcaster } from "../live/broadcaster.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db.ts";
import type { Logger } from "../platform/logger.ts";
import { lockAttempt } from "./attempt-lock.ts";

export type ClosedBy = "CONTESTANT" | "PROCTOR" | "DEADLINE";

interface Frozen {
  id: string;
  examSessionId: string;
  submittedAt: Date;
  scoringRound: number;
}

export class AttemptCloser {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Saves are taken this long after the deadline, so a deadline close waits as long. */
    private readonly graceMs = 0,
  ) {}

  /**
   * Freezes an in-progress attempt. Returns false when it was not in progress (already frozen,
   * or a DEADLINE close arriving before the deadline, e.g. after an extension).
   */
  async freeze(attemptId: string, closedBy: ClosedBy, actorId?: string, reason?: string): Promise<boolean> {
    const now = this.clock.now();
    const frozen = await this.db.$transaction(async (tx): Promise<Frozen | null> => {
      const row = await lockAttempt(tx, attemptId);
      if (row?.status !== "IN_PROGRESS") return null;
      if (closedBy === "DEADLINE" && row.deadlineAt && row.deadlineAt > now) return null;
      // A paused attempt's clock stands still: its deadline moves when it is resumed.
      if (closedBy === "DEADLINE" && row.pausedAt) return null;
      // A deadline close records the deadline itself as the submission time.
      const submittedAt = closedBy === "DEADLINE" && row.deadlineAt ? row.deadlineAt : now;
      await tx.attempt.update({
        where: { id: attemptId },
        // A paused attempt handed in by a proctor is no longer paused: nothing runs any more.
        data: { status: "FROZEN", submittedAt, closedBy, pausedAt: null },
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
      return { id: attemptId, examSessionId: row.examSessionId, submittedAt, scoringRound: row.scoringRound };
    });
    if (!frozen) return false;
    this.log.info({ attemptId, closedBy }, "attempt frozen");
    await this.afterFreeze([frozen], closedBy);
    return true;
  }

  /**
   * Freezes every attempt whose deadline and grace have passed, in batches of one statement each;
   * returns how many. Safe to run in several workers at once: a row is frozen by one of them.
   */
  async closeOverdue(batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const cutoff = this.clock.now().getTime() - this.graceMs;
      const rows = await this.db.$queryRaw<Frozen[]>`
        UPDATE "Attempt" a
        SET status = 'FROZEN', "submittedAt" = a."deadlineAt", "closedBy" = 'DEADLINE'
        FROM (
          SELECT id FROM "Attempt"
          WHERE status = 'IN_PROGRESS' AND "pausedAt" IS NULL
            AND "deadlineAt" <= (to_timestamp(${cutoff}::float8 / 1000) AT TIME ZONE 'UTC')
          ORDER BY id LIMIT ${batch}
          FOR UPDATE
        ) due
        WHERE a.id = due.id AND a.status = 'IN_PROGRESS' AND a."pausedAt" IS NULL
        RETURNING a.id, a."examSessionId", a."submittedAt", a."scoringRound"`;
      if (rows.length === 0) return total;
      total += rows.length;
      this.log.info({ count: rows.length }, "attempts frozen at their deadline");
      await this.afterFreeze(rows, "DEADLINE");
      if (rows.length < batch) return total;
    }
  }

  private async afterFreeze(frozen: Frozen[], closedBy: ClosedBy): Promise<void> {
    await this.queue.enqueueAfterCommit(
      "score-attempt",
      frozen.map((f) => ({ attemptId: f.id, round: f.scoringRound })),
    );
    for (const f of frozen) {
      this.broadcaster.toAttempt(f.id, "attempt:closed", { attemptId: f.id, closedBy });
      this.broadcaster.toSession(f.examSessionId, "attempt:closed", {
        sessionId: f.examSessionId,
        attemptId: f.id,
        closedBy,
        submittedAt: f.submittedAt.toISOString(),
      });
    }
  }
}

/** Lists frozen attempts without a score: what PostgreSQL says still has to be scored. */
export function unscoredAttempts(db: Db, limit = 5000) {
  return db.$queryRaw<{ id: string; scoringRound: number; examSessionId: string }[]>(
    Prisma.sql`SELECT id, "scoringRound", "examSessionId" FROM "Attempt" WHERE status = 'FROZEN' LIMIT ${limit}`,
  );
}
