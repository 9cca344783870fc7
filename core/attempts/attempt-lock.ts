// The one place that locks an attempt row. Start, extend, freeze, retry and scoring take it FOR
// UPDATE inside their transaction; a save takes it FOR SHARE in its single statement
// (answer-store.ts), so saves of one attempt run side by side but never across a freeze, an
// extension or a score.
import type { AttemptStatus } from "../../protocol/index.ts";
import type { Tx } from "../platform/db.ts";

export interface LockedAttempt {
  id: string;
  status: AttemptStatus;
  examSessionId: string;
  contestantId: string;
  startedAt: Date | null;
  deadlineAt: Date | null;
  extensionSeconds: number;
  scoringRound: number;
  pausedAt: Date | null;
  pausedSeconds: number;
  lockedAt: Date | null;
}

/** Locks the attempt row until the transaction ends; null when there is no such attempt. */
export async function lockAttempt(tx: Tx, attemptId: string): Promise<LockedAttempt | null> {
  const rows = await tx.$queryRaw<LockedAttempt[]>`
    SELECT id, status::text AS status, "examSessionId", "contestantId", "startedAt", "deadlineAt",
           "extensionSeconds", "scoringRound", "pausedAt", "pausedSeconds", "lockedAt"
    FROM "Attempt" WHERE id = ${attemptId} FOR UPDATE`;
  return rows[0] ?? null;
}
