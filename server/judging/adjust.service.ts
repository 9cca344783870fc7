// The judges' changes of scores (issue 10): an adjustment of one item's or question's share, a
// session's re-score, and the committee's correction of an item's truth. Every change of a score
// takes the one path of core/attempts/rescore.ts: recorded in PostgreSQL, the attempt back to
// FROZEN in the same transaction, the score job queued after the commit (the sweep re-queues it if
// Redis loses it).
import { lockAttempt } from "../../core/attempts/attempt-lock.ts";
import { queueRescore, type Requeued, sendBackToScoring } from "../../core/attempts/rescore.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { isTransientError } from "../../core/platform/transient-errors.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { TaskKind } from "../../protocol/index.ts";
import type {
  AdjustmentRequest,
  AttemptReview,
  RescoreRequest,
  RescoreResult,
  Subject,
  TruthCorrection,
} from "../../protocol/judging.ts";
import { scoreTaskItems } from "../../workers/processors/task-scoring.ts";
import { ScoringInputError } from "../../workers/scoring/index.ts";
import { isAdmin, type Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit } from "../regions/region-records.ts";
import { assertScoresChangeable } from "../results/locks.ts";
import { assertJudgesSession, assertMayAskJudging } from "./access.ts";
import { CHANGEABLE_STATUSES, ReviewService } from "./review.service.ts";
import { itemLines, paperPositions, questionLines, subjectOnPaper } from "./views.ts";

export interface LockedSessionRow {
  id: string;
  stageId: string;
  regionId: string | null;
  paperId: string;
  resultsReleasedAt: Date | null;
}

/**
 * Locks the session row FOR SHARE until the transaction ends: a release (which takes it FOR UPDATE
 * and counts the attempts by status) then waits for the change, or the change sees the release.
 */
export async function lockSessionShared(tx: Tx, sessionId: string): Promise<LockedSessionRow> {
  const rows = await tx.$queryRaw<LockedSessionRow[]>`
    SELECT id, "stageId", "regionId", "paperId", "resultsReleasedAt"
    FROM "ExamSession" WHERE id = ${sessionId} FOR SHARE`;
  const row = rows[0];
  if (!row) throw new NotFoundError("The exam session");
  return row;
}

/** The share the attempt's current score version gives the subject (null: never scored). */
export async function currentShare(tx: Tx, attemptId: string, subject: Subject): Promise<number | null> {
  const version = await tx.scoreVersion.findFirst({
    where: { attemptId, current: true },
    select: { taskScores: { select: { taskId: true, items: true } } },
  });
  if (!version) return null;
  for (const ts of version.taskScores) {
    if ("questionId" in subject) {
      if (ts.taskId !== null) continue;
      const line = questionLines(ts.items).get(subject.questionId);
      if (line) return line.score;
    } else {
      if (ts.taskId === null) continue;
      const line = itemLines(ts.items).get(subject.itemId);
      if (line) return line.score;
    }
  }
  return null;
}

/**
 * Replaces the adjustment in force on a subject (marks it superseded) and inserts the new one,
 * unless `score` is null (a withdrawal). Returns the share the superseded adjustment had set.
 */
export async function replaceAdjustment(
  tx: Tx,
  entry: {
    attemptId: string;
    subject: string;
    score: number | null;
    reason: string;
    byId: string;
    at: Date;
    appealId?: string;
  },
): Promise<{ superseded: number | null }> {
  const old = await tx.scoreAdjustment.updateManyAndReturn({
    where: { attemptId: entry.attemptId, subject: entry.subject, supersededAt: null },
    data: { supersededAt: entry.at },
    select: { score: true },
  });
  if (entry.score !== null)
    await tx.scoreAdjustment.create({
      data: {
        attemptId: entry.attemptId,
        subject: entry.subject,
        score: entry.score,
        reason: entry.reason,
        byId: entry.byId,
        at: entry.at,
        appealId: entry.appealId ?? null,
      },
    });
  return { superseded: old[0]?.score ?? null };
}

/** Refuses a change of an attempt that has no score yet (or is being scored again right now). */
export function assertScored(status: string): void {
  if (!(CHANGEABLE_STATUSES as readonly string[]).includes(status))
    throw new ConflictError(
      status === "FROZEN"
        ? "The attempt is being scored: change it once its new score is written."
        : "The attempt has no score to change.",
      { status },
    );
}

