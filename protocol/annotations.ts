// Answer documents: what a contestant saves for an item or a question, in image pixels.
import { z } from "zod";
import { idSchema } from "./ids.ts";

/** Largest serialized answer the server stores, in bytes. */
export const MAX_ANSWER_BYTES = 1_000_000;
export const MAX_BOXES_PER_ITEM = 5_000;

/**
 * Every coordinate and size, in image pixels, lies within this bound: far beyond any image, and small
 * enough that areas and distances stay finite. The server checks each shape against its own image too.
 */
export const MAX_COORDINATE = 100_000;
/**
 * The smallest side of a box, in image pixels. The box tool draws and resizes boxes of 3 pixels or
 * more (rounded to 0.01), so this refuses only what no tool made, such as a box of 1e-300.
 */
export const MIN_BOX_SIDE = 1;

const coord = z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE);

export const boxSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1).max(64),
    x: coord,
    y: coord,
    w: coord.min(MIN_BOX_SIDE),
    h: coord.min(MIN_BOX_SIDE),
  })
  .strict();
export type Box = z.infer<typeof boxSchema>;

export const boxesAnswerSchema = z
  .object({ boxes: z.array(boxSchema).max(MAX_BOXES_PER_ITEM) })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.boxes.forEach((b, i) => {
      if (seen.has(b.id))
        ctx.addIssue({ code: "custom", path: ["boxes", i, "id"], message: "duplicate box id" });
      seen.add(b.id);
    });
  });
export type BoxesAnswer = z.infer<typeof boxesAnswerSchema>;

export const singleChoiceAnswerSchema = z.object({ choice: z.string().min(1).max(64) }).strict();
export const multipleChoiceAnswerSchema = z
  .object({ choices: z.array(z.string().min(1).max(64)).max(26) })
  .strict();
export const trueFalseAnswerSchema = z.object({ value: z.boolean() }).strict();

export type SingleChoiceAnswer = z.infer<typeof singleChoiceAnswerSchema>;
export type MultipleChoiceAnswer = z.infer<typeof multipleChoiceAnswerSchema>;
export type TrueFalseAnswer = z.infer<typeof trueFalseAnswerSchema>;
export type QuestionAnswer = SingleChoiceAnswer | MultipleChoiceAnswer | TrueFalseAnswer;

export const QUESTION_KINDS = ["SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const questionAnswerSchemas = {
  SINGLE_CHOICE: singleChoiceAnswerSchema,
  MULTIPLE_CHOICE: multipleChoiceAnswerSchema,
  TRUE_FALSE: trueFalseAnswerSchema,
} as const;

// --- practical task kinds -------------------------------------------------------------------

export const TASK_KINDS = [
  "BOXES",
  "POLYGONS",
  "POINTS",
  "KEYPOINTS",
  "IMAGE_CLASSIFICATION",
  "TEXT_SPANS",
  "TEXT_CLASSIFICATION",
  "TRANSCRIPTION",
  "TABLE",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Kinds whose items are images labelled on the canvas. */
export const IMAGE_TASK_KINDS: readonly TaskKind[] = [
  "BOXES",
  "POLYGONS",
  "POINTS",
  "KEYPOINTS",
  "IMAGE_CLASSIFICATION",
];
export const isImageTask = (kind: TaskKind) => IMAGE_TASK_KINDS.includes(kind);

export const MAX_POLYGONS_PER_ITEM = 2_000;
export const MAX_POLYGON_VERTICES = 1_000;
export const MAX_POINTS_PER_ITEM = 5_000;
export const MAX_INSTANCES_PER_ITEM = 500;
export const MAX_SPANS_PER_ITEM = 2_000;
export const MAX_TRANSCRIPT_CHARS = 20_000;
export const MAX_TABLE_CELL_CHARS = 1_000;

const shapeId = idSchema;
const labelId = z.string().min(1).max(64);

/** Reports every id that appears twice in `list`. */
function uniqueIds(field: string) {
  return (doc: Record<string, { id: string }[]>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    (doc[field] ?? []).forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [field, i, "id"], message: "duplicate id" });
      seen.add(s.id);
    });
  };
}

