// A contestant's released result with its per-question and per-item breakdown (issue 10), read
// from the attempt's current score version. Counts and overlaps only: never a ground-truth shape.
import { z } from "zod";
import { AppError, NotFoundError } from "../../core/errors.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { AttemptResult, ItemResult, QuestionResult, TaskResult } from "../../protocol/results.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";

/** A question's line of the theory TaskScore (workers/processors/score-attempt.ts). */
const questionScoreSchema = z.object({
  questionId: z.string(),
  score: z.number().finite(),
  earned: z.number().finite(),
  points: z.number().finite(),
  adjusted: z.object({ scorer: z.number().finite(), reason: z.string() }).optional(),
});

/** An item's line of a task's TaskScore (workers/scoring/types.ts, ItemScore); ids of shapes dropped. */
const itemScoreSchema = z.object({
  id: z.string(),
  score: z.number().finite(),
  tp: z.number().int().nonnegative(),
  fp: z.number().int().nonnegative(),
  fn: z.number().int().nonnegative(),
  matches: z.array(z.object({ iou: z.number().finite().optional() })).default([]),
  adjusted: z.object({ scorer: z.number().finite(), reason: z.string() }).optional(),
});

/** The well-formed lines of a TaskScore's items (a malformed line is left out, never a 500). */
function linesOf<S extends z.ZodType>(schema: S, items: Prisma.JsonValue): z.infer<S>[] {
  if (!Array.isArray(items)) return [];
  const out: z.infer<S>[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

const resultSelect = {
  id: true,
  status: true,
  contestant: { select: { userId: true } },
  examSession: {
    select: {
      id: true,
      name: true,
      regionId: true,
      resultsReleasedAt: true,
      practice: true,
      paper: {
        select: {
          theoryWeight: true,
          practicalWeight: true,
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
                  items: { orderBy: { position: "asc" }, select: { id: true, position: true } },
                },
              },
            },
          },
        },
      },
    },
  },
  scoreVersions: {
    where: { current: true },
    take: 1,
    select: {
      scorerVersion: true,
      theory: true,
      practical: true,
      total: true,
      taskScores: { select: { taskId: true, earned: true, items: true } },
    },
  },
  answers: { where: { questionId: { not: null } }, select: { questionId: true, data: true } },
} as const satisfies Prisma.AttemptSelect;

type ResultRow = Prisma.AttemptGetPayload<{ select: typeof resultSelect }>;

export class AttemptResultService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  private load(where: Prisma.AttemptWhereInput): Promise<ResultRow | null> {
    return this.deps.db.attempt.findFirst({ where, select: resultSelect });
  }

  /**
   * The principal's own result. Someone else's attempt is "not found", like a missing one; before
   * the session's results are released: 409. A practice sitting's result needs no release: it is
   * shown as soon as the attempt is scored.
   */
  async mine(actor: Principal, attemptId: string): Promise<AttemptResult> {
    const row = await this.load({ id: attemptId, contestant: { userId: actor.userId } });
    if (!row || row.contestant.userId !== actor.userId) throw new NotFoundError("The attempt");
    if (!row.examSession.resultsReleasedAt && !row.examSession.practice)
      throw new AppError("CONFLICT", "The results of this sitting are not released yet.", {
        released: false,
      });
    return build(row);
  }

  /** Any attempt of a session the principal's region runs, before release too. */
  async ofRegion(actor: Principal, regionId: string, attemptId: string): Promise<AttemptResult> {
    assertManagesRegion(actor, regionId);
    const row = await this.load({ id: attemptId, examSession: { regionId } });
    if (!row) throw new NotFoundError("The attempt");
    return build(row);
  }
}

function build(row: ResultRow): AttemptResult {
  const score = row.scoreVersions[0];
  if (!score)
    throw new AppError("CONFLICT", "This attempt has no score: it was never started or is not scored yet.", {
      status: row.status,
    });
  const session = row.examSession;
  const paper = session.paper;
  const answers = new Map(row.answers.map((a) => [a.questionId, a.data]));
  const questionLines = new Map(
    score.taskScores
      .filter((t) => t.taskId === null)
      .flatMap((t) => linesOf(questionScoreSchema, t.items))
      .map((l) => [l.questionId, l]),
  );
  const taskScores = new Map(
    score.taskScores.filter((t) => t.taskId !== null).map((t) => [t.taskId as string, t]),
  );

  const questions: QuestionResult[] = paper.sections.flatMap((s) =>
    s.questions.map((q) => ({
      questionId: q.id,
      position: q.position,
      kind: q.kind,
      prompt: q.prompt,
      points: q.points,
      earned: questionLines.get(q.id)?.earned ?? 0,
      answer: answers.get(q.id) ?? null,
      key: q.answerKey?.key ?? null,
      adjusted: questionLines.get(q.id)?.adjusted ?? null,
    })),
  );

  const tasks: TaskResult[] = paper.sections.flatMap((s) =>
    s.tasks.map((t) => {
      const ts = taskScores.get(t.id);
      const lines = new Map(linesOf(itemScoreSchema, ts?.items ?? null).map((l) => [l.id, l]));
      const items: ItemResult[] = t.items.map((item) => {
        const l = lines.get(item.id);
        return {
          itemId: item.id,
          position: item.position,
          score: l?.score ?? 0,
          matched: l?.tp ?? 0,
          missed: l?.fn ?? 0,
          extra: l?.fp ?? 0,
          overlaps: (l?.matches ?? []).flatMap((m) => (m.iou === undefined ? [] : [m.iou])),
          adjusted: l?.adjusted ?? null,
        };
      });
      return {
        taskId: t.id,
        position: t.position,
        kind: t.kind,
        title: t.title,
        points: t.points,
        earned: ts?.earned ?? 0,
        items,
      };
    }),
  );

  return {
    attemptId: row.id,
    session: {
      id: session.id,
      name: session.name,
      releasedAt: session.resultsReleasedAt?.toISOString() ?? null,
    },
    theory: score.theory,
    practical: score.practical,
    total: score.total,
    weights: { theory: paper.theoryWeight, practical: paper.practicalWeight },
    scorerVersion: score.scorerVersion,
    questions,
    tasks,
  };
}
