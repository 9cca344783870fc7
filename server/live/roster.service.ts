// The proctor console's roster of one exam session: every contestant, their progress and score.

import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type { RosterEntry, SessionRoster } from "../../protocol/index.ts";
import { canWatchSession, type Principal } from "../auth/principal.ts";
import type { PaperStructures } from "../exams/paper-structure.ts";

export interface Presence {
  /** Attempt ids of the session with at least one connected contestant socket. */
  connectedAttempts(sessionId: string): Promise<Set<string>>;
}

export class RosterService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly papers: PaperStructures,
    private readonly presence: Presence,
  ) {}

  /** Throws unless the principal may watch the session; returns the session's summary. */
  async authorize(p: Principal, sessionId: string) {
    const session = await this.db.examSession.findUnique({
      where: { id: sessionId },
      select: {
        id: true,
        name: true,
        startsAt: true,
        durationMinutes: true,
        paperId: true,
        regionId: true,
      },
    });
    if (!session) throw new NotFoundError("The exam session");
    if (!canWatchSession(p, { id: session.id, regionId: session.regionId }))
      throw new ForbiddenError("You are not a proctor of this exam session.");
    return session;
  }

  async roster(p: Principal, sessionId: string): Promise<SessionRoster> {
    const session = await this.authorize(p, sessionId);
    const [attempts, counts, incidentCounts, paper, connected] = await Promise.all([
      this.db.attempt.findMany({
        where: { examSessionId: sessionId },
        select: {
          id: true,
          status: true,
          startedAt: true,
          deadlineAt: true,
          submittedAt: true,
          closedBy: true,
          scoringError: true,
          seat: true,
          contestant: {
            select: {
              id: true,
              ticketNumber: true,
              group: true,
              user: { select: { name: true } },
            },
          },
          scoreVersions: {
            where: { current: true },
            select: { theory: true, practical: true, total: true, createdAt: true },
            take: 1,
          },
        },
        orderBy: { contestant: { ticketNumber: "asc" } },
      }),
      this.db.answer.groupBy({
        by: ["attemptId"],
        where: { attempt: { examSessionId: sessionId }, filled: true },
        _count: { _all: true },
      }),
      this.db.incident.groupBy({
        by: ["attemptId"],
        where: { attempt: { examSessionId: sessionId } },
        _count: { _all: true },
      }),
      this.papers.get(session.paperId),
      this.presence.connectedAttempts(sessionId),
    ]);
    const answered = new Map(counts.map((c) => [c.attemptId, c._count._all]));
    const incidents = new Map(incidentCounts.map((c) => [c.attemptId, c._count._all]));
    const entries: RosterEntry[] = attempts.map((a) => {
      const score = a.scoreVersions[0];
      return {
        attemptId: a.id,
        contestant: {
          id: a.contestant.id,
          name: a.contestant.user.name,
          ticketNumber: a.contestant.ticketNumber,
          seat: a.seat,
          group: a.contestant.group,
        },
        status: a.status,
        connected: connected.has(a.id),
        answered: answered.get(a.id) ?? 0,
        total: paper.total,
        startedAt: a.startedAt?.toISOString() ?? null,
        deadlineAt: a.deadlineAt?.toISOString() ?? null,
        submittedAt: a.submittedAt?.toISOString() ?? null,
        closedBy: a.closedBy,
        incidents: incidents.get(a.id) ?? 0,
        scoringError: a.scoringError,
        score: score
          ? {
              theory: score.theory,
              practical: score.practical,
              total: score.total,
              scoredAt: score.createdAt.toISOString(),
            }
          : null,
      };
    });
    return {
      session: {
        id: session.id,
        name: session.name,
        startsAt: session.startsAt.toISOString(),
        durationMinutes: session.durationMinutes,
      },
      serverNow: this.clock.now().toISOString(),
      entries,
    };
  }
}
