// Reads COCO datasets and results arrays (validated with zod) for the geometric kinds: images, categories, annotations.
import { z } from "zod";
import { ScoringInputError } from "./types.ts";

const idSchema = z.union([z.number().int(), z.string().min(1)], {
  error: "expected an integer or a non-empty string id",
});
// zod 4: z.number() refuses NaN and ±Infinity.
const finite = z.number({ error: "expected a finite number" });

const imageSchema = z.looseObject({
  id: idSchema,
  width: finite.positive().optional(),
  height: finite.positive().optional(),
});

const categorySchema = z.looseObject({
  id: idSchema,
  name: z.string().optional(),
  keypoints: z.array(z.string()).optional(),
});

const annotationSchema = z.looseObject({
  id: idSchema.optional(),
  image_id: idSchema,
  category_id: idSchema,
  bbox: z.tuple([finite, finite, finite, finite], { error: "expected [x, y, width, height]" }).optional(),
  // Checked by the kinds that use it: COCO polygons, GeoJSON-style polygons, or RLE (refused).
  segmentation: z.unknown().optional(),
  keypoints: z.array(finite).optional(),
  area: finite.nonnegative().optional(),
  iscrowd: z
    .union([z.literal(0), z.literal(1), z.boolean()], { error: "expected 0, 1, true or false" })
    .optional(),
  score: finite.optional(),
});

const datasetSchema = z.looseObject({
  images: z.array(imageSchema),
  categories: z.array(categorySchema),
  annotations: z.array(annotationSchema),
});

const answerDatasetSchema = z.looseObject({ annotations: z.array(annotationSchema) });
const resultsSchema = z.array(annotationSchema);

export type CocoAnnotation = z.infer<typeof annotationSchema>;

export interface CocoImage {
  /** The image id as a string: the item id. */
  id: string;
  width?: number;
  height?: number;
}

export interface CocoCategory {
  /** The category id as a string: the label. */
  id: string;
  name?: string;
  keypoints?: string[];
}

/** A truth dataset, checked: unique image, category and annotation ids, annotations on known ones. */
export interface CocoTruth {
  /** In the order of COCO evaluations: numeric ids numerically, then the others. */
  images: CocoImage[];
  imageById: Map<string, CocoImage>;
  categories: Map<string, CocoCategory>;
  /** Each with its id as a string (Match.truth). */
  annotations: Array<{ key: string; annotation: CocoAnnotation }>;
}

export interface CocoAnswer {
  /** Each with its position in the results array (or the dataset's annotations) as a string: Match.answer. */
  annotations: Array<{ key: string; annotation: CocoAnnotation }>;
}

const idKey = (id: number | string): string => String(id);

/** Image ids in pycocotools' order: numeric ids numerically, then the others as strings. */
function compareImageIds(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A readable path: annotations[12].bbox[2]. */
function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** The image an issue's annotation belongs to, when the raw input says: the item to name. */
function imageOfIssue(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  let node: unknown = raw;
  for (const p of path) {
    if (typeof node !== "object" || node === null) return undefined;
    const record = node as Record<PropertyKey, unknown>;
    const imageId = record.image_id;
    if ((typeof imageId === "number" || typeof imageId === "string") && node !== raw) return String(imageId);
    node = record[p as keyof typeof record];
  }
  return undefined;
}

function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown, side: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const where =
    path.length === 0
      ? side
      : typeof path[0] === "number"
        ? `${side}${pathText(path)}`
        : `${side} ${pathText(path)}`;
  const image = imageOfIssue(raw, path);
  const message = `${where}${image === undefined ? "" : ` (image ${image})`}: ${issue?.message ?? "invalid"}`;
  throw new ScoringInputError(message.replace(/\s+/g, " "), image);
}

