// Authoring papers (issue 11): the committee (admins) creates a paper, writes its practical tasks
// (label set, tool options, scoring settings checked by protocol/task-settings.ts), imports each
// task's items with their truth from a dataset (core/formats), previews an item with its truth
// drawn over it and scores a sample answer with the task's own scorer before publishing. A paper
// used by a session whose attempts began is frozen: every change is 409 PAPER_IN_USE.
// Routes under /api/admin/…; anyone but an admin gets 403. Truth is returned on these staff routes
// only, never on a contestant's.
import { z } from "zod";
import { TASK_KINDS, type TaskKind } from "./annotations.ts";
import { shortTextSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";

/** Largest dataset upload (a zip of images and annotations, or one annotation file). */
export const DATASET_IMPORT_MAX_BYTES = 200 * 1024 * 1024;
/** Most items one task holds. */
export const MAX_ITEMS_PER_TASK = 2_000;
/** Largest single media file in a dataset. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** The dataset formats an import reads, per task kind (core/formats/import.ts). */
export const DATASET_FORMATS = [
  "coco",
  "voc",
  "yolo",
  "labelstudio",
  "cvat",
  "jsonl",
  "conll",
  "transcripts-csv",
  "transcripts-jsonl",
  "table-csv",
] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Which formats fit which task kind. */
export const FORMATS_BY_KIND: Record<TaskKind, readonly DatasetFormat[]> = {
  BOXES: ["coco", "voc", "yolo", "labelstudio", "cvat"],
  POLYGONS: ["coco", "yolo", "labelstudio", "cvat"],
  POINTS: ["labelstudio", "cvat"],
  KEYPOINTS: ["coco", "cvat"],
  IMAGE_CLASSIFICATION: ["labelstudio", "cvat", "jsonl"],
  TEXT_SPANS: ["jsonl", "conll", "labelstudio"],
  TEXT_CLASSIFICATION: ["jsonl", "labelstudio"],
  TRANSCRIPTION: ["transcripts-csv", "transcripts-jsonl"],
  TABLE: ["table-csv"],
};

export const labelDefSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: "A label id is 1–40 letters, digits, '_' or '-'." }),
    name: shortTextSchema(60),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: "A colour is #rrggbb." }),
  })
  .strict();
export type LabelDef = z.infer<typeof labelDefSchema>;

/** POST /api/admin/papers; PATCH /api/admin/papers/:paperId (all fields optional). */
export const paperInputSchema = z
  .object({
    title: shortTextSchema(120),
    theoryWeight: z.number().finite().min(0).max(100).default(30),
    practicalWeight: z.number().finite().min(0).max(100).default(70),
  })
  .strict()
  .refine((p) => p.theoryWeight + p.practicalWeight === 100, {
    message: "The theory and practical weights add up to 100.",
  });
export type PaperInput = z.infer<typeof paperInputSchema>;

/** PATCH /api/admin/papers/:paperId: the fields given change; the weights still add up to 100. */
export const paperPatchSchema = z
  .object({
    title: shortTextSchema(120).optional(),
    theoryWeight: z.number().finite().min(0).max(100).optional(),
    practicalWeight: z.number().finite().min(0).max(100).optional(),
  })
  .strict();
export type PaperPatch = z.infer<typeof paperPatchSchema>;

export interface PaperSummary {
  id: string;
  title: string;
  theoryWeight: number;
  practicalWeight: number;
  createdAt: string;
  questions: number;
  theoryPoints: number;
  taskCount: number;
  itemCount: number;
  practicalPoints: number;
  /** Sessions using it. */
  sessions: number;
  /** A session of it has attempts that began: the paper is frozen. */
  inUse: boolean;
}

/**
 * POST /api/admin/papers/:paperId/tasks, PUT /api/admin/tasks/:taskId. `settings` is checked with
 * parseTaskSettings(kind, …): an unknown key or a wrong type is 400 VALIDATION_FAILED naming it.
 * Label ids are unique within a task; a task whose items' truth names a label no longer in the set
 * is refused (400, details.labels). The kind of a task with items cannot change.
 */
