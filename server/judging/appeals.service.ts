// Appeals (issue 10): a contestant appeals one item or question of their own released result within
// the contest's window; a judge answers it. An accepted appeal is the one change of a score allowed
// after the release: it goes through the adjustment path (an adjustment tied to the appeal, the
// attempt back to FROZEN, the score job after the commit).
import { lockAttempt } from "../../core/attempts/attempt-lock.ts";
import { queueRescore, type Requeued, sendBackToScoring } from "../../core/attempts/rescore.ts";
import { AppError, ConflictError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import { contestSettingsOf } from "../../protocol/contest.ts";
import type {
  AppealAnswer,
  AppealList,
  AppealRequest,
  AppealStatus,
  AppealView,
  JudgeAppealRow,
} from "../../protocol/judging.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, isUniqueViolation } from "../regions/region-records.ts";
import { assertReportOpen } from "../results/locks.ts";
import { assertJudge, assertJudgesSession, assertMayAskJudging, judgedSessionsWhere } from "./access.ts";
import { assertScored, lockSessionShared, replaceAdjustment } from "./adjust.service.ts";
import {
  type AppealRow,
  appealScores,
  appealSelect,
  appealView,
  inPaperOrder,
  type PaperPositions,
  paperPositions,
  subjectOnPaper,
} from "./views.ts";

/** When the session's appeal window closes: releasedAt + the contest's appealWindowMinutes. */
function closesAt(releasedAt: Date | null, contestSettings: unknown): Date | null {
  if (!releasedAt) return null;
  const minutes = contestSettingsOf(contestSettings).appealWindowMinutes;
  return new Date(releasedAt.getTime() + minutes * 60_000);
}

const ownAttemptSelect = {
  id: true,
  status: true,
  examSession: {
    select: {
      id: true,
      stageId: true,
      regionId: true,
      paperId: true,
      resultsReleasedAt: true,
      practice: true,
      stage: { select: { contest: { select: { settings: true } } } },
    },
  },
} as const satisfies Prisma.AttemptSelect;

export class AppealsService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock" | "queue">) {}

  /** The principal's own attempt; anyone else's is "not found", like a missing one. */
  private async ownAttempt(db: Tx, actor: Principal, attemptId: string) {
    const row = await db.attempt.findFirst({
      where: { id: attemptId, contestant: { userId: actor.userId } },
      select: ownAttemptSelect,
    });
    if (!row) throw new NotFoundError("The attempt");
    return row;
  }

  private async views(db: Tx, rows: AppealRow[], paperId: string): Promise<AppealView[]> {
    const positions = await paperPositions(db, paperId);
    return this.viewsWith(db, rows, positions);
  }

  private async viewsWith(db: Tx, rows: AppealRow[], positions: PaperPositions): Promise<AppealView[]> {
    const scores = await appealScores(
      db,
      rows.map((r) => r.id),
    );
    return rows.flatMap((r) => {
      const v = appealView(r, positions, scores.get(r.id) ?? null);
      return v ? [v] : [];
    });
  }

  /** The contestant's own appeals of the attempt, and the window (null before the release). */
  async list(actor: Principal, attemptId: string): Promise<AppealList> {
    const db = this.deps.db;
    const a = await this.ownAttempt(db, actor, attemptId);
    const session = a.examSession;
    const closes = closesAt(session.resultsReleasedAt, session.stage.contest.settings);
    const rows = await db.appeal.findMany({
      where: { attemptId },
      orderBy: { filedAt: "asc" },
      select: appealSelect,
    });
    const appeals = await this.views(db, rows, session.paperId);
    appeals.sort(inPaperOrder);
    const now = this.deps.clock.now();
    return {
      closesAt: closes?.toISOString() ?? null,
      open:
        !session.practice &&
        closes !== null &&
        session.resultsReleasedAt !== null &&
        now >= session.resultsReleasedAt &&
        now <= closes,
      appeals,
    };
  }

  /**
   * Files the contestant's appeal on one item or question of their released result, within the
   * window, one per subject. The attempt row is locked so two appeals of one subject sent at once
   * meet the unique index one after the other (the second gets 409 either way).
   */
  async file(actor: Principal, attemptId: string, req: AppealRequest): Promise<AppealView> {
    return this.deps.db.$transaction(async (tx) => {
      const found = await this.ownAttempt(tx, actor, attemptId);
      if (found.examSession.practice) throw new ConflictError("A practice sitting is not appealed.");
      const session = await lockSessionShared(tx, found.examSession.id);
      await lockAttempt(tx, attemptId);
      if (!session.resultsReleasedAt)
        throw new ConflictError("The results of this sitting are not released yet.", { released: false });
      const closes = closesAt(session.resultsReleasedAt, found.examSession.stage.contest.settings) as Date;
      const now = this.deps.clock.now();
      if (now < session.resultsReleasedAt || now > closes)
        throw new AppError("APPEAL_CLOSED", "The time for appeals of this sitting is over.", {
          closesAt: closes.toISOString(),
        });
      if (found.status === "NOT_STARTED")
        throw new ConflictError("This attempt has no result to appeal.", { status: found.status });
      const positions = await paperPositions(tx, session.paperId);
      const subject = subjectOnPaper(positions, req.subject);
      await assertReportOpen(tx, session);
      const existing = await tx.appeal.findUnique({
        where: { attemptId_subject: { attemptId, subject } },
        select: { id: true },
      });
      if (existing) throw new ConflictError("This item or question is already appealed.", { subject });
      let row: AppealRow;
      try {
        row = await tx.appeal.create({
          data: { attemptId, subject, message: req.message, filedAt: now },
          select: appealSelect,
        });
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ConflictError("This item or question is already appealed.", { subject });
        throw e;
      }
      await audit(tx, actor, {
        action: "appeal.file",
        target: `attempt:${attemptId}`,
        details: { appealId: row.id, sessionId: session.id, subject },
      });
      const [view] = await this.viewsWith(tx, [row], positions);
      return view as AppealView;
    });
  }

  /** The appeals of every session the judge judges (or of one of them), oldest first. */
  async forJudge(
    actor: Principal,
    query: { status?: AppealStatus | undefined; sessionId?: string | undefined },
  ): Promise<JudgeAppealRow[]> {
    assertJudge(actor);
    const db = this.deps.db;
    if (query.sessionId) {
      const s = await db.examSession.findUnique({
        where: { id: query.sessionId },
        select: { id: true, regionId: true },
      });
      if (!s) throw new NotFoundError("The exam session");
      assertJudgesSession(actor, s, "The exam session");
    }
    const judged = judgedSessionsWhere(actor);
    if (!judged) return [];
    const rows = await db.appeal.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        attempt: {
          examSession: { AND: [judged, ...(query.sessionId ? [{ id: query.sessionId }] : [])] },
        },
      },
      orderBy: [{ filedAt: "asc" }, { id: "asc" }],
      take: 5000,
      select: {
        ...appealSelect,
        attempt: {
          select: {
            examSession: { select: { id: true, name: true, paperId: true } },
            contestant: { select: { ticketNumber: true, user: { select: { name: true } } } },
          },
        },
      },
    });
    const positions = new Map<string, PaperPositions>();
    for (const paperId of new Set(rows.map((r) => r.attempt.examSession.paperId)))
      positions.set(paperId, await paperPositions(db, paperId));
    const scores = await appealScores(
      db,
      rows.map((r) => r.id),
    );
    return rows.flatMap((r) => {
      const v = appealView(
        r,
        positions.get(r.attempt.examSession.paperId) as PaperPositions,
        scores.get(r.id) ?? null,
      );
      if (!v) return [];
      return [
        {
          ...v,
          sessionId: r.attempt.examSession.id,
          sessionName: r.attempt.examSession.name,
          contestant: {
            name: r.attempt.contestant.user.name,
            ticketNumber: r.attempt.contestant.ticketNumber,
          },
        },
      ];
    });
  }

  /**
   * A judge answers an OPEN appeal. The appeal row is locked first, so a second answer waits and
   * then finds it answered (409). ACCEPTED sets the appeal's share through an adjustment tied to it
   * and sends the attempt back to scoring (after the release too: this is what an appeal is for);
   * REJECTED only records the answer. Refused while the region's report is submitted.
   */
  async answer(actor: Principal, appealId: string, req: AppealAnswer): Promise<AppealView> {
    assertMayAskJudging(actor);
    const db = this.deps.db;
    const found = await db.appeal.findUnique({
      where: { id: appealId },
      select: { attempt: { select: { examSession: { select: { id: true, regionId: true } } } } },
    });
    if (!found) throw new NotFoundError("The appeal");
    assertJudgesSession(actor, found.attempt.examSession, "The appeal");
    let requeued: Requeued[] = [];
    const view = await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; status: string; attemptId: string; subject: string }[]>`
        SELECT id, status::text AS status, "attemptId", subject FROM "Appeal" WHERE id = ${appealId} FOR UPDATE`;
      const appeal = locked[0];
      if (!appeal) throw new NotFoundError("The appeal");
      if (appeal.status !== "OPEN")
        throw new ConflictError("This appeal is already answered.", { status: appeal.status });
      const session = await lockSessionShared(tx, found.attempt.examSession.id);
      const attempt = await lockAttempt(tx, appeal.attemptId);
      if (!attempt) throw new NotFoundError("The attempt");
      await assertReportOpen(tx, session);
      const now = this.deps.clock.now();
      let superseded: number | null = null;
      if (req.decision === "ACCEPTED") {
        assertScored(attempt.status);
        ({ superseded } = await replaceAdjustment(tx, {
          attemptId: appeal.attemptId,
          subject: appeal.subject,
          score: req.score,
          reason: req.reason,
          byId: actor.userId,
          at: now,
          appealId,
        }));
        requeued = await sendBackToScoring(tx, { id: appeal.attemptId });
      }
      const row = await tx.appeal.update({
        where: { id: appealId },
        data: { status: req.decision, answer: req.reason, answeredAt: now, answeredById: actor.userId },
        select: appealSelect,
      });
      await audit(tx, actor, {
        action: "appeal.answer",
        target: `attempt:${appeal.attemptId}`,
        reason: req.reason,
        details: {
          appealId,
          sessionId: session.id,
          subject: appeal.subject,
          decision: req.decision,
          score: req.decision === "ACCEPTED" ? req.score : null,
          oldAdjustment: superseded,
        },
      });
      const [v] = await this.views(tx, [row], session.paperId);
      return v as AppealView;
    });
    await queueRescore(this.deps.queue, requeued);
    return view;
  }
}
