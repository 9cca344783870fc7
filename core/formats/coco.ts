// COCO object-detection JSON (https://cocodataset.org/#format-data): images, categories and
// annotations with `bbox` [x, y, w, h] and, for polygons, `segmentation` [[x1, y1, x2, y2, …]].
// Reading checks what an import must refuse and names each problem by its JSON path: duplicate
// ids, an annotation of an unknown image or category, boxes and polygons outside their image,
// polygons that are not simple rings (the save check's own rule), run-length masks (unsupported).
import { z } from "zod";
import type { KeypointTuple } from "../../protocol/annotations.ts";
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import {
  boxProblem,
  type Dataset,
  type DatasetImage,
  type FormatProblem,
  polygonInImageProblem,
  type ReadResult,
  ringAreaOf,
  ringBounds,
  withoutRepeats,
} from "./dataset.ts";
import type { ImageAnnotation, ImageRecord } from "./import-kit.ts";

const num = z.number().finite();
const cocoSchema = z.object({
  images: z.array(
    z.object({
      id: z.union([z.number().int(), z.string()]),
      file_name: z.string().min(1),
      width: num.positive(),
      height: num.positive(),
    }),
  ),
  categories: z.array(z.object({ id: z.union([z.number().int(), z.string()]), name: z.string().min(1) })),
  annotations: z.array(
    z.object({
      id: z.union([z.number().int(), z.string()]),
      image_id: z.union([z.number().int(), z.string()]),
      category_id: z.union([z.number().int(), z.string()]),
      bbox: z.tuple([num, num, num, num]).optional(),
      segmentation: z.unknown().optional(),
      iscrowd: z.union([z.literal(0), z.literal(1)]).optional(),
    }),
  ),
});

export interface CocoFile {
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string; supercategory: string }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: [number, number, number, number];
    area: number;
    iscrowd: 0;
    segmentation: number[][];
  }[];
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** A dataset as COCO JSON: categories numbered from 1 in label order, boxes then polygons. */
export function toCoco(ds: Dataset): CocoFile {
  const category = new Map(ds.labels.map((name, i) => [name, i + 1]));
  const out: CocoFile = {
    images: [],
    categories: ds.labels.map((name, i) => ({ id: i + 1, name, supercategory: "" })),
    annotations: [],
  };
  let annId = 0;
  ds.images.forEach((img, i) => {
    const imageId = i + 1;
    out.images.push({ id: imageId, file_name: img.file, width: img.width, height: img.height });
    const categoryOf = (label: string) => {
      const id = category.get(label);
      if (id === undefined) throw new Error(`label ${label} is not among the dataset's labels`);
      return id;
    };
    for (const b of img.boxes)
      out.annotations.push({
        id: ++annId,
        image_id: imageId,
        category_id: categoryOf(b.label),
        bbox: [r2(b.x), r2(b.y), r2(b.w), r2(b.h)],
        area: r2(b.w * b.h),
        iscrowd: 0,
        segmentation: [],
      });
    for (const p of img.polygons) {
      const [x, y, w, h] = ringBounds(p.points);
      out.annotations.push({
        id: ++annId,
        image_id: imageId,
        category_id: categoryOf(p.label),
        bbox: [r2(x), r2(y), r2(w), r2(h)],
        area: r2(ringAreaOf(p.points)),
        iscrowd: 0,
        segmentation: [p.points.flatMap(([px, py]) => [r2(px), r2(py)])],
      });
    }
  });
  return out;
}

export interface CocoReadOptions {
  /**
   * Leave out crowd annotations (iscrowd 1, usually run-length masks), as pycocotools leaves them
   * out of matching; otherwise each is a problem.
   */
  skipCrowd?: boolean;
}

