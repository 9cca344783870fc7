// One-to-one matching of labelled shapes by a similarity (IoU, OKS, closeness), with CVAT-style diagnostics.
import { maxWeightMatchingSparse, type WeightedEdge } from "./hungarian.ts";
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

/** The conflict types of CVAT's quality reports that a shape comparison can raise. */
export type ConflictType = "missing_annotation" | "extra_annotation" | "mismatching_label" | "low_overlap";

/**
 * One finding about an item, as CVAT reports it: a truth shape nothing matched (missing), an answer
 * shape that matched nothing (extra), a truth and an answer shape that overlap enough but carry
 * different labels (found by a second matching over the leftovers, across labels), or a matched
 * pair whose overlap is below the low-overlap threshold (a warning: the pair still counts).
 */
export interface Diagnostic {
  type: ConflictType;
  severity: "error" | "warning";
  truth?: string;
  answer?: string;
  /** The pair's similarity: IoU for boxes and polygons, OKS for keypoints, closeness for points. */
  iou?: number;
  truthLabel?: string;
  answerLabel?: string;
}

export interface DiagnosedItemScore extends ItemScore {
  diagnostics: Diagnostic[];
}

/** CVAT's default: a matched pair with an overlap below this is reported as low_overlap. */
export const DEFAULT_LOW_OVERLAP = 0.8;

/**
 * Added to every allowed pair's weight: among matchings whose total similarity ties (to ~1e-9 per
 * pair), the one with more pairs wins, so the score does not depend on the order the solver meets
 * ties. Too small to overrule a real difference in total similarity.
 */
export const PAIR_BONUS = 1e-9;

/**
 * A similarity this close below its threshold still counts: an IoU that is exactly the threshold in
 * decimal (0.5 for boxes at 0.1, 0.3, …) can come out an ulp below it in binary floating point.
 */
export const SIMILARITY_TOLERANCE = 1e-12;

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The two sides of an item, each sorted by id, and how to compare their shapes. */
export interface MatchingProblem {
  truthIds: readonly string[];
  truthLabels: readonly string[];
  answerIds: readonly string[];
  answerLabels: readonly string[];
  /** Calls visit(i, j) at least once for every pair that may have a similarity ≥ 0. */
  candidates: (visit: (i: number, j: number) => void) => void;
  /** The similarity of truth i and answer j when the pair is allowed (≥ 0), else a negative number. */
  similarity: (i: number, j: number) => number;
  /** The weight the matching maximises for an allowed pair; default similarity + PAIR_BONUS. */
  weight?: (similarity: number) => number;
}

export interface MatchedPair {
  i: number;
  j: number;
  similarity: number;
}

export interface MatchingOutcome {
  /** Same-label pairs, sorted by truth index (= by truth id). */
  pairs: MatchedPair[];
  tp: number;
  fp: number;
  fn: number;
  /** F1 = 2tp / (2tp + fp + fn); 1 when both sides are empty. */
  f1: number;
  /** Present when asked for. */
  diagnostics?: Diagnostic[];
}

const defaultWeight = (s: number): number => s + PAIR_BONUS;

/**
 * Matches answer shapes to truth shapes one-to-one over pairs with the same label (exact string),
 * maximising the total weight (Hungarian, per connected group of candidate pairs). With
 * `diagnostics`, a second matching pairs the leftovers across labels (mismatching_label), and
 * every matched pair with a similarity below `lowOverlap` is reported (low_overlap).
 */
