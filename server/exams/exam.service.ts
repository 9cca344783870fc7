// The contestant's side of an exam: the lobby, starting, the paper, autosave and submission.
import { isDeepStrictEqual } from "node:util";
import type { AttemptCloser } from "../../core/attempts/attempt-closer.ts";
import {
  AttemptClosedError,
  AttemptNotStartedError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  RevisionConflictError,
  SessionNotOpenError,
  StaleRevisionError,
} from "../../core/errors.ts";
import type { JobQueue } from "../../core/jobs/queue.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type {
  AnswerTarget,
  AttemptState,
  AttemptSummary,
  ExamView,
  Label,
  SaveAnswerRequest,
  SaveAnswerResult,
  SectionView,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ProgressNotifier } from "../live/progress.ts";
import { validateAnswer } from "./answer-validation.ts";
import { itemView, publicTaskOptions } from "./item-view.ts";
import type { PaperStructures } from "./paper-structure.ts";

const attemptSelect = {
  id: true,
  status: true,
  startedAt: true,
  deadlineAt: true,
  submittedAt: true,
  extensionSeconds: true,
  examSessionId: true,
  contestant: { select: { userId: true } },
  examSession: {
    select: {
      id: true,
      name: true,
      paperId: true,
      startsAt: true,
      durationMinutes: true,
      lateStartMinutes: true,
    },
  },
} as const;

