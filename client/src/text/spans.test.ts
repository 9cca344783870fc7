// Unit tests of the span rules: overlap, rows for stacked spans, what a click selects.
import { describe, expect, it } from "vitest";
import type { TextSpan } from "../../../protocol/index.ts";
import { assignRows, checkSpan, countByLabel, coverage, spanToSelect } from "./spans.ts";

const s = (id: string, start: number, end: number, label = "PER"): TextSpan => ({ id, start, end, label });

describe("checkSpan", () => {
  const spans = [s("a", 2, 5), s("b", 8, 10, "LOC")];
  const rules = { allowOverlap: false, length: 20 };

  it("accepts a span that only touches its neighbours", () => {
    expect(checkSpan(spans, { start: 5, end: 8 }, "ORG", rules)).toBeNull();
  });

  it("refuses a span crossing or containing another when overlap is not allowed", () => {
    expect(checkSpan(spans, { start: 4, end: 6 }, "ORG", rules)).toEqual({
      reason: "overlap",
      conflict: spans[0],
    });
    expect(checkSpan(spans, { start: 7, end: 11 }, "ORG", rules)).toMatchObject({ reason: "overlap" });
    expect(checkSpan(spans, { start: 3, end: 4 }, "ORG", rules)).toMatchObject({ reason: "overlap" });
  });

  it("accepts nested and crossing spans when overlap is allowed, but not the same span twice", () => {
    const loose = { allowOverlap: true, length: 20 };
    expect(checkSpan(spans, { start: 0, end: 12 }, "ORG", loose)).toBeNull();
    expect(checkSpan(spans, { start: 2, end: 5 }, "LOC", loose)).toBeNull();
    expect(checkSpan(spans, { start: 2, end: 5 }, "PER", loose)).toMatchObject({ reason: "duplicate" });
  });

  it("refuses empty ranges and ranges past the text", () => {
    expect(checkSpan([], { start: 3, end: 3 }, "PER", rules)).toEqual({ reason: "invalid" });
    expect(checkSpan([], { start: 18, end: 21 }, "PER", rules)).toEqual({ reason: "invalid" });
    expect(checkSpan([], { start: -1, end: 2 }, "PER", rules)).toEqual({ reason: "invalid" });
  });
});

describe("assignRows", () => {
  it("puts spans that do not overlap on the first row", () => {
    expect([...assignRows([s("a", 0, 2), s("b", 2, 4), s("c", 6, 9)]).values()]).toEqual([0, 0, 0]);
  });

  it("stacks nested and crossing spans, the outer one on top", () => {
    const rows = assignRows([s("inner", 3, 5), s("outer", 0, 10), s("cross", 8, 12), s("inner2", 4, 6)]);
    expect(rows.get("outer")).toBe(0);
    expect(rows.get("inner")).toBe(1);
    expect(rows.get("inner2")).toBe(2);
    expect(rows.get("cross")).toBe(1);
  });
});

describe("coverage", () => {
  it("lists the spans over each character, innermost first", () => {
    const cov = coverage([s("outer", 0, 4), s("inner", 1, 2)], 5);
    expect(cov.map((c) => c.map((x) => x.id))).toEqual([
      ["outer"],
      ["inner", "outer"],
      ["outer"],
      ["outer"],
      [],
    ]);
  });
});

describe("spanToSelect", () => {
  const spans = [s("outer", 0, 6), s("inner", 2, 4)];

  it("selects the innermost span under a click, then the next one out, then back in", () => {
    expect(spanToSelect(spans, 3, null)?.id).toBe("inner");
    expect(spanToSelect(spans, 3, "inner")?.id).toBe("outer");
    expect(spanToSelect(spans, 3, "outer")?.id).toBe("inner");
    expect(spanToSelect(spans, 0, null)?.id).toBe("outer");
  });

  it("selects nothing outside every span", () => {
    expect(spanToSelect(spans, 6, "outer")).toBeNull();
  });
});

describe("countByLabel", () => {
  it("counts spans per label", () => {
    expect(Object.fromEntries(countByLabel([s("a", 0, 1), s("b", 1, 2, "LOC"), s("c", 2, 3)]))).toEqual({
      PER: 2,
      LOC: 1,
    });
  });
});
