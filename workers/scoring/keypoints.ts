// Scores a keypoint item (skeletons): instances matched one-to-one by OKS with per-keypoint sigmas.
import {
  checkedShapeBase,
  checkedThreshold,
  compareIds,
  DEFAULT_LOW_OVERLAP,
  type DiagnosedItemScore,
  itemScoreOf,
  type MatchingOutcome,
  type MatchingProblem,
  matchShapes,
  outsideChecker,
  type ShapeCheckOptions,
  shapeError,
} from "./shape-matching.ts";
import { type ItemScore, ScoringInputError } from "./types.ts";

/** x, y and a visibility flag: 0 not labelled, 1 labelled but occluded, 2 labelled and visible. */
export type Keypoint = readonly [number, number, number];

export interface KeypointInstance {
  id: string;
  label: string;
  keypoints: readonly Keypoint[];
  /** The object's area (COCO's `area`, the scale s² of OKS); required for truth instances. */
  area?: number;
}

/** pycocotools' sigmas of COCO's 17 person keypoints (nose, eyes, ears, shoulders, …, ankles). */
export const COCO_PERSON_SIGMAS: readonly number[] = [
  0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89,
].map((s) => s / 10);

export interface KeypointsOptions extends ShapeCheckOptions {
  /** One sigma per keypoint; default COCO_PERSON_SIGMAS (17 keypoints). */
  sigmas?: readonly number[];
  /** A pair counts when its labels agree and its OKS is at least this; in (0, 1]; default 0.5. */
  oksThreshold?: number;
  /** Diagnostics only: a matched pair with an OKS below this is reported as low_overlap; default 0.8. */
  lowOverlapThreshold?: number;
}

export const DEFAULT_OKS_THRESHOLD = 0.5;

/** numpy's np.spacing(1), which pycocotools adds to the area. */
const SPACING_1 = 2.220446049250313e-16;

/**
 * Object keypoint similarity as pycocotools computes it: the mean over the truth's labelled
 * keypoints (v > 0) of exp(−d² / (2 · s² · (2σ)²)), with d the distance to the answer's keypoint and
 * s² the truth's area. Keypoints the truth leaves unlabelled do not count; one the answer leaves
 * unlabelled (v = 0) scores 0 (pycocotools would use its coordinates, usually 0, 0, to the same
 * effect). In [0, 1]; the arguments must be valid (scoreKeypointsItem validates).
 */