export class AdjustService {
  private readonly reviews: ReviewService;

  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock" | "queue" | "log">) {
    this.reviews = new ReviewService(deps);
  }

  /**
   * A judge sets (or withdraws) the share of one item or question. The session row is locked FOR
   * SHARE and the attempt FOR UPDATE, so a release or a scoring cannot slip in between the checks
   * and the change. Answers the review, the attempt FROZEN until the worker writes the new version.
   */
  async adjust(actor: Principal, attemptId: string, req: AdjustmentRequest): Promise<AttemptReview> {
    const found = await this.reviews.authorizeAttempt(this.deps.db, actor, attemptId);
    let requeued: Requeued[] = [];
    const review = await this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionShared(tx, found.examSession.id);
      const attempt = await lockAttempt(tx, attemptId);
      if (!attempt) throw new NotFoundError("The attempt");
      await assertScoresChangeable(tx, session);
      assertScored(attempt.status);
      const subject = subjectOnPaper(await paperPositions(tx, session.paperId), req.subject);
      const now = this.deps.clock.now();
      const old = await currentShare(tx, attemptId, req.subject);
      const { superseded } = await replaceAdjustment(tx, {
        attemptId,
        subject,
        score: req.score,
        reason: req.reason,
        byId: actor.userId,
        at: now,
      });
      if (req.score === null && superseded === null)
        throw new ConflictError("There is no adjustment in force on this subject to withdraw.", { subject });
      await audit(tx, actor, {
        action: "score.adjust",
        target: `attempt:${attemptId}`,
        reason: req.reason,
        details: {
          sessionId: session.id,
          subject,
          old,
          oldAdjustment: superseded,
          new: req.score,
          withdrawn: req.score === null,
        },
      });
      requeued = await sendBackToScoring(tx, { id: attemptId });
      return this.reviews.read(tx, attemptId);
    });
    await queueRescore(this.deps.queue, requeued);
    return review;
  }

  /**
   * Every scored (or failed) attempt of the session is scored again with the paper as it is now (a
   * corrected truth, say). `taskId` must be a task of the session's paper; it is audited (the whole
   * attempt is scored again either way).
   */
  async rescore(actor: Principal, sessionId: string, req: RescoreRequest): Promise<RescoreResult> {
    assertMayAskJudging(actor);
    const found = await this.deps.db.examSession.findUnique({
      where: { id: sessionId },
      select: { id: true, regionId: true },
    });
    if (!found) throw new NotFoundError("The exam session");
    assertJudgesSession(actor, found, "The exam session");
    let requeued: Requeued[] = [];
    await this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionShared(tx, sessionId);
      await assertScoresChangeable(tx, session);
      if (req.taskId) {
        const task = await tx.task.findFirst({
          where: { id: req.taskId, section: { paperId: session.paperId } },
          select: { id: true },
        });
        if (!task) throw new ValidationError("The task is not on this session's paper.", { path: "taskId" });
      }
      requeued = await sendBackToScoring(tx, { examSessionId: sessionId });
      await audit(tx, actor, {
        action: "score.rescore",
        target: `session:${sessionId}`,
        reason: req.reason,
        details: { sessionId, count: requeued.length, taskId: req.taskId ?? null },
      });
    });
    await queueRescore(this.deps.queue, requeued);
    return { requeued: requeued.length };
  }

  /**
   * The committee corrects an item's ground truth. The new truth is scored against itself with the
   * task's scorer first: a truth the scorer cannot read would fail every attempt's next scoring, so
   * it is refused here with the scorer's words. Audited with the old and the new truth; re-scoring
   * is the judge's separate, explicit step.
   */
  async correctTruth(
    actor: Principal,
    itemId: string,
    req: TruthCorrection,
  ): Promise<{ itemId: string; taskId: string; data: unknown }> {
    if (!isAdmin(actor)) throw new ForbiddenError("Only the national committee corrects a paper's truth.");
    if (req.data === undefined || req.data === null)
      throw new ValidationError("The truth is missing.", [{ path: "data", message: "Required" }]);
    const item = await this.deps.db.item.findUnique({
      where: { id: itemId },
      select: { id: true, payload: true, task: { select: { id: true, kind: true, settings: true } } },
    });
    if (!item) throw new NotFoundError("The item");
    try {
      scoreTaskItems(item.task.kind as TaskKind, (item.task.settings ?? {}) as Record<string, unknown>, [
        { id: item.id, payload: item.payload, truth: req.data, answer: req.data },
      ]);
    } catch (e) {
      if (isTransientError(e)) throw e;
      // Anything else the scorer throws on this data is refused too, but logged: a check is missing.
      if (!(e instanceof ScoringInputError))
        this.deps.log.warn({ err: String(e), itemId }, "the scorer threw on a corrected truth");
      const message = e instanceof ScoringInputError ? e.message : "The scorer cannot read this truth.";
      throw new ValidationError(`The truth is refused: ${message}`, [{ path: "data", message }]);
    }
    const data = req.data as Prisma.InputJsonValue;
    return this.deps.db.$transaction(async (tx) => {
      // Two corrections of one item run one after another, each auditing what it replaced.
      await tx.$queryRaw`SELECT id FROM "Item" WHERE id = ${itemId} FOR UPDATE`;
      const old = await tx.groundTruth.findUnique({ where: { itemId }, select: { data: true } });
      await tx.groundTruth.upsert({ where: { itemId }, create: { itemId, data }, update: { data } });
      await audit(tx, actor, {
        action: "truth.correct",
        target: `item:${itemId}`,
        reason: req.reason,
        details: {
          itemId,
          taskId: item.task.id,
          old: (old?.data ?? null) as Prisma.InputJsonValue,
          new: data,
        },
      });
      return { itemId, taskId: item.task.id, data: req.data };
    });
  }
}
