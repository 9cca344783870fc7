// Pure rules of labelled spans: overlap, where each one is drawn, what covers a character.
import type { TextSpan } from "../../../protocol/index.ts";
import type { CodePointRange } from "./offsets.ts";

export const overlaps = (a: CodePointRange, b: CodePointRange): boolean => a.start < b.end && b.start < a.end;

export type SpanRefusal =
  /** The task forbids overlapping spans and the range touches `conflict`. */
  | { reason: "overlap"; conflict: TextSpan }
  /** The same range already has this label. */
  | { reason: "duplicate"; conflict: TextSpan }
  /** Empty, or outside the text. */
  | { reason: "invalid" };

/** Why a span over `range` with `label` may not be added (null: it may). `ignoreId` is the span being changed. */
export function checkSpan(
  spans: readonly TextSpan[],
  range: CodePointRange,
  label: string,
  opts: { allowOverlap: boolean; length: number; ignoreId?: string },
): SpanRefusal | null {
  if (!(range.start >= 0 && range.end > range.start && range.end <= opts.length))
    return { reason: "invalid" };
  for (const s of spans) {
    if (s.id === opts.ignoreId) continue;
    if (s.start === range.start && s.end === range.end && s.label === label)
      return { reason: "duplicate", conflict: s };
    if (!opts.allowOverlap && overlaps(s, range)) return { reason: "overlap", conflict: s };
  }
  return null;
}

/** Spans in reading order: by start, the longer (outer) one first. */
export function sortSpans(spans: readonly TextSpan[]): TextSpan[] {
  return [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id.localeCompare(b.id));
}

/**
 * A row for every span so overlapping spans never share one: outer spans get the lower rows, the
 * spans nested in them the rows below (drawn as stacked underlines, each visible and clickable).
 */
export function assignRows(spans: readonly TextSpan[]): Map<string, number> {
  const rows = new Map<string, number>();
  const rowEnds: number[] = []; // end of the last span placed in each row
  for (const s of sortSpans(spans)) {
    let row = rowEnds.findIndex((end) => end <= s.start);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = s.end;
    rows.set(s.id, row);
  }
  return rows;
}

/** The spans covering each character, innermost (shortest) first. */
export function coverage(spans: readonly TextSpan[], length: number): TextSpan[][] {
  const out: TextSpan[][] = Array.from({ length }, () => []);
  for (const s of spans) for (let i = Math.max(0, s.start); i < Math.min(s.end, length); i++) out[i]?.push(s);
  for (const list of out) if (list.length > 1) list.sort((a, b) => a.end - a.start - (b.end - b.start));
  return out;
}

/**
 * The span a click on character `index` selects: the innermost one covering it, or, when the
 * selected span already covers it, the next one out (so repeated clicks reach every nested span).
 */
export function spanToSelect(
  spans: readonly TextSpan[],
  index: number,
  selectedId: string | null,
): TextSpan | null {
  const covering = spans
    .filter((s) => s.start <= index && index < s.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  if (covering.length === 0) return null;
  const at = covering.findIndex((s) => s.id === selectedId);
  return covering[(at + 1) % covering.length] ?? null;
}

export function countByLabel(spans: readonly TextSpan[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return counts;
}