/** [x, y] in image pixels. */
export const vertexSchema = z.tuple([coord, coord]);
export type Vertex = z.infer<typeof vertexSchema>;

/** A simple polygon: its vertices in order, not repeating the first at the end. */
export const polygonSchema = z
  .object({
    id: shapeId,
    label: labelId,
    points: z.array(vertexSchema).min(3).max(MAX_POLYGON_VERTICES),
  })
  .strict();
export type Polygon = z.infer<typeof polygonSchema>;
export const polygonsAnswerSchema = z
  .object({ polygons: z.array(polygonSchema).max(MAX_POLYGONS_PER_ITEM) })
  .strict()
  .superRefine(uniqueIds("polygons"));
export type PolygonsAnswer = z.infer<typeof polygonsAnswerSchema>;

export const pointSchema = z.object({ id: shapeId, label: labelId, x: coord, y: coord }).strict();
export type LabelledPoint = z.infer<typeof pointSchema>;
export const pointsAnswerSchema = z
  .object({ points: z.array(pointSchema).max(MAX_POINTS_PER_ITEM) })
  .strict()
  .superRefine(uniqueIds("points"));
export type PointsAnswer = z.infer<typeof pointsAnswerSchema>;

/**
 * One keypoint of a skeleton: x, y and visibility as COCO has it (0 not labelled, 1 labelled but
 * occluded, 2 visible). A keypoint not labelled has x = y = 0 (the keypoint tool saves it so); like
 * every keypoint, it must lie inside the image.
 */
export const keypointSchema = z.tuple([coord, coord, z.union([z.literal(0), z.literal(1), z.literal(2)])]);
export type KeypointTuple = z.infer<typeof keypointSchema>;
/** One skeleton, its keypoints in the order of the task's template. */
export const keypointInstanceSchema = z
  .object({ id: shapeId, label: labelId, keypoints: z.array(keypointSchema).min(1).max(100) })
  .strict();
export type KeypointInstance = z.infer<typeof keypointInstanceSchema>;
export const keypointsAnswerSchema = z
  .object({ instances: z.array(keypointInstanceSchema).max(MAX_INSTANCES_PER_ITEM) })
  .strict()
  .superRefine(uniqueIds("instances"));
export type KeypointsAnswer = z.infer<typeof keypointsAnswerSchema>;

/** Image or text classification: the label ids chosen (one at most unless the task is multi-label). */
export const classificationAnswerSchema = z
  .object({ labels: z.array(labelId).max(64) })
  .strict()
  .superRefine((doc, ctx) => {
    if (new Set(doc.labels).size !== doc.labels.length)
      ctx.addIssue({ code: "custom", path: ["labels"], message: "a label is chosen twice" });
  });
export type ClassificationAnswer = z.infer<typeof classificationAnswerSchema>;

/** A labelled span of the item's text: [start, end) in Unicode code points. */
export const spanSchema = z
  .object({
    id: shapeId,
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    label: labelId,
  })
  .strict()
  .refine((s) => s.start < s.end, { message: "start must be before end", path: ["end"] });
export type TextSpan = z.infer<typeof spanSchema>;
export const spansAnswerSchema = z
  .object({ spans: z.array(spanSchema).max(MAX_SPANS_PER_ITEM) })
  .strict()
  .superRefine(uniqueIds("spans"));
export type SpansAnswer = z.infer<typeof spansAnswerSchema>;

export const transcriptionAnswerSchema = z.object({ text: z.string().max(MAX_TRANSCRIPT_CHARS) }).strict();
export type TranscriptionAnswer = z.infer<typeof transcriptionAnswerSchema>;

export const ROW_MARKS = ["duplicate", "invalid"] as const;
export type RowMark = (typeof ROW_MARKS)[number];
/**
 * A cleaned table: the item's rows in their order with the cells as the contestant left them, and
 * a mark per row (null = keep). Rows marked duplicate or invalid are dropped before scoring.
 */
