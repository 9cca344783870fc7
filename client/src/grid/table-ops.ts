// Pure helpers of table cleaning: missing cells, candidate duplicates, fill values, changes.
import type { RowMark } from "../../../protocol/index.ts";

/** One edit of the document: a cell's text or a row's mark, with what it was before. */
export type TableChange =
  | { kind: "cell"; row: number; col: number; before: string; after: string }
  | { kind: "mark"; row: number; before: RowMark | null; after: RowMark | null };

/** The changes that undo `step`, in reverse order. */
export function invertStep(step: readonly TableChange[]): TableChange[] {
  return [...step].reverse().map((c) => ({ ...c, before: c.after, after: c.before }) as TableChange);
}

/** A cell counts as missing when it is empty or only whitespace. */
export const isMissing = (cell: string | undefined) => (cell ?? "").trim() === "";

/** Full-width forms to their usual width and surrounding spaces trimmed: how cells are compared. */
export function normalCell(cell: string): string {
  return cell
    .normalize("NFKC")
    .replace(/\u3000/g, " ")
    .trim();
}

/**
 * Rows that repeat an earlier row once cells are normalised: a hint for the contestant, never a
 * decision (the index of each later copy, with the index of the first).
 */
export function duplicateHints(rows: readonly (readonly string[])[]): Map<number, number> {
  const first = new Map<string, number>();
  const hints = new Map<number, number>();
  rows.forEach((row, i) => {
    const key = JSON.stringify(row.map(normalCell));
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else hints.set(i, seen);
  });
  return hints;
}

/** The most frequent non-missing value of a column (ties: the one seen first), or null. */
export function mostFrequent(rows: readonly (readonly string[])[], col: number): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const cell = row[col];
    if (cell !== undefined && !isMissing(cell)) counts.set(cell.trim(), (counts.get(cell.trim()) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  // A Map iterates in insertion order, so on a tie the value seen first wins.
  for (const [value, n] of counts)
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  return best;
}

export type FillStrategy = { kind: "value"; value: string } | { kind: "mostFrequent" } | { kind: "above" };

/**
 * The changes that fill the missing cells of column `col` (rows marked duplicate or invalid are
 * left alone): with a given value, the column's most frequent value, or the nearest filled cell
 * above. Cells with nothing to fill from stay missing.
 */
export function fillChanges(
  rows: readonly (readonly string[])[],
  marks: readonly (RowMark | null)[],
  col: number,
  strategy: FillStrategy,
): TableChange[] {
  // Rows marked duplicate or invalid are dropped before scoring: they do not vote.
  const common =
    strategy.kind === "mostFrequent"
      ? mostFrequent(
          rows.filter((_, i) => !marks[i]),
          col,
        )
      : null;
  const changes: TableChange[] = [];
  let above: string | null = null;
  rows.forEach((row, i) => {
    const cell = row[col] ?? "";
    if (!isMissing(cell)) {
      if (marks[i] === null || marks[i] === undefined) above = cell;
      return;
    }
    if (marks[i]) return;
    const value =
      strategy.kind === "value" ? strategy.value : strategy.kind === "mostFrequent" ? common : above;
    if (value !== null && !isMissing(value))
      changes.push({ kind: "cell", row: i, col, before: cell, after: value });
  });
  return changes;
}

/** How far the contestant has got: rows marked, cells changed from the given table, cells missing. */
export function tableCounts(
  given: readonly (readonly string[])[],
  rows: readonly (readonly string[])[],
  marks: readonly (RowMark | null)[],
): { marked: number; edited: number; missing: number } {
  let edited = 0;
  let missing = 0;
  rows.forEach((row, i) => {
    row.forEach((cell, j) => {
      if (cell !== given[i]?.[j]) edited++;
      if (!marks[i] && isMissing(cell)) missing++;
    });
  });
  return { marked: marks.filter(Boolean).length, edited, missing };
}
