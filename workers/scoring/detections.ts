// Scores model detections with confidences: COCO AP@[.5:.95], AP50, AP75, AR and pycocotools' full
// 12-figure summary (pycocotools' rules), and VOC AP.
import { compareIds } from "./shape-matching.ts";
import { type ItemScore, ScoringInputError } from "./types.ts";

/** A truth object. Crowd regions (COCO's iscrowd) are ignored: matching one is neither TP nor FP. */
export interface TruthBox {
  id: string;
  image: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  crowd?: boolean;
  /** COCO's `area` (the segment's area); default w × h. Decides the summary's area ranges. */
  area?: number;
}

/** A model's detection, with its confidence. */
export interface DetectionBox {
  id: string;
  image: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

export type ApMethod = "coco" | "voc11" | "voc-all";
export const AP_METHODS: readonly ApMethod[] = ["coco", "voc11", "voc-all"];

export interface DetectionsOptions {
  /** The IoU threshold of VOC AP and of the per-image matches; default 0.5. */
  iouThreshold: number;
  /**
   * VOC's "+1 pixel" rule for VOC AP (and the per-image matches of the VOC methods): widths are
   * x2 − x1 + 1, so touching boxes overlap (Padilla, the VOC devkit). COCO's figures always use
   * pycocotools' continuous IoU.
   */
  plusOne: boolean;
  /** At most this many detections per image and label are evaluated, the most confident; default 100. */
  maxDets: number;
  /** The AP that is the score, and the matching rule of the per-image items; default "coco". */
  method: ApMethod;
  /**
   * Every image evaluated, in order (pycocotools sorts its image ids; the order breaks ties of
   * equal confidence across images). Default: the images of the truth and the detections, numeric
   * ids numerically, then the others as strings.
   */
  images?: readonly string[];
}

export const DEFAULT_DETECTIONS_OPTIONS: DetectionsOptions = {
  iouThreshold: 0.5,
  plusOne: false,
  maxDets: 100,
  method: "coco",
};

export interface ClassEvaluation {
  label: string;
  /** Truth objects that count (crowd regions excluded). */
  truths: number;
  /** Detections evaluated (at most maxDets per image). */
  detections: number;
  ap: number;
  ap50: number;
  ap75: number;
  ar: number;
  /** With a VOC method (or `voc: true`). */
  voc11?: number;
  vocAll?: number;
}

export interface DetectionsEvaluation {
  /** The AP named by the method. */
  score: number;
  /** COCO AP@[.5:.95] (101-point interpolation, mean over IoU 0.50, 0.55, …, 0.95 and labels). */
  ap: number;
  ap50: number;
  ap75: number;
  /** COCO AR@maxDets: recall averaged over the ten IoU thresholds and the labels. */
  ar: number;
  /** VOC 2007 11-point AP at the IoU threshold, mean over labels (with a VOC method or `voc: true`). */
  voc11?: number;
  /** VOC 2010+ all-point AP at the IoU threshold, mean over labels (likewise). */
  vocAll?: number;
  /** Labels that have truth objects, sorted. Labels without any are left out of the means. */
  perClass: ClassEvaluation[];
  /** Per image: matches at the IoU threshold (the method's rule), tp / fp / fn and F1. */
  items: ItemScore[];
  /**
   * pycocotools' summarize(): its 12 figures in its order (AP, AP50, AP75, APs, APm, APl, AR1,
   * AR10, AR100, ARs, ARm, ARl), each −1 when no label has a truth object in its area range.
   */
  summary: CocoSummaryStat[];
}

export type CocoArea = "all" | "small" | "medium" | "large";

/** One line of pycocotools' summary. */
export interface CocoSummaryStat {
  /** AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl (detectron2's names). */
  name: string;
  metric: "AP" | "AR";
  /** The IoU thresholds averaged over: "0.50:0.95", or one of them. */
  iou: "0.50:0.95" | "0.50" | "0.75";
  area: CocoArea;
  /** At most this many detections per image and label (the largest is the option maxDets). */
  maxDets: number;
  /** The figure, or −1 when no label has a truth object in the area range (pycocotools' rule). */
  value: number;
}

/** pycocotools' IoU thresholds: np.linspace(.5, .95, 10), reproduced bit for bit. */
export const COCO_IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) =>
  i === 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5,
);
/** pycocotools' recall thresholds: np.linspace(0, 1, 101). */
const RECALL_THRESHOLDS: readonly number[] = Array.from({ length: 101 }, (_, i) =>
  i === 100 ? 1 : i * 0.01,
);
/** VOC's 11 recall levels: np.linspace(0, 1, 11). */
const VOC11_RECALLS: readonly number[] = Array.from({ length: 11 }, (_, i) => (i === 10 ? 1 : i * 0.1));
/** pycocotools' "all" area range: [0², 1e5²]. */
const AREA_MAX = 1e10;
/**
 * pycocotools' area ranges (Params.areaRng, both bounds inclusive): all, small [0², 32²], medium
 * [32², 96²], large [96², 1e5²]. A truth's area is its `area` (COCO's segment area), a detection's
 * its box's w × h (what loadRes sets for bbox results).
 */
