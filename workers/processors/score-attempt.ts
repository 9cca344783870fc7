// score-attempt: loads a frozen attempt's answers and the hidden truth, runs the pure scorers and
// writes item, task and attempt scores in one transaction.

import { readAttemptAnswers, writeScore } from "../../core/attempts/score-store.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Sql } from "../../core/platform/sql.ts";
import type { QuestionKind, ScoreSummary } from "../../protocol/index.ts";
import {
  composeAttemptScore,
  type ItemScore,
  type QuestionKey,
  SCORER_VERSION,
  ScoringInputError,
  scoreQuestion,
  taskEarned,
} from "../scoring/index.ts";
import { scoreTaskItems } from "./task-scoring.ts";

export class AttemptNotScorableError extends Error {
  override name = "AttemptNotScorableError";
}

export interface ScoredAttempt {
  sessionId: string;
  attemptId: string;
  score: ScoreSummary;
}

interface TaskTally {
  taskId: string | null;
  sectionId: string;
  earned: number;
  possible: number;
  items: object[];
}

function loadPaper(db: Db, paperId: string) {
  return db.paper.findUniqueOrThrow({
    where: { id: paperId },
    select: {
      theoryWeight: true,
      practicalWeight: true,
      sections: {
        select: {
          id: true,
          kind: true,
          questions: {
            select: {
              id: true,
              kind: true,
              points: true,
              scoring: true,
              answerKey: { select: { key: true } },
            },
          },
          tasks: {
            select: {
              id: true,
              kind: true,
              points: true,
              settings: true,
              items: {
                orderBy: { position: "asc" },
                select: { id: true, payload: true, groundTruth: { select: { data: true } } },
              },
            },
          },
        },
      },
    },
  });
}

type LoadedPaper = Awaited<ReturnType<typeof loadPaper>>;

/**
 * Papers with their keys and truths, kept for a short while: when a whole session reaches its
 * deadline together, thousands of attempts are scored against the same paper. A truth corrected
 * during scoring reaches the scorer within `ttlMs`.
 */
export class PaperCache {
  private readonly entries = new Map<string, { at: number; paper: Promise<LoadedPaper> }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 10_000,
  ) {}

  /** `fresh`: read it again (a retry after someone fixed a truth must not see the old one). */
  get(paperId: string, fresh = false): Promise<LoadedPaper> {
    const now = Date.now();
    const hit = this.entries.get(paperId);
    if (hit && !fresh && now - hit.at < this.ttlMs) return hit.paper;
    const paper = loadPaper(this.db, paperId);
    this.entries.set(paperId, { at: now, paper });
    paper.catch(() => this.entries.delete(paperId));
    return paper;
  }

  forget(paperId: string): void {
    this.entries.delete(paperId);
  }
}

interface LoadedAttempt {
  answers: { itemId: string | null; questionId: string | null; data: unknown }[];
  paper: LoadedPaper;
  /** Judges' adjustments in force (ScoreAdjustment): they replace the scorer's share of a subject. */
  adjustments?: { subject: string; score: number; reason: string }[];
}

/** An item or question line with a judge's share in place of the scorer's (the scorer's kept beside). */
function adjusted<L extends { score: number }>(
  line: L,
  adjustment: { score: number; reason: string } | undefined,
): L {
  if (!adjustment) return line;
  return { ...line, score: adjustment.score, adjusted: { scorer: line.score, reason: adjustment.reason } };
}

