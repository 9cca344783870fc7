// Pure helpers of the judging pages: shares as percentages, the judge's share input, and a line's
// change between two versions.
import type { ReviewItemLine } from "../../../protocol/index.ts";

/** A 0–1 share as a percentage with at most one decimal (0.4 → "40%", 0.825 → "82.5%"); null → "—". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${Math.round(share * 1000) / 10}%`;
}

/** Points with at most two decimals (24.5, 30, 7.25); null → "—". */
export function formatPts(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return String(Math.round(n * 100) / 100);
}

/** The judge's percentage ("85", "85%", "85.5", "85,5") as a 0–1 share; null unless within 0–100. */
export function parsePercent(input: string): number | null {
  const s = input.trim().replace(/%$/, "").trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0 || n > 100) return null;
  return Math.round(n * 100) / 10000;
}

/** "40% → 100%" when the share changed between the previous version and this one, else null. */
export function lineChange(
  previous: Pick<ReviewItemLine, "score"> | null | undefined,
  current: Pick<ReviewItemLine, "score"> | null | undefined,
): string | null {
  if (!previous || !current) return null;
  if (Math.abs(previous.score - current.score) < 1e-9) return null;
  return `${formatShare(previous.score)} → ${formatShare(current.score)}`;
}

/** Whether the previous line differs from this one in anything shown (share, counts, adjustment). */
export function lineDiffers(previous: ReviewItemLine | null, current: ReviewItemLine | null): boolean {
  if (!previous || !current) return false;
  return (
    Math.abs(previous.score - current.score) > 1e-9 ||
    previous.tp !== current.tp ||
    previous.fp !== current.fp ||
    previous.fn !== current.fn ||
    (previous.adjusted?.reason ?? null) !== (current.adjusted?.reason ?? null)
  );
}