/** Reads COCO JSON text into a dataset, or every problem found. */
export function fromCoco(text: string, options: CocoReadOptions = {}): ReadResult<Dataset> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ where: "file", message: `is not JSON: ${(e as Error).message}` }] };
  }
  const parsed = cocoSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 100)
        .map((i) => ({ where: i.path.join(".") || "file", message: i.message })),
    };
  const coco = parsed.data;
  const problems: FormatProblem[] = [];
  const images = new Map<string, DatasetImage>();
  coco.images.forEach((im, i) => {
    const key = String(im.id);
    if (images.has(key)) problems.push({ where: `images[${i}]`, message: `repeats image id ${key}` });
    else images.set(key, { file: im.file_name, width: im.width, height: im.height, boxes: [], polygons: [] });
  });
  const files = new Set<string>();
  for (const [i, im] of coco.images.entries()) {
    if (files.has(im.file_name))
      problems.push({ where: `images[${i}]`, message: `repeats file ${im.file_name}` });
    files.add(im.file_name);
  }
  const labels = new Map<string, string>();
  coco.categories.forEach((c, i) => {
    const key = String(c.id);
    if (labels.has(key)) problems.push({ where: `categories[${i}]`, message: `repeats category id ${key}` });
    else labels.set(key, c.name);
  });
  const seen = new Set<string>();
  for (const [i, a] of coco.annotations.entries()) {
    const where = `annotations[${i}] (id ${a.id})`;
    const key = String(a.id);
    if (seen.has(key)) {
      problems.push({ where, message: `repeats annotation id ${key}` });
      continue;
    }
    seen.add(key);
    const img = images.get(String(a.image_id));
    if (!img) {
      problems.push({ where, message: `refers to image ${a.image_id}, which is not in images` });
      continue;
    }
    const label = labels.get(String(a.category_id));
    if (label === undefined) {
      problems.push({
        where,
        message: `refers to category ${a.category_id}, which is not in categories`,
      });
      continue;
    }
    if (a.iscrowd === 1 && options.skipCrowd) continue;
    const seg = a.segmentation;
    if (seg !== undefined && !Array.isArray(seg)) {
      problems.push({
        where,
        message: "has a run-length mask (RLE), which cannot be imported as a polygon",
      });
      continue;
    }
    const rings = (seg ?? []) as unknown[];
    if (rings.length > 1) {
      problems.push({
        where,
        message: `has ${rings.length} polygon parts; only single polygons are supported`,
      });
      continue;
    }
    if (rings.length === 1) {
      const flat = rings[0];
      if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((v) => typeof v === "number")) {
        problems.push({ where, message: "has a segmentation that is not a list of x, y pairs" });
        continue;
      }
      const raw: [number, number][] = [];
      for (let k = 0; k < flat.length; k += 2) raw.push([flat[k] as number, flat[k + 1] as number]);
      const points = withoutRepeats(raw);
      const problem = polygonInImageProblem(points, img);
      if (problem) {
        problems.push({ where, message: `polygon ${problem}` });
        continue;
      }
      img.polygons.push({ id: `a${key}`, label, points });
      continue;
    }
    if (!a.bbox) {
      problems.push({ where, message: "has neither a bbox nor a segmentation" });
      continue;
    }
    const [x, y, w, h] = a.bbox;
    const problem = boxProblem({ x, y, w, h }, img);
    if (problem) {
      problems.push({ where, message: `box ${problem}` });
      continue;
    }
    img.boxes.push({ id: `a${key}`, label, x, y, w, h });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { labels: [...labels.values()], images: [...images.values()] } };
}

// --- reading for a task import (core/formats/import.ts) ---------------------------------------------

const importSchema = z.object({
  images: z.array(
    z.object({
      id: z.union([z.number().int(), z.string()]),
      file_name: z.string().min(1),
      width: num.positive(),
      height: num.positive(),
    }),
  ),
  categories: z.array(
    z.object({
      id: z.union([z.number().int(), z.string()]),
      name: z.string().min(1),
      keypoints: z.array(z.string()).optional(),
    }),
  ),
  annotations: z
    .array(
      z.object({
        id: z.union([z.number().int(), z.string()]),
        image_id: z.union([z.number().int(), z.string()]),
        category_id: z.union([z.number().int(), z.string()]),
        bbox: z.array(num).optional(),
        segmentation: z.unknown().optional(),
        keypoints: z.array(num).optional(),
        area: num.optional(),
        iscrowd: z.union([z.literal(0), z.literal(1)]).optional(),
      }),
    )
    .default([]),
});

export interface CocoImport {
  /** Problems of the file as a whole (not JSON, wrong shape, repeated ids). */
  problems: string[];
  records: ImageRecord[];
  /** Crowd annotations, left out as COCO evaluation leaves them out of matching. */
  skipped: DatasetImportRow[];
}

/**
 * Reads a COCO file into one record per image, every annotation with each part it has (bbox,
 * one-ring segmentation, keypoints); the import keeps the part its task kind needs. Crowd
 * annotations (iscrowd 1) are skipped with a row; a run-length mask on a non-crowd annotation, or
 * a segmentation of several parts, is a problem of its image when the task needs the polygon (a
 * BOXES task reads the bbox beside it).
 */
