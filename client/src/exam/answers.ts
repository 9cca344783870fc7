// Reading saved answers back into the page, and what counts as answered (as the server counts it).
import {
  type AnswerTarget,
  type Box,
  boxesAnswerSchema,
  type ExamView,
  type QuestionAnswer,
  type QuestionView,
  questionAnswerSchemas,
} from "../../../protocol/index.ts";

export type Target = AnswerTarget;

export const sameTarget = (a: Target, b: Target) => a.kind === b.kind && a.id === b.id;

/** The saved answer of each question, dropping anything that no longer fits its question. */
export function savedQuestionAnswers(view: ExamView): Record<string, QuestionAnswer> {
  const kinds = new Map<string, QuestionView["kind"]>();
  for (const s of view.paper.sections) for (const q of s.questions) kinds.set(q.id, q.kind);
  const out: Record<string, QuestionAnswer> = {};
  for (const a of view.answers) {
    if (a.target.kind !== "question") continue;
    const kind = kinds.get(a.target.id);
    if (!kind) continue;
    const parsed = questionAnswerSchemas[kind].safeParse(a.data);
    if (parsed.success) out[a.target.id] = parsed.data;
  }
  return out;
}

/** The saved boxes of each item. */
export function savedItemBoxes(view: ExamView): Record<string, Box[]> {
  const out: Record<string, Box[]> = {};
  for (const a of view.answers) {
    if (a.target.kind !== "item") continue;
    const parsed = boxesAnswerSchema.safeParse(a.data);
    if (parsed.success) out[a.target.id] = parsed.data.boxes;
  }
  return out;
}

export function isQuestionAnswered(answer: QuestionAnswer | undefined): boolean {
  if (!answer) return false;
  if ("choices" in answer) return answer.choices.length > 0;
  return true;
}

/** Multiple choice: toggles an option, keeping the paper's option order. */
export function toggleChoice(q: QuestionView, current: readonly string[], optionId: string): string[] {
  const chosen = new Set(current);
  if (chosen.has(optionId)) chosen.delete(optionId);
  else chosen.add(optionId);
  return q.options.map((o) => o.id).filter((id) => chosen.has(id));
}