export const COCO_AREA_RANGES: ReadonlyArray<{ area: CocoArea; min: number; max: number }> = [
  { area: "all", min: 0, max: AREA_MAX },
  { area: "small", min: 0, max: 32 ** 2 },
  { area: "medium", min: 32 ** 2, max: 96 ** 2 },
  { area: "large", min: 96 ** 2, max: AREA_MAX },
];

/**
 * IoU with VOC's "+1 pixel" convention, as rafaelpadilla/Object-Detection-Metrics computes it: the
 * corners are x and x + w, every width and height is x2 − x1 + 1, and boxes separated by less than
 * one pixel still overlap.
 */
export function boxIoUPlusOne(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
): number {
  const ax2 = a.x + a.w;
  const ay2 = a.y + a.h;
  const bx2 = b.x + b.w;
  const by2 = b.y + b.h;
  if (a.x > bx2 || b.x > ax2 || ay2 < b.y || a.y > by2) return 0;
  const inter = (Math.min(ax2, bx2) - Math.max(a.x, b.x) + 1) * (Math.min(ay2, by2) - Math.max(a.y, b.y) + 1);
  const union = (ax2 - a.x + 1) * (ay2 - a.y + 1) + (bx2 - b.x + 1) * (by2 - b.y + 1) - inter;
  return union > 0 ? inter / union : 0;
}

// ---------------------------------------------------------------------------------------------
// The evaluation works on flat arrays: boxes are grouped by (label, image) with a counting sort,
// each group is matched at the ten COCO thresholds (and the VOC / item threshold) in scratch
// buffers, and each label's detections are accumulated from one contiguous segment. Thousands of
// images then cost no per-group allocation beyond the matches reported.
// ---------------------------------------------------------------------------------------------

/** Each group's members, in input order: start[key] .. start[key + 1] − 1 of order. */
function groupBy(count: number, keyOf: Int32Array, keys: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (let k = 0; k < count; k++)
    start[(keyOf[k] as number) + 1] = (start[(keyOf[k] as number) + 1] as number) + 1;
  for (let g = 0; g < keys; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const fill = start.slice(0, keys);
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const g = keyOf[k] as number;
    order[fill[g] as number] = k;
    fill[g] = (fill[g] as number) + 1;
  }
  return { start, order };
}

/** Growable scratch buffers shared by the groups. */
class Scratch {
  ious = new Float64Array(64);
  /** The same with VOC's +1 pixel rule, when asked for. */
  iousPlusOne = new Float64Array(64);
  truths = new Int32Array(16);
  dets = new Int32Array(16);
  ignored = new Uint8Array(16);
  crowd = new Uint8Array(16);
  taken = new Uint8Array(16);
  matchOf = new Int32Array(16);
  ignoredDet = new Uint8Array(16);
  /** Each detection's box area (pycocotools' d['area'] for bbox results). */
  detArea = new Float64Array(16);
  /** The truths of one area range, in its order (regular first): IoUs, flags, "all" positions. */
  iousArea = new Float64Array(64);
  ignoredArea = new Uint8Array(16);
  crowdArea = new Uint8Array(16);
  perm = new Int32Array(16);
  /** The "all" position of each truth of the group, in input order. */
  inputPos = new Int32Array(16);

  fit(truths: number, dets: number) {
    if (this.ious.length < truths * dets) {
      this.ious = new Float64Array(Math.max(truths * dets, 2 * this.ious.length));
      this.iousPlusOne = new Float64Array(this.ious.length);
      this.iousArea = new Float64Array(this.ious.length);
    }
    if (this.truths.length < truths) {
      const n = Math.max(truths, 2 * this.truths.length);
      this.truths = new Int32Array(n);
      this.ignored = new Uint8Array(n);
      this.crowd = new Uint8Array(n);
      this.taken = new Uint8Array(n);
      this.ignoredArea = new Uint8Array(n);
      this.crowdArea = new Uint8Array(n);
      this.perm = new Int32Array(n);
      this.inputPos = new Int32Array(n);
    }
    if (this.dets.length < dets) {
      const n = Math.max(dets, 2 * this.dets.length);
      this.dets = new Int32Array(n);
      this.matchOf = new Int32Array(n);
      this.ignoredDet = new Uint8Array(n);
      this.detArea = new Float64Array(n);
    }
  }
}

/**
 * pycocotools' evaluateImg at one IoU threshold and area range, into s.matchOf (truth position or
 * −1) and s.ignoredDet: detections by confidence each take the unmatched truth with the best IoU ≥
 * the threshold, preferring regular truths to ignored ones (`ignored` lists the regular ones
 * first); a crowd region can take many. A detection matched to an ignored truth is ignored, and so
 * is an unmatched one whose area is out of the range.
 */
function cocoMatch(
  s: Scratch,
  ious: Float64Array,
  ignored: Uint8Array,
  crowd: Uint8Array,
  G: number,
  D: number,
  threshold: number,
  min: number,
  max: number,
) {
  const { taken, matchOf, ignoredDet, detArea } = s;
  taken.fill(0, 0, G);
  for (let d = 0; d < D; d++) {
    let best = Math.min(threshold, 1 - 1e-10);
    let m = -1;
    for (let g = 0; g < G; g++) {
      if (taken[g] && !crowd[g]) continue;
      if (m > -1 && !ignored[m] && ignored[g]) break;
      const iou = ious[d * G + g] as number;
      if (iou < best) continue;
      best = iou;
      m = g;
    }
    matchOf[d] = m;
    if (m === -1) {
      const area = detArea[d] as number;
      ignoredDet[d] = area < min || area > max ? 1 : 0;
      continue;
    }
    ignoredDet[d] = ignored[m] as number;
    taken[m] = 1;
  }
}

