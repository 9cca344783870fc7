import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PointShape, scorePointsItem, scorePointsItemWithDiagnostics } from "./points.ts";
import { ScoringInputError } from "./types.ts";

const pt = (id: string, x: number, y: number, label = "eye"): PointShape => ({ id, label, x, y });

const point = fc.record({
  label: fc.constantFrom("eye", "nose"),
  x: fc.integer({ min: 0, max: 12 }),
  y: fc.integer({ min: 0, max: 12 }),
});
const points = (prefix: string, maxLength = 6) =>
  fc
    .array(point, { maxLength })
    .map((list) => list.map((p, i): PointShape => ({ id: `${prefix}${i}`, ...p })));

/** The most pairs within the radius, then the least total distance, by trying every matching. */
function bruteForce(truth: PointShape[], answer: PointShape[], radius: number) {
  const used = new Array<boolean>(answer.length).fill(false);
  let best = { pairs: 0, distance: 0 };
  const go = (i: number, pairs: number, distance: number) => {
    if (i === truth.length) {
      if (pairs > best.pairs || (pairs === best.pairs && distance < best.distance))
        best = { pairs, distance };
      return;
    }
    go(i + 1, pairs, distance);
    answer.forEach((a, j) => {
      const t = truth[i] as PointShape;
      const d = Math.hypot(t.x - a.x, t.y - a.y);
      if (used[j] || a.label !== t.label || d > radius) return;
      used[j] = true;
      go(i + 1, pairs + 1, distance + d);
      used[j] = false;
    });
  };
  go(0, 0, 0);
  return best;
}

describe("scorePointsItem", () => {
  it("matches points within the radius, one to one, with F1", () => {
    const truth = [pt("t1", 0, 0), pt("t2", 10, 0), pt("t3", 50, 50)];
    const answer = [pt("a1", 3, 4), pt("a2", 10, 2), pt("a3", 100, 100)];
    const r = scorePointsItem("i1", truth, answer, { radius: 5 });
    expect(r).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.score).toBeCloseTo(4 / 6, 12);
    expect(r.matches).toEqual([
      { truth: "t1", answer: "a1", iou: 0, distance: 5 }, // exactly at the radius: counts
      { truth: "t2", answer: "a2", iou: 0.6, distance: 2 },
    ]);
    expect(scorePointsItem("i1", [], [], { radius: 1 })).toEqual({
      id: "i1",
      score: 1,
      tp: 0,
      fp: 0,
      fn: 0,
      matches: [],
    });
  });

  it("prefers more pairs to closer ones", () => {
    // a1 is closest to t1, but taking it strands t2: the matching takes t1–a2 and t2–a1.
    const truth = [pt("t1", 0, 0), pt("t2", 4, 0)];
    const answer = [pt("a1", 1, 0), pt("a2", -3, 0)];
    const r = scorePointsItem("i1", truth, answer, { radius: 3 });
    expect(r.matches.map((m) => [m.truth, m.answer])).toEqual([
      ["t1", "a2"],
      ["t2", "a1"],
    ]);
    expect(r.score).toBe(1);
  });

  it("reports missing, extra and mismatching-label points", () => {
    const r = scorePointsItemWithDiagnostics(
      "i1",
      [pt("t1", 0, 0), pt("t2", 9, 9, "nose")],
      [pt("a1", 9, 8)],
      {
        radius: 2,
      },
    );
    expect(r.diagnostics).toEqual([
      { type: "missing_annotation", severity: "error", truth: "t1", truthLabel: "eye" },
      {
        type: "mismatching_label",
        severity: "error",
        truth: "t2",
        answer: "a1",
        iou: 0.5,
        truthLabel: "nose",
        answerLabel: "eye",
      },
    ]);
  });

  it("refuses malformed points and options, naming the item", () => {
    const cases: Array<[unknown[], unknown[], Record<string, unknown>, RegExp]> = [
      [
        [{ ...pt("t1", 0, 0), x: Number.NaN }],
        [],
        { radius: 1 },
        /truth point #0 \(id "t1"\) has a non-finite x/,
      ],
      [[pt("t1", 0, 0), pt("t1", 1, 1)], [], { radius: 1 }, /repeats an id/],
      [[], [pt("a1", 0, 0, "tail")], { radius: 1, labels: ["eye"] }, /unknown label "tail"/],
      [
        [pt("t1", 500, 0)],
        [],
        { radius: 1, imageSize: { width: 100, height: 100 } },
        /far outside the image/,
      ],
      [[], [], { radius: 0 }, /radius 0 is not a number > 0/],
      [[], [], { radius: Number.POSITIVE_INFINITY }, /radius Infinity/],
    ];
    for (const [truth, answer, options, pattern] of cases) {
      const run = () =>
        scorePointsItem(
          "item-3",
          truth as PointShape[],
          answer as PointShape[],
          options as { radius: number },
        );
      expect(run).toThrow(ScoringInputError);
      expect(run).toThrow(pattern);
      expect(run).toThrow(/item-3/);
    }
  });

  it("finds the most pairs, then the least distance, like brute force", () => {
    fc.assert(
      fc.property(points("t"), points("a"), fc.constantFrom(1, 2, 3.5), (truth, answer, radius) => {
        const r = scorePointsItem("rand", truth, answer, { radius });
        const best = bruteForce(truth, answer, radius);
        expect(r.tp).toBe(best.pairs);
        expect(r.matches.reduce((s, m) => s + m.distance, 0)).toBeCloseTo(best.distance, 9);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps scores in [0, 1], scores the truth itself 1, ignores order, never gains from extras", () => {
    fc.assert(
      fc.property(points("t", 10), points("a", 10), point, fc.integer(), (truth, answer, extra, seed) => {
        const r = scorePointsItem("i", truth, answer, { radius: 2 });
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(scorePointsItem("i", truth, truth, { radius: 2 }).score).toBe(1);
        const shuffled = [...answer].sort(
          (p, q) => ((p.x * 31 + p.y + seed) % 7) - ((q.x * 31 + q.y + seed) % 7),
        );
        expect(scorePointsItemWithDiagnostics("i", [...truth].reverse(), shuffled, { radius: 2 })).toEqual(
          scorePointsItemWithDiagnostics("i", truth, answer, { radius: 2 }),
        );
        const after = scorePointsItem("i", truth, [...answer, { ...extra, id: "extra", label: "tail" }], {
          radius: 2,
        });
        expect(after.score).toBeLessThanOrEqual(r.score);
        expect(after.fp).toBe(r.fp + 1);
      }),
      { numRuns: 300 },
    );
  });
});