export function matchShapes(
  problem: MatchingProblem,
  options: { diagnostics?: boolean; lowOverlap?: number } = {},
): MatchingOutcome {
  const { truthIds, truthLabels, answerIds, answerLabels } = problem;
  const weight = problem.weight ?? defaultWeight;
  const rows = truthIds.length;
  const cols = answerIds.length;
  const labelCode = new Map<string, number>();
  const code = (label: string): number => {
    let c = labelCode.get(label);
    if (c === undefined) {
      c = labelCode.size;
      labelCode.set(label, c);
    }
    return c;
  };
  const truthCode = Int32Array.from(truthLabels, code);
  const answerCode = Int32Array.from(answerLabels, code);

  // Candidate pairs with another label are kept for the diagnostics' second pass.
  const crossI: number[] = [];
  const crossJ: number[] = [];
  const edges: WeightedEdge[] = [];
  const similarityOf = new Map<number, number>(); // key: i * cols + j
  problem.candidates((i, j) => {
    if (truthCode[i] !== answerCode[j]) {
      if (options.diagnostics) {
        crossI.push(i);
        crossJ.push(j);
      }
      return;
    }
    const key = i * cols + j;
    if (similarityOf.has(key)) return;
    const s = problem.similarity(i, j);
    similarityOf.set(key, s);
    if (s >= 0) edges.push({ row: i, col: j, weight: weight(s) });
  });
  const pairs: MatchedPair[] = maxWeightMatchingSparse(rows, cols, edges).map(([i, j]) => ({
    i,
    j,
    similarity: similarityOf.get(i * cols + j) as number,
  }));
  const tp = pairs.length;
  const fp = cols - tp;
  const fn = rows - tp;
  const f1 = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
  const outcome: MatchingOutcome = { pairs, tp, fp, fn, f1 };
  if (!options.diagnostics) return outcome;

  const truthUsed = new Uint8Array(rows);
  const answerUsed = new Uint8Array(cols);
  for (const p of pairs) {
    truthUsed[p.i] = 1;
    answerUsed[p.j] = 1;
  }
  const crossEdges: WeightedEdge[] = [];
  const crossSimilarity = new Map<number, number>();
  for (let k = 0; k < crossI.length; k++) {
    const i = crossI[k] as number;
    const j = crossJ[k] as number;
    const key = i * cols + j;
    if (truthUsed[i] || answerUsed[j] || crossSimilarity.has(key)) continue;
    const s = problem.similarity(i, j);
    crossSimilarity.set(key, s);
    if (s >= 0) crossEdges.push({ row: i, col: j, weight: weight(s) });
  }
  const mismatched: MatchedPair[] = maxWeightMatchingSparse(rows, cols, crossEdges).map(([i, j]) => ({
    i,
    j,
    similarity: crossSimilarity.get(i * cols + j) as number,
  }));
  for (const p of mismatched) {
    truthUsed[p.i] = 1;
    answerUsed[p.j] = 1;
  }

  // CVAT's order: low overlap (matched and mismatched pairs), missing, extra, mismatching label.
  const diagnostics: Diagnostic[] = [];
  const lowOverlap = options.lowOverlap;
  if (lowOverlap !== undefined) {
    const low = [...pairs, ...mismatched].filter((p) => p.similarity < lowOverlap).sort((p, q) => p.i - q.i);
    for (const p of low)
      diagnostics.push({
        type: "low_overlap",
        severity: "warning",
        truth: truthIds[p.i] as string,
        answer: answerIds[p.j] as string,
        iou: p.similarity,
      });
  }
  for (let i = 0; i < rows; i++)
    if (!truthUsed[i])
      diagnostics.push({
        type: "missing_annotation",
        severity: "error",
        truth: truthIds[i] as string,
        truthLabel: truthLabels[i] as string,
      });
  for (let j = 0; j < cols; j++)
    if (!answerUsed[j])
      diagnostics.push({
        type: "extra_annotation",
        severity: "error",
        answer: answerIds[j] as string,
        answerLabel: answerLabels[j] as string,
      });
  for (const p of mismatched)
    diagnostics.push({
      type: "mismatching_label",
      severity: "error",
      truth: truthIds[p.i] as string,
      answer: answerIds[p.j] as string,
      iou: p.similarity,
      truthLabel: truthLabels[p.i] as string,
      answerLabel: answerLabels[p.j] as string,
    });
  outcome.diagnostics = diagnostics;
  return outcome;
}

