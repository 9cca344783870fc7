// Pure helpers of the result page: an item's plain explanation, percentages, points and answers.
import type { ItemResult } from "../../../protocol/index.ts";

/** A translator as narrow as these helpers need (i18next's t fits). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Points to at most two decimals, without trailing zeros (24.5, 30, 7.25). */
export function formatPoints(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A 0–1 share as a whole percentage (0.825 → "83%"). */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The mean of the matched pairs' overlaps to two decimals, or null when the kind has none. */
export function meanOverlap(overlaps: number[]): string | null {
  if (overlaps.length === 0) return null;
  const mean = overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
  return mean.toFixed(2);
}

/**
 * What the scorer found in one item, in plain words: "匹配 3 个，遗漏 1 个，多标 2 个；平均重叠度 0.82"
 * / "3 matched, 1 missed, 2 extra; mean overlap 0.82". Only this contestant's figures.
 */
export function explainItem(
  t: Translate,
  item: Pick<ItemResult, "matched" | "missed" | "extra" | "overlaps">,
) {
  if (item.matched === 0 && item.missed === 0 && item.extra === 0) return t("results.explain.nothing");
  const parts = [
    t("results.explain.counts", { matched: item.matched, missed: item.missed, extra: item.extra }),
  ];
  const mean = meanOverlap(item.overlaps);
  if (mean !== null) parts.push(t("results.explain.overlap", { mean }));
  return parts.join(t("results.explain.join"));
}

/** A saved theory answer or key, shown as its option ids or true/false; null when there is none. */
export function formatAnswer(t: Translate, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return t(value ? "results.true" : "results.false");
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value.length ? value.map((v) => formatAnswer(t, v) ?? "").join(", ") : null;
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("choice" in o) return formatAnswer(t, o.choice);
    if ("choices" in o) return formatAnswer(t, o.choices);
    if ("value" in o) return formatAnswer(t, o.value);
  }
  return JSON.stringify(value);
}

/** A judge's adjustment in plain words, or null when the scorer's share stands. */
export function explainAdjustment(
  t: Translate,
  item: { score: number; adjusted: { scorer: number; reason: string } | null },
): string | null {
  if (!item.adjusted) return null;
  return t("results.explain.adjusted", {
    scorer: formatPercent(item.adjusted.scorer),
    score: formatPercent(item.score),
    reason: item.adjusted.reason,
  });
}
