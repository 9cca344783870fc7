// Sending scored attempts back to scoring: the one path every score change takes (a judge's
// adjustment, an accepted appeal, a re-score after a truth correction). The attempt goes back to
// FROZEN with scoringRound + 1; the worker then reads the paper afresh (round > 0) and writes a new
// ScoreVersion, keeping the old ones. The job is queued after the commit; if Redis loses it, the
// sweep re-queues every FROZEN attempt, so PostgreSQL alone carries the request.
import type { Prisma } from "../../prisma/generated/client.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { Tx } from "../platform/db.ts";

export interface Requeued {
  attemptId: string;
  round: number;
}

/** Moves the matching SCORED or SCORING_FAILED attempts back to FROZEN, in the caller's transaction. */
export async function sendBackToScoring(tx: Tx, where: Prisma.AttemptWhereInput): Promise<Requeued[]> {
  const rows = await tx.attempt.updateManyAndReturn({
    where: { AND: [where, { status: { in: ["SCORED", "SCORING_FAILED"] } }] },
    data: {
      status: "FROZEN",
      scoringRound: { increment: 1 },
      scoringError: null,
      scoringFailedAt: null,
    },
    select: { id: true, scoringRound: true },
  });
  return rows.map((r) => ({ attemptId: r.id, round: r.scoringRound }));
}

/** Queues the score jobs of attempts sent back to scoring (after the commit; never throws). */
export async function queueRescore(queue: JobQueue | undefined, requeued: Requeued[]): Promise<void> {
  if (!queue || requeued.length === 0) return;
  await queue.enqueueAfterCommit(
    "score-attempt",
    requeued.map((r) => ({ attemptId: r.attemptId, round: r.round })),
  );
}