/**
 * VOC's rule (Padilla's Evaluator, the VOC devkit), into s.matchOf and s.ignoredDet: detections
 * by confidence each take the truth with the best IoU; a TP if that IoU ≥ the threshold and the
 * truth is not taken yet, else a FP (even if another truth was free). A detection whose best truth
 * is a crowd region is ignored (VOC's "difficult").
 */
function vocMatch(s: Scratch, ious: Float64Array, G: number, D: number, threshold: number) {
  const { crowd, taken, matchOf, ignoredDet } = s;
  taken.fill(0, 0, G);
  for (let d = 0; d < D; d++) {
    // Padilla starts from sys.float_info.min: an IoU of 0 never matches.
    let best = 2.2250738585072014e-308;
    let m = -1;
    for (let g = 0; g < G; g++) {
      const iou = ious[d * G + g] as number;
      if (iou > best) {
        best = iou;
        m = g;
      }
    }
    matchOf[d] = -1;
    ignoredDet[d] = 0;
    if (m === -1 || best < threshold) continue;
    if (crowd[m]) ignoredDet[d] = 1;
    else if (!taken[m]) {
      taken[m] = 1;
      matchOf[d] = m;
    }
  }
}

const TP = 1;
const FP = 2;
const IGNORED = 3;

interface Evaluated {
  labels: string[];
  images: string[];
  perClass: ClassEvaluation[];
  items: ItemScore[];
  /** Per label with truth objects, when VOC was asked for: outcomes in VOC's order. */
  voc: Map<
    string,
    {
      outcomes: Array<{ id: string; outcome: "TP" | "FP" | "ignored" }>;
      recall: number[];
      precision: number[];
    }
  >;
  summary: CocoSummaryStat[];
}

/**
 * One label's figures for the summary (labels with truth objects): AP and AR for the area ranges
 * all, small, medium, large (−1 where the label has no truth object in the range), AR at 1 and 10.
 */
interface LabelSummary {
  ap: number[];
  ar: number[];
  ap50: number;
  ap75: number;
  ar1: number;
  ar10: number;
}

/** The summary's maxDets (Params.maxDets): 1, 10 and the option, none above the option. */
function summaryMaxDets(maxDets: number): [number, number, number] {
  return [Math.min(1, maxDets), Math.min(10, maxDets), maxDets];
}

/**
 * pycocotools' _summarizeDets: each figure is the mean over the labels that have truth objects in
 * its area range (the mean of precision / recall entries above −1), or −1 when there is none.
 */
function summarize(rows: readonly LabelSummary[], maxDets: number): CocoSummaryStat[] {
  const [m1, m10, m100] = summaryMaxDets(maxDets);
  const mean = (values: number[]) => {
    const kept = values.filter((v) => v > -1);
    return kept.length === 0 ? -1 : kept.reduce((sum, v) => sum + v, 0) / kept.length;
  };
  const areas: CocoArea[] = ["all", "small", "medium", "large"];
  const out: CocoSummaryStat[] = [];
  const stat = (
    name: string,
    metric: "AP" | "AR",
    iou: CocoSummaryStat["iou"],
    area: CocoArea,
    dets: number,
    pick: (r: LabelSummary) => number,
  ) => out.push({ name, metric, iou, area, maxDets: dets, value: mean(rows.map(pick)) });
  stat("AP", "AP", "0.50:0.95", "all", m100, (r) => r.ap[0] as number);
  stat("AP50", "AP", "0.50", "all", m100, (r) => r.ap50);
  stat("AP75", "AP", "0.75", "all", m100, (r) => r.ap75);
  for (let a = 1; a < 4; a++)
    stat(
      `AP${(areas[a] as string)[0]}`,
      "AP",
      "0.50:0.95",
      areas[a] as CocoArea,
      m100,
      (r) => r.ap[a] as number,
    );
  stat("AR1", "AR", "0.50:0.95", "all", m1, (r) => r.ar1);
  stat("AR10", "AR", "0.50:0.95", "all", m10, (r) => r.ar10);
  stat("AR100", "AR", "0.50:0.95", "all", m100, (r) => r.ar[0] as number);
  for (let a = 1; a < 4; a++)
    stat(
      `AR${(areas[a] as string)[0]}`,
      "AR",
      "0.50:0.95",
      areas[a] as CocoArea,
      m100,
      (r) => r.ar[a] as number,
    );
  return out;
}

