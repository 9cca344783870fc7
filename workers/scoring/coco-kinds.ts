// The CLI's geometric kinds: scores a COCO truth dataset against a COCO results array (or dataset), per image.
import { type BoxShape, scoreBoxesItemWithDiagnostics } from "./boxes.ts";
import {
  type CocoAnnotation,
  type CocoTruth,
  parseCocoAnswer,
  parseCocoTruth,
  segmentationPolygons,
} from "./coco.ts";
import {
  AP_METHODS,
  type ApMethod,
  type DetectionBox,
  evaluateDetections,
  type TruthBox,
} from "./detections.ts";
import { COCO_PERSON_SIGMAS, type KeypointInstance, scoreKeypointsItemWithDiagnostics } from "./keypoints.ts";
import { type PointShape, scorePointsItemWithDiagnostics } from "./points.ts";
import { type PolygonShape, scorePolygonsItemWithDiagnostics } from "./polygons.ts";
import type { CliOptions, ScoreResult } from "./result.ts";
import { DEFAULT_LOW_OVERLAP, DEFAULT_OUTSIDE_MARGIN, type ShapeCheckOptions } from "./shape-matching.ts";
import type { ItemScore } from "./types.ts";
import { ScoringInputError } from "./types.ts";
import { SCORER_VERSION } from "./version.ts";

export type CocoKind = "boxes" | "polygons" | "points" | "keypoints" | "detections";
export const COCO_KINDS: readonly CocoKind[] = ["boxes", "polygons", "points", "keypoints", "detections"];

/**
 * The options each kind takes (CLI names), with their defaults:
 * - boxes, polygons: `iou` (0.5), `low-overlap` (0.8, CVAT's), `outside-margin` (0.1);
 * - points: `radius` (required, pixels), `outside-margin`;
 * - keypoints: `oks` (0.5), `sigmas` (comma-separated, one per keypoint; COCO's 17 person sigmas
 *   when a category has 17 keypoints), `low-overlap`, `outside-margin`;
 * - detections: `ap` (coco | voc11 | voc-all: the score), `iou` (0.5: VOC AP and per-image
 *   matches), `voc-plus-one` (flag: VOC's +1 pixel areas), `max-dets` (100), `outside-margin`.
 * `outside-margin`: how far outside the image (as a share of its width / height) a coordinate may
 * lie when the truth gives the image's size. `kind`, `truth` and `answer` are ignored.
 */
export const COCO_KIND_OPTIONS: Readonly<Record<CocoKind, readonly string[]>> = {
  boxes: ["iou", "low-overlap", "outside-margin"],
  polygons: ["iou", "low-overlap", "outside-margin"],
  points: ["radius", "outside-margin"],
  keypoints: ["oks", "sigmas", "low-overlap", "outside-margin"],
  detections: ["ap", "iou", "voc-plus-one", "max-dets", "outside-margin"],
};

const IGNORED_OPTIONS = new Set(["kind", "truth", "answer"]);

/**
 * Scores a geometric kind. `truth` is a parsed COCO dataset (images, categories, annotations with
 * `bbox` [x, y, w, h], `segmentation` polygons, or `keypoints`); `answer` a parsed COCO results
 * array (image_id, category_id, bbox / segmentation / keypoints, score) or a COCO dataset. Items
 * are the truth's images (id = image id as a string), every one scored even when empty; labels are
 * category ids; detections also report pycocotools' 12-figure `summary` (a truth's area range is
 * decided by its `area`, else its box's w × h). Match.truth is the truth annotation's id, Match.answer the answer's index in the
 * results array (or the dataset's annotations), as strings; for points, an annotation with several
 * points gives "id/k" for its keypoint k. Items carry CVAT-style `diagnostics` (not for
 * detections). Bad input or options: ScoringInputError with a one-line message naming the item.
 */
