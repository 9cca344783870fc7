// Scores text spans (NER): exact or partial-overlap F1 per item, and micro / macro / weighted P, R, F1 per label.
import { maxWeightMatchingSparse, type WeightedEdge } from "./hungarian.ts";
import { codePoints } from "./normalize.ts";
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

/** A labelled span of character offsets [start, end), counted in Unicode code points. */
export interface Span {
  start: number;
  end: number;
  label: string;
}

export interface SpansOptions {
  /** Credit overlapping spans of the same label by their character IoU instead of only exact ones. */
  partial: boolean;
  /** When given, every label of the truth and of the answer must be one of these. */
  labels?: ReadonlySet<string>;
}

export const DEFAULT_SPANS_OPTIONS: SpansOptions = { partial: false };

/** Per label: credit earned (fractional with partial credit), spans found in the answer, spans in the truth. */
export interface LabelTally {
  correct: number;
  found: number;
  support: number;
}

export interface SpansItemScore extends ItemScore {
  /** Credit per label, for the totals over all items. */
  tallies: Map<string, LabelTally>;
}

/** Tie-break among matchings of equal total IoU: more pairs win (as in boxes.ts). */
const PAIR_BONUS = 1e-9;

/**
 * Scores one text's spans.
 * - exact (default): a truth span and an answer span match when start, end and label are all equal.
 * - partial: spans of the same label that share at least one character may match; a pair's credit
 *   is its character IoU |overlap| / |union| (1 for an exact match), and spans are matched one to one
 *   so that the total credit is the largest possible (Hungarian).
 * credit = matches (exact) or the sum of matched IoUs (partial); precision = credit / |answer|,
 * recall = credit / |truth|, score = F1 = 2·credit / (|truth| + |answer|), and 1 when both are empty.
 * tp = matched pairs, fp = unmatched answer spans, fn = unmatched truth spans. Matches name spans by
 * their index in the item's truth and answer lists.
 * Refused (ScoringInputError naming the item): an offset that is not an integer, start ≥ end, an end
 * past the text, an empty label or one outside options.labels, and a span repeated in the truth.
 * A span repeated in the answer is allowed and counts as a false positive (matching is one to one).
 */
export function scoreSpansItem(
  id: string,
  text: string,
  truth: readonly Span[],
  answer: readonly Span[],
  options: SpansOptions = DEFAULT_SPANS_OPTIONS,
): SpansItemScore {
  const length = codePoints(text).length;
  const t = checkedSpans(id, "truth", truth, length, options);
  const a = checkedSpans(id, "answer", answer, length, options);
  const seen = new Set<string>();
  for (const s of t) {
    const key = spanKey(s);
    if (seen.has(key)) throw new ScoringInputError(`item ${id}: truth repeats span ${describeSpan(s)}`, id);
    seen.add(key);
  }
  const pairs = options.partial ? matchPartial(t, a) : matchExactSpans(t, a);
  return itemFromPairs(id, t, a, pairs);
}

export interface IndexedSpan extends Span {
  index: number;
}

/** A matched pair by position in the sorted lists, with its credit. */
export interface SpanPair {
  t: number;
  a: number;
  iou: number;
}

/** Turns matched pairs into the item's score, matches and per-label tallies. Spans must be sorted. */
export function itemFromPairs(
  id: string,
  t: readonly IndexedSpan[],
  a: readonly IndexedSpan[],
  pairs: readonly SpanPair[],
): SpansItemScore {
  const tallies = new Map<string, LabelTally>();
  const tally = (label: string): LabelTally => {
    let x = tallies.get(label);
    if (!x) {
      x = { correct: 0, found: 0, support: 0 };
      tallies.set(label, x);
    }
    return x;
  };
  for (const s of t) tally(s.label).support++;
  for (const s of a) tally(s.label).found++;
  let credit = 0;
  const matches: Match[] = [];
  for (const p of pairs) {
    const ts = t[p.t] as IndexedSpan;
    const as = a[p.a] as IndexedSpan;
    credit += p.iou;
    tally(ts.label).correct += p.iou;
    matches.push({ truth: String(ts.index), answer: String(as.index), iou: p.iou });
  }
  matches.sort((x, y) => Number(x.truth) - Number(y.truth));
  const tp = pairs.length;
  const total = t.length + a.length;
  const score = total === 0 ? 1 : (2 * credit) / total;
  return { id, score, tp, fp: a.length - tp, fn: t.length - tp, matches, tallies };
}

/** One-to-one exact matching: equal start, end and label; a repeated answer span finds nothing left. */
export function matchExactSpans(t: readonly IndexedSpan[], a: readonly IndexedSpan[]): SpanPair[] {
  const byKey = new Map<string, number>();
  t.forEach((s, i) => {
    byKey.set(spanKey(s), i);
  });
  const pairs: SpanPair[] = [];
  a.forEach((s, j) => {
    const key = spanKey(s);
    const i = byKey.get(key);
    if (i === undefined) return;
    byKey.delete(key); // one to one: a repeated answer span finds nothing left
    pairs.push({ t: i, a: j, iou: 1 });
  });
  return pairs;
}

function matchPartial(t: readonly IndexedSpan[], a: readonly IndexedSpan[]): SpanPair[] {
  const edges: WeightedEdge[] = [];
  const iouOf = new Map<number, number>();
  for (const [i, ts] of t.entries()) {
    for (const [j, as] of a.entries()) {
      if (ts.label !== as.label) continue;
      const iou = spanIoU(ts, as);
      if (iou <= 0) continue;
      edges.push({ row: i, col: j, weight: iou + PAIR_BONUS });
      iouOf.set(i * a.length + j, iou);
    }
  }
  return maxWeightMatchingSparse(t.length, a.length, edges).map(([i, j]) => ({
    t: i,
    a: j,
    iou: iouOf.get(i * a.length + j) as number,
  }));
}