function evaluate(
  truth: readonly TruthBox[],
  detections: readonly DetectionBox[],
  opts: DetectionsOptions,
  withVoc: boolean,
  withOutcomes: boolean,
): Evaluated {
  const images = opts.images ? [...opts.images] : sortedImages(imagesOf(truth, detections));
  const imageIndex = new Map<string, number>();
  images.forEach((image, k) => {
    imageIndex.set(image, k);
  });
  const labelSet = new Set<string>();
  for (const t of truth) labelSet.add(t.label);
  for (const d of detections) labelSet.add(d.label);
  const labels = [...labelSet].sort(compareIds);
  const labelIndex = new Map<string, number>();
  labels.forEach((label, k) => {
    labelIndex.set(label, k);
  });
  const I = images.length;
  const keys = labels.length * I;
  const keyOf = (b: TruthBox | DetectionBox): number => {
    const image = imageIndex.get(b.image);
    if (image === undefined)
      throw new ScoringInputError(
        `image ${b.image} of box ${b.id} is not among the images evaluated`,
        b.image,
      );
    return (labelIndex.get(b.label) as number) * I + image;
  };
  const truthGroups = groupBy(truth.length, Int32Array.from(truth, keyOf), keys);
  const detGroups = groupBy(detections.length, Int32Array.from(detections, keyOf), keys);
  const T = COCO_IOU_THRESHOLDS.length;
  const nD = detections.length;
  // Every evaluated detection, label after label, image after image, by confidence.
  const evalDet = new Int32Array(nD);
  const evalScore = new Float64Array(nD);
  const evalMatched = new Uint8Array(T * nD);
  const evalIgnored = new Uint8Array(T * nD);
  const evalVoc = new Uint8Array(withVoc ? nD : 0);
  // The small, medium and large area ranges: their own matches (the truths they ignore differ).
  const AREAS = COCO_AREA_RANGES.length - 1;
  const evalMatchedArea = new Uint8Array(AREAS * T * nD);
  const evalIgnoredArea = new Uint8Array(AREAS * T * nD);
  /** Each evaluated detection's rank in its image and label, by confidence (maxDets truncation). */
  const evalRank = new Int32Array(nD);
  const summaryRows: LabelSummary[] = [];
  const items = images.map((image): ItemScore => ({ id: image, score: 1, tp: 0, fp: 0, fn: 0, matches: [] }));
  const perClass: ClassEvaluation[] = [];
  const voc: Evaluated["voc"] = new Map();
  const s = new Scratch();
  const truthIgnored = (t: TruthBox) => {
    const area = t.area ?? t.w * t.h;
    return t.crowd === true || area < 0 || area > AREA_MAX;
  };
  let evalCount = 0;
  for (let l = 0; l < labels.length; l++) {
    const labelStart = evalCount;
    let counted = 0;
    const countedArea = new Array<number>(AREAS).fill(0);
    for (let image = 0; image < I; image++) {
      const key = l * I + image;
      const t0 = truthGroups.start[key] as number;
      const t1 = truthGroups.start[key + 1] as number;
      const d0 = detGroups.start[key] as number;
      const d1 = detGroups.start[key + 1] as number;
      if (t0 === t1 && d0 === d1) continue;
      const G = t1 - t0;
      s.fit(G, d1 - d0);
      // Truths: regular ones first, then ignored ones (each in input order).
      let g = 0;
      for (let pass = 0; pass < 2; pass++)
        for (let k = t0; k < t1; k++) {
          const t = truth[truthGroups.order[k] as number] as TruthBox;
          const ignored = truthIgnored(t);
          if (ignored !== (pass === 1)) continue;
          s.truths[g] = truthGroups.order[k] as number;
          s.inputPos[k - t0] = g;
          s.ignored[g] = ignored ? 1 : 0;
          s.crowd[g] = t.crowd === true ? 1 : 0;
          if (!ignored) counted++;
          g++;
        }
      // Detections by confidence (stable insertion sort), at most maxDets.
      let D = 0;
      for (let k = d0; k < d1; k++) {
        const d = detGroups.order[k] as number;
        const score = (detections[d] as DetectionBox).score;
        let m = D - 1;
        while (m >= 0 && (detections[s.dets[m] as number] as DetectionBox).score < score) {
          s.dets[m + 1] = s.dets[m] as number;
          m--;
        }
        s.dets[m + 1] = d;
        D++;
      }
      D = Math.min(D, opts.maxDets);
      for (let d = 0; d < D; d++) {
        const det = detections[s.dets[d] as number] as DetectionBox;
        s.detArea[d] = det.w * det.h;
      }
      // COCO's figures use pycocotools' IoU (bbIou, to the last bit); VOC's may use the +1 pixel rule.
      for (let d = 0; d < D; d++) {
        const det = detections[s.dets[d] as number] as DetectionBox;
        for (let k = 0; k < G; k++) {
          const t = truth[s.truths[k] as number] as TruthBox;
          s.ious[d * G + k] = cocoBoxIoU(det, t, s.crowd[k] === 1);
          if (opts.plusOne)
            s.iousPlusOne[d * G + k] = s.crowd[k] ? crowdOverlapPlusOne(det, t) : boxIoUPlusOne(det, t);
        }
      }
      const vocIous = opts.plusOne ? s.iousPlusOne : s.ious;
      for (let ti = 0; ti < T; ti++) {
        cocoMatch(s, s.ious, s.ignored, s.crowd, G, D, COCO_IOU_THRESHOLDS[ti] as number, 0, AREA_MAX);
        for (let d = 0; d < D; d++) {
          evalMatched[ti * nD + evalCount + d] = (s.matchOf[d] as number) >= 0 ? 1 : 0;
          evalIgnored[ti * nD + evalCount + d] = s.ignoredDet[d] as number;
        }
      }
      for (let d = 0; d < D; d++) {
        evalDet[evalCount + d] = s.dets[d] as number;
        evalScore[evalCount + d] = (detections[s.dets[d] as number] as DetectionBox).score;
        evalRank[evalCount + d] = d;
      }
      if (withVoc) {
        vocMatch(s, vocIous, G, D, opts.iouThreshold);
        for (let d = 0; d < D; d++)
          evalVoc[evalCount + d] = s.ignoredDet[d] ? IGNORED : (s.matchOf[d] as number) >= 0 ? TP : FP;
      }
      // The item's matches at the threshold, by the method's rule (VOC's were just computed).
      if (opts.method === "coco")
        cocoMatch(s, s.ious, s.ignored, s.crowd, G, D, opts.iouThreshold, 0, AREA_MAX);
      const itemIous = opts.method === "coco" ? s.ious : vocIous;
      const item = items[image] as ItemScore;
      s.taken.fill(0, 0, G);
      for (let d = 0; d < D; d++) {
        if (s.ignoredDet[d]) continue;
        const m = s.matchOf[d] as number;
        if (m < 0) {
          item.fp++;
          continue;
        }
        s.taken[m] = 1;
        item.tp++;
        item.matches.push({
          truth: (truth[s.truths[m] as number] as TruthBox).id,
          answer: (detections[s.dets[d] as number] as DetectionBox).id,
          iou: itemIous[d * G + m] as number,
        });
      }
      for (let k = 0; k < G; k++) if (!s.ignored[k] && !s.taken[k]) item.fn++;
      // The other area ranges: truths out of the range are ignored, regular ones first (each in
      // input order, as pycocotools' stable sort leaves them); the IoUs are the "all" ones reordered.
      for (let a = 0; a < AREAS; a++) {
        const { min, max } = COCO_AREA_RANGES[a + 1] as { min: number; max: number };
        let g2 = 0;
        for (let pass = 0; pass < 2; pass++)
          for (let j = 0; j < G; j++) {
            const p = s.inputPos[j] as number;
            const t = truth[s.truths[p] as number] as TruthBox;
            const area = t.area ?? t.w * t.h;
            const ignored = s.crowd[p] === 1 || area < min || area > max;
            if (ignored !== (pass === 1)) continue;
            s.perm[g2] = p;
            s.ignoredArea[g2] = ignored ? 1 : 0;
            s.crowdArea[g2] = s.crowd[p] as number;
            if (!ignored) countedArea[a] = (countedArea[a] as number) + 1;
            g2++;
          }
        for (let d = 0; d < D; d++)
          for (let g = 0; g < G; g++) s.iousArea[d * G + g] = s.ious[d * G + (s.perm[g] as number)] as number;
        for (let ti = 0; ti < T; ti++) {
          cocoMatch(
            s,
            s.iousArea,
            s.ignoredArea,
            s.crowdArea,
            G,
            D,
            COCO_IOU_THRESHOLDS[ti] as number,
            min,
            max,
          );
          const base = (a * T + ti) * nD + evalCount;
          for (let d = 0; d < D; d++) {
            evalMatchedArea[base + d] = (s.matchOf[d] as number) >= 0 ? 1 : 0;
            evalIgnoredArea[base + d] = s.ignoredDet[d] as number;
          }
        }
      }
      evalCount += D;
    }
    if (counted === 0) continue;
    const label = labels[l] as string;
    // Concatenated in image order, then sorted by confidence (stable): mergesort in pycocotools.
    const total = evalCount - labelStart;
    const byScore = new Int32Array(total);
    for (let k = 0; k < total; k++) byScore[k] = labelStart + k;
    byScore.sort((p, q) => (evalScore[q] as number) - (evalScore[p] as number) || p - q);
    const all = cocoAccumulate(byScore, evalMatched, evalIgnored, 0, nD, counted, evalRank, opts.maxDets);
    const coco = apFigures(all);
    const entry: ClassEvaluation = { label, truths: counted, detections: total, ...coco };
    const [m1, m10] = summaryMaxDets(opts.maxDets);
    const recallAt = (maxDets: number) =>
      cocoAccumulate(byScore, evalMatched, evalIgnored, 0, nD, counted, evalRank, maxDets).recallSum / T;
    const row: LabelSummary = {
      ap: [coco.ap],
      ap50: coco.ap50,
      ap75: coco.ap75,
      ar: [coco.ar],
      ar1: recallAt(m1),
      ar10: recallAt(m10),
    };
    for (let a = 0; a < AREAS; a++) {
      const n = countedArea[a] as number;
      if (n === 0) {
        row.ap.push(-1);
        row.ar.push(-1);
        continue;
      }
      const r = cocoAccumulate(
        byScore,
        evalMatchedArea,
        evalIgnoredArea,
        a * T * nD,
        nD,
        n,
        evalRank,
        opts.maxDets,
      );
      const f = apFigures(r);
      row.ap.push(f.ap);
      row.ar.push(f.ar);
    }
    summaryRows.push(row);
    if (withVoc) {
      const order = Array.from({ length: evalCount - labelStart }, (_, k) => labelStart + k).sort(
        (p, q) =>
          (evalScore[q] as number) - (evalScore[p] as number) ||
          (evalDet[p] as number) - (evalDet[q] as number),
      );
      const outcomes = order.map((k) => evalVoc[k] as number);
      const { recall, precision } = precisionRecall(outcomes, counted);
      entry.voc11 = vocAveragePrecision(recall, precision, "11");
      entry.vocAll = vocAveragePrecision(recall, precision, "all");
      if (withOutcomes)
        voc.set(label, {
          outcomes: order.map((k) => ({
            id: (detections[evalDet[k] as number] as DetectionBox).id,
            outcome: evalVoc[k] === TP ? "TP" : evalVoc[k] === FP ? "FP" : "ignored",
          })),
          recall,
          precision,
        });
    }
    perClass.push(entry);
  }
  for (const item of items) {
    const { tp, fp, fn } = item;
    item.score = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
    item.matches.sort((p, q) => compareIds(p.truth, q.truth));
  }
  return { labels, images, perClass, items, voc, summary: summarize(summaryRows, opts.maxDets) };
}

