// The judges' reading side (issue 10): the sessions a judge judges, a session's attempts, and the
// review of one attempt with every score version, the answer and the truth of each item and
// question, and the line of the chosen version beside the previous one's. Staff only: this is the
// one place the truth leaves the database for a person.
import { NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import {
  type AttemptReview,
  type JudgeAttemptRow,
  type JudgeSessionRow,
  REVIEW_INCIDENTS_CAP,
  type ReviewQuestion,
  type ReviewTask,
  type ScoreVersionView,
} from "../../protocol/judging.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { naturalCompare } from "../regions/region-records.ts";
import { reportLocked } from "../results/locks.ts";
import { assertJudge, assertJudgesSession, assertMayAskJudging, judgedSessionsWhere } from "./access.ts";
import {
  adjustmentSelect,
  adjustmentView,
  appealScores,
  appealSelect,
  appealView,
  inPaperOrder,
  itemLines,
  paperPositions,
  questionLines,
  reviewIncidents,
} from "./views.ts";

/** The incident kind a proctor's report to the judges is stored as (protocol/events.ts). */
const REPORT_KIND = "proctor-report";
const incidentSelect = { id: true, kind: true, at: true, details: true } as const;

/** Statuses whose attempts have a score a judge may change (NOT_STARTED … FROZEN have none yet). */
export const CHANGEABLE_STATUSES = ["SCORED", "SCORING_FAILED"] as const;

const paperSelect = {
  sections: {
    orderBy: { position: "asc" },
    select: {
      questions: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          kind: true,
          prompt: true,
          options: true,
          points: true,
          answerKey: { select: { key: true } },
        },
      },
      tasks: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          kind: true,
          title: true,
          points: true,
          labels: true,
          items: {
            orderBy: { position: "asc" },
            select: {
              id: true,
              position: true,
              payload: true,
              mediaType: true,
              groundTruth: { select: { data: true } },
            },
          },
        },
      },
    },
  },
} as const;

