// Scores a bounding-box item: one-to-one matching of answer to truth boxes by IoU, then F1.
import { boxIoU, rectArea } from "./geometry.ts";
import { maxWeightMatchingSparse, type WeightedEdge } from "./hungarian.ts";
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

export interface BoxShape {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BoxesOptions {
  /** A pair counts when its labels agree and its IoU is at least this; in (0, 1]. */
  iouThreshold: number;
}

export const DEFAULT_BOXES_OPTIONS: BoxesOptions = { iouThreshold: 0.5 };

/**
 * Added to every allowed pair's weight: among matchings whose total IoU ties (to ~1e-9 per pair),
 * the one with more pairs wins, so the score does not depend on the order the solver meets ties.
 * Too small to overrule a real difference in total IoU.
 */
const PAIR_BONUS = 1e-9;

/**
 * An IoU this close below the threshold still counts: an IoU that is exactly the threshold in
 * decimal (0.5 for boxes at 0.1, 0.3, …) can come out an ulp below it in binary floating point.
 */
const IOU_TOLERANCE = 1e-12;

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Matches answer boxes to truth boxes one-to-one, maximising the total IoU (Hungarian) over pairs
 * with the same label (exact string) and IoU ≥ threshold. tp = matched pairs, fp = unmatched answers,
 * fn = unmatched truths; score = F1 = 2tp / (2tp + fp + fn), and 1 when both sides are empty.
 * Throws ScoringInputError naming the item for a malformed box, a duplicate id or a bad threshold.
 * The result depends on the boxes, not on their order: both sides are sorted by id first.
 */
export function scoreBoxesItem(
  itemId: string,
  truth: BoxShape[],
  answer: BoxShape[],
  options: Partial<BoxesOptions> = {},
): ItemScore {
  const iouThreshold = options.iouThreshold ?? DEFAULT_BOXES_OPTIONS.iouThreshold;
  if (typeof iouThreshold !== "number" || !(iouThreshold > 0 && iouThreshold <= 1))
    throw new ScoringInputError(`item ${itemId}: IoU threshold ${iouThreshold} is not in (0, 1]`, itemId);
  const t = checkedBoxes(itemId, "truth", truth);
  const a = checkedBoxes(itemId, "answer", answer);

  const edges: WeightedEdge[] = [];
  const iouOf = new Map<number, number>(); // key: i * a.length + j
  for (const [i, tb] of t.entries()) {
    for (const [j, ab] of a.entries()) {
      if (tb.label !== ab.label) continue;
      const iou = boxIoU(tb, ab);
      if (iou <= 0 || iou < iouThreshold - IOU_TOLERANCE) continue;
      edges.push({ row: i, col: j, weight: iou + PAIR_BONUS });
      iouOf.set(i * a.length + j, iou);
    }
  }
  const matches: Match[] = maxWeightMatchingSparse(t.length, a.length, edges).map(([i, j]) => ({
    truth: (t[i] as BoxShape).id,
    answer: (a[j] as BoxShape).id,
    iou: iouOf.get(i * a.length + j) as number,
  }));
  matches.sort((x, y) => compareIds(x.truth, y.truth));

  const tp = matches.length;
  const fp = a.length - tp;
  const fn = t.length - tp;
  const score = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
  return { id: itemId, score, tp, fp, fn, matches };
}

/** Validates one side's boxes and returns them sorted by id. */
function checkedBoxes(itemId: string, side: "truth" | "answer", boxes: unknown): BoxShape[] {
  if (!Array.isArray(boxes))
    throw new ScoringInputError(`item ${itemId}: ${side} boxes are not a list`, itemId);
  const seen = new Set<string>();
  boxes.forEach((b: unknown, k) => {
    const where = `item ${itemId}: ${side} box #${k}`;
    if (typeof b !== "object" || b === null) throw new ScoringInputError(`${where} is not an object`, itemId);
    const box = b as Record<string, unknown>;
    if (typeof box.id !== "string" || box.id === "")
      throw new ScoringInputError(`${where} has no string id`, itemId);
    const named = `${where} (id ${JSON.stringify(box.id)})`;
    if (seen.has(box.id)) throw new ScoringInputError(`${named} repeats an id`, itemId);
    seen.add(box.id);
    if (typeof box.label !== "string") throw new ScoringInputError(`${named} has no string label`, itemId);
    for (const key of ["x", "y", "w", "h"] as const) {
      const value = box[key];
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new ScoringInputError(`${named} has a non-finite ${key}: ${String(value)}`, itemId);
    }
    if (!((box.w as number) > 0 && (box.h as number) > 0))
      throw new ScoringInputError(`${named} has a non-positive size ${box.w} × ${box.h}`, itemId);
    // Sizes lost to the coordinates' precision (or overflowing) would make a box of area 0 or ∞.
    const area = rectArea(box as unknown as BoxShape);
    if (!(area > 0 && Number.isFinite(area)))
      throw new ScoringInputError(`${named} has an area of ${area} at these coordinates`, itemId);
  });
  return [...(boxes as BoxShape[])].sort((p, q) => compareIds(p.id, q.id));
}