/** The ItemScore of an outcome: matches carry the truth and answer ids and the similarity. */
export function itemScoreOf(
  itemId: string,
  problem: Pick<MatchingProblem, "truthIds" | "answerIds">,
  outcome: MatchingOutcome,
  score: number = outcome.f1,
): ItemScore {
  const matches: Match[] = outcome.pairs.map((p) => ({
    truth: problem.truthIds[p.i] as string,
    answer: problem.answerIds[p.j] as string,
    iou: p.similarity,
  }));
  return { id: itemId, score, tp: outcome.tp, fp: outcome.fp, fn: outcome.fn, matches };
}

/** Checks a threshold option: a number in (0, 1] (or [0, 1] with `allowZero`). */
export function checkedThreshold(itemId: string, name: string, value: unknown, allowZero = false): number {
  if (typeof value !== "number" || !(allowZero ? value >= 0 : value > 0) || !(value <= 1))
    throw new ScoringInputError(
      `item ${itemId}: ${name} ${String(value)} is not in ${allowZero ? "[0, 1]" : "(0, 1]"}`,
      itemId,
    );
  return value;
}

/** Optional checks every shape kind applies at input. */
export interface ShapeCheckOptions {
  /** The image's size: coordinates far outside it are refused. */
  imageSize?: { width: number; height: number };
  /** How far outside the image a coordinate may lie, as a share of its width / height; default 0.1. */
  outsideMargin?: number;
  /** The task's labels: any other label is refused. */
  labels?: readonly string[];
}

export const DEFAULT_OUTSIDE_MARGIN = 0.1;

/** Returns a checker of (x, y) against the image with its margin, or undefined without an image size. */
export function outsideChecker(
  itemId: string,
  options: ShapeCheckOptions,
): ((x: number, y: number) => boolean) | undefined {
  const size = options.imageSize;
  if (size === undefined) return undefined;
  const { width, height } = size;
  if (!(Number.isFinite(width) && width > 0 && Number.isFinite(height) && height > 0))
    throw new ScoringInputError(`item ${itemId}: image size ${width} × ${height} is not positive`, itemId);
  const margin = options.outsideMargin ?? DEFAULT_OUTSIDE_MARGIN;
  if (!(Number.isFinite(margin) && margin >= 0))
    throw new ScoringInputError(`item ${itemId}: outside margin ${margin} is not a number ≥ 0`, itemId);
  const x0 = -margin * width;
  const x1 = width + margin * width;
  const y0 = -margin * height;
  const y1 = height + margin * height;
  return (x, y) => x < x0 || x > x1 || y < y0 || y > y1;
}

/**
 * The error for one shape of one side of an item: "item 7: truth box #3 (id "b1") repeats an id".
 * Built only when thrown: validation loops stay free of string building.
 */
export function shapeError(
  itemId: string,
  side: string,
  noun: string,
  index: number,
  id: unknown,
  why: string,
): ScoringInputError {
  const named = typeof id === "string" && id !== "" ? ` (id ${JSON.stringify(id)})` : "";
  const sep = why.startsWith(":") ? "" : " ";
  return new ScoringInputError(`item ${itemId}: ${side} ${noun} #${index}${named}${sep}${why}`, itemId);
}

/** Checks a label against the task's label set, when there is one. */
/**
 * What every shape needs, checked in one place: an object with a non-empty string id not seen
 * before on its side, and a string label known to the task (when a label set is given).
 */
export function checkedShapeBase(
  itemId: string,
  side: string,
  noun: string,
  index: number,
  raw: unknown,
  seen: Set<string>,
  labels: ReadonlySet<string> | undefined,
): Record<string, unknown> & { id: string; label: string } {
  if (typeof raw !== "object" || raw === null)
    throw shapeError(itemId, side, noun, index, undefined, "is not an object");
  const shape = raw as Record<string, unknown>;
  if (typeof shape.id !== "string" || shape.id === "")
    throw shapeError(itemId, side, noun, index, shape.id, "has no string id");
  if (seen.has(shape.id)) throw shapeError(itemId, side, noun, index, shape.id, "repeats an id");
  seen.add(shape.id);
  if (typeof shape.label !== "string")
    throw shapeError(itemId, side, noun, index, shape.id, "has no string label");
  if (!isKnownLabel(shape.label, labels))
    throw shapeError(
      itemId,
      side,
      noun,
      index,
      shape.id,
      `has the unknown label ${JSON.stringify(shape.label)}`,
    );
  return shape as Record<string, unknown> & { id: string; label: string };
}

