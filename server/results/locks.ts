// When a score may change (issue 10). Before release a judge adjusts and re-scores freely; after
// release only an accepted appeal changes a score; while the region's report of the stage is
// submitted to the committee nothing changes until the committee reopens it.
import { AppError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";

/** Whether the region's report of the stage is submitted (and so locks the region's results). */
export async function reportLocked(db: Tx, stageId: string, regionId: string | null): Promise<boolean> {
  if (!regionId) return false;
  const report = await db.regionReport.findUnique({
    where: { stageId_regionId: { stageId, regionId } },
    select: { status: true },
  });
  return report?.status === "SUBMITTED";
}

/** Refuses any change of the session's results while its region's report is submitted. */
export async function assertReportOpen(
  db: Tx,
  session: { stageId: string; regionId: string | null },
): Promise<void> {
  if (await reportLocked(db, session.stageId, session.regionId))
    throw new AppError(
      "REPORT_LOCKED",
      "The region's results are submitted to the national committee: it must reopen them first.",
      { stageId: session.stageId, regionId: session.regionId },
    );
}

/**
 * Refuses a judge's adjustment or re-score: after release (an appeal is then the only way) or while
 * the region's report is submitted.
 */
export async function assertScoresChangeable(
  db: Tx,
  session: { id: string; stageId: string; regionId: string | null; resultsReleasedAt: Date | null },
): Promise<void> {
  if (session.resultsReleasedAt)
    throw new AppError(
      "RESULTS_RELEASED",
      "The session's results are released: scores now change only by answering an appeal.",
      { sessionId: session.id, releasedAt: session.resultsReleasedAt.toISOString() },
    );
  await assertReportOpen(db, session);
}