function imagesOf(truth: readonly TruthBox[], detections: readonly DetectionBox[]): Set<string> {
  const out = new Set<string>();
  for (const t of truth) out.add(t.image);
  for (const d of detections) out.add(d.image);
  return out;
}

/**
 * COCO AP / AR (pycocotools' evaluate + accumulate + summarize, area "all", one maxDets), the full
 * pycocotools summary (`summary`: its 12 figures, areas small / medium / large and AR at maxDets 1
 * and 10 included) and,
 * with a VOC method (or `voc: true`), VOC 11-point and all-point AP at the IoU threshold; per
 * label and averaged over the labels that have truth objects; plus per-image matches at the IoU
 * threshold by the method's rule. Throws ScoringInputError naming the image for a malformed box, a
 * duplicate id, a detection without a finite confidence or bad options.
 */
export function evaluateDetections(
  truth: readonly TruthBox[],
  detections: readonly DetectionBox[],
  options: Partial<DetectionsOptions> & { voc?: boolean } = {},
): DetectionsEvaluation {
  const opts = checkedOptions(options);
  checkBoxes("truth object", truth, false);
  checkBoxes("detection", detections, true);
  const withVoc = opts.method !== "coco" || options.voc === true;
  const { perClass, items, summary: cocoSummary } = evaluate(truth, detections, opts, withVoc, false);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  // No label with truth objects: AP is undefined in pycocotools (−1); an empty answer is then right.
  const none = detections.length === 0 ? 1 : 0;
  const summary = (pick: (c: ClassEvaluation) => number) =>
    perClass.length === 0 ? none : mean(perClass.map(pick));
  const ap = summary((c) => c.ap);
  const out: DetectionsEvaluation = {
    score: ap,
    ap,
    ap50: summary((c) => c.ap50),
    ap75: summary((c) => c.ap75),
    ar: summary((c) => c.ar),
    perClass,
    items,
    summary: cocoSummary,
  };
  if (withVoc) {
    out.voc11 = summary((c) => c.voc11 as number);
    out.vocAll = summary((c) => c.vocAll as number);
    out.score = opts.method === "voc11" ? out.voc11 : opts.method === "voc-all" ? out.vocAll : ap;
  }
  return out;
}

