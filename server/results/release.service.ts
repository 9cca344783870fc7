// Releasing a session's results (issue 10): the region's host (or an admin) makes every scored
// result of the session readable by its own contestant. Nothing is released half-scored, and
// nothing while the region's report of the stage is submitted to the committee. The committee
// releases the sessions it runs itself (no region) through the same code.
import { AppError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { ReleaseState } from "../../protocol/results.ts";
import { isAdmin, type Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, type LockedSession, lockSessionOfRegion } from "../regions/region-records.ts";
import { assertReportOpen } from "./locks.ts";

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

/** A region's session, or (null) one the national committee runs. */
type SessionRegion = string | null;

/**
 * Locks a session the committee runs ("regionId" IS NULL) until the transaction ends, like
 * lockSessionOfRegion does for a region's: a session of a region is "not found" here.
 */
type AnySession = Omit<LockedSession, "regionId"> & { regionId: SessionRegion };

async function lockCommitteeSession(tx: Tx, sessionId: string): Promise<AnySession> {
  const rows = await tx.$queryRaw<AnySession[]>`
    SELECT id, "regionId", "stageId", "venueId", "paperId", name, "startsAt", "durationMinutes",
           "lateStartMinutes", practice
    FROM "ExamSession" WHERE id = ${sessionId} AND "regionId" IS NULL FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError("The exam session");
  return row;
}

function lockSession(tx: Tx, regionId: SessionRegion, sessionId: string): Promise<AnySession> {
  return regionId === null
    ? lockCommitteeSession(tx, sessionId)
    : lockSessionOfRegion(tx, regionId, sessionId);
}

/** Only the national committee's admins release the sessions it runs. */
function assertCommittee(actor: Principal): void {
  if (!isAdmin(actor)) throw new ForbiddenError("This route is for the national committee's admins.");
}

export class ReleaseService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock">) {}

  private async releaserName(db: Tx, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const user = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
    return user?.name ?? null;
  }

  private async read(db: Tx, regionId: SessionRegion, sessionId: string): Promise<ReleaseState> {
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

  /** The same for a session the committee runs (no region): admins only. */
  async committeeState(actor: Principal, sessionId: string): Promise<ReleaseState> {
    assertCommittee(actor);
    return this.read(this.deps.db, null, sessionId);
  }

  /** Releases a session the committee runs (no region), by the rules of `release`: admins only. */
  async committeeRelease(actor: Principal, sessionId: string, req: ReleaseRequest): Promise<ReleaseState> {
    assertCommittee(actor);
    return this.releaseLocked(actor, null, sessionId, req);
  }

  /**
   * Releases the session's results. Refused (409) while an attempt is in progress, frozen or failed
   * scoring, or while a contestant who has not started may still start. The session row is locked
   * meanwhile. Releasing again changes nothing and answers the same state (no second audit entry).
   * While the region's report of the stage is submitted, a release is refused (409 REPORT_LOCKED):
   * the committee reopens the report first.
   */
  async release(
    actor: Principal,
    regionId: string,
    sessionId: string,
    req: ReleaseRequest,
  ): Promise<ReleaseState> {
    assertManagesRegion(actor, regionId);
    return this.releaseLocked(actor, regionId, sessionId, req);
  }

  private releaseLocked(
    actor: Principal,
    regionId: SessionRegion,
    sessionId: string,
    req: ReleaseRequest,
  ): Promise<ReleaseState> {
    return this.deps.db.$transaction(async (tx) => {
      const session = await lockSession(tx, regionId, sessionId);
      const current = await tx.examSession.findUniqueOrThrow({
        where: { id: session.id },
        select: { resultsReleasedAt: true },
      });
      if (current.resultsReleasedAt) return this.read(tx, regionId, sessionId);
      // The report's submission locks the region's sessions of the stage (FOR UPDATE) before it
      // checks they are all released, so a release and a submission never cross.
      await assertReportOpen(tx, session);
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
