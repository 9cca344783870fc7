// The contestant's side of an exam: the lobby, starting, the paper, autosave and submission.
import { isDeepStrictEqual } from "node:util";
import type { AnswerWriter } from "../../core/attempts/answer-store.ts";
import type { AttemptCloser } from "../../core/attempts/attempt-closer.ts";
import { lockAttempt } from "../../core/attempts/attempt-lock.ts";
import {
  AppError,
  AttemptClosedError,
  AttemptNotStartedError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  RevisionConflictError,
  SessionNotOpenError,
  StaleRevisionError,
} from "../../core/errors.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type {
  AttemptState,
  AttemptSummary,
  ExamView,
  Label,
  SaveAnswerRequest,
  SaveAnswerResult,
  SectionView,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { attemptState } from "../live/attempt-state.ts";
import type { ProgressNotifier } from "../live/progress.ts";
import { validateAnswer } from "./answer-validation.ts";
import { itemView, publicTaskOptions } from "./item-view.ts";
import { contestantMediaUrl } from "./media-token.ts";
import type { PaperStructures } from "./paper-structure.ts";
import type { SaveLimiter } from "./save-limiter.ts";
import { attemptSeed, seedFor, shuffled } from "./shuffle.ts";

const attemptSelect = {
  id: true,
  status: true,
  startedAt: true,
  deadlineAt: true,
  submittedAt: true,
  extensionSeconds: true,
  pausedAt: true,
  pausedSeconds: true,
  lockedAt: true,
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

/** What never changes about an attempt: whose it is, and which sitting and paper. */
export interface AttemptMeta {
  userId: string;
  examSessionId: string;
  paperId: string;
}

export interface ExamServiceOptions {
  /** A save reaching the server this long after the deadline is still taken. */
  graceMs: number;
  /** The key of the contestants' media tokens (SESSION_SECRET; media-token.ts). */
  mediaSecret: string;
}

export class ExamService {
  /** Attempt facts that never change, so a save does not have to read them again (bounded). */
  private readonly metas = new Map<string, AttemptMeta>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly papers: PaperStructures,
    private readonly closer: AttemptCloser,
    private readonly progress: ProgressNotifier,
    private readonly limiter: SaveLimiter,
    private readonly writer: AnswerWriter,
    private readonly options: ExamServiceOptions,
  ) {}

  /** What a socket learnt when it connected: the first save of the attempt need not read it again. */
  knowAttempt(attemptId: string, meta: AttemptMeta): void {
    if (this.metas.size >= 100_000) this.metas.clear();
    this.metas.set(attemptId, meta);
  }

  private async meta(p: Principal, attemptId: string): Promise<AttemptMeta> {
    let meta = this.metas.get(attemptId);
    if (!meta) {
      const row = await this.db.attempt.findUnique({
        where: { id: attemptId },
        select: {
          examSessionId: true,
          contestant: { select: { userId: true } },
          examSession: { select: { paperId: true } },
        },
      });
      if (!row) throw new NotFoundError("The attempt");
      meta = {
        userId: row.contestant.userId,
        examSessionId: row.examSessionId,
        paperId: row.examSession.paperId,
      };
      if (this.metas.size >= 100_000) this.metas.clear();
      this.metas.set(attemptId, meta);
    }
    // Someone else's attempt looks exactly like a missing one.
    if (meta.userId !== p.userId) throw new NotFoundError("The attempt");
    return meta;
  }

  /** Loads an attempt and checks that it belongs to the principal. */
  private async ownAttempt(p: Principal, attemptId: string) {
    const attempt = await this.db.attempt.findUnique({ where: { id: attemptId }, select: attemptSelect });
    // Someone else's attempt looks exactly like a missing one.
    if (!attempt || attempt.contestant.userId !== p.userId) throw new NotFoundError("The attempt");
    return attempt;
  }

  private state(a: Parameters<typeof attemptState>[0]): AttemptState {
    return attemptState(a, this.clock.now());
  }

  async listMine(p: Principal): Promise<AttemptSummary[]> {
    if (p.contestantIds.length === 0) throw new ForbiddenError("Only contestants have attempts.");
    const attempts = await this.db.attempt.findMany({
      where: { contestantId: { in: p.contestantIds } },
      select: {
        ...attemptSelect,
        seat: true,
        contestant: { select: { ticketNumber: true, user: { select: { name: true } } } },
        examSession: {
          select: { ...attemptSelect.examSession.select, resultsReleasedAt: true, practice: true },
        },
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
        seat: a.seat,
        name: a.contestant.user.name,
      },
      startedAt: a.startedAt?.toISOString() ?? null,
      deadlineAt: a.deadlineAt?.toISOString() ?? null,
      serverNow: now,
      // A practice sitting shows its result as soon as it is scored, with no release step.
      resultsReleased:
        a.examSession.resultsReleasedAt !== null || (a.examSession.practice && a.status === "SCORED"),
      practice: a.examSession.practice,
    }));
  }

  /**
   * Opens the attempt at the session's start and fixes its deadline in PostgreSQL. The row is
   * locked while the deadline is computed, so an extension committed meanwhile is not lost.
   */
  async start(p: Principal, attemptId: string): Promise<AttemptState> {
    const a = await this.ownAttempt(p, attemptId);
    if (a.status === "IN_PROGRESS") return this.state(a);
    if (a.status !== "NOT_STARTED") throw new AttemptClosedError(a.status);
    // A contestant locked in the lobby waits for a proctor to unlock them.
    if (a.lockedAt) throw lockedError(a.lockedAt);
    const s = a.examSession;
    const lateLimit = new Date(s.startsAt.getTime() + s.lateStartMinutes * 60_000);
    const end = new Date(s.startsAt.getTime() + s.durationMinutes * 60_000);
    const started = await this.db.$transaction(async (tx) => {
      const row = await lockAttempt(tx, attemptId);
      if (!row) throw new NotFoundError("The attempt");
      if (row.status === "IN_PROGRESS") return null;
      if (row.status !== "NOT_STARTED") throw new AttemptClosedError(row.status);
      const now = this.clock.now();
      if (now < s.startsAt)
        throw new SessionNotOpenError("The exam has not started yet.", {
          startsAt: s.startsAt.toISOString(),
        });
      if (now > lateLimit || now >= end)
        throw new SessionNotOpenError("The late-start window has closed.", {
          lateStartUntil: lateLimit.toISOString(),
        });
      // The sitting ends for everyone at the same time: a late start does not move the deadline, only
      // a proctor's extension does.
      await tx.attempt.update({
        where: { id: attemptId },
        data: {
          status: "IN_PROGRESS",
          startedAt: now,
          deadlineAt: new Date(end.getTime() + row.extensionSeconds * 1000),
        },
      });
      return true;
    });
    const fresh = await this.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: attemptSelect,
    });
    if (started) this.progress.changed(fresh.examSessionId, attemptId);
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
            shuffle: true,
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
    // A shuffled section's questions and options come in an order drawn from the attempt's seed
    // (server/exams/shuffle.ts): the same on every reload, different between contestants. Ids stay.
    const { shuffleSeed } = await this.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: { shuffleSeed: true },
    });
    const seed = attemptSeed(shuffleSeed, attemptId);
    const sections: SectionView[] = paper.sections.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      questions: (s.shuffle ? shuffled(s.questions, seedFor(seed, s.id)) : s.questions).map((q) => {
        const options = q.options as { id: string; text: string }[];
        return {
          id: q.id,
          position: q.position,
          kind: q.kind,
          prompt: q.prompt,
          options: s.shuffle ? shuffled(options, seedFor(seed, q.id)) : options,
          points: q.points,
        };
      }),
      tasks: s.tasks.map((t) => ({
        id: t.id,
        position: t.position,
        kind: t.kind,
        title: t.title,
        instructions: t.instructions,
        labels: t.labels as Label[],
        options: publicTaskOptions(t.settings),
        points: t.points,
        // Media URLs are opaque tokens of (attempt, item): they show neither the item nor its order.
        items: t.items.map((it) =>
          itemView(t.kind, it, contestantMediaUrl(this.options.mediaSecret, { attemptId, itemId: it.id })),
        ),
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
   * Saves one answer. Idempotent and ordered by revision; resolves only after the commit. One
   * statement locks the attempt row for share, checks that it is open and its deadline (plus the
   * grace) not passed, and keeps the highest revision: a save can never commit after a freeze.
   */
  async saveAnswer(p: Principal, req: SaveAnswerRequest): Promise<SaveAnswerResult> {
    const meta = await this.meta(p, req.attemptId);
    const json = JSON.stringify(req.data ?? null);
    const bytes = Buffer.byteLength(json);
    // Charged before the costly checks, so a flood is turned away cheaply.
    await this.limiter.take(p.userId, bytes);
    const paper = await this.papers.get(meta.paperId);
    const { filled } = validateAnswer(paper, req.target, req.data, bytes);
    const now = this.clock.now();
    const result = await this.writer.write({
      attemptId: req.attemptId,
      target: req.target,
      revision: req.revision,
      json,
      filled,
      now,
      graceMs: this.options.graceMs,
    });
    switch (result.kind) {
      case "saved":
        this.progress.changed(meta.examSessionId, req.attemptId);
        return { revision: result.revision, savedAt: now.toISOString(), duplicate: false };
      case "missing":
        throw new NotFoundError("The attempt");
      case "not-open":
        if (result.status === "NOT_STARTED") throw new AttemptNotStartedError();
        throw new AttemptClosedError(result.status);
      case "deadline-passed":
        throw new DeadlinePassedError(result.deadlineAt ?? now);
      case "paused":
        throw pausedError(result.pausedAt);
      case "locked":
        throw lockedError(result.lockedAt);
      case "kept": {
        const { current } = result;
        if (current.revision > req.revision) throw new StaleRevisionError(current.revision);
        // jsonb reorders object keys, so compare structurally.
        if (!isDeepStrictEqual(current.data, req.data)) throw new RevisionConflictError(req.revision);
        return { revision: current.revision, savedAt: current.savedAt.toISOString(), duplicate: true };
      }
    }
  }

  async submit(p: Principal, attemptId: string): Promise<AttemptState> {
    const a = await this.ownAttempt(p, attemptId);
    if (a.status === "NOT_STARTED") throw new AttemptNotStartedError();
    // A paused or locked page cannot hand in: a proctor resumes, unlocks or force-submits it.
    if (a.status === "IN_PROGRESS" && a.pausedAt) throw pausedError(a.pausedAt);
    if (a.status === "IN_PROGRESS" && a.lockedAt) throw lockedError(a.lockedAt);
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
}

function pausedError(pausedAt: Date): AppError {
  return new AppError("ATTEMPT_PAUSED", "A proctor paused the exam: nothing is saved until it resumes.", {
    pausedAt: pausedAt.toISOString(),
  });
}

function lockedError(lockedAt: Date): AppError {
  return new AppError("ATTEMPT_LOCKED", "A proctor locked the exam: nothing is saved until it is unlocked.", {
    lockedAt: lockedAt.toISOString(),
  });
}
