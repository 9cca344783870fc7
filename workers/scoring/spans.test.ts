import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prf, type Span, scoreSpansItem, spanIoU, summarizeTallies } from "./spans.ts";
import { ScoringInputError } from "./types.ts";

const TEXT = "Alice met Bob in Paris on Monday.";
const span = (start: number, end: number, label: string): Span => ({ start, end, label });
const partial = { partial: true };

describe("scoreSpansItem (exact)", () => {
  const truth = [span(0, 5, "PER"), span(10, 13, "PER"), span(17, 22, "LOC")];

  it("scores exact (start, end, label) F1", () => {
    expect(scoreSpansItem("1", TEXT, truth, truth)).toMatchObject({ score: 1, tp: 3, fp: 0, fn: 0 });
    const answer = [span(0, 5, "PER"), span(10, 13, "LOC"), span(17, 21, "LOC"), span(26, 32, "DATE")];
    const item = scoreSpansItem("1", TEXT, truth, answer);
    expect(item).toMatchObject({ tp: 1, fp: 3, fn: 2 });
    expect(item.score).toBeCloseTo(2 / 7, 15);
    expect(item.matches).toEqual([{ truth: "0", answer: "0", iou: 1 }]);
    expect(scoreSpansItem("1", TEXT, [], []).score).toBe(1);
    expect(scoreSpansItem("1", TEXT, truth, []).score).toBe(0);
  });

  it("names spans by their index in the input lists", () => {
    const item = scoreSpansItem("1", TEXT, [truth[2] as Span, truth[0] as Span], [truth[0] as Span]);
    expect(item.matches).toEqual([{ truth: "1", answer: "0", iou: 1 }]);
  });

  it("counts a repeated answer span as a false positive", () => {
    const item = scoreSpansItem("1", TEXT, [span(0, 5, "PER")], [span(0, 5, "PER"), span(0, 5, "PER")]);
    expect(item).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(item.score).toBeCloseTo(2 / 3, 15);
  });

  it("counts offsets in code points", () => {
    const text = "😀 Bob";
    expect(scoreSpansItem("1", text, [span(2, 5, "PER")], [span(2, 5, "PER")]).score).toBe(1);
    expect(() => scoreSpansItem("1", text, [span(2, 6, "PER")], [])).toThrow(/past the text's 5 characters/);
  });

  it("refuses invalid spans, naming the item", () => {
    const bad: Span[] = [
      span(1.5, 3, "PER"),
      span(3, 3, "PER"),
      span(4, 3, "PER"),
      span(-1, 3, "PER"),
      span(0, 99, "PER"),
      span(0, 3, ""),
      span(Number.NaN, 3, "PER"),
    ];
    for (const s of bad) {
      expect(() => scoreSpansItem("doc-4", TEXT, [s], [])).toThrow(ScoringInputError);
      expect(() => scoreSpansItem("doc-4", TEXT, [], [s])).toThrow(/item doc-4: answer span 0/);
    }
    expect(() => scoreSpansItem("doc-4", TEXT, [span(0, 5, "PER"), span(0, 5, "PER")], [])).toThrow(
      /item doc-4: truth repeats span/,
    );
    expect(() =>
      scoreSpansItem("doc-4", TEXT, [span(0, 5, "PER")], [span(0, 5, "ORG")], {
        partial: false,
        labels: new Set(["PER"]),
      }),
    ).toThrow(/not a known label/);
  });
});

describe("scoreSpansItem (partial overlap)", () => {
  it("credits an overlapping span of the same label by its character IoU", () => {
    // [0, 10) against [5, 15): overlap 5, union 15.
    const item = scoreSpansItem("1", TEXT, [span(0, 10, "X")], [span(5, 15, "X")], partial);
    expect(item.matches).toEqual([{ truth: "0", answer: "0", iou: 1 / 3 }]);
    expect(item.score).toBeCloseTo(1 / 3, 15);
    expect(item).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    // Other label, or no shared character: no credit.
    expect(scoreSpansItem("1", TEXT, [span(0, 10, "X")], [span(5, 15, "Y")], partial).score).toBe(0);
    expect(scoreSpansItem("1", TEXT, [span(0, 5, "X")], [span(5, 15, "X")], partial).score).toBe(0);
  });

  it("matches one to one, maximising the total IoU", () => {
    // Truth [0, 4) and [4, 8); one long answer [0, 8) can take only one of them.
    const item = scoreSpansItem(
      "1",
      TEXT,
      [span(0, 4, "X"), span(4, 8, "X")],
      [span(0, 8, "X"), span(4, 7, "X")],
      partial,
    );
    // Best: [0, 4)–[0, 8) (0.5) + [4, 8)–[4, 7) (0.75) = 1.25.
    expect(item.score).toBeCloseTo((2 * 1.25) / 4, 15);
    expect(item.tp).toBe(2);
  });

  it("is symmetric in IoU", () => {
    expect(spanIoU(span(0, 10, "a"), span(5, 15, "a"))).toBe(spanIoU(span(5, 15, "a"), span(0, 10, "a")));
  });
});

describe("summarizeTallies", () => {
  it("averages as seqeval: micro, macro over seen labels, weighted by support", () => {
    const s = summarizeTallies(
      new Map([
        ["A", { correct: 1, found: 1, support: 2 }],
        ["B", { correct: 1, found: 1, support: 1 }],
        ["C", { correct: 0, found: 1, support: 0 }],
      ]),
    );
    expect(s.micro.f1).toBeCloseTo(2 / 3, 15);
    expect(s.macro.f1).toBeCloseTo(5 / 9, 15);
    expect(s.weighted.f1).toBeCloseTo(7 / 9, 15);
    expect(Object.keys(s.perLabel)).toEqual(["A", "B", "C"]);
  });

  it("reports 1 when there is no span at all, and F = recall for β = ∞", () => {
    const s = summarizeTallies(new Map());
    expect([s.precision, s.recall, s.f1, s.macro.f1, s.weighted.f1]).toEqual([1, 1, 1, 1, 1]);
    expect(prf(1, 4, 2, Number.POSITIVE_INFINITY).f1).toBe(0.5);
    expect(prf(0, 0, 2).f1).toBe(0);
  });
});

/** Random spans over a 16-character text with two labels, so overlaps and ties are common. */
const spanArb = fc
  .record({
    start: fc.integer({ min: 0, max: 14 }),
    len: fc.integer({ min: 1, max: 5 }),
    label: fc.constantFrom("A", "B"),
  })
  .map(({ start, len, label }) => span(start, Math.min(16, start + len), label));
const TEXT16 = "abcdefghijklmnop";
const uniqueSpans = fc.uniqueArray(spanArb, {
  maxLength: 6,
  selector: (s) => `${s.start}:${s.end}:${s.label}`,
});
const anySpans = fc.array(spanArb, { maxLength: 6 });

/** The best total IoU over one-to-one same-label pairings, by trying them all. */
function bestTotalIoU(t: Span[], a: Span[]): number {
  const used = new Array<boolean>(a.length).fill(false);
  let best = 0;
  const go = (i: number, total: number) => {
    if (i === t.length) {
      best = Math.max(best, total);
      return;
    }
    go(i + 1, total);
    a.forEach((s, j) => {
      const x = t[i] as Span;
      const iou = spanIoU(x, s);
      if (used[j] || s.label !== x.label || iou <= 0) return;
      used[j] = true;
      go(i + 1, total + iou);
      used[j] = false;
    });
  };
  go(0, 0);
  return best;
}

describe("spans properties", () => {
  for (const mode of [{ partial: false }, { partial: true }]) {
    const name = mode.partial ? "partial" : "exact";

    it(`${name}: scores in [0, 1]; the truth as answer scores 1; order does not matter`, () => {
      fc.assert(
        fc.property(uniqueSpans, anySpans, (t, a) => {
          const item = scoreSpansItem("p", TEXT16, t, a, mode);
          expect(item.score).toBeGreaterThanOrEqual(0);
          expect(item.score).toBeLessThanOrEqual(1);
          expect(scoreSpansItem("p", TEXT16, t, t, mode).score).toBe(1);
          expect(scoreSpansItem("p", TEXT16, [...t].reverse(), [...a].reverse(), mode).score).toBe(
            item.score,
          );
        }),
      );
    });

    it(`${name}: adding an extra span of a label absent from the truth never raises the score`, () => {
      fc.assert(
        fc.property(uniqueSpans, anySpans, spanArb, (t, a, extra) => {
          const before = scoreSpansItem("p", TEXT16, t, a, mode).score;
          const after = scoreSpansItem("p", TEXT16, t, [...a, { ...extra, label: "Z" }], mode).score;
          expect(after).toBeLessThanOrEqual(before);
        }),
      );
    });
  }

  it("exact: adding a span that is not in the truth never raises the score", () => {
    fc.assert(
      fc.property(uniqueSpans, anySpans, spanArb, (t, a, extra) => {
        fc.pre(!t.some((s) => s.start === extra.start && s.end === extra.end && s.label === extra.label));
        expect(scoreSpansItem("p", TEXT16, t, [...a, extra]).score).toBeLessThanOrEqual(
          scoreSpansItem("p", TEXT16, t, a).score,
        );
      }),
    );
  });

  it("partial credit is never below exact credit, and its matching is optimal (brute force)", () => {
    fc.assert(
      fc.property(uniqueSpans, anySpans, (t, a) => {
        const exact = scoreSpansItem("p", TEXT16, t, a);
        const part = scoreSpansItem("p", TEXT16, t, a, partial);
        expect(part.score).toBeGreaterThanOrEqual(exact.score - 1e-12);
        const total = t.length + a.length;
        if (total > 0) expect(part.score).toBeCloseTo((2 * bestTotalIoU(t, a)) / total, 9);
      }),
      { numRuns: 300 },
    );
  });
});
