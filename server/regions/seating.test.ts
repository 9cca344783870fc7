import { describe, expect, it } from "vitest";
import { naturalCompare } from "./region-records.ts";
import { freeLabels } from "./seating.service.ts";
import { maskIdNumber } from "./tickets.service.ts";

describe("freeLabels", () => {
  it("numbers from 01 with the prefix, skipping labels taken in any case", () => {
    expect(freeLabels("A", new Set(["A01", "A03"]), 3)).toEqual(["A02", "A04", "A05"]);
    expect(freeLabels("b", new Set(["B01"]), 1)).toEqual(["b02"]);
    expect(freeLabels("", new Set(), 2)).toEqual(["01", "02"]);
  });

  it("goes past 99 with more digits", () => {
    const taken = new Set(Array.from({ length: 99 }, (_, i) => `S${String(i + 1).padStart(2, "0")}`));
    expect(freeLabels("S", taken, 2)).toEqual(["S100", "S101"]);
  });

  it("gives none for none", () => {
    expect(freeLabels("A", new Set(), 0)).toEqual([]);
  });
});

describe("naturalCompare", () => {
  it("orders seat labels and tickets as a person reads them", () => {
    expect(["A10", "A2", "A100", "B1", "A01"].sort(naturalCompare)).toEqual([
      "A01",
      "A2",
      "A10",
      "A100",
      "B1",
    ]);
  });
});

describe("maskIdNumber", () => {
  it("masks all but the last four characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("**************002X");
    expect(maskIdNumber("123")).toBe("123");
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber("")).toBeNull();
  });
});