export const tableAnswerSchema = z
  .object({
    rows: z.array(z.array(z.string().max(MAX_TABLE_CELL_CHARS)).max(100)).max(5_000),
    marks: z.array(z.enum(ROW_MARKS).nullable()).max(5_000),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (doc.rows.length !== doc.marks.length)
      ctx.addIssue({ code: "custom", path: ["marks"], message: "one mark per row" });
  });
export type TableAnswer = z.infer<typeof tableAnswerSchema>;

export const taskAnswerSchemas = {
  BOXES: boxesAnswerSchema,
  POLYGONS: polygonsAnswerSchema,
  POINTS: pointsAnswerSchema,
  KEYPOINTS: keypointsAnswerSchema,
  IMAGE_CLASSIFICATION: classificationAnswerSchema,
  TEXT_SPANS: spansAnswerSchema,
  TEXT_CLASSIFICATION: classificationAnswerSchema,
  TRANSCRIPTION: transcriptionAnswerSchema,
  TABLE: tableAnswerSchema,
} as const;

export interface TaskAnswers {
  BOXES: BoxesAnswer;
  POLYGONS: PolygonsAnswer;
  POINTS: PointsAnswer;
  KEYPOINTS: KeypointsAnswer;
  IMAGE_CLASSIFICATION: ClassificationAnswer;
  TEXT_SPANS: SpansAnswer;
  TEXT_CLASSIFICATION: ClassificationAnswer;
  TRANSCRIPTION: TranscriptionAnswer;
  TABLE: TableAnswer;
}
export type TaskAnswer = TaskAnswers[TaskKind];

export const labelSchema = z.object({ id: z.string(), name: z.string(), color: z.string() });
export type Label = z.infer<typeof labelSchema>;

/** A skeleton template: named keypoints in order and the edges drawn between them (by index). */
export const skeletonSchema = z
  .object({
    keypoints: z
      .array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(64) }))
      .min(1)
      .max(100),
    edges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(400),
  })
  .strict();
export type Skeleton = z.infer<typeof skeletonSchema>;

/**
 * What the labelling tools need to know about a task: the public part of Task.settings. Scoring
 * settings (thresholds, radii, sigmas) stay on the server.
 */
export const taskOptionsSchema = z
  .object({
    /** Classification: several labels per item. */
    multiLabel: z.boolean().optional(),
    /** Text spans: spans may overlap (nested entities); otherwise a new span may not cross another. */
    allowOverlap: z.boolean().optional(),
    /** Keypoints: the skeleton every instance follows. */
    skeleton: skeletonSchema.optional(),
    /** At most this many shapes (boxes, polygons, points, skeletons or spans) per item. */
    maxShapes: z.number().int().min(1).max(MAX_POINTS_PER_ITEM).optional(),
    /** Polygons: at most this many vertices per polygon. */
    maxVertices: z.number().int().min(3).max(MAX_POLYGON_VERTICES).optional(),
  })
  .strict();
export type TaskOptions = z.infer<typeof taskOptionsSchema>;

/** The dirty table of a TABLE item, as the contestant receives it. */
export interface TableData {
  header: string[];
  rows: string[][];
}

/**
 * Whether an item's document counts as done for progress, on the server and in the page alike:
 * something is labelled, chosen or written. A table counts once the contestant has saved it.
 */
export function isAnswerFilled(kind: TaskKind, doc: TaskAnswer): boolean {
  switch (kind) {
    case "BOXES":
      return (doc as BoxesAnswer).boxes.length > 0;
    case "POLYGONS":
      return (doc as PolygonsAnswer).polygons.length > 0;
    case "POINTS":
      return (doc as PointsAnswer).points.length > 0;
    case "KEYPOINTS":
      return (doc as KeypointsAnswer).instances.length > 0;
    case "IMAGE_CLASSIFICATION":
    case "TEXT_CLASSIFICATION":
      return (doc as ClassificationAnswer).labels.length > 0;
    case "TEXT_SPANS":
      return (doc as SpansAnswer).spans.length > 0;
    case "TRANSCRIPTION":
      return (doc as TranscriptionAnswer).text.trim().length > 0;
    case "TABLE":
      return true;
  }
}