export const taskInputSchema = z
  .object({
    kind: z.enum(TASK_KINDS),
    title: shortTextSchema(120),
    instructions: z.string().trim().max(5000),
    labels: z.array(labelDefSchema).max(100),
    settings: z.record(z.string(), z.unknown()),
    points: z.number().finite().gt(0).max(1000),
  })
  .strict();
export type TaskInput = z.infer<typeof taskInputSchema>;

/** POST /api/admin/papers/:paperId/tasks/order: every task of the paper, in the new order. */
export const taskOrderSchema = z.object({ taskIds: z.array(idSchema).min(1).max(200) }).strict();
export type TaskOrder = z.infer<typeof taskOrderSchema>;

export interface TaskSummary {
  id: string;
  position: number;
  kind: TaskKind;
  title: string;
  points: number;
  itemCount: number;
}

export interface PaperDetail extends PaperSummary {
  theorySectionId: string | null;
  practicalSectionId: string | null;
  tasks: TaskSummary[];
}

/** One item as the task editor sees it: what the contestant gets, plus the truth and source name. */
export interface AuthoringItem {
  id: string;
  position: number;
  sourceName: string | null;
  payload: unknown;
  /** Staff media URL (/api/items/:id/media) or null. */
  mediaUrl: string | null;
  /** Staff thumbnail URL (/api/items/:id/thumb?w=…) for images, else null. */
  thumbUrl: string | null;
  truth: unknown;
}

/** GET /api/admin/tasks/:taskId */
export interface TaskDetail extends TaskSummary {
  paperId: string;
  instructions: string;
  labels: LabelDef[];
  /** As stored (the author's keys); `effective` is what the scorer reads, defaults filled in. */
  settings: Record<string, unknown>;
  effective: Record<string, unknown>;
  inUse: boolean;
  items: AuthoringItem[];
}

/**
 * POST /api/admin/tasks/:taskId/imports?format=…&name=<file name>[&dryRun=1][&replace=1]: a zip
 * (images + annotation files), or one annotation file for text and table formats, as the raw body.
 * Zips are inspected first (core/storage/zip-guard.ts): path traversal, absolute names, symlinks,
 * a compression ratio of a bomb, more than MAX_ITEMS_PER_TASK files or a media file over
 * MAX_MEDIA_BYTES are refused (422 IMPORT_REJECTED, with the entry). Every record is checked
 * (missing file, unknown label, shape outside the image, invalid polygon, duplicate id); one
 * problem refuses the whole import with the report (422 IMPORT_REJECTED, details.rows) and nothing
 * changes. `replace` removes the task's items first (in the same transaction); without it the
 * imported items follow the existing ones. Labels the dataset names that the task lacks are
 * problems unless `addLabels=1`, which adds them to the task's label set.
 */
export const datasetImportQuerySchema = z
  .object({
    format: z.enum(DATASET_FORMATS),
    name: z.string().trim().min(1).max(200).optional(),
    dryRun: z.enum(["0", "1"]).optional(),
    replace: z.enum(["0", "1"]).optional(),
    addLabels: z.enum(["0", "1"]).optional(),
  })
  .strict();
export type DatasetImportQuery = z.infer<typeof datasetImportQuerySchema>;

/** One record of the dataset (an image, a line, a row) and what the import made of it. */
export interface DatasetImportRow {
  /** Where it is: a file name, "file.json › images[3]", "data.jsonl:17". */
  where: string;
  outcome: "imported" | "refused" | "skipped";
  problems: string[];
}
export interface DatasetImportReport {
  dryRun: boolean;
  format: DatasetFormat;
  imported: number;
  skipped: number;
  labelsAdded: string[];
  rows: DatasetImportRow[];
}

/**
 * POST /api/admin/tasks/:taskId/try-score { itemId, answer }: scores one answer against the item's
 * truth with the task's current settings, writing nothing. The answer is checked as a contestant's
 * would be (400 with the reason); the line is what the score worker would record.
 */
export const tryScoreSchema = z.object({ itemId: idSchema, answer: z.unknown() }).strict();
export type TryScoreRequest = z.infer<typeof tryScoreSchema>;
export interface TryScoreResult {
  /** 0–1 share of the item's credit. */
  score: number;
  /** The scorer's details (matches, IoUs, errors…). */
  detail: unknown;
}
