// Scores image or text classification: one exact label, or a set of labels by Jaccard.
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

export interface ClassificationOptions {
  /** Each item may carry several labels, scored by Jaccard; otherwise exactly one, scored exactly. */
  multiLabel: boolean;
  /** When given, every label of the truth and of the answer must be one of these. */
  labels?: ReadonlySet<string>;
}

export const DEFAULT_CLASSIFICATION_OPTIONS: ClassificationOptions = { multiLabel: false };

/**
 * Labels compare as exact strings (case and spaces count). A label repeated within one item, an
 * empty label, or one outside options.labels is refused, in the truth and in the answer alike.
 * - single label: the truth has exactly one label; the answer one or none (no answer). Score 1 when
 *   they are equal, else 0; tp / fp / fn as for a one-element set (a wrong label is fp 1 and fn 1).
 * - multi-label: score = Jaccard |T ∩ A| / |T ∪ A|, 1 when both are empty; tp = |T ∩ A|,
 *   fp = |A \ T|, fn = |T \ A|.
 * Each label found in both is reported as a match { truth: label, answer: label, iou: 1 }.
 */
export function scoreClassificationItem(
  id: string,
  truth: readonly string[],
  answer: readonly string[],
  options: ClassificationOptions = DEFAULT_CLASSIFICATION_OPTIONS,
): ItemScore {
  const t = checkedLabels(id, "truth", truth, options);
  const a = checkedLabels(id, "answer", answer, options);
  if (!options.multiLabel) {
    if (t.size !== 1)
      throw new ScoringInputError(
        `item ${id}: truth has ${t.size} labels; single-label classification needs 1`,
        id,
      );
    if (a.size > 1)
      throw new ScoringInputError(
        `item ${id}: answer has ${a.size} labels; single-label classification allows at most 1`,
        id,
      );
  }
  const matches: Match[] = [];
  for (const label of [...t].sort()) if (a.has(label)) matches.push({ truth: label, answer: label, iou: 1 });
  const tp = matches.length;
  const fp = a.size - tp;
  const fn = t.size - tp;
  const score = tp + fp + fn === 0 ? 1 : tp / (tp + fp + fn);
  return { id, score, tp, fp, fn, matches };
}

function checkedLabels(
  id: string,
  side: "truth" | "answer",
  labels: readonly string[],
  options: ClassificationOptions,
): Set<string> {
  const set = new Set<string>();
  for (const label of labels) {
    if (typeof label !== "string" || label === "")
      throw new ScoringInputError(`item ${id}: ${side} has an empty or non-string label`, id);
    if (options.labels && !options.labels.has(label))
      throw new ScoringInputError(
        `item ${id}: ${side} label ${JSON.stringify(label)} is not a known label`,
        id,
      );
    if (set.has(label))
      throw new ScoringInputError(`item ${id}: ${side} repeats label ${JSON.stringify(label)}`, id);
    set.add(label);
  }
  return set;
}
