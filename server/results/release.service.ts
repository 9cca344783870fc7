// Releasing a session's results (issue 10): the region's host (or an admin) makes every scored
// result of the session readable by its own contestant. Nothing is released half-scored.
import { AppError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { ReleaseState } from "../../protocol/results.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, lockSessionOfRegion } from "../regions/region-records.ts";

export interface ReleaseRequest {
  reason?: string | undefined;
}

interface AttemptCounts {
  scored: number;
  inProgress: number;
  frozen: number;
  scoringFailed: number;
  notStarted: number;
}

async function countAttempts(db: Tx, sessionId: string): Promise<AttemptCounts> {
  const rows = await db.attempt.groupBy({
    by: ["status"],
    where: { examSessionId: sessionId },
    _count: { _all: true },
  });
  const n = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
  return {
    scored: n("SCORED"),
    inProgress: n("IN_PROGRESS"),
    frozen: n("FROZEN"),
    scoringFailed: n("SCORING_FAILED"),
    notStarted: n("NOT_STARTED"),
  };
}

function stateOf(
  session: { id: string; resultsReleasedAt: Date | null },
  releasedBy: string | null,
  c: AttemptCounts,
): ReleaseState {
  return {
    sessionId: session.id,
    releasedAt: session.resultsReleasedAt?.toISOString() ?? null,
    releasedBy: session.resultsReleasedAt ? releasedBy : null,
    attempts: { scored: c.scored, pending: c.inProgress + c.frozen + c.scoringFailed, absent: c.notStarted },
  };
}

export class ReleaseService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock">) {}

  private async releaserName(db: Tx, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const user = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
    return user?.name ?? null;
  }

  private async read(db: Tx, regionId: string, sessionId: string): Promise<ReleaseState> {
    const session = await db.examSession.findFirst({
      where: { id: sessionId, regionId },
      select: { id: true, resultsReleasedAt: true, resultsReleasedById: true },
    });
    if (!session) throw new NotFoundError("The exam session");
    const [counts, by] = await Promise.all([
      countAttempts(db, sessionId),
      this.releaserName(db, session.resultsReleasedById),
    ]);
    return stateOf(session, by, counts);
  }

  /** Whether the session's results are released, and its attempts by status. */
  async state(actor: Principal, regionId: string, sessionId: string): Promise<ReleaseState> {
    assertManagesRegion(actor, regionId);
    return this.read(this.deps.db, regionId, sessionId);
  }

  /**
   * Releases the session's results. Refused (409) while an attempt is in progress, frozen or failed
   * scoring, or while a contestant who has not started may still start. The session row is locked
   * meanwhile. Releasing again changes nothing and answers the same state (no second audit entry).
   */
  async release(
    actor: Principal,
    regionId: string,
    sessionId: string,
    req: ReleaseRequest,
  ): Promise<ReleaseState> {
    assertManagesRegion(actor, regionId);
    return this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionOfRegion(tx, regionId, sessionId);
      const current = await tx.examSession.findUniqueOrThrow({
        where: { id: session.id },
        select: { resultsReleasedAt: true },
      });
      if (current.resultsReleasedAt) return this.read(tx, regionId, sessionId);
      const counts = await countAttempts(tx, sessionId);
      const pending = counts.inProgress + counts.frozen + counts.scoringFailed;
      if (pending > 0)
        throw new AppError(
          "CONFLICT",
          "Results cannot be released while attempts are still in progress, frozen or failed scoring.",
          counts,
        );
      const now = this.deps.clock.now();
      const lateLimit = new Date(session.startsAt.getTime() + session.lateStartMinutes * 60_000);
      if (counts.notStarted > 0 && now < lateLimit)
        throw new AppError(
          "CONFLICT",
          "Results cannot be released while contestants who have not started may still start.",
          { ...counts, lateStartUntil: lateLimit.toISOString() },
        );
      await tx.examSession.update({
        where: { id: session.id },
        data: { resultsReleasedAt: now, resultsReleasedById: actor.userId },
      });
      await audit(tx, actor, {
        action: "results.release",
        target: `session:${session.id}`,
        ...(req.reason ? { reason: req.reason } : {}),
        details: {
          regionId,
          sessionId: session.id,
          scored: counts.scored,
          absent: counts.notStarted,
        },
      });
      return this.read(tx, regionId, sessionId);
    });
  }
}
