// Scores a polygon item (holes, multipolygons): one-to-one matching of answer to truth shapes by IoU, then F1.

import { COCO_IOU_THRESHOLDS } from "./detections.ts";
import {
  iouUpperBound,
  type MultiPolygonRings,
  PolygonInputError,
  type Region,
  regionIoU,
  regionOf,
} from "./polygon-geometry.ts";
import {
  checkedCredit,
  checkedShapeBase,
  checkedThreshold,
  compareIds,
  DEFAULT_LOW_OVERLAP,
  type DiagnosedItemScore,
  itemScoreOf,
  type MatchingOutcome,
  type MatchingProblem,
  matchWithCredit,
  outsideChecker,
  type ShapeCheckOptions,
  type ShapeCredit,
  SIMILARITY_TOLERANCE,
  shapeError,
} from "./shape-matching.ts";
import { allocateBounds, overlappingPairs } from "./spatial.ts";
import { type ItemScore, ScoringInputError } from "./types.ts";

export type { MultiPolygonRings, PolygonRings, Position, Ring } from "./polygon-geometry.ts";
export { polygonArea, polygonIoU } from "./polygon-geometry.ts";

/**
 * A labelled shape made of one or more polygons, each an outer ring and its holes, as GeoJSON
 * MultiPolygon coordinates: [[[x, y], …], …holes], …]. Rings may repeat their first point at the
 * end; either orientation is accepted. Parts that overlap count once (their union).
 */
export interface PolygonShape {
  id: string;
  label: string;
  polygons: MultiPolygonRings;
}

export interface PolygonsOptions extends ShapeCheckOptions {
  /** A pair counts when its labels agree and its IoU is at least this; in (0, 1]. */
  iouThreshold: number;
  /** Diagnostics only: a matched pair with an IoU below this is reported as low_overlap; default 0.8. */
  lowOverlapThreshold?: number;
  /**
   * How matched pairs earn credit (shape-matching.ts ShapeCredit); default "f1@iou" here, the
   * scorer's classic behaviour. Tasks default to "coco-mean" (protocol/task-settings.ts).
   */
  credit?: ShapeCredit;
}

export const DEFAULT_POLYGONS_OPTIONS: PolygonsOptions = { iouThreshold: 0.5 };

/**
 * Matches answer shapes to truth shapes one-to-one, maximising the total IoU (Hungarian, per
 * connected group of overlapping shapes) over pairs with the same label and IoU ≥ threshold;
 * score = F1 = 2tp / (2tp + fp + fn), 1 when both sides are empty, with options.credit "f1@iou"
 * (the default here; "coco-mean" and "iou-weighted": shape-matching.ts ShapeCredit). IoU is exact (up to rounding)
 * for any valid polygons; pairs are first screened by their bounding boxes, then by an upper
 * bound of the IoU from areas and box overlap. Throws ScoringInputError naming the item and the
 * shape for an invalid polygon (non-finite coordinates, fewer than 3 points, self-intersecting
 * rings, holes outside their polygon), a duplicate id, a bad threshold, and, when the options
 * give them, coordinates far outside the image or a label not in the task.
 */
export function scorePolygonsItem(
  itemId: string,
  truth: PolygonShape[],
  answer: PolygonShape[],
  options: Partial<PolygonsOptions> = {},
): ItemScore {
  const { problem, outcome, score } = matchPolygons(itemId, truth, answer, options, false);
  return itemScoreOf(itemId, problem, outcome, score);
}

/** scorePolygonsItem plus CVAT-style diagnostics: missing, extra, mismatching label, low overlap. */
export function scorePolygonsItemWithDiagnostics(
  itemId: string,
  truth: PolygonShape[],
  answer: PolygonShape[],
  options: Partial<PolygonsOptions> = {},
): DiagnosedItemScore {
  const { problem, outcome, score } = matchPolygons(itemId, truth, answer, options, true);
  return { ...itemScoreOf(itemId, problem, outcome, score), diagnostics: outcome.diagnostics ?? [] };
}

function matchPolygons(
  itemId: string,
  truth: PolygonShape[],
  answer: PolygonShape[],
  options: Partial<PolygonsOptions>,
  diagnostics: boolean,
): { problem: MatchingProblem; outcome: MatchingOutcome; score: number } {
  const iouThreshold = checkedThreshold(
    itemId,
    "IoU threshold",
    options.iouThreshold ?? DEFAULT_POLYGONS_OPTIONS.iouThreshold,
  );
  const lowOverlap = checkedThreshold(
    itemId,
    "low-overlap threshold",
    options.lowOverlapThreshold ?? DEFAULT_LOW_OVERLAP,
    true,
  );
  const credit = checkedCredit(itemId, options.credit ?? "f1@iou");
  const t = checkedShapes(itemId, "truth", truth, options);
  const a = checkedShapes(itemId, "answer", answer, options);
  // Every pair any threshold of the credit may count is reported; matchWithCredit filters.
  const floor = credit === "coco-mean" ? Math.min(iouThreshold, ...COCO_IOU_THRESHOLDS) : iouThreshold;
  const minIoU = floor - SIMILARITY_TOLERANCE;
  const problem: MatchingProblem = {
    truthIds: t.map((s) => s.id),
    truthLabels: t.map((s) => s.label),
    answerIds: a.map((s) => s.id),
    answerLabels: a.map((s) => s.label),
    candidates: (visit) => overlappingPairs(boundsOf(t), boundsOf(a), visit),
    similarity: (i, j) => {
      const p = (t[i] as Checked).region;
      const q = (a[j] as Checked).region;
      if (iouUpperBound(p, q) < minIoU) return -1;
      const iou = regionIoU(p, q);
      return iou <= 0 || iou < minIoU ? -1 : iou;
    },
  };
  const { outcome, score } = matchWithCredit(problem, credit, iouThreshold, COCO_IOU_THRESHOLDS, {
    diagnostics,
    lowOverlap,
  });
  return { problem, outcome, score };
}

interface Checked {
  id: string;
  label: string;
  region: Region;
}

function boundsOf(shapes: readonly Checked[]) {
  const bounds = allocateBounds(shapes.length);
  shapes.forEach((s, k) => {
    bounds.minX[k] = s.region.minX;
    bounds.minY[k] = s.region.minY;
    bounds.maxX[k] = s.region.maxX;
    bounds.maxY[k] = s.region.maxY;
  });
  return bounds;
}

/** Validates one side's shapes and returns them, with their prepared regions, sorted by id. */
function checkedShapes(
  itemId: string,
  side: "truth" | "answer",
  shapes: unknown,
  options: ShapeCheckOptions,
): Checked[] {
  if (!Array.isArray(shapes))
    throw new ScoringInputError(`item ${itemId}: ${side} polygons are not a list`, itemId);
  const outside = outsideChecker(itemId, options);
  const labels = options.labels === undefined ? undefined : new Set(options.labels);
  const seen = new Set<string>();
  const out: Checked[] = shapes.map((s: unknown, k) => {
    const shape = checkedShapeBase(itemId, side, "shape", k, s, seen, labels);
    let region: Region;
    try {
      region = regionOf(shape.polygons);
    } catch (err) {
      if (err instanceof PolygonInputError)
        throw shapeError(itemId, side, "shape", k, shape.id, `: ${err.message}`);
      throw err;
    }
    if (outside && (outside(region.minX, region.minY) || outside(region.maxX, region.maxY)))
      throw shapeError(itemId, side, "shape", k, shape.id, "lies far outside the image");
    return { id: shape.id, label: shape.label, region };
  });
  return out.sort((p, q) => compareIds(p.id, q.id));
}
