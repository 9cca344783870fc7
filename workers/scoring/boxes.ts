// Scores a bounding-box item: one-to-one matching of answer to truth boxes by IoU, then F1.

import { COCO_IOU_THRESHOLDS } from "./detections.ts";
import { boxIoU, rectArea } from "./geometry.ts";
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
import { allocateBounds, type BoundsList, overlappingPairs } from "./spatial.ts";
import { type ItemScore, ScoringInputError } from "./types.ts";

export interface BoxShape {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BoxesOptions extends ShapeCheckOptions {
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

export const DEFAULT_BOXES_OPTIONS: BoxesOptions = { iouThreshold: 0.5 };

/**
 * Matches answer boxes to truth boxes one-to-one, maximising the total IoU (Hungarian) over pairs
 * with the same label (exact string) and IoU ≥ threshold. tp = matched pairs, fp = unmatched answers,
 * fn = unmatched truths; score = F1 = 2tp / (2tp + fp + fn), and 1 when both sides are empty, with
 * options.credit "f1@iou" (the default here); "coco-mean" and "iou-weighted" score the same
 * matching otherwise (shape-matching.ts ShapeCredit, docs/SCORING-CREDIT.md).
 * Throws ScoringInputError naming the item for a malformed box, a duplicate id or a bad threshold,
 * and, when the options give them, for a box far outside the image or a label not in the task.
 * The result depends on the boxes, not on their order: both sides are sorted by id first.
 * Only pairs whose boxes overlap are ever compared (sweep over x), so dense items stay fast.
 */
export function scoreBoxesItem(
  itemId: string,
  truth: BoxShape[],
  answer: BoxShape[],
  options: Partial<BoxesOptions> = {},
): ItemScore {
  const { problem, outcome, score } = matchBoxes(itemId, truth, answer, options, false);
  return itemScoreOf(itemId, problem, outcome, score);
}

/** scoreBoxesItem plus CVAT-style diagnostics: missing, extra, mismatching label, low overlap. */
export function scoreBoxesItemWithDiagnostics(
  itemId: string,
  truth: BoxShape[],
  answer: BoxShape[],
  options: Partial<BoxesOptions> = {},
): DiagnosedItemScore {
  const { problem, outcome, score } = matchBoxes(itemId, truth, answer, options, true);
  return { ...itemScoreOf(itemId, problem, outcome, score), diagnostics: outcome.diagnostics ?? [] };
}

function matchBoxes(
  itemId: string,
  truth: BoxShape[],
  answer: BoxShape[],
  options: Partial<BoxesOptions>,
  diagnostics: boolean,
): { problem: MatchingProblem; outcome: MatchingOutcome; score: number } {
  const iouThreshold = checkedThreshold(
    itemId,
    "IoU threshold",
    options.iouThreshold ?? DEFAULT_BOXES_OPTIONS.iouThreshold,
  );
  const lowOverlap = checkedThreshold(
    itemId,
    "low-overlap threshold",
    options.lowOverlapThreshold ?? DEFAULT_LOW_OVERLAP,
    true,
  );
  const credit = checkedCredit(itemId, options.credit ?? "f1@iou");
  const t = checkedBoxes(itemId, "truth", truth, options);
  const a = checkedBoxes(itemId, "answer", answer, options);
  const tBounds = boundsOf(t);
  const aBounds = boundsOf(a);
  // Every pair any threshold of the credit may count is reported; matchWithCredit filters.
  const floor = credit === "coco-mean" ? Math.min(iouThreshold, ...COCO_IOU_THRESHOLDS) : iouThreshold;
  const minIoU = floor - SIMILARITY_TOLERANCE;
  const problem: MatchingProblem = {
    truthIds: t.map((b) => b.id),
    truthLabels: t.map((b) => b.label),
    answerIds: a.map((b) => b.id),
    answerLabels: a.map((b) => b.label),
    candidates: (visit) => overlappingPairs(tBounds, aBounds, visit),
    similarity: (i, j) => {
      const iou = boxIoU(t[i] as BoxShape, a[j] as BoxShape);
      return iou <= 0 || iou < minIoU ? -1 : iou;
    },
  };
  const { outcome, score } = matchWithCredit(problem, credit, iouThreshold, COCO_IOU_THRESHOLDS, {
    diagnostics,
    lowOverlap,
  });
  return { problem, outcome, score };
}

function boundsOf(boxes: readonly BoxShape[]): BoundsList {
  const bounds = allocateBounds(boxes.length);
  boxes.forEach((b, k) => {
    bounds.minX[k] = b.x;
    bounds.minY[k] = b.y;
    bounds.maxX[k] = b.x + b.w;
    bounds.maxY[k] = b.y + b.h;
  });
  return bounds;
}

const BOX_KEYS = ["x", "y", "w", "h"] as const;

/** Validates one side's boxes and returns them sorted by id. */
function checkedBoxes(
  itemId: string,
  side: "truth" | "answer",
  boxes: unknown,
  options: ShapeCheckOptions,
): BoxShape[] {
  if (!Array.isArray(boxes))
    throw new ScoringInputError(`item ${itemId}: ${side} boxes are not a list`, itemId);
  const outside = outsideChecker(itemId, options);
  const labels = options.labels === undefined ? undefined : new Set(options.labels);
  const seen = new Set<string>();
  boxes.forEach((b: unknown, k) => {
    const box = checkedShapeBase(itemId, side, "box", k, b, seen, labels);
    for (const key of BOX_KEYS) {
      const value = box[key];
      if (typeof value !== "number" || !Number.isFinite(value))
        throw shapeError(itemId, side, "box", k, box.id, `has a non-finite ${key}: ${String(value)}`);
    }
    if (!((box.w as number) > 0 && (box.h as number) > 0))
      throw shapeError(itemId, side, "box", k, box.id, `has a non-positive size ${box.w} × ${box.h}`);
    // Sizes lost to the coordinates' precision (or overflowing) would make a box of area 0 or ∞.
    const area = rectArea(box as unknown as BoxShape);
    if (!(area > 0 && Number.isFinite(area)))
      throw shapeError(itemId, side, "box", k, box.id, `has an area of ${area} at these coordinates`);
    const { x, y, w, h } = box as unknown as BoxShape;
    if (outside && (outside(x, y) || outside(x + w, y + h)))
      throw shapeError(itemId, side, "box", k, box.id, "lies far outside the image");
  });
  return [...(boxes as BoxShape[])].sort((p, q) => compareIds(p.id, q.id));
}