/**
 * Python's format(x, "0.3f"): x rounded to 3 decimals, exact ties to even. A double lies exactly
 * halfway between two 3-decimal numbers only when it is an odd multiple of 1/16, where JavaScript's
 * toFixed rounds up instead.
 */
function fixed3(x: number): string {
  if (Number.isInteger(x * 16) && !Number.isInteger(x * 8)) {
    const low = Math.floor(x * 1000);
    return ((low % 2 === 0 ? low : low + 1) / 1000).toFixed(3);
  }
  return x.toFixed(3);
}

/**
 * The summary as pycocotools' summarize() prints it, one line each:
 * " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.706".
 */
export function formatCocoSummary(summary: readonly CocoSummaryStat[]): string[] {
  return summary.map((stat) => {
    const title = (stat.metric === "AP" ? "Average Precision" : "Average Recall").padEnd(18);
    const iou = stat.iou.padEnd(9);
    const area = stat.area.padStart(6);
    const dets = String(stat.maxDets).padStart(3);
    return ` ${title} (${stat.metric}) @[ IoU=${iou} | area=${area} | maxDets=${dets} ] = ${fixed3(stat.value)}`;
  });
}

/**
 * pycocotools' bbIou (maskApi.c), operation for operation so that IoUs at a threshold compare the
 * same: the intersection over the union, or over the detection's own area (w × h) for a crowd region.
 */
export function cocoBoxIoU(
  det: { x: number; y: number; w: number; h: number },
  truth: { x: number; y: number; w: number; h: number },
  crowd: boolean,
): number {
  const w = Math.min(det.w + det.x, truth.w + truth.x) - Math.max(det.x, truth.x);
  if (w <= 0) return 0;
  const h = Math.min(det.h + det.y, truth.h + truth.y) - Math.max(det.y, truth.y);
  if (h <= 0) return 0;
  const i = w * h;
  const da = det.w * det.h;
  return i / (crowd ? da : da + truth.w * truth.h - i);
}

