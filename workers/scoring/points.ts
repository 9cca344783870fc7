// Scores a point item: one-to-one matching of answer to truth points within a tolerance radius, then F1.
import {
  checkedShapeBase,
  compareIds,
  type DiagnosedItemScore,
  itemScoreOf,
  type MatchingOutcome,
  type MatchingProblem,
  matchShapes,
  outsideChecker,
  type ShapeCheckOptions,
  shapeError,
} from "./shape-matching.ts";
import { allocateBounds, overlappingPairs } from "./spatial.ts";
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

export interface PointShape {
  id: string;
  label: string;
  x: number;
  y: number;
}

export interface PointsOptions extends ShapeCheckOptions {
  /** An answer point counts for a truth point with the same label at a distance ≤ radius (> 0). */
  radius: number;
}

/** A matched pair of points: `iou` is the closeness 1 − distance / radius, in [0, 1]. */
export interface PointMatch extends Match {
  distance: number;
}

export interface PointsItemScore extends ItemScore {
  matches: PointMatch[];
}

/**
 * Matches answer points to truth points one-to-one: a pair is allowed when the labels agree and
 * the distance is at most the radius. The matching has as many pairs as possible (Hungarian), and
 * among those the smallest total distance. tp = pairs, fp = unmatched answers, fn = unmatched
 * truths, score = F1 = 2tp / (2tp + fp + fn), 1 when both sides are empty. Each match reports its
 * distance and, as `iou`, its closeness 1 − distance / radius. Throws ScoringInputError naming the
 * item for a malformed point, a duplicate id, a bad radius and, when the options give them, a point
 * far outside the image or a label not in the task. Independent of the order of the points.
 */
export function scorePointsItem(
  itemId: string,
  truth: PointShape[],
  answer: PointShape[],
  options: PointsOptions,
): PointsItemScore {
  const { problem, outcome, distances } = matchPoints(itemId, truth, answer, options, false);
  return withDistances(itemScoreOf(itemId, problem, outcome), outcome, distances);
}

/** scorePointsItem plus CVAT-style diagnostics: missing, extra, mismatching label (within the radius). */
export function scorePointsItemWithDiagnostics(
  itemId: string,
  truth: PointShape[],
  answer: PointShape[],
  options: PointsOptions,
): PointsItemScore & DiagnosedItemScore {
  const { problem, outcome, distances } = matchPoints(itemId, truth, answer, options, true);
  return {
    ...withDistances(itemScoreOf(itemId, problem, outcome), outcome, distances),
    diagnostics: outcome.diagnostics ?? [],
  };
}

function withDistances(
  item: ItemScore,
  outcome: MatchingOutcome,
  distance: (i: number, j: number) => number,
): PointsItemScore {
  const matches = item.matches.map((m, k) => {
    const p = outcome.pairs[k] as { i: number; j: number };
    return { ...m, distance: distance(p.i, p.j) };
  });
  return { ...item, matches };
}

function matchPoints(
  itemId: string,
  truth: PointShape[],
  answer: PointShape[],
  options: PointsOptions,
  diagnostics: boolean,
) {
  const radius = options?.radius;
  if (typeof radius !== "number" || !(radius > 0 && Number.isFinite(radius)))
    throw new ScoringInputError(`item ${itemId}: radius ${String(radius)} is not a number > 0`, itemId);
  const t = checkedPoints(itemId, "truth", truth, options);
  const a = checkedPoints(itemId, "answer", answer, options);
  const distance = (i: number, j: number): number => {
    const p = t[i] as PointShape;
    const q = a[j] as PointShape;
    return Math.hypot(p.x - q.x, p.y - q.y);
  };
  // Any matching with one more pair outweighs every difference in closeness: weights in
  // [1, 1 + 1 / (n + 1)] with n the most pairs possible.
  const spread = 1 / (Math.min(t.length, a.length) + 1);
  const problem: MatchingProblem = {
    truthIds: t.map((p) => p.id),
    truthLabels: t.map((p) => p.label),
    answerIds: a.map((p) => p.id),
    answerLabels: a.map((p) => p.label),
    candidates: (visit) => {
      const around = allocateBounds(t.length);
      t.forEach((p, k) => {
        around.minX[k] = p.x - radius;
        around.minY[k] = p.y - radius;
        around.maxX[k] = p.x + radius;
        around.maxY[k] = p.y + radius;
      });
      const at = allocateBounds(a.length);
      a.forEach((p, k) => {
        at.minX[k] = p.x;
        at.minY[k] = p.y;
        at.maxX[k] = p.x;
        at.maxY[k] = p.y;
      });
      overlappingPairs(around, at, visit, true);
    },
    similarity: (i, j) => {
      const d = distance(i, j);
      return d <= radius ? Math.max(0, 1 - d / radius) : -1;
    },
    weight: (closeness) => 1 + closeness * spread,
  };
  const outcome = matchShapes(problem, { diagnostics });
  return { problem, outcome, distances: distance };
}

const POINT_KEYS = ["x", "y"] as const;

/** Validates one side's points and returns them sorted by id. */
function checkedPoints(
  itemId: string,
  side: "truth" | "answer",
  points: unknown,
  options: ShapeCheckOptions,
): PointShape[] {
  if (!Array.isArray(points))
    throw new ScoringInputError(`item ${itemId}: ${side} points are not a list`, itemId);
  const outside = outsideChecker(itemId, options);
  const labels = options.labels === undefined ? undefined : new Set(options.labels);
  const seen = new Set<string>();
  points.forEach((p: unknown, k) => {
    const point = checkedShapeBase(itemId, side, "point", k, p, seen, labels);
    for (const key of POINT_KEYS) {
      const value = point[key];
      if (typeof value !== "number" || !Number.isFinite(value))
        throw shapeError(itemId, side, "point", k, point.id, `has a non-finite ${key}: ${String(value)}`);
    }
    if (outside?.(point.x as number, point.y as number))
      throw shapeError(itemId, side, "point", k, point.id, "lies far outside the image");
  });
  return [...(points as PointShape[])].sort((p, q) => compareIds(p.id, q.id));
}