export class ReviewService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  /** The sessions the principal judges, with their attempts by state and open appeals. */
  async sessions(actor: Principal): Promise<JudgeSessionRow[]> {
    assertJudge(actor);
    const where = judgedSessionsWhere(actor);
    if (!where) return [];
    const db = this.deps.db;
    const sessions = await db.examSession.findMany({
      where,
      orderBy: [{ startsAt: "asc" }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        regionId: true,
        stageId: true,
        startsAt: true,
        resultsReleasedAt: true,
      },
    });
    const ids = sessions.map((s) => s.id);
    const [counts, appeals, locked] = await Promise.all([
      db.attempt.groupBy({
        by: ["examSessionId", "status"],
        where: { examSessionId: { in: ids } },
        _count: { _all: true },
      }),
      db.appeal.findMany({
        where: { status: "OPEN", attempt: { examSessionId: { in: ids } } },
        select: { attempt: { select: { examSessionId: true } } },
      }),
      db.regionReport.findMany({
        where: {
          status: "SUBMITTED",
          OR: sessions.flatMap((s) => (s.regionId ? [{ stageId: s.stageId, regionId: s.regionId }] : [])),
        },
        select: { stageId: true, regionId: true },
      }),
    ]);
    const n = (sessionId: string, statuses: string[]) =>
      counts
        .filter((c) => c.examSessionId === sessionId && statuses.includes(c.status))
        .reduce((s, c) => s + c._count._all, 0);
    return sessions.map((s) => ({
      id: s.id,
      name: s.name,
      regionId: s.regionId,
      startsAt: s.startsAt.toISOString(),
      releasedAt: s.resultsReleasedAt?.toISOString() ?? null,
      attempts: {
        scored: n(s.id, ["SCORED"]),
        pending: n(s.id, ["IN_PROGRESS", "FROZEN", "SCORING_FAILED"]),
        absent: n(s.id, ["NOT_STARTED"]),
      },
      openAppeals: appeals.filter((a) => a.attempt.examSessionId === s.id).length,
      reportLocked: locked.some((r) => r.stageId === s.stageId && r.regionId === s.regionId),
    }));
  }

  /** A judged session's attempts, by seat then ticket number, with their current figures. */
  async attempts(actor: Principal, sessionId: string): Promise<JudgeAttemptRow[]> {
    assertMayAskJudging(actor);
    const db = this.deps.db;
    const session = await db.examSession.findUnique({
      where: { id: sessionId },
      select: { id: true, regionId: true },
    });
    if (!session) throw new NotFoundError("The exam session");
    assertJudgesSession(actor, session, "The exam session");
    const rows = await db.attempt.findMany({
      where: { examSessionId: sessionId },
      select: {
        id: true,
        seat: true,
        status: true,
        contestant: { select: { ticketNumber: true, user: { select: { name: true } } } },
        scoreVersions: {
          where: { current: true },
          take: 1,
          select: { version: true, total: true, theory: true, practical: true },
        },
        _count: {
          select: {
            adjustments: { where: { supersededAt: null } },
            appeals: { where: { status: "OPEN" } },
            incidents: { where: { kind: REPORT_KIND } },
          },
        },
      },
    });
    rows.sort(
      (a, b) =>
        (a.seat === null ? 1 : 0) - (b.seat === null ? 1 : 0) ||
        naturalCompare(a.seat ?? "", b.seat ?? "") ||
        naturalCompare(a.contestant.ticketNumber, b.contestant.ticketNumber),
    );
    return rows.map((a) => {
      const v = a.scoreVersions[0];
      return {
        attemptId: a.id,
        contestant: { name: a.contestant.user.name, ticketNumber: a.contestant.ticketNumber },
        seat: a.seat,
        status: a.status,
        total: v?.total ?? null,
        theory: v?.theory ?? null,
        practical: v?.practical ?? null,
        version: v?.version ?? null,
        adjustments: a._count.adjustments,
        openAppeals: a._count.appeals,
        reports: a._count.incidents,
      };
    });
  }

  /** Finds the attempt and refuses a principal who does not judge its session (404 / 403). */
  async authorizeAttempt(db: Tx, actor: Principal, attemptId: string) {
    assertMayAskJudging(actor);
    const row = await db.attempt.findUnique({
      where: { id: attemptId },
      select: {
        id: true,
        examSession: {
          select: { id: true, regionId: true, stageId: true, paperId: true, resultsReleasedAt: true },
        },
      },
    });
    if (!row) throw new NotFoundError("The attempt");
    assertJudgesSession(actor, row.examSession, "The attempt");
    return row;
  }

  /** The judge's review of one attempt (see AttemptReview); `version` picks an older version. */
  async review(actor: Principal, attemptId: string, version?: number): Promise<AttemptReview> {
    await this.authorizeAttempt(this.deps.db, actor, attemptId);
    return this.read(this.deps.db, attemptId, version);
  }

  /** The review without the authorization check: for a caller that made it (and holds locks). */
  async read(db: Tx, attemptId: string, version?: number): Promise<AttemptReview> {
    const a = await db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: {
        id: true,
        status: true,
        contestant: {
          select: { ticketNumber: true, group: true, user: { select: { name: true } } },
        },
        examSession: {
          select: {
            id: true,
            name: true,
            stageId: true,
            regionId: true,
            paperId: true,
            resultsReleasedAt: true,
            paper: { select: paperSelect },
          },
        },
        scoreVersions: {
          orderBy: { version: "asc" },
          select: {
            version: true,
            scorerVersion: true,
            theory: true,
            practical: true,
            total: true,
            createdAt: true,
            current: true,
            taskScores: { select: { taskId: true, earned: true, items: true } },
          },
        },
        answers: { select: { itemId: true, questionId: true, data: true } },
        adjustments: { orderBy: { at: "asc" }, select: adjustmentSelect },
        appeals: { orderBy: { filedAt: "asc" }, select: appealSelect },
      },
    });
    const session = a.examSession;
    const versions = a.scoreVersions;
    const chosen =
      version === undefined
        ? (versions.find((v) => v.current) ?? versions[versions.length - 1])
        : versions.find((v) => v.version === version);
    if (version !== undefined && !chosen) throw new NotFoundError("The score version");
    const previous = chosen ? [...versions].reverse().find((v) => v.version < chosen.version) : undefined;

    const locked: AttemptReview["lockedBy"] = session.resultsReleasedAt
      ? "RESULTS_RELEASED"
      : (await reportLocked(db, session.stageId, session.regionId))
        ? "REPORT_LOCKED"
        : null;

    const [reports, incidentCounts, otherIncidents] = await Promise.all([
      db.incident.findMany({ where: { attemptId, kind: REPORT_KIND }, select: incidentSelect }),
      db.incident.groupBy({
        by: ["kind"],
        where: { attemptId, kind: { not: REPORT_KIND } },
        _count: { _all: true },
      }),
      db.incident.findMany({
        where: { attemptId, kind: { not: REPORT_KIND } },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: REVIEW_INCIDENTS_CAP,
        select: incidentSelect,
      }),
    ]);
    const incidents = reviewIncidents(
      reports,
      incidentCounts.map((c) => ({ kind: c.kind, count: c._count._all })),
      otherIncidents,
      REVIEW_INCIDENTS_CAP,
    );

    const positions = await paperPositions(db, session.paperId);
    const scores = await appealScores(
      db,
      a.appeals.map((x) => x.id),
    );
    const appeals = a.appeals.flatMap((x) => {
      const v = appealView(x, positions, scores.get(x.id) ?? null);
      return v ? [v] : [];
    });
    appeals.sort(inPaperOrder);
    const adjustments = a.adjustments.flatMap((x) => {
      const v = adjustmentView(x);
      return v ? [v] : [];
    });
    const adjustmentById = new Map(adjustments.map((v) => [v.id, v]));
    const inForce = new Map(
      a.adjustments.flatMap((x) => {
        const v = x.supersededAt === null ? adjustmentById.get(x.id) : undefined;
        return v ? [[x.subject, v] as const] : [];
      }),
    );
    const appealById = new Map(appeals.map((v) => [v.id, v]));
    const appealOf = new Map(a.appeals.map((x) => [x.subject, appealById.get(x.id) ?? null]));
    const appealFor = (key: string) => appealOf.get(key) ?? null;
    const itemAnswers = new Map(a.answers.filter((x) => x.itemId).map((x) => [x.itemId, x.data]));
    const questionAnswers = new Map(a.answers.filter((x) => x.questionId).map((x) => [x.questionId, x.data]));
    const theoryOf = (v: typeof chosen) => questionLines(v?.taskScores.find((t) => t.taskId === null)?.items);
    const taskOf = (v: typeof chosen, taskId: string) => v?.taskScores.find((t) => t.taskId === taskId);
    const chosenTheory = theoryOf(chosen);
    const previousTheory = previous ? theoryOf(previous) : null;

    const questions: ReviewQuestion[] = session.paper.sections.flatMap((s) =>
      s.questions.map((q) => {
        const key = `question:${q.id}`;
        return {
          questionId: q.id,
          position: q.position,
          kind: q.kind,
          prompt: q.prompt,
          options: q.options,
          points: q.points,
          answer: questionAnswers.get(q.id) ?? null,
          key: q.answerKey?.key ?? null,
          earned: chosenTheory.get(q.id)?.earned ?? 0,
          previousEarned: previousTheory ? (previousTheory.get(q.id)?.earned ?? 0) : null,
          adjustment: inForce.get(key) ?? null,
          appeal: appealFor(key),
        };
      }),
    );

    const tasks: ReviewTask[] = session.paper.sections.flatMap((s) =>
      s.tasks.map((t) => {
        const ts = taskOf(chosen, t.id);
        const prev = previous ? taskOf(previous, t.id) : undefined;
        const lines = itemLines(ts?.items);
        const prevLines = itemLines(prev?.items);
        return {
          taskId: t.id,
          position: t.position,
          kind: t.kind,
          title: t.title,
          points: t.points,
          labels: t.labels,
          earned: ts?.earned ?? 0,
          previousEarned: previous ? (prev?.earned ?? 0) : null,
          items: t.items.map((item) => {
            const key = `item:${item.id}`;
            return {
              itemId: item.id,
              position: item.position,
              payload: item.payload,
              mediaUrl: item.mediaType ? `/api/items/${item.id}/media` : null,
              answer: itemAnswers.get(item.id) ?? null,
              truth: item.groundTruth?.data ?? null,
              line: lines.get(item.id) ?? null,
              previous: prevLines.get(item.id) ?? null,
              adjustment: inForce.get(key) ?? null,
              appeal: appealFor(key),
            };
          }),
        };
      }),
    );

    const versionViews: ScoreVersionView[] = versions.map((v) => ({
      version: v.version,
      scorerVersion: v.scorerVersion,
      theory: v.theory,
      practical: v.practical,
      total: v.total,
      createdAt: v.createdAt.toISOString(),
      current: v.current,
    }));

    return {
      attemptId: a.id,
      status: a.status,
      contestant: {
        name: a.contestant.user.name,
        ticketNumber: a.contestant.ticketNumber,
        group: a.contestant.group,
      },
      session: {
        id: session.id,
        name: session.name,
        releasedAt: session.resultsReleasedAt?.toISOString() ?? null,
      },
      // About the locks only, as the contract says (the client reads !adjustable as lockedBy): an
      // attempt without a score yet, or being scored again, is refused with 409 CONFLICT instead.
      adjustable: locked === null,
      lockedBy: locked,
      versions: versionViews,
      version: chosen?.version ?? null,
      questions,
      tasks,
      adjustments,
      appeals,
      incidents,
    };
  }
}
