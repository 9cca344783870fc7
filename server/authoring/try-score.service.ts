// "Score this sample answer" (POST /api/admin/tasks/:taskId/try-score): the answer is checked as a
// contestant's save is (server/exams/answer-validation.ts), then scored by the worker's own per-task
// scorer (workers/processors/task-scoring.ts) with the task's current settings. Nothing is written.
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import { type TryScoreRequest, type TryScoreResult, tryScoreSchema } from "../../protocol/index.ts";
import { scoreTaskItems } from "../../workers/processors/task-scoring.ts";
import { ScoringInputError } from "../../workers/scoring/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { validateAnswer } from "../exams/answer-validation.ts";
import { PaperStructures } from "../exams/paper-structure.ts";
import { parse } from "../http/middleware.ts";
import { checkedSettings, taskOrThrow } from "./records.ts";

export class TryScoreService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  async tryScore(taskId: string, input: TryScoreRequest): Promise<TryScoreResult> {
    const body = parse(tryScoreSchema, input);
    const task = await taskOrThrow(this.deps.db, taskId);
    const item = await this.deps.db.item.findFirst({
      where: { id: body.itemId, taskId },
      select: { id: true, payload: true, groundTruth: { select: { data: true } } },
    });
    if (!item) throw new NotFoundError("The item of this task");
    checkedSettings(task.kind, task.settings);
    // A structure of its own, not the exam service's cache: the paper may have changed a moment ago.
    const paper = await new PaperStructures(this.deps.db).get(task.paperId);
    validateAnswer(paper, { kind: "item", id: item.id }, body.answer);
    try {
      const [score] = scoreTaskItems(task.kind, task.settings, [
        { id: item.id, payload: item.payload, truth: item.groundTruth?.data ?? null, answer: body.answer },
      ]);
      if (!score) throw new ScoringInputError("no score", item.id);
      return { score: score.score, detail: score };
    } catch (e) {
      if (e instanceof ScoringInputError)
        throw new ConflictError(`The item cannot be scored: ${e.message}`, { itemId: item.id });
      throw e;
    }
  }
}
