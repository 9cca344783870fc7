// Checks a saved answer against its question or item: schema, known options and labels, image bounds.
import type { z } from "zod";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../../core/errors.ts";
import {
  type AnswerTarget,
  type ClassificationAnswer,
  isAnswerFilled,
  MAX_ANSWER_BYTES,
  polygonProblem,
  questionAnswerSchemas,
  type TaskAnswer,
  type TaskAnswers,
  type TaskKind,
  taskAnswerSchemas,
} from "../../protocol/index.ts";
import type { ItemShape, PaperStructure, QuestionShape } from "./paper-structure.ts";

/** Shapes may overhang the image edge by this many pixels (rounding in the client). */
const EDGE_TOLERANCE = 1;

function issues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** Validates `data` for `target`; returns whether the answer counts as done for progress. */
export function validateAnswer(
  paper: PaperStructure,
  target: AnswerTarget,
  data: unknown,
  /** The serialized document's size, when the caller has it already. */
  bytes?: number,
): { filled: boolean } {
  const size = bytes ?? Buffer.byteLength(JSON.stringify(data ?? null));
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
  const doc = parsed.data as TaskAnswer;
  checkLimits(item, doc);
  CHECKS[item.kind](item, doc as never);
  return { filled: isAnswerFilled(item.kind, doc) };
}

/** The task's own caps on shapes per item and vertices per polygon (TaskOptions.maxShapes, maxVertices). */
function checkLimits(item: ItemShape, doc: TaskAnswer): void {
  const { maxShapes, maxVertices } = item.options;
  const shapes = shapeList(doc);
  if (maxShapes !== undefined && shapes && shapes.length > maxShapes)
    throw new ValidationError(`This task takes at most ${maxShapes} shapes per item.`, {
      limit: maxShapes,
      count: shapes.length,
    });
  if (maxVertices !== undefined && "polygons" in doc)
    doc.polygons.forEach((p, i) => {
      if (p.points.length > maxVertices)
        throw new ValidationError(`This task takes at most ${maxVertices} vertices per polygon.`, {
          path: `polygons.${i}.points`,
          limit: maxVertices,
        });
    });
}

function shapeList(doc: TaskAnswer): readonly unknown[] | null {
  if ("boxes" in doc) return doc.boxes;
  if ("polygons" in doc) return doc.polygons;
  if ("points" in doc) return doc.points;
  if ("instances" in doc) return doc.instances;
  if ("spans" in doc) return doc.spans;
  return null;
}

/** Checks of a document against its item beyond its schema: labels, bounds, sizes, rules. */
const CHECKS: { [K in TaskKind]: (item: ItemShape, doc: TaskAnswers[K]) => void } = {
  BOXES: (item, doc) =>
    doc.boxes.forEach((b, i) => {
      knownLabel(item, b.label, `boxes.${i}.label`);
      insideImage(item, [b.x, b.y], `boxes.${i}`);
      insideImage(item, [b.x + b.w, b.y + b.h], `boxes.${i}`);
    }),
  POLYGONS: (item, doc) =>
    doc.polygons.forEach((p, i) => {
      knownLabel(item, p.label, `polygons.${i}.label`);
      p.points.forEach((v, j) => {
        insideImage(item, v, `polygons.${i}.points.${j}`);
      });
      const problem = polygonProblem(p.points);
      if (problem) throw new ValidationError(`A polygon ${problem}.`, { path: `polygons.${i}`, id: p.id });
    }),
  POINTS: (item, doc) =>
    doc.points.forEach((p, i) => {
      knownLabel(item, p.label, `points.${i}.label`);
      insideImage(item, [p.x, p.y], `points.${i}`);
    }),
  KEYPOINTS: (item, doc) => {
    const expected = item.options.skeleton?.keypoints.length;
    doc.instances.forEach((inst, i) => {
      knownLabel(item, inst.label, `instances.${i}.label`);
      if (expected !== undefined && inst.keypoints.length !== expected)
        throw new ValidationError(
          `A skeleton has ${inst.keypoints.length} keypoints; the template has ${expected}.`,
          {
            path: `instances.${i}.keypoints`,
          },
        );
      // Not labelled ones too: the keypoint tool saves them at [0, 0], inside every image.
      inst.keypoints.forEach(([x, y], j) => {
        insideImage(item, [x, y], `instances.${i}.keypoints.${j}`);
      });
    });
  },
  IMAGE_CLASSIFICATION: (item, doc) => checkClassification(item, doc),
  TEXT_CLASSIFICATION: (item, doc) => checkClassification(item, doc),
  TEXT_SPANS: (item, doc) => {
    doc.spans.forEach((sp, i) => {
      knownLabel(item, sp.label, `spans.${i}.label`);
      if (sp.end > item.textLength)
        throw new ValidationError("A span ends past the text.", {
          path: `spans.${i}.end`,
          textLength: item.textLength,
        });
    });
    if (!item.options.allowOverlap) {
      const sorted = [...doc.spans].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1];
        const cur = sorted[i];
        if (prev && cur && cur.start < prev.end)
          throw new ValidationError("Spans overlap, and this task does not allow it.", {
            spans: [prev.id, cur.id],
          });
      }
    }
  },
  TRANSCRIPTION: () => {},
  TABLE: (item, doc) => {
    const shape = item.table;
    if (!shape) throw new ValidationError("This item has no table.");
    if (doc.rows.length !== shape.rows)
      throw new ValidationError(`The table has ${doc.rows.length} rows; the item has ${shape.rows}.`, {
        path: "rows",
      });
    doc.rows.forEach((row, i) => {
      if (row.length !== shape.columns)
        throw new ValidationError(
          `Row ${i + 1} has ${row.length} cells; the table has ${shape.columns} columns.`,
          {
            path: `rows.${i}`,
          },
        );
    });
  },
};

function knownLabel(item: ItemShape, label: string, path: string): void {
  if (!item.labelIds.has(label)) throw new ValidationError("Unknown label.", { path, label });
}

function insideImage(item: ItemShape, [x, y]: readonly [number, number], path: string): void {
  const outside =
    x < -EDGE_TOLERANCE ||
    y < -EDGE_TOLERANCE ||
    x > item.width + EDGE_TOLERANCE ||
    y > item.height + EDGE_TOLERANCE;
  if (outside)
    throw new ValidationError("A shape lies outside the image.", {
      path,
      image: { width: item.width, height: item.height },
    });
}

function checkClassification(item: ItemShape, doc: ClassificationAnswer): void {
  doc.labels.forEach((l, i) => {
    knownLabel(item, l, `labels.${i}`);
  });
  if (!item.options.multiLabel && doc.labels.length > 1)
    throw new ValidationError("This task takes one label per item.", { labels: doc.labels });
}