export function scoreCocoKind(
  kind: CocoKind,
  truth: unknown,
  answer: unknown,
  options: CliOptions,
): ScoreResult {
  if (!COCO_KINDS.includes(kind))
    throw new ScoringInputError(`unknown geometric kind ${JSON.stringify(kind)}`);
  const known = COCO_KIND_OPTIONS[kind];
  for (const name of Object.keys(options))
    if (!IGNORED_OPTIONS.has(name) && !known.includes(name))
      throw new ScoringInputError(
        `option --${name} does not apply to ${kind} (options: ${known.map((k) => `--${k}`).join(", ")})`,
      );
  const t = parseCocoTruth(truth);
  const a = parseCocoAnswer(answer, t);
  const margin = numberOption(options, "outside-margin", DEFAULT_OUTSIDE_MARGIN, { min: 0 });
  const labels = [...t.categories.keys()];
  const checksByImage = new Map<string, ShapeCheckOptions>();
  for (const image of t.images) {
    const out: ShapeCheckOptions = { outsideMargin: margin, labels };
    if (image.width !== undefined && image.height !== undefined)
      out.imageSize = { width: image.width, height: image.height };
    checksByImage.set(image.id, out);
  }
  const checks = (image: string): ShapeCheckOptions =>
    checksByImage.get(image) ?? { outsideMargin: margin, labels };
  const perImage = <T>(
    convert: (annotation: CocoAnnotation, key: string, side: "truth" | "answer") => T[],
  ) => {
    const truthByImage = groupByImage(t, t.annotations);
    const answerByImage = groupByImage(t, a.annotations);
    return t.images.map((image) => ({
      image: image.id,
      truth: (truthByImage.get(image.id) ?? []).flatMap(({ key, annotation }) =>
        convert(annotation, key, "truth"),
      ),
      answer: (answerByImage.get(image.id) ?? []).flatMap(({ key, annotation }) =>
        convert(annotation, key, "answer"),
      ),
    }));
  };

  switch (kind) {
    case "boxes": {
      const iouThreshold = numberOption(options, "iou", 0.5, { min: 0, exclusiveMin: true, max: 1 });
      const lowOverlapThreshold = numberOption(options, "low-overlap", DEFAULT_LOW_OVERLAP, {
        min: 0,
        max: 1,
      });
      const items = perImage((ann, key, side) => [toBox(ann, key, side)]).map(({ image, truth, answer }) =>
        scoreBoxesItemWithDiagnostics(image, truth, answer, {
          iouThreshold,
          lowOverlapThreshold,
          ...checks(image),
        }),
      );
      return result(kind, items);
    }
    case "polygons": {
      const iouThreshold = numberOption(options, "iou", 0.5, { min: 0, exclusiveMin: true, max: 1 });
      const lowOverlapThreshold = numberOption(options, "low-overlap", DEFAULT_LOW_OVERLAP, {
        min: 0,
        max: 1,
      });
      const items = perImage((ann, key, side): PolygonShape[] => [
        {
          id: key,
          label: String(ann.category_id),
          polygons: segmentationPolygons(ann.segmentation, annotationName(side, key), String(ann.image_id)),
        },
      ]).map(({ image, truth, answer }) =>
        scorePolygonsItemWithDiagnostics(image, truth, answer, {
          iouThreshold,
          lowOverlapThreshold,
          ...checks(image),
        }),
      );
      return result(kind, items);
    }
    case "points": {
      if (options.radius === undefined)
        throw new ScoringInputError(
          "points need --radius: the tolerance in pixels within which a point counts",
        );
      const radius = numberOption(options, "radius", 0, { min: 0, exclusiveMin: true });
      const items = perImage(toPoints).map(({ image, truth, answer }) =>
        scorePointsItemWithDiagnostics(image, truth, answer, { radius, ...checks(image) }),
      );
      return result(kind, items);
    }
    case "keypoints": {
      const oksThreshold = numberOption(options, "oks", 0.5, { min: 0, exclusiveMin: true, max: 1 });
      const lowOverlapThreshold = numberOption(options, "low-overlap", DEFAULT_LOW_OVERLAP, {
        min: 0,
        max: 1,
      });
      const sigmas = keypointSigmas(t, options.sigmas);
      const items = perImage((ann, key, side) => [toInstance(ann, key, side)]).map(
        ({ image, truth, answer }) =>
          scoreKeypointsItemWithDiagnostics(image, truth, answer, {
            sigmas,
            oksThreshold,
            lowOverlapThreshold,
            ...checks(image),
          }),
      );
      return result(kind, items);
    }
    case "detections": {
      const method = options.ap ?? "coco";
      if (typeof method !== "string" || !(AP_METHODS as readonly string[]).includes(method))
        throw new ScoringInputError(`--ap ${String(method)} is not one of ${AP_METHODS.join(", ")}`);
      const iouThreshold = numberOption(options, "iou", 0.5, { min: 0, exclusiveMin: true, max: 1 });
      const maxDets = numberOption(options, "max-dets", 100, { min: 1, integer: true });
      const plusOne = booleanOption(options, "voc-plus-one");
      const truthBoxes: TruthBox[] = [];
      const detections: DetectionBox[] = [];
      // Object literals of one shape each (no spread): the evaluation reads them in its hot loops.
      for (const { key, annotation } of t.annotations) {
        const box = toBox(annotation, key, "truth");
        checkInside(box, checks(box.image), "truth", key);
        truthBoxes.push({
          id: box.id,
          image: box.image,
          label: box.label,
          x: box.x,
          y: box.y,
          w: box.w,
          h: box.h,
          crowd: annotation.iscrowd === 1 || annotation.iscrowd === true,
          area: annotation.area,
        });
      }
      for (const { key, annotation } of a.annotations) {
        const box = toBox(annotation, key, "answer");
        checkInside(box, checks(box.image), "answer", key);
        if (annotation.score === undefined)
          throw new ScoringInputError(
            `${annotationName("answer", key)} (image ${box.image}) has no score`,
            box.image,
          );
        detections.push({
          id: box.id,
          image: box.image,
          label: box.label,
          x: box.x,
          y: box.y,
          w: box.w,
          h: box.h,
          score: annotation.score,
        });
      }
      const evaluation = evaluateDetections(truthBoxes, detections, {
        iouThreshold,
        plusOne,
        maxDets,
        method: method as ApMethod,
        images: t.images.map((i) => i.id),
      });
      const vocKey = method === "voc11" ? "voc11" : method === "voc-all" ? "vocAll" : undefined;
      const perClass = evaluation.perClass.map((c) => {
        const name = t.categories.get(c.label)?.name;
        const entry: Record<string, unknown> = { categoryId: c.label };
        if (name !== undefined) entry.name = name;
        Object.assign(entry, {
          truths: c.truths,
          detections: c.detections,
          ap: c.ap,
          ap50: c.ap50,
          ap75: c.ap75,
          ar: c.ar,
        });
        if (vocKey) entry[vocKey] = c[vocKey];
        return entry;
      });
      const out: ScoreResult = {
        kind,
        scorerVersion: SCORER_VERSION,
        score: evaluation.score,
        items: evaluation.items,
        ap: evaluation.ap,
        ap50: evaluation.ap50,
        ap75: evaluation.ap75,
        ar: evaluation.ar,
      };
      if (vocKey) out[vocKey] = evaluation[vocKey];
      Object.assign(out, {
        apMethod: method,
        iouThreshold,
        vocPlusOne: plusOne,
        maxDets,
        perClass,
        summary: evaluation.summary,
      });
      return out;
    }
  }
}