/** The overlap a detection has with a crowd region with VOC's +1 pixel rule: intersection over the detection's own area. */
function crowdOverlapPlusOne(det: DetectionBox, crowd: TruthBox): number {
  const dx2 = det.x + det.w;
  const dy2 = det.y + det.h;
  const cx2 = crowd.x + crowd.w;
  const cy2 = crowd.y + crowd.h;
  if (det.x > cx2 || crowd.x > dx2 || dy2 < crowd.y || det.y > cy2) return 0;
  const inter =
    (Math.min(dx2, cx2) - Math.max(det.x, crowd.x) + 1) * (Math.min(dy2, cy2) - Math.max(det.y, crowd.y) + 1);
  return inter / ((dx2 - det.x + 1) * (dy2 - det.y + 1));
}

/** One label's accumulation: the sums over the recall thresholds, and of the final recalls, per IoU threshold. */
interface Accumulated {
  precisionSum: Float64Array;
  recallSum: number;
}

/**
 * pycocotools' accumulate for one label, area range and maxDets: `order` lists the label's
 * evaluated detections by confidence; entry d at IoU threshold ti is matched[base + ti × stride +
 * d]; only detections ranked below maxDets in their image count (e['dtScores'][0:maxDet]).
 */
function cocoAccumulate(
  order: Int32Array,
  matched: Uint8Array,
  ignored: Uint8Array,
  base: number,
  stride: number,
  counted: number,
  rank: Int32Array,
  maxDets: number,
): Accumulated {
  const T = COCO_IOU_THRESHOLDS.length;
  let kept = order;
  if (order.some((d) => (rank[d] as number) >= maxDets))
    kept = order.filter((d) => (rank[d] as number) < maxDets);
  const total = kept.length;
  const precisionSum = new Float64Array(T);
  let recallSum = 0;
  const rc = new Float64Array(total);
  const pr = new Float64Array(total);
  for (let ti = 0; ti < T; ti++) {
    let tp = 0;
    let fp = 0;
    const at = base + ti * stride;
    for (let k = 0; k < total; k++) {
      const d = kept[k] as number;
      if (!ignored[at + d]) {
        if (matched[at + d]) tp++;
        else fp++;
      }
      rc[k] = tp / counted;
      // pycocotools divides by fp + tp + 2.2e-16 to avoid 0 / 0, which makes a perfect result
      // 0.9999999999999998; the same without it (0 when there is nothing yet).
      pr[k] = tp + fp === 0 ? 0 : tp / (tp + fp);
    }
    recallSum += total > 0 ? (rc[total - 1] as number) : 0;
    for (let k = total - 1; k > 0; k--)
      if ((pr[k] as number) > (pr[k - 1] as number)) pr[k - 1] = pr[k] as number;
    // np.searchsorted(rc, recThrs, side="left"): the first k with rc[k] ≥ threshold; past the end → 0.
    let k = 0;
    let sum = 0;
    for (const r of RECALL_THRESHOLDS) {
      while (k < total && (rc[k] as number) < r) k++;
      if (k >= total) break;
      sum += pr[k] as number;
    }
    precisionSum[ti] = sum;
  }
  return { precisionSum, recallSum };
}

/** AP@[.5:.95], AP50, AP75 and AR of an accumulation. */
function apFigures({
  precisionSum,
  recallSum,
}: Accumulated): Pick<ClassEvaluation, "ap" | "ap50" | "ap75" | "ar"> {
  const T = COCO_IOU_THRESHOLDS.length;
  const R = RECALL_THRESHOLDS.length;
  const ap = precisionSum.reduce((sum, v) => sum + v, 0) / (T * R);
  return {
    ap,
    ap50: (precisionSum[0] as number) / R,
    ap75: (precisionSum[5] as number) / R,
    ar: recallSum / T,
  };
}

function precisionRecall(outcomes: readonly number[], counted: number) {
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  let fp = 0;
  for (const o of outcomes) {
    if (o === IGNORED) continue;
    if (o === TP) tp++;
    else fp++;
    recall.push(tp / counted);
    precision.push(tp / (fp + tp));
  }
  return { recall, precision };
}

/**
 * VOC average precision of a precision–recall curve (detections by confidence). "all": the area
 * under the curve made monotone (every-point interpolation, VOC 2010+); "11": the mean of the best
 * precision at recall ≥ 0, 0.1, …, 1 (VOC 2007). As in Padilla's Evaluator and the VOC devkit.
 */
export function vocAveragePrecision(
  recall: readonly number[],
  precision: readonly number[],
  method: "11" | "all",
): number {
  if (method === "11") {
    let sum = 0;
    for (const r of VOC11_RECALLS) {
      let best = 0;
      for (let k = 0; k < recall.length; k++)
        if ((recall[k] as number) >= r) best = Math.max(best, precision[k] as number);
      sum += best;
    }
    return sum / 11;
  }
  const mrec = [0, ...recall, 1];
  const mpre = [0, ...precision, 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1] as number, mpre[i] as number);
  let ap = 0;
  for (let i = 1; i < mrec.length; i++)
    if (mrec[i] !== mrec[i - 1]) ap += ((mrec[i] as number) - (mrec[i - 1] as number)) * (mpre[i] as number);
  return ap;
}