/** Parses and checks a COCO dataset used as the truth. */
export function parseCocoTruth(raw: unknown): CocoTruth {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new ScoringInputError("truth is not a COCO dataset object (images, categories, annotations)");
  const data = parseOrThrow(datasetSchema, raw, "truth");
  const imageById = new Map<string, CocoImage>();
  const sorted = [...data.images].sort((a, b) => compareImageIds(a.id, b.id));
  const images: CocoImage[] = [];
  for (const image of sorted) {
    const key = idKey(image.id);
    if (imageById.has(key)) throw new ScoringInputError(`truth images repeat the id ${key}`, key);
    const entry: CocoImage = { id: key };
    if (image.width !== undefined) entry.width = image.width;
    if (image.height !== undefined) entry.height = image.height;
    if ((image.width === undefined) !== (image.height === undefined))
      throw new ScoringInputError(`truth image ${key} has a width or a height but not both`, key);
    imageById.set(key, entry);
    images.push(entry);
  }
  if (images.length === 0) throw new ScoringInputError("truth has no images");
  const categories = new Map<string, CocoCategory>();
  for (const category of data.categories) {
    const key = idKey(category.id);
    if (categories.has(key)) throw new ScoringInputError(`truth categories repeat the id ${key}`);
    const entry: CocoCategory = { id: key };
    if (category.name !== undefined) entry.name = category.name;
    if (category.keypoints !== undefined) entry.keypoints = category.keypoints;
    categories.set(key, entry);
  }
  const seen = new Set<string>();
  const annotations = data.annotations.map((annotation, k) => {
    const image = idKey(annotation.image_id);
    if (annotation.id === undefined)
      throw new ScoringInputError(`truth annotations[${k}] (image ${image}) has no id`, image);
    const key = idKey(annotation.id);
    if (seen.has(key))
      throw new ScoringInputError(`truth annotation ${key} (image ${image}) repeats an id`, image);
    seen.add(key);
    checkReferences("truth annotation", key, annotation, imageById, categories);
    return { key, annotation };
  });
  return { images, imageById, categories, annotations };
}

/**
 * Parses a COCO results array (image_id, category_id, bbox / segmentation / keypoints, score) or a
 * COCO dataset object (its annotations are used) given as the answer; every annotation must be on
 * a truth image and in a truth category.
 */
export function parseCocoAnswer(raw: unknown, truth: CocoTruth): CocoAnswer {
  let list: CocoAnnotation[];
  let side: string;
  if (Array.isArray(raw)) {
    list = parseOrThrow(resultsSchema, raw, "answer");
    side = "answer result";
  } else if (
    typeof raw === "object" &&
    raw !== null &&
    Array.isArray((raw as { annotations?: unknown }).annotations)
  ) {
    list = parseOrThrow(answerDatasetSchema, raw, "answer").annotations;
    side = "answer annotation";
    const seen = new Set<string>();
    list.forEach((a, k) => {
      if (a.id === undefined) return;
      const key = idKey(a.id);
      const image = idKey(a.image_id);
      if (seen.has(key))
        throw new ScoringInputError(`answer annotations[${k}] (image ${image}) repeats the id ${key}`, image);
      seen.add(key);
    });
  } else {
    throw new ScoringInputError("answer is neither a COCO results array nor a COCO dataset object");
  }
  const annotations = list.map((annotation, k) => {
    const key = String(k);
    checkReferences(side, `#${key}`, annotation, truth.imageById, truth.categories);
    return { key, annotation };
  });
  return { annotations };
}

function checkReferences(
  side: string,
  name: string,
  annotation: CocoAnnotation,
  images: ReadonlyMap<string, CocoImage>,
  categories: ReadonlyMap<string, CocoCategory>,
) {
  const image = idKey(annotation.image_id);
  if (!images.has(image))
    throw new ScoringInputError(`${side} ${name} is on the unknown image ${image}`, image);
  const category = idKey(annotation.category_id);
  if (!categories.has(category))
    throw new ScoringInputError(
      `${side} ${name} (image ${image}) has the unknown category ${category}`,
      image,
    );
}

/** COCO polygons [[x1, y1, x2, y2, …], …] (parts, unioned) or GeoJSON Polygon / MultiPolygon geometry. */
export function segmentationPolygons(
  segmentation: unknown,
  where: string,
  image: string,
): Array<Array<Array<[number, number]>>> {
  const fail = (why: string): never => {
    throw new ScoringInputError(`${where} (image ${image}) ${why}`, image);
  };
  if (segmentation === undefined) return fail("has no segmentation");
  if (Array.isArray(segmentation)) {
    if (segmentation.length === 0) return fail("has an empty segmentation");
    return segmentation.map((flat: unknown, p) => {
      if (!Array.isArray(flat) || flat.some((v) => typeof v !== "number"))
        return fail(`segmentation polygon ${p} is not a list of numbers [x1, y1, x2, y2, …]`);
      if (flat.length % 2 !== 0) return fail(`segmentation polygon ${p} has an odd number of coordinates`);
      const ring: Array<[number, number]> = [];
      for (let k = 0; k < flat.length; k += 2) ring.push([flat[k] as number, flat[k + 1] as number]);
      return [ring];
    });
  }
  if (typeof segmentation === "object" && segmentation !== null) {
    const geometry = segmentation as { type?: unknown; coordinates?: unknown; counts?: unknown };
    if (geometry.counts !== undefined) return fail("is an RLE mask: give polygons");
    if (geometry.type === "Polygon") return [geometry.coordinates as Array<Array<[number, number]>>];
    if (geometry.type === "MultiPolygon")
      return geometry.coordinates as Array<Array<Array<[number, number]>>>;
  }
  return fail("is neither COCO polygons nor a GeoJSON Polygon / MultiPolygon");
}
