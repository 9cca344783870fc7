// Task.settings, one strict schema per task kind: the scoring options the worker reads and the tool
// options the labelling page receives (taskOptionsSchema picks those). A key the kind does not
// know, or a value of the wrong type, is an error, never a silent default. See
// docs/SCORING-CREDIT.md for what the credit options mean.
import { z } from "zod";
import { MAX_POINTS_PER_ITEM, MAX_POLYGON_VERTICES, skeletonSchema, type TaskKind } from "./annotations.ts";

/** A threshold in (0, 1]. */
const threshold = z.number().gt(0).max(1);
const maxShapes = z.number().int().min(1).max(MAX_POINTS_PER_ITEM).optional();

/** How matched boxes and polygons earn credit; "coco-mean" rewards precision (the default). */
export const SHAPE_CREDIT_VALUES = ["f1@iou", "coco-mean", "iou-weighted"] as const;
export type ShapeCreditSetting = (typeof SHAPE_CREDIT_VALUES)[number];
export const DEFAULT_SHAPE_CREDIT: ShapeCreditSetting = "coco-mean";

/** How a cleaned table earns credit: the work done (the default) or the share of correct cells. */
export const TABLE_CREDIT_VALUES = ["work-done", "cells"] as const;
export type TableCreditSetting = (typeof TABLE_CREDIT_VALUES)[number];

const shapeSettings = {
  /** Pairs count from this IoU on; the review draws the pairs matched at it. Default 0.5. */
  iouThreshold: threshold.default(0.5),
  credit: z.enum(SHAPE_CREDIT_VALUES).default(DEFAULT_SHAPE_CREDIT),
  maxShapes,
};

const classificationSettings = z.object({ multiLabel: z.boolean().default(false) }).strict();

export const taskSettingsSchemas = {
  BOXES: z.object(shapeSettings).strict(),
  POLYGONS: z
    .object({
      ...shapeSettings,
      maxVertices: z.number().int().min(3).max(MAX_POLYGON_VERTICES).optional(),
    })
    .strict(),
  POINTS: z
    .object({
      /** A point matches a truth point within this many pixels. */
      radius: z.number().gt(0).default(10),
      maxShapes,
    })
    .strict(),
  KEYPOINTS: z
    .object({
      skeleton: skeletonSchema.optional(),
      /** Per-keypoint OKS constants; default 0.079 for every keypoint. */
      sigmas: z.array(z.number().gt(0)).min(1).optional(),
      /** An instance matches from this OKS on (F1 at it; the shape credit does not apply). */
      oksThreshold: threshold.default(0.5),
      maxShapes,
    })
    .strict(),
  IMAGE_CLASSIFICATION: classificationSettings,
  TEXT_CLASSIFICATION: classificationSettings,
  TEXT_SPANS: z
    .object({
      /** Partial overlaps earn partial credit. */
      partial: z.boolean().default(false),
      allowOverlap: z.boolean().optional(),
      maxShapes,
    })
    .strict(),
  TRANSCRIPTION: z.object({ cerIgnoreSpace: z.boolean().default(true) }).strict(),
  TABLE: z
    .object({
      /** Rows pair by this column's value; otherwise by position. */
      key: z.string().min(1).optional(),
      credit: z.enum(TABLE_CREDIT_VALUES).default("work-done"),
    })
    .strict(),
} satisfies Record<TaskKind, z.ZodType>;

export type TaskSettingsSchemas = typeof taskSettingsSchemas;
export type TaskSettings<K extends TaskKind = TaskKind> = z.output<TaskSettingsSchemas[K]>;

/** The settings schema of a task kind. */
export function taskSettingsSchema<K extends TaskKind>(kind: K): TaskSettingsSchemas[K] {
  return taskSettingsSchemas[kind];
}

/**
 * A task's settings with every default filled in, or the schema's error. Stored settings may be
 * null (none given): that is {}.
 */
export function parseTaskSettings<K extends TaskKind>(
  kind: K,
  settings: unknown,
): { success: true; data: TaskSettings<K> } | { success: false; error: string } {
  const parsed = taskSettingsSchemas[kind].safeParse(settings ?? {});
  if (parsed.success) return { success: true, data: parsed.data as TaskSettings<K> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { success: false, error: `${kind} settings: ${where}${issue?.message ?? "invalid"}` };
}