/** One label's VOC evaluation in detail: each detection's outcome in order, the curve, both APs. */
export interface VocClassDetail {
  label: string;
  truths: number;
  outcomes: Array<{ id: string; outcome: "TP" | "FP" | "ignored" }>;
  recall: number[];
  precision: number[];
  voc11: number;
  vocAll: number;
}

/**
 * VOC evaluation per label (labels with truth objects) with every detection's TP / FP outcome in
 * VOC's order: confidence, then input order (for reports and conformance tests).
 */
export function vocDetails(
  truth: readonly TruthBox[],
  detections: readonly DetectionBox[],
  options: Partial<DetectionsOptions> = {},
): VocClassDetail[] {
  const opts = checkedOptions({ ...options, method: "voc-all" });
  checkBoxes("truth object", truth, false);
  checkBoxes("detection", detections, true);
  const { perClass, voc } = evaluate(truth, detections, opts, true, true);
  return perClass.map((c) => {
    const detail = voc.get(c.label) as {
      outcomes: VocClassDetail["outcomes"];
      recall: number[];
      precision: number[];
    };
    return {
      label: c.label,
      truths: c.truths,
      ...detail,
      voc11: c.voc11 as number,
      vocAll: c.vocAll as number,
    };
  });
}

/** Image ids in pycocotools' order when they are numbers: numeric ids numerically, then the rest. */
export function sortedImages(ids: Iterable<string>): string[] {
  const numeric = (s: string) => /^-?\d+(\.\d+)?$/.test(s);
  return [...new Set(ids)].sort((a, b) => {
    const na = numeric(a);
    const nb = numeric(b);
    if (na && nb) return Number(a) - Number(b) || compareIds(a, b);
    if (na !== nb) return na ? -1 : 1;
    return compareIds(a, b);
  });
}

function checkedOptions(options: Partial<DetectionsOptions>): DetectionsOptions {
  const o = { ...DEFAULT_DETECTIONS_OPTIONS, ...options };
  if (typeof o.iouThreshold !== "number" || !(o.iouThreshold > 0 && o.iouThreshold <= 1))
    throw new ScoringInputError(`IoU threshold ${o.iouThreshold} is not in (0, 1]`);
  if (!Number.isInteger(o.maxDets) || o.maxDets < 1)
    throw new ScoringInputError(`maxDets ${o.maxDets} is not an integer ≥ 1`);
  if (!AP_METHODS.includes(o.method))
    throw new ScoringInputError(`AP method ${String(o.method)} is not one of ${AP_METHODS.join(", ")}`);
  if (typeof o.plusOne !== "boolean")
    throw new ScoringInputError(`plusOne ${String(o.plusOne)} is not a boolean`);
  if (o.images !== undefined && new Set(o.images).size !== o.images.length)
    throw new ScoringInputError("the images evaluated repeat an id");
  return o;
}

const BOX_KEYS = ["x", "y", "w", "h"] as const;

function boxError(
  what: string,
  k: number,
  b: TruthBox | DetectionBox,
  image: string | undefined,
  why: string,
) {
  const id = typeof b?.id === "string" ? ` (id ${JSON.stringify(b.id)})` : "";
  return new ScoringInputError(
    `${image === undefined ? "" : `image ${image}: `}${what} #${k}${id} ${why}`,
    image,
  );
}

function checkBoxes(what: string, boxes: readonly (TruthBox | DetectionBox)[], detection: boolean) {
  const seen = new Set<string>();
  for (let k = 0; k < boxes.length; k++) {
    const b = boxes[k] as TruthBox | DetectionBox;
    if (typeof b !== "object" || b === null) throw boxError(what, k, b, undefined, "is not an object");
    const image = b.image;
    if (typeof image !== "string") throw boxError(what, k, b, undefined, "has no string image id");
    if (typeof b.id !== "string" || b.id === "") throw boxError(what, k, b, image, "has no string id");
    if (seen.has(b.id)) throw boxError(what, k, b, image, "repeats an id");
    seen.add(b.id);
    if (typeof b.label !== "string") throw boxError(what, k, b, image, "has no string label");
    for (const key of BOX_KEYS)
      if (typeof b[key] !== "number" || !Number.isFinite(b[key]))
        throw boxError(what, k, b, image, `has a non-finite ${key}: ${String(b[key])}`);
    if (!(b.w > 0 && b.h > 0)) throw boxError(what, k, b, image, `has a non-positive size ${b.w} × ${b.h}`);
    if (detection) {
      const score = (b as DetectionBox).score;
      if (typeof score !== "number" || !Number.isFinite(score))
        throw boxError(what, k, b, image, `has no finite confidence score: ${String(score)}`);
    } else {
      const { area, crowd } = b as TruthBox;
      if (area !== undefined && !(typeof area === "number" && Number.isFinite(area) && area >= 0))
        throw boxError(what, k, b, image, `has an invalid area: ${String(area)}`);
      if (crowd !== undefined && typeof crowd !== "boolean")
        throw boxError(what, k, b, image, "has a non-boolean crowd flag");
    }
  }
}