export class ExamService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly papers: PaperStructures,
    private readonly queue: JobQueue,
    private readonly closer: AttemptCloser,
    private readonly progress: ProgressNotifier,
  ) {}

  /** Loads an attempt and checks that it belongs to the principal. */
  private async ownAttempt(p: Principal, attemptId: string) {
    const attempt = await this.db.attempt.findUnique({ where: { id: attemptId }, select: attemptSelect });
    // Someone else's attempt looks exactly like a missing one.
    if (!attempt || attempt.contestant.userId !== p.userId) throw new NotFoundError("The attempt");
    return attempt;
  }

  private state(a: { id: string; status: AttemptState["status"]; deadlineAt: Date | null }): AttemptState {
    return {
      attemptId: a.id,
      status: a.status,
      deadlineAt: a.deadlineAt?.toISOString() ?? null,
      serverNow: this.clock.now().toISOString(),
    };
  }

  async listMine(p: Principal): Promise<AttemptSummary[]> {
    if (p.contestantIds.length === 0) throw new ForbiddenError("Only contestants have attempts.");
    const attempts = await this.db.attempt.findMany({
      where: { contestantId: { in: p.contestantIds } },
      select: {
        ...attemptSelect,
        contestant: { select: { ticketNumber: true, seat: true, user: { select: { name: true } } } },
      },
      orderBy: { examSession: { startsAt: "asc" } },
    });
    const now = this.clock.now().toISOString();
    return attempts.map((a) => ({
      id: a.id,
      status: a.status,
      session: {
        id: a.examSession.id,
        name: a.examSession.name,
        startsAt: a.examSession.startsAt.toISOString(),
        durationMinutes: a.examSession.durationMinutes,
        lateStartMinutes: a.examSession.lateStartMinutes,
      },
      contestant: {
        ticketNumber: a.contestant.ticketNumber,
        seat: a.contestant.seat,
        name: a.contestant.user.name,
      },
      startedAt: a.startedAt?.toISOString() ?? null,
      deadlineAt: a.deadlineAt?.toISOString() ?? null,
      serverNow: now,
    }));
  }

  /** Opens the attempt at the session's start and fixes its deadline in PostgreSQL. */
  async start(p: Principal, attemptId: string): Promise<AttemptState> {
    const a = await this.ownAttempt(p, attemptId);
    if (a.status === "IN_PROGRESS") return this.state(a);
    if (a.status !== "NOT_STARTED") throw new AttemptClosedError(a.status);
    const now = this.clock.now();
    const s = a.examSession;
    const lateLimit = new Date(s.startsAt.getTime() + s.lateStartMinutes * 60_000);
    const end = new Date(s.startsAt.getTime() + s.durationMinutes * 60_000);
    if (now < s.startsAt)
      throw new SessionNotOpenError("The exam has not started yet.", { startsAt: s.startsAt.toISOString() });
    if (now > lateLimit || now >= end)
      throw new SessionNotOpenError("The late-start window has closed.", {
        lateStartUntil: lateLimit.toISOString(),
      });
    // The sitting ends for everyone at the same time: a late start does not move the deadline, only
    // a proctor's extension does.
    const updated = await this.db.attempt.updateMany({
      where: { id: attemptId, status: "NOT_STARTED" },
      data: {
        status: "IN_PROGRESS",
        startedAt: now,
        deadlineAt: new Date(end.getTime() + a.extensionSeconds * 1000),
      },
    });
    const fresh = await this.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: attemptSelect,
    });
    if (updated.count === 1 && fresh.deadlineAt) {
      await this.queue.enqueueAfterCommit("close-attempt", { attemptId }, fresh.deadlineAt);
      this.progress.changed(fresh.examSessionId, attemptId);
    }
    return this.state(fresh);
  }

  /** The paper as the contestant may see it: no answer keys, no ground truth. */
  async examView(p: Principal, attemptId: string): Promise<ExamView> {
    const a = await this.ownAttempt(p, attemptId);
    if (a.status === "NOT_STARTED") throw new AttemptNotStartedError();
    const paper = await this.db.paper.findUniqueOrThrow({
      where: { id: a.examSession.paperId },
      select: {
        id: true,
        title: true,
        sections: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            kind: true,
            title: true,
            questions: {
              orderBy: { position: "asc" },
              select: { id: true, position: true, kind: true, prompt: true, options: true, points: true },
            },
            tasks: {
              orderBy: { position: "asc" },
              select: {
                id: true,
                position: true,
                kind: true,
                title: true,
                instructions: true,
                labels: true,
                settings: true,
                points: true,
                items: {
                  orderBy: { position: "asc" },
                  select: { id: true, position: true, payload: true, mediaType: true },
                },
              },
            },
          },
        },
      },
    });
    const sections: SectionView[] = paper.sections.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      questions: s.questions.map((q) => ({
        id: q.id,
        position: q.position,
        kind: q.kind,
        prompt: q.prompt,
        options: q.options as { id: string; text: string }[],
        points: q.points,
      })),
      tasks: s.tasks.map((t) => ({
        id: t.id,
        position: t.position,
        kind: t.kind,
        title: t.title,
        instructions: t.instructions,
        labels: t.labels as Label[],
        options: publicTaskOptions(t.settings),
        points: t.points,
        items: t.items.map((it) => itemView(t.kind, it)),
      })),
    }));
    const answers = await this.db.answer.findMany({
      where: { attemptId },
      select: { itemId: true, questionId: true, revision: true, data: true, savedAt: true },
    });
    return {
      attempt: this.state(a),
      session: { id: a.examSession.id, name: a.examSession.name },
      paper: { id: paper.id, title: paper.title, sections },
      answers: answers.map((ans) => ({
        target: ans.itemId
          ? { kind: "item", id: ans.itemId }
          : { kind: "question", id: ans.questionId ?? "" },
        revision: ans.revision,
        data: ans.data,
        savedAt: ans.savedAt.toISOString(),
      })),
    };
  }

  /**
   * Saves one answer. Idempotent and ordered by revision; resolves only after the commit. The
   * attempt row is locked for the transaction, so a save can never commit after a freeze.
   */
  async saveAnswer(p: Principal, req: SaveAnswerRequest): Promise<SaveAnswerResult> {
    const a = await this.ownAttempt(p, req.attemptId);
    const paper = await this.papers.get(a.examSession.paperId);
    const { filled } = validateAnswer(paper, req.target, req.data);
    const result = await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ status: string; deadlineAt: Date | null }[]>`
        SELECT status, "deadlineAt" FROM "Attempt" WHERE id = ${req.attemptId} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new NotFoundError("The attempt");
      if (row.status === "NOT_STARTED") throw new AttemptNotStartedError();
      if (row.status !== "IN_PROGRESS") throw new AttemptClosedError(row.status);
      const now = this.clock.now();
      if (!row.deadlineAt || now >= row.deadlineAt) throw new DeadlinePassedError(row.deadlineAt ?? now);
      const where = targetWhere(req.attemptId, req.target);
      const existing = await tx.answer.findFirst({
        where,
        select: { id: true, revision: true, data: true, savedAt: true },
      });
      if (existing && existing.revision > req.revision) throw new StaleRevisionError(existing.revision);
      if (existing && existing.revision === req.revision) {
        // jsonb reorders object keys, so compare structurally.
        if (!isDeepStrictEqual(existing.data, req.data)) throw new RevisionConflictError(req.revision);
        return { revision: existing.revision, savedAt: existing.savedAt.toISOString(), duplicate: true };
      }
      const data = { revision: req.revision, data: req.data as object, filled, savedAt: now };
      if (existing) await tx.answer.update({ where: { id: existing.id }, data });
      else
        await tx.answer.create({
          data: {
            ...data,
            attemptId: req.attemptId,
            itemId: req.target.kind === "item" ? req.target.id : null,
            questionId: req.target.kind === "question" ? req.target.id : null,
          },
        });
      return { revision: req.revision, savedAt: now.toISOString(), duplicate: false };
    });
    if (!result.duplicate) this.progress.changed(a.examSessionId, a.id);
    return result;
  }

  async submit(p: Principal, attemptId: string): Promise<AttemptState> {
    const a = await this.ownAttempt(p, attemptId);
    if (a.status === "NOT_STARTED") throw new AttemptNotStartedError();
    if (a.status === "IN_PROGRESS") {
      if (a.deadlineAt && this.clock.now() >= a.deadlineAt) await this.closer.freeze(attemptId, "DEADLINE");
      else await this.closer.freeze(attemptId, "CONTESTANT");
    }
    const fresh = await this.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: attemptSelect,
    });
    return this.state(fresh);
  }

  /** The image or recording of an item, for a contestant whose started attempt holds it, or for staff. */
  async itemMedia(
    p: Principal,
    itemId: string,
    staffMaySee: boolean,
  ): Promise<{ type: string; body: Buffer }> {
    const item = await this.db.item.findUnique({
      where: { id: itemId },
      select: { mediaType: true, media: true, task: { select: { section: { select: { paperId: true } } } } },
    });
    if (!item?.media || !item.mediaType) throw new NotFoundError("The item's media");
    if (!staffMaySee) {
      const open = await this.db.attempt.count({
        where: {
          contestant: { userId: p.userId },
          status: { not: "NOT_STARTED" },
          examSession: { paperId: item.task.section.paperId },
        },
      });
      // Questions stay confidential until the contestant's exam has started.
      if (open === 0) throw new NotFoundError("The item's media");
    }
    return { type: item.mediaType, body: Buffer.from(item.media) };
  }
}

function targetWhere(attemptId: string, target: AnswerTarget) {
  return target.kind === "item" ? { attemptId, itemId: target.id } : { attemptId, questionId: target.id };
}