export function oks(truth: KeypointInstance, answer: KeypointInstance, sigmas: readonly number[]): number {
  const area = truth.area as number;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < truth.keypoints.length; k++) {
    const [xg, yg, vg] = truth.keypoints[k] as Keypoint;
    if (!(vg > 0)) continue;
    count++;
    const [xd, yd, vd] = answer.keypoints[k] as Keypoint;
    if (!(vd > 0)) continue;
    const sigma = sigmas[k] as number;
    const vars = (sigma * 2) ** 2;
    const dx = xd - xg;
    const dy = yd - yg;
    const e = (dx ** 2 + dy ** 2) / vars / (area + SPACING_1) / 2;
    sum += Math.exp(-e);
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Matches answer instances to truth instances one-to-one over pairs with the same label and OKS ≥
 * the threshold, maximising the total OKS (Hungarian). The item score is the mean OKS of the
 * matched pairs weighted like F1: 2 · ΣOKS / (2tp + fp + fn) = mean OKS × F1, so a missed or extra
 * instance costs what it costs in F1 and each pair brings its OKS instead of 1; 1 when both sides
 * are empty. Matches report the OKS as `iou`. Throws ScoringInputError naming the item for a
 * malformed instance (keypoint count not that of the sigmas, non-finite coordinates, a truth
 * visibility not 0 / 1 / 2, a truth without labelled keypoints or without a positive area), a
 * duplicate id, bad options and, when the options give them, a labelled keypoint far outside the
 * image or a label not in the task.
 */
export function scoreKeypointsItem(
  itemId: string,
  truth: KeypointInstance[],
  answer: KeypointInstance[],
  options: KeypointsOptions = {},
): ItemScore {
  const { problem, outcome, score } = matchKeypoints(itemId, truth, answer, options, false);
  return itemScoreOf(itemId, problem, outcome, score);
}

/** scoreKeypointsItem plus CVAT-style diagnostics: missing, extra, mismatching label, low overlap. */
export function scoreKeypointsItemWithDiagnostics(
  itemId: string,
  truth: KeypointInstance[],
  answer: KeypointInstance[],
  options: KeypointsOptions = {},
): DiagnosedItemScore {
  const { problem, outcome, score } = matchKeypoints(itemId, truth, answer, options, true);
  return { ...itemScoreOf(itemId, problem, outcome, score), diagnostics: outcome.diagnostics ?? [] };
}

function matchKeypoints(
  itemId: string,
  truth: KeypointInstance[],
  answer: KeypointInstance[],
  options: KeypointsOptions,
  diagnostics: boolean,
): { problem: MatchingProblem; outcome: MatchingOutcome; score: number } {
  const sigmas = options.sigmas ?? COCO_PERSON_SIGMAS;
  if (
    !Array.isArray(sigmas) ||
    sigmas.length === 0 ||
    sigmas.some((s) => !(typeof s === "number" && s > 0 && Number.isFinite(s)))
  )
    throw new ScoringInputError(`item ${itemId}: sigmas must be a non-empty list of numbers > 0`, itemId);
  const threshold = checkedThreshold(itemId, "OKS threshold", options.oksThreshold ?? DEFAULT_OKS_THRESHOLD);
  const lowOverlap = checkedThreshold(
    itemId,
    "low-overlap threshold",
    options.lowOverlapThreshold ?? DEFAULT_LOW_OVERLAP,
    true,
  );
  const t = checkedInstances(itemId, "truth", truth, sigmas.length, options);
  const a = checkedInstances(itemId, "answer", answer, sigmas.length, options);
  const problem: MatchingProblem = {
    truthIds: t.map((p) => p.id),
    truthLabels: t.map((p) => p.label),
    answerIds: a.map((p) => p.id),
    answerLabels: a.map((p) => p.label),
    candidates: (visit) => {
      for (let i = 0; i < t.length; i++) for (let j = 0; j < a.length; j++) visit(i, j);
    },
    similarity: (i, j) => {
      const s = oks(t[i] as KeypointInstance, a[j] as KeypointInstance, sigmas);
      return s > 0 && s >= threshold ? s : -1;
    },
  };
  const outcome = matchShapes(problem, { diagnostics, lowOverlap });
  const total = outcome.pairs.reduce((sum, p) => sum + p.similarity, 0);
  const { tp, fp, fn } = outcome;
  const score = tp + fp + fn === 0 ? 1 : Math.min(1, (2 * total) / (2 * tp + fp + fn));
  return { problem, outcome, score };
}

const KEYPOINT_FIELDS = ["x", "y", "visibility"];

/** Validates one side's instances and returns them sorted by id. */
function checkedInstances(
  itemId: string,
  side: "truth" | "answer",
  instances: unknown,
  keypointCount: number,
  options: ShapeCheckOptions,
): KeypointInstance[] {
  if (!Array.isArray(instances))
    throw new ScoringInputError(`item ${itemId}: ${side} instances are not a list`, itemId);
  const outside = outsideChecker(itemId, options);
  const labels = options.labels === undefined ? undefined : new Set(options.labels);
  const seen = new Set<string>();
  instances.forEach((p: unknown, n) => {
    const instance = checkedShapeBase(itemId, side, "instance", n, p, seen, labels);
    const keypoints = instance.keypoints;
    if (!Array.isArray(keypoints) || keypoints.length !== keypointCount)
      throw shapeError(
        itemId,
        side,
        "instance",
        n,
        instance.id,
        `has ${Array.isArray(keypoints) ? keypoints.length : "no"} keypoints, not ${keypointCount} (one per sigma)`,
      );
    let labelled = 0;
    for (let k = 0; k < keypoints.length; k++) {
      const kp: unknown = keypoints[k];
      if (!Array.isArray(kp) || kp.length !== 3)
        throw shapeError(
          itemId,
          side,
          "instance",
          n,
          instance.id,
          `keypoint ${k} is not an [x, y, visibility] triple`,
        );
      for (let c = 0; c < 3; c++) {
        const value: unknown = kp[c];
        if (typeof value !== "number" || !Number.isFinite(value))
          throw shapeError(
            itemId,
            side,
            "instance",
            n,
            instance.id,
            `keypoint ${k} has a non-finite ${KEYPOINT_FIELDS[c]}: ${String(value)}`,
          );
      }
      const [x, y, visibility] = kp as [number, number, number];
      if (side === "truth" ? !(visibility === 0 || visibility === 1 || visibility === 2) : visibility < 0)
        throw shapeError(
          itemId,
          side,
          "instance",
          n,
          instance.id,
          `keypoint ${k} has the visibility ${visibility}`,
        );
      if (visibility > 0) {
        labelled++;
        if (outside?.(x, y))
          throw shapeError(
            itemId,
            side,
            "instance",
            n,
            instance.id,
            `keypoint ${k} lies far outside the image`,
          );
      }
    }
    if (side === "truth") {
      if (labelled === 0)
        throw shapeError(itemId, side, "instance", n, instance.id, "has no labelled keypoint");
      const area = instance.area;
      if (typeof area !== "number" || !(area > 0 && Number.isFinite(area)))
        throw shapeError(
          itemId,
          side,
          "instance",
          n,
          instance.id,
          `has no positive area (the OKS scale): ${String(area)}`,
        );
    }
  });
  return [...(instances as KeypointInstance[])].sort((p, q) => compareIds(p.id, q.id));
}