function result(kind: CocoKind, items: ItemScore[]): ScoreResult {
  const score = items.reduce((s, item) => s + item.score, 0) / items.length;
  return { kind, scorerVersion: SCORER_VERSION, score, items };
}

function groupByImage(
  truth: CocoTruth,
  annotations: ReadonlyArray<{ key: string; annotation: CocoAnnotation }>,
): Map<string, Array<{ key: string; annotation: CocoAnnotation }>> {
  const out = new Map<string, Array<{ key: string; annotation: CocoAnnotation }>>();
  for (const image of truth.images) out.set(image.id, []);
  for (const entry of annotations) out.get(String(entry.annotation.image_id))?.push(entry);
  return out;
}

const annotationName = (side: "truth" | "answer", key: string) =>
  side === "truth" ? `truth annotation ${key}` : `answer #${key}`;

function toBox(ann: CocoAnnotation, key: string, side: "truth" | "answer"): BoxShape & { image: string } {
  const image = String(ann.image_id);
  if (ann.bbox === undefined)
    throw new ScoringInputError(`${annotationName(side, key)} (image ${image}) has no bbox`, image);
  const [x, y, w, h] = ann.bbox;
  if (!(w > 0 && h > 0))
    throw new ScoringInputError(
      `${annotationName(side, key)} (image ${image}) has a non-positive size ${w} × ${h}`,
      image,
    );
  return { id: key, image, label: String(ann.category_id), x, y, w, h };
}

function checkInside(
  box: BoxShape & { image: string },
  checks: ShapeCheckOptions,
  side: "truth" | "answer",
  key: string,
) {
  const size = checks.imageSize;
  if (size === undefined) return;
  const m = checks.outsideMargin ?? DEFAULT_OUTSIDE_MARGIN;
  const x0 = -m * size.width;
  const x1 = size.width * (1 + m);
  const y0 = -m * size.height;
  const y1 = size.height * (1 + m);
  if (box.x < x0 || box.y < y0 || box.x + box.w > x1 || box.y + box.h > y1)
    throw new ScoringInputError(
      `${annotationName(side, key)} (image ${box.image}) lies far outside the image`,
      box.image,
    );
}