/** Character IoU of two ranges: |overlap| / |union|, 0 when they share no character. */
export function spanIoU(x: Span, y: Span): number {
  const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
  if (overlap <= 0) return 0;
  return overlap / (Math.max(x.end, y.end) - Math.min(x.start, y.start));
}

const spanKey = (s: Span): string => `${s.start}:${s.end}:${s.label}`;
const describeSpan = (s: Span): string => `[${s.start}, ${s.end}) ${JSON.stringify(s.label)}`;

/** Validated copies with their original index, sorted by start, end, label, then index. */
function checkedSpans(
  id: string,
  side: "truth" | "answer",
  spans: readonly Span[],
  length: number,
  options: SpansOptions,
): IndexedSpan[] {
  const out = spans.map((s, index): IndexedSpan => {
    const where = `${side} span ${index}`;
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end))
      throw new ScoringInputError(`item ${id}: ${where} has offsets that are not integers`, id);
    if (s.start < 0 || s.start >= s.end)
      throw new ScoringInputError(
        `item ${id}: ${where} needs 0 ≤ start < end, has [${s.start}, ${s.end})`,
        id,
      );
    if (s.end > length)
      throw new ScoringInputError(
        `item ${id}: ${where} ends at ${s.end}, past the text's ${length} characters`,
        id,
      );
    if (typeof s.label !== "string" || s.label === "")
      throw new ScoringInputError(`item ${id}: ${where} has an empty label`, id);
    if (options.labels && !options.labels.has(s.label))
      throw new ScoringInputError(
        `item ${id}: ${where} label ${JSON.stringify(s.label)} is not a known label`,
        id,
      );
    return { start: s.start, end: s.end, label: s.label, index };
  });
  return out.sort(compareSpans);
}

export function compareSpans(x: IndexedSpan, y: IndexedSpan): number {
  return (
    x.start - y.start ||
    x.end - y.end ||
    (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) ||
    x.index - y.index
  );
}

// ---------------------------------------------------------------------------------------------
// Totals: precision, recall and F-score per label and averaged, as seqeval's classification_report.

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface LabelPrf extends Prf {
  found: number;
  correct: number;
}

export interface SpanSummary {
  /** Micro averages over all spans: total credit / total found, / total support. */
  precision: number;
  recall: number;
  f1: number;
  micro: Prf;
  /** Unweighted mean over the labels seen in the truth or the answer. */
  macro: Prf;
  /** Mean over the labels weighted by their support. */
  weighted: Prf;
  /** Per label, in label order (code units). */
  perLabel: Record<string, LabelPrf>;
}

/** Adds an item's tallies into a running total. */
export function addTallies(into: Map<string, LabelTally>, from: ReadonlyMap<string, LabelTally>): void {
  for (const [label, x] of from) {
    const y = into.get(label);
    if (y) {
      y.correct += x.correct;
      y.found += x.found;
      y.support += x.support;
    } else into.set(label, { ...x });
  }
}

/**
 * seqeval's conventions: precision = correct / found and recall = correct / support, each 0 when
 * its denominator is 0; F_β = (1 + β²)·P·R / (β²·P + R), 0 when P = R = 0, and R itself for β = ∞.
 * The labels averaged are those seen in the truth or the answer (a label only predicted counts in
 * the macro mean with P = R = F = 0). One convention of our own: with no span at all on either side
 * the micro, macro and weighted figures are 1, as an item with both sides empty scores 1.
 */
export function summarizeTallies(tallies: ReadonlyMap<string, LabelTally>, beta = 1): SpanSummary {
  const labels = [...tallies.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const perLabel: Array<[string, LabelPrf]> = labels.map((label) => {
    const x = tallies.get(label) as LabelTally;
    return [label, { ...prf(x.correct, x.found, x.support, beta), found: x.found, correct: x.correct }];
  });
  let correct = 0;
  let found = 0;
  let support = 0;
  for (const label of labels) {
    const x = tallies.get(label) as LabelTally;
    correct += x.correct;
    found += x.found;
    support += x.support;
  }
  const empty = found === 0 && support === 0;
  const micro = empty ? { precision: 1, recall: 1, f1: 1, support: 0 } : prf(correct, found, support, beta);
  const mean = (pick: (p: LabelPrf) => number, weighted: boolean): number => {
    if (empty) return 1;
    let sum = 0;
    for (const [, p] of perLabel) sum += weighted ? pick(p) * p.support : pick(p);
    const denominator = weighted ? support : perLabel.length;
    return denominator === 0 ? 0 : sum / denominator;
  };
  const average = (weighted: boolean): Prf => ({
    precision: mean((p) => p.precision, weighted),
    recall: mean((p) => p.recall, weighted),
    f1: mean((p) => p.f1, weighted),
    support,
  });
  return {
    precision: micro.precision,
    recall: micro.recall,
    f1: micro.f1,
    micro,
    macro: average(false),
    weighted: average(true),
    perLabel: Object.fromEntries(perLabel),
  };
}

export function prf(correct: number, found: number, support: number, beta = 1): Prf {
  const precision = found === 0 ? 0 : correct / found;
  const recall = support === 0 ? 0 : correct / support;
  let f1: number;
  if (beta === Number.POSITIVE_INFINITY) f1 = recall;
  else {
    const b2 = beta * beta;
    const denominator = b2 * precision + recall;
    f1 = denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
  }
  return { precision, recall, f1, support };
}