export function isKnownLabel(label: string, labels: ReadonlySet<string> | undefined): boolean {
  return labels === undefined || labels.has(label);
}

/**
 * How a matched pair earns credit (boxes and polygons; see docs/SCORING-CREDIT.md):
 * - "f1@iou": F1 at one IoU threshold, 2tp / (2tp + fp + fn) — every pair at or above the
 *   threshold counts 1, however rough;
 * - "coco-mean": the mean of F1@t over pycocotools' thresholds t = 0.50, 0.55, …, 0.95
 *   (np.linspace(.5, .95, 10)), one optimal matching per threshold — a pair earns the share of
 *   the thresholds its IoU reaches, so precision pays;
 * - "iou-weighted": the matching at the threshold, each matched pair contributing its IoU instead
 *   of 1 to the numerator: 2 ΣIoU / (2tp + fp + fn).
 * All are 1 when both sides are empty and 0 when exactly one is.
 */
export type ShapeCredit = "f1@iou" | "coco-mean" | "iou-weighted";

export const SHAPE_CREDITS: readonly ShapeCredit[] = ["f1@iou", "coco-mean", "iou-weighted"];

/**
 * Matches `problem` at `threshold` (the outcome: tp, fp, fn, the pairs the review draws) and
 * computes the item's credit. `problem.similarity` must report every pair whose similarity is at
 * least min(threshold, thresholds) (else a negative number); pairs below a threshold are dropped
 * here. Similarities are computed once and reused for every threshold.
 */
export function matchWithCredit(
  problem: MatchingProblem,
  credit: ShapeCredit,
  threshold: number,
  thresholds: readonly number[],
  options: { diagnostics?: boolean; lowOverlap?: number } = {},
): { outcome: MatchingOutcome; score: number } {
  const cols = problem.answerIds.length;
  const cache = new Map<number, number>();
  const similarity = (i: number, j: number) => {
    const key = i * cols + j;
    let s = cache.get(key);
    if (s === undefined) {
      s = problem.similarity(i, j);
      cache.set(key, s);
    }
    return s;
  };
  const at = (t: number): MatchingProblem => ({
    ...problem,
    similarity: (i, j) => {
      const s = similarity(i, j);
      return s >= 0 && s >= t - SIMILARITY_TOLERANCE ? s : -1;
    },
  });
  const outcome = matchShapes(at(threshold), options);
  if (credit === "f1@iou") return { outcome, score: outcome.f1 };
  const { tp, fp, fn } = outcome;
  if (tp + fp + fn === 0) return { outcome, score: 1 };
  if (credit === "iou-weighted") {
    const sum = outcome.pairs.reduce((acc, p) => acc + Math.min(1, p.similarity), 0);
    return { outcome, score: (2 * sum) / (2 * tp + fp + fn) };
  }
  let total = 0;
  for (const t of thresholds) total += t === threshold ? outcome.f1 : matchShapes(at(t)).f1;
  return { outcome, score: total / thresholds.length };
}

/** Checks a credit option: one of SHAPE_CREDITS. */
export function checkedCredit(itemId: string, value: unknown): ShapeCredit {
  if (!SHAPE_CREDITS.includes(value as ShapeCredit))
    throw new ScoringInputError(
      `item ${itemId}: credit ${JSON.stringify(value)} is not one of ${SHAPE_CREDITS.join(", ")}`,
      itemId,
    );
  return value as ShapeCredit;
}