/** Points: every labelled keypoint (v > 0) of an annotation is a point with the annotation's label. */
function toPoints(ann: CocoAnnotation, key: string, side: "truth" | "answer"): PointShape[] {
  const image = String(ann.image_id);
  const kp = ann.keypoints;
  if (kp === undefined || kp.length === 0 || kp.length % 3 !== 0)
    throw new ScoringInputError(
      `${annotationName(side, key)} (image ${image}) has no keypoints [x1, y1, v1, …] for its points`,
      image,
    );
  const triples = kp.length / 3;
  const points: PointShape[] = [];
  for (let k = 0; k < triples; k++) {
    if (!((kp[3 * k + 2] as number) > 0)) continue;
    points.push({
      id: triples === 1 ? key : `${key}/${k}`,
      label: String(ann.category_id),
      x: kp[3 * k] as number,
      y: kp[3 * k + 1] as number,
    });
  }
  return points;
}

function toInstance(ann: CocoAnnotation, key: string, side: "truth" | "answer"): KeypointInstance {
  const image = String(ann.image_id);
  const kp = ann.keypoints;
  if (kp === undefined || kp.length === 0 || kp.length % 3 !== 0)
    throw new ScoringInputError(
      `${annotationName(side, key)} (image ${image}) has no keypoints [x1, y1, v1, …]`,
      image,
    );
  const keypoints: Array<[number, number, number]> = [];
  for (let k = 0; k < kp.length; k += 3)
    keypoints.push([kp[k] as number, kp[k + 1] as number, kp[k + 2] as number]);
  const instance: KeypointInstance = { id: key, label: String(ann.category_id), keypoints };
  if (side === "truth") {
    const area = ann.area ?? (ann.bbox ? ann.bbox[2] * ann.bbox[3] : undefined);
    if (area === undefined)
      throw new ScoringInputError(
        `truth annotation ${key} (image ${image}) has no area or bbox for the OKS scale`,
        image,
      );
    instance.area = area;
  }
  return instance;
}

/** The sigmas: --sigmas, else COCO's person sigmas when the keypoint categories have 17 keypoints. */
function keypointSigmas(truth: CocoTruth, option: string | boolean | undefined): readonly number[] {
  const counts = new Set<number>();
  for (const c of truth.categories.values()) if (c.keypoints !== undefined) counts.add(c.keypoints.length);
  for (const { annotation } of truth.annotations)
    if (annotation.keypoints !== undefined) counts.add(annotation.keypoints.length / 3);
  if (counts.size > 1)
    throw new ScoringInputError(
      `truth categories have different keypoint counts (${[...counts].join(", ")})`,
    );
  const count = counts.values().next().value;
  if (option === undefined) {
    if (count === undefined || count === COCO_PERSON_SIGMAS.length) return COCO_PERSON_SIGMAS;
    throw new ScoringInputError(
      `the truth has ${count} keypoints per instance: give --sigmas with ${count} values`,
    );
  }
  if (typeof option !== "string")
    throw new ScoringInputError("--sigmas needs a value: comma-separated numbers");
  const sigmas = option.split(",").map((s) => Number(s.trim()));
  if (sigmas.some((s) => !(Number.isFinite(s) && s > 0)))
    throw new ScoringInputError(`--sigmas ${option} is not a comma-separated list of numbers > 0`);
  if (count !== undefined && sigmas.length !== count)
    throw new ScoringInputError(
      `--sigmas has ${sigmas.length} values, the truth ${count} keypoints per instance`,
    );
  return sigmas;
}

function numberOption(
  options: CliOptions,
  name: string,
  fallback: number,
  range: { min?: number; exclusiveMin?: boolean; max?: number; integer?: boolean },
): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  const { min, exclusiveMin, max, integer } = range;
  const ok =
    Number.isFinite(value) &&
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || value <= max) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const bounds = [
      min === undefined ? "" : `${exclusiveMin ? ">" : "≥"} ${min}`,
      max === undefined ? "" : `≤ ${max}`,
      integer ? "an integer" : "",
    ].filter(Boolean);
    throw new ScoringInputError(
      `--${name} ${raw === true ? "needs a value" : String(raw)}: expected a number ${bounds.join(", ")}`,
    );
  }
  return value;
}

function booleanOption(options: CliOptions, name: string): boolean {
  const raw = options[name];
  if (raw === undefined || raw === false || raw === "false") return false;
  if (raw === true || raw === "true") return true;
  throw new ScoringInputError(`--${name} is a flag: give it alone (or =true / =false), not ${String(raw)}`);
}
