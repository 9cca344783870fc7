// Checks a saved answer against its question or item: schema, known options and labels, image bounds.
import type { z } from "zod";
import {
  type AnswerTarget,
  type BoxesAnswer,
  MAX_ANSWER_BYTES,
  questionAnswerSchemas,
  taskAnswerSchemas,
} from "../../protocol/index.ts";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../errors.ts";
import type { ItemShape, PaperStructure, QuestionShape } from "./paper-structure.ts";

/** Boxes may overhang the image edge by this many pixels (rounding in the client). */
const EDGE_TOLERANCE = 1;

function issues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** Validates `data` for `target`; returns whether the answer counts as done for progress. */
export function validateAnswer(
  paper: PaperStructure,
  target: AnswerTarget,
  data: unknown,
): { filled: boolean } {
  const size = Buffer.byteLength(JSON.stringify(data ?? null));
  if (size > MAX_ANSWER_BYTES) throw new PayloadTooLargeError(MAX_ANSWER_BYTES);
  if (target.kind === "question") {
    const q = paper.questions.get(target.id);
    if (!q) throw new NotFoundError("The question");
    return validateQuestionAnswer(q, data);
  }
  const item = paper.items.get(target.id);
  if (!item) throw new NotFoundError("The item");
  return validateItemAnswer(item, data);
}

function validateQuestionAnswer(q: QuestionShape, data: unknown): { filled: boolean } {
  const parsed = questionAnswerSchemas[q.kind].safeParse(data);
  if (!parsed.success)
    throw new ValidationError(`The answer does not fit a ${q.kind} question.`, issues(parsed.error));
  const value = parsed.data;
  if ("choice" in value) {
    if (!q.optionIds.has(value.choice))
      throw new ValidationError("Unknown option.", { option: value.choice });
    return { filled: true };
  }
  if ("choices" in value) {
    const unknown = value.choices.filter((c) => !q.optionIds.has(c));
    if (unknown.length) throw new ValidationError("Unknown option.", { options: unknown });
    if (new Set(value.choices).size !== value.choices.length)
      throw new ValidationError("An option is chosen twice.");
    return { filled: value.choices.length > 0 };
  }
  return { filled: true };
}

function validateItemAnswer(item: ItemShape, data: unknown): { filled: boolean } {
  const parsed = taskAnswerSchemas[item.kind].safeParse(data);
  if (!parsed.success)
    throw new ValidationError(`The answer does not fit a ${item.kind} task.`, issues(parsed.error));
  const doc: BoxesAnswer = parsed.data;
  doc.boxes.forEach((b, i) => {
    if (!item.labelIds.has(b.label))
      throw new ValidationError("Unknown label.", { path: `boxes.${i}.label`, label: b.label });
    const outside =
      b.x < -EDGE_TOLERANCE ||
      b.y < -EDGE_TOLERANCE ||
      b.x + b.w > item.width + EDGE_TOLERANCE ||
      b.y + b.h > item.height + EDGE_TOLERANCE;
    if (outside)
      throw new ValidationError("A box lies outside the image.", {
        path: `boxes.${i}`,
        image: { width: item.width, height: item.height },
      });
  });
  return { filled: doc.boxes.length > 0 };
}