/** The pure part: scores every question and task of a loaded attempt. */
export function tallyAttempt(a: LoadedAttempt): {
  tallies: TaskTally[];
  theory: TaskTally;
  practical: TaskTally;
} {
  const byQuestion = new Map(a.answers.filter((x) => x.questionId).map((x) => [x.questionId, x.data]));
  const byItem = new Map(a.answers.filter((x) => x.itemId).map((x) => [x.itemId, x.data]));
  const adjustments = new Map((a.adjustments ?? []).map((j) => [j.subject, j]));
  const tallies: TaskTally[] = [];
  for (const section of a.paper.sections) {
    if (section.questions.length > 0) {
      const items = section.questions.map((q) => {
        if (!q.answerKey) throw new ScoringInputError(`question ${q.id} has no answer key`, q.id);
        const share = scoreQuestion(
          q.kind as QuestionKind,
          q.answerKey.key as QuestionKey,
          byQuestion.get(q.id) ?? null,
          {
            scoring: q.scoring === "partial" ? "partial" : "all-or-nothing",
            id: q.id,
          },
        );
        const line = adjusted(
          { questionId: q.id, score: share, points: q.points },
          adjustments.get(`question:${q.id}`),
        );
        return { ...line, earned: line.score * q.points };
      });
      tallies.push({
        taskId: null,
        sectionId: section.id,
        earned: items.reduce((s, i) => s + i.earned, 0),
        possible: items.reduce((s, i) => s + i.points, 0),
        items,
      });
    }
    for (const task of section.tasks) {
      const scored: ItemScore[] = scoreTaskItems(
        task.kind,
        (task.settings ?? {}) as Record<string, unknown>,
        task.items.map((item) => ({
          id: item.id,
          payload: item.payload,
          truth: item.groundTruth?.data ?? null,
          answer: byItem.get(item.id) ?? null,
        })),
      );
      const scores = scored.map((line) => adjusted(line, adjustments.get(`item:${line.id}`)));
      tallies.push({
        taskId: task.id,
        sectionId: section.id,
        earned: taskEarned(
          scores.map((s) => s.score),
          task.points,
        ),
        possible: task.points,
        items: scores,
      });
    }
  }
  const kindOf = new Map(a.paper.sections.map((s) => [s.id, s.kind]));
  const sum = (kind: string) => {
    const ts = tallies.filter((t) => kindOf.get(t.sectionId) === kind);
    return {
      taskId: null,
      sectionId: "",
      earned: ts.reduce((s, t) => s + t.earned, 0),
      possible: ts.reduce((s, t) => s + t.possible, 0),
      items: [],
    };
  };
  return { tallies, theory: sum("THEORY"), practical: sum("PRACTICAL") };
}

/**
 * Scores a frozen attempt. Returns null when it is already scored (a duplicate job). Throws
 * AttemptNotScorableError for an attempt that is not frozen and ScoringInputError for bad truth.
 * The write locks the attempt row and checks it is still frozen, so two scorers racing on one
 * attempt write one score version (and a partial unique index allows only one current version).
 */
export async function scoreAttempt(
  sql: Sql,
  papers: PaperCache,
  attemptId: string,
  /** Read the paper and its truths afresh rather than from the cache (a retried scoring). */
  fresh = false,
): Promise<ScoredAttempt | null> {
  const a = await readAttemptAnswers(sql, attemptId);
  if (!a) throw new AttemptNotScorableError(`attempt ${attemptId} does not exist`);
  if (a.status === "SCORED") return null;
  if (a.status !== "FROZEN")
    throw new AttemptNotScorableError(`attempt ${attemptId} is ${a.status}, not frozen`);
  const paper = await papers.get(a.paperId, fresh);
  let tally: ReturnType<typeof tallyAttempt>;
  try {
    tally = tallyAttempt({ answers: a.answers, paper, adjustments: a.adjustments });
  } catch (e) {
    // A bad truth gets fixed and retried: the fixed one must be read then.
    papers.forget(a.paperId);
    throw e;
  }
  const { tallies, theory, practical } = tally;
  const composed = composeAttemptScore(theory, practical, {
    theory: paper.theoryWeight,
    practical: paper.practicalWeight,
  });
  const createdAt = await writeScore(sql, {
    attemptId,
    scorerVersion: SCORER_VERSION,
    theory: composed.theory,
    practical: composed.practical,
    total: composed.total,
    tasks: tallies.map((t) => ({
      taskId: t.taskId,
      sectionId: t.sectionId,
      earned: t.earned,
      possible: t.possible,
      items: t.items,
    })),
  });
  if (!createdAt) return null;
  return {
    sessionId: a.examSessionId,
    attemptId,
    score: { ...composed, scoredAt: createdAt.toISOString() },
  };
}
