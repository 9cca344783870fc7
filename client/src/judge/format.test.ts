// Unit tests of the judging pages' percentages, the share input and a line's change.
import { describe, expect, it } from "vitest";
import { formatPts, formatShare, lineChange, lineDiffers, parsePercent } from "./format.ts";

const line = (score: number, extra: Partial<{ tp: number; reason: string }> = {}) => ({
  score,
  tp: extra.tp ?? 1,
  fp: 0,
  fn: 0,
  matches: [],
  ...(extra.reason ? { adjusted: { scorer: 0.1, reason: extra.reason } } : {}),
});

describe("formatShare", () => {
  it("shows a share as a percentage with at most one decimal", () => {
    expect(formatShare(0.4)).toBe("40%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(0.825)).toBe("82.5%");
    expect(formatShare(0.33333)).toBe("33.3%");
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(null)).toBe("—");
    expect(formatShare(Number.NaN)).toBe("—");
  });
  it("shows points with at most two decimals", () => {
    expect(formatPts(24.5)).toBe("24.5");
    expect(formatPts(7.256)).toBe("7.26");
    expect(formatPts(undefined)).toBe("—");
  });
});

describe("parsePercent", () => {
  it("reads 0–100 as a 0–1 share", () => {
    expect(parsePercent("85")).toBe(0.85);
    expect(parsePercent(" 85 % ")).toBe(0.85);
    expect(parsePercent("85,5")).toBe(0.855);
    expect(parsePercent("0")).toBe(0);
    expect(parsePercent("100")).toBe(1);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "-1", "100.1", "abc", "1e2", "50%%", " "]) expect(parsePercent(bad)).toBeNull();
  });
});

describe("lineChange", () => {
  it("says what changed between versions", () => {
    expect(lineChange(line(0.4), line(1))).toBe("40% → 100%");
    expect(lineChange(line(0.4), line(0.4))).toBeNull();
    expect(lineChange(null, line(0.4))).toBeNull();
    expect(lineChange(line(0.4), null)).toBeNull();
  });
  it("notices a change of counts or of the adjustment too", () => {
    expect(lineDiffers(line(0.5), line(0.5))).toBe(false);
    expect(lineDiffers(line(0.5), line(0.5, { tp: 2 }))).toBe(true);
    expect(lineDiffers(line(0.5), line(0.5, { reason: "re-checked" }))).toBe(true);
    expect(lineDiffers(null, line(0.5))).toBe(false);
  });
});