export function readCocoImport(text: string, where: string, fromDir = ""): CocoImport {
  const out: CocoImport = { problems: [], records: [], skipped: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    out.problems.push(`is not JSON: ${(e as Error).message}`);
    return out;
  }
  const parsed = importSchema.safeParse(json);
  if (!parsed.success) {
    out.problems.push(
      ...parsed.error.issues
        .slice(0, 20)
        .map((i) => `${i.path.join(".") || "file"}: ${i.message} (not COCO object-detection JSON)`),
    );
    return out;
  }
  const coco = parsed.data;
  const byId = new Map<string, ImageRecord>();
  coco.images.forEach((im, i) => {
    const key = String(im.id);
    const rec: ImageRecord = {
      where: `${where} › images[${i}] ${im.file_name}`,
      file: im.file_name,
      fromDir,
      width: im.width,
      height: im.height,
      annotations: [],
      classes: [],
      problems: [],
    };
    if (byId.has(key)) rec.problems.push(`repeats image id ${key}`);
    else byId.set(key, rec);
    out.records.push(rec);
  });
  const categories = new Map<string, string>();
  coco.categories.forEach((c, i) => {
    const key = String(c.id);
    if (categories.has(key)) out.problems.push(`categories[${i}] repeats category id ${key}`);
    else categories.set(key, c.name);
  });
  const seen = new Set<string>();
  for (const [i, a] of coco.annotations.entries()) {
    const at = `annotations[${i}] (id ${a.id})`;
    const key = String(a.id);
    if (seen.has(key)) {
      out.problems.push(`${at} repeats annotation id ${key}`);
      continue;
    }
    seen.add(key);
    const rec = byId.get(String(a.image_id));
    if (!rec) {
      out.problems.push(`${at} refers to image ${a.image_id}, which is not in images`);
      continue;
    }
    const label = categories.get(String(a.category_id));
    if (label === undefined) {
      rec.problems.push(`${at}: refers to category ${a.category_id}, which is not in categories`);
      continue;
    }
    if (a.iscrowd === 1) {
      out.skipped.push({
        where: `${where} › ${at}`,
        outcome: "skipped",
        problems: ["is a crowd annotation (iscrowd 1), left out as COCO evaluation leaves crowds out"],
      });
      continue;
    }
    const ann: ImageAnnotation = { at, label };
    if (a.bbox) {
      if (a.bbox.length !== 4)
        ann.partProblem = { ...ann.partProblem, box: "has a bbox that is not [x, y, width, height]" };
      else {
        const [x, y, w, h] = a.bbox as [number, number, number, number];
        ann.box = { x, y, w, h };
      }
    }
    const seg = a.segmentation;
    if (seg !== undefined && !Array.isArray(seg))
      ann.partProblem = {
        ...ann.partProblem,
        polygon: "has a run-length mask (RLE), which cannot be imported as a polygon",
      };
    else if (Array.isArray(seg) && seg.length > 1)
      ann.partProblem = {
        ...ann.partProblem,
        polygon: `has ${seg.length} polygon parts; only single polygons are imported`,
      };
    else if (Array.isArray(seg) && seg.length === 1) {
      const flat = seg[0];
      if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((v) => typeof v === "number"))
        ann.partProblem = {
          ...ann.partProblem,
          polygon: "has a segmentation that is not a list of x, y pairs",
        };
      else {
        const pts: [number, number][] = [];
        for (let k = 0; k < flat.length; k += 2) pts.push([flat[k] as number, flat[k + 1] as number]);
        ann.polygon = pts;
      }
    }
    if (a.keypoints) {
      const k = a.keypoints;
      if (k.length % 3 !== 0)
        ann.partProblem = { ...ann.partProblem, keypoints: "has keypoints that are not x, y, v triples" };
      else {
        const tuples: KeypointTuple[] = [];
        for (let j = 0; j < k.length; j += 3) {
          const v = k[j + 2];
          if (v !== 0 && v !== 1 && v !== 2) {
            ann.partProblem = {
              ...ann.partProblem,
              keypoints: `keypoint ${j / 3 + 1} has visibility ${v}, not 0, 1 or 2`,
            };
            break;
          }
          tuples.push([k[j] as number, k[j + 1] as number, v]);
        }
        ann.keypoints = tuples;
      }
      if (a.area !== undefined && a.area > 0) ann.area = a.area;
    }
    rec.annotations.push(ann);
  }
  return out;
}

/** A keypoints dataset as COCO JSON (the one category "keypoints" lists the skeleton's names). */
export function toCocoKeypoints(
  images: {
    file: string;
    width: number;
    height: number;
    instances: { label: string; keypoints: KeypointTuple[]; area?: number }[];
  }[],
  labels: readonly string[],
  keypointNames: readonly string[],
): object {
  let annId = 0;
  return {
    images: images.map((im, i) => ({ id: i + 1, file_name: im.file, width: im.width, height: im.height })),
    categories: labels.map((name, i) => ({ id: i + 1, name, supercategory: "", keypoints: keypointNames })),
    annotations: images.flatMap((im, i) =>
      im.instances.map((inst) => {
        const labelled = inst.keypoints.filter((k) => k[2] !== 0);
        const xs = labelled.map((k) => k[0]);
        const ys = labelled.map((k) => k[1]);
        const bbox = labelled.length
          ? [
              Math.min(...xs),
              Math.min(...ys),
              Math.max(...xs) - Math.min(...xs),
              Math.max(...ys) - Math.min(...ys),
            ]
          : [0, 0, 0, 0];
        return {
          id: ++annId,
          image_id: i + 1,
          category_id: labels.indexOf(inst.label) + 1,
          bbox,
          area: inst.area ?? (bbox[2] ?? 0) * (bbox[3] ?? 0),
          iscrowd: 0,
          keypoints: inst.keypoints.flat(),
          num_keypoints: labelled.length,
        };
      }),
    ),
  };
}
