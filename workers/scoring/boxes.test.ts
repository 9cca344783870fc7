import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BoxShape, scoreBoxesItem } from "./boxes.ts";
import { boxIoU } from "./geometry.ts";
import { ScoringInputError } from "./types.ts";

const box = (id: string, x: number, y: number, w: number, h: number, label = "car"): BoxShape => ({
  id,
  label,
  x,
  y,
  w,
  h,
});

/** Boxes on a small grid so that overlaps, ties and identical boxes are common. */
const shape = fc.record({
  label: fc.constantFrom("car", "person"),
  x: fc.integer({ min: 0, max: 12 }),
  y: fc.integer({ min: 0, max: 12 }),
  w: fc.integer({ min: 1, max: 8 }),
  h: fc.integer({ min: 1, max: 8 }),
});
const boxes = (prefix: string, maxLength = 6) =>
  fc.array(shape, { maxLength }).map((list) => list.map((s, i): BoxShape => ({ id: `${prefix}${i}`, ...s })));

/** The best total IoU and the best objective of boxes.ts (IoU + 1e-9 per pair), by trying every matching. */
function bruteForce(truth: BoxShape[], answer: BoxShape[], threshold: number) {
  const used = new Array<boolean>(answer.length).fill(false);
  let bestIoU = 0;
  let bestObjective = 0;
  const go = (i: number, iou: number, pairs: number) => {
    if (i === truth.length) {
      bestIoU = Math.max(bestIoU, iou);
      bestObjective = Math.max(bestObjective, iou + pairs * 1e-9);
      return;
    }
    go(i + 1, iou, pairs);
    answer.forEach((a, j) => {
      const t = truth[i] as BoxShape;
      const x = boxIoU(t, a);
      if (used[j] || a.label !== t.label || x <= 0 || x < threshold) return;
      used[j] = true;
      go(i + 1, iou + x, pairs + 1);
      used[j] = false;
    });
  };
  go(0, 0, 0);
  return { bestIoU, bestObjective };
}

const totalIoU = (r: { matches: { iou: number }[] }) => r.matches.reduce((s, m) => s + m.iou, 0);

function expectInputError(fn: () => unknown, itemId: string, pattern: RegExp) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoringInputError);
    expect((err as ScoringInputError).itemId).toBe(itemId);
    expect((err as Error).message).toContain(itemId);
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  expect.fail("expected a ScoringInputError");
}

describe("scoreBoxesItem", () => {
  it("scores empty truth with an empty answer as 1, and one-sided emptiness as 0", () => {
    expect(scoreBoxesItem("i1", [], [])).toEqual({ id: "i1", score: 1, tp: 0, fp: 0, fn: 0, matches: [] });
    expect(scoreBoxesItem("i1", [box("t", 0, 0, 5, 5)], [])).toMatchObject({ score: 0, tp: 0, fp: 0, fn: 1 });
    expect(scoreBoxesItem("i1", [], [box("a", 0, 0, 5, 5)])).toMatchObject({ score: 0, tp: 0, fp: 1, fn: 0 });
  });

  it("computes F1 from tp, fp and fn", () => {
    const truth = [box("t1", 0, 0, 10, 10), box("t2", 20, 0, 10, 10), box("t3", 40, 0, 10, 10)];
    const answer = [box("a1", 0, 0, 10, 10), box("a2", 21, 0, 10, 10), box("a3", 80, 0, 10, 10)];
    const r = scoreBoxesItem("i1", truth, answer);
    expect(r).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.score).toBeCloseTo(4 / 6, 12);
    expect(r.matches).toEqual([
      { truth: "t1", answer: "a1", iou: 1 },
      { truth: "t2", answer: "a2", iou: boxIoU(truth[1] as BoxShape, answer[1] as BoxShape) },
    ]);
  });

  it("finds the assignment a greedy matcher misses", () => {
    // All boxes 10 high on one row, so IoU is the IoU of the x intervals.
    const truth = [box("t1", 3, 0, 10, 10), box("t2", 0, 0, 10, 10)];
    const answer = [box("a1", 1, 0, 10, 10), box("a2", -2, 0, 10, 10)];
    // Greedy takes the best pair a1–t2 (9/11) and leaves a2 without a partner (a2–t1 is 5/15).
    // The optimum a1–t1 (8/12) + a2–t2 (8/12) = 1.33 beats 0.82.
    const r = scoreBoxesItem("greedy", truth, answer);
    expect(r.matches.map((m) => [m.truth, m.answer])).toEqual([
      ["t1", "a1"],
      ["t2", "a2"],
    ]);
    expect(r).toMatchObject({ tp: 2, fp: 0, fn: 0, score: 1 });
  });

  it("prefers more pairs when total IoU ties", () => {
    // t1–a2 alone (IoU 1) ties with t1–a1 + t2–a2 (0.5 + 0.5); the two pairs win, in any order.
    const truth = [box("t1", 0, 0, 10, 10), box("t2", 0, 0, 10, 5)];
    const answer = [box("a1", 0, 5, 10, 5), box("a2", 0, 0, 10, 10)];
    for (const [t, a] of [
      [truth, answer],
      [[...truth].reverse(), [...answer].reverse()],
      [truth, [...answer].reverse()],
    ] as const) {
      const r = scoreBoxesItem("tie", [...t], [...a]);
      expect(r).toMatchObject({ tp: 2, fp: 0, fn: 0, score: 1 });
      expect(r.matches).toEqual([
        { truth: "t1", answer: "a1", iou: 0.5 },
        { truth: "t2", answer: "a2", iou: 0.5 },
      ]);
    }
  });

  it("never matches different labels", () => {
    const r = scoreBoxesItem("i1", [box("t", 0, 0, 10, 10, "car")], [box("a", 0, 0, 10, 10, "Car")]);
    expect(r).toMatchObject({ tp: 0, fp: 1, fn: 1, score: 0, matches: [] });
  });

  it("counts an IoU of exactly the threshold, and not below it", () => {
    const truth = [box("t", 0, 0, 10, 10)];
    expect(scoreBoxesItem("i1", truth, [box("a", 0, 0, 10, 5)]).tp).toBe(1); // 0.5
    expect(scoreBoxesItem("i1", truth, [box("a", 0, 0, 10, 4.99)]).tp).toBe(0);
    // 0.5 in decimal but not in binary coordinates.
    expect(scoreBoxesItem("i1", [box("t", 0.1, 0.7, 0.2, 0.6)], [box("a", 0.1, 0.7, 0.1, 0.6)]).tp).toBe(1);
    expect(scoreBoxesItem("i1", truth, [box("a", 0, 0, 10, 7)], { iouThreshold: 0.75 }).tp).toBe(0);
    expect(scoreBoxesItem("i1", truth, [box("a", 0, 0, 10, 7.5)], { iouThreshold: 0.75 }).tp).toBe(1);
  });

  it("accepts the same ids on both sides", () => {
    const boxes = [box("b1", 0, 0, 5, 5), box("b2", 10, 10, 5, 5)];
    expect(scoreBoxesItem("i1", boxes, boxes).score).toBe(1);
  });

  it("matches the brute-force optimum on random small items", () => {
    fc.assert(
      fc.property(boxes("t"), boxes("a"), fc.constantFrom(0.1, 0.3, 0.5, 0.7), (truth, answer, threshold) => {
        const r = scoreBoxesItem("rand", truth, answer, { iouThreshold: threshold });
        const best = bruteForce(truth, answer, threshold);
        expect(totalIoU(r)).toBeCloseTo(best.bestIoU, 7);
        expect(totalIoU(r) + r.tp * 1e-9).toBeCloseTo(best.bestObjective, 11);
        for (const m of r.matches) expect(m.iou).toBeGreaterThanOrEqual(threshold);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps scores in [0, 1] with consistent counts", () => {
    fc.assert(
      fc.property(boxes("t", 12), boxes("a", 12), (truth, answer) => {
        const r = scoreBoxesItem("i", truth, answer);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.tp + r.fn).toBe(truth.length);
        expect(r.tp + r.fp).toBe(answer.length);
        expect(r.matches.length).toBe(r.tp);
        expect(r.matches.map((m) => m.truth)).toEqual(r.matches.map((m) => m.truth).sort());
      }),
    );
  });

  it("scores an answer equal to the truth as 1", () => {
    fc.assert(
      fc.property(boxes("b", 12), (truth) => {
        const answer = truth.map((b) => ({ ...b, id: `copy-${b.id}` }));
        expect(scoreBoxesItem("i", truth, answer)).toMatchObject({ score: 1, fp: 0, fn: 0 });
      }),
    );
  });

  it("does not depend on the order of the boxes", () => {
    const sides = fc
      .tuple(boxes("t", 10), boxes("a", 10))
      .chain(([t, a]) =>
        fc.tuple(
          fc.constant(t),
          fc.constant(a),
          fc.shuffledSubarray(t, { minLength: t.length }),
          fc.shuffledSubarray(a, { minLength: a.length }),
        ),
      );
    fc.assert(
      fc.property(sides, ([t, a, tShuffled, aShuffled]) => {
        expect(scoreBoxesItem("i", tShuffled, aShuffled)).toEqual(scoreBoxesItem("i", t, a));
      }),
    );
  });

  it("never scores higher with an extra unmatched answer box", () => {
    fc.assert(
      fc.property(boxes("t", 8), boxes("a", 8), shape, (truth, answer, extra) => {
        const before = scoreBoxesItem("i", truth, answer);
        // A label no truth box has: the box cannot match.
        const after = scoreBoxesItem("i", truth, [...answer, { ...extra, id: "extra", label: "bicycle" }]);
        expect(after.score).toBeLessThanOrEqual(before.score);
        expect(after.tp).toBe(before.tp);
        expect(after.fp).toBe(before.fp + 1);
      }),
    );
  });

  it("refuses malformed boxes, naming the item", () => {
    const ok = box("t1", 0, 0, 10, 10);
    const cases: Array<[unknown[], unknown[], RegExp]> = [
      [[{ ...ok, x: Number.NaN }], [], /truth box #0.*non-finite x/],
      [[ok], [{ ...ok, id: "a1", y: Number.POSITIVE_INFINITY }], /answer box #0.*non-finite y/],
      [[ok], [{ ...ok, id: "a1", w: "10" }], /non-finite w/],
      [[{ ...ok, w: 0 }], [], /non-positive size/],
      [[{ ...ok, h: -3 }], [], /non-positive size/],
      [[ok, { ...ok }], [], /truth box #1 \(id "t1"\) repeats an id/],
      [[ok], [box("a1", 0, 0, 1, 1), box("a1", 5, 5, 1, 1)], /answer box #1 .* repeats an id/],
      [[{ ...ok, id: "" }], [], /no string id/],
      [[{ ...ok, label: undefined }], [], /no string label/],
      [[null], [], /not an object/],
      [[{ ...ok, x: 1e17, w: 1 }], [], /area of 0/],
      [[{ ...ok, w: 1e300, h: 1e300 }], [], /area of Infinity/],
    ];
    for (const [truth, answer, pattern] of cases)
      expectInputError(
        () => scoreBoxesItem("item-42", truth as BoxShape[], answer as BoxShape[]),
        "item-42",
        pattern,
      );
    expectInputError(
      () => scoreBoxesItem("item-42", "nope" as unknown as BoxShape[], []),
      "item-42",
      /truth boxes are not a list/,
    );
  });

  it("refuses a threshold outside (0, 1], naming the item", () => {
    for (const t of [0, -0.5, 1.5, Number.NaN])
      expectInputError(() => scoreBoxesItem("item-7", [], [], { iouThreshold: t }), "item-7", /threshold/);
    expect(scoreBoxesItem("item-7", [], [], { iouThreshold: 1 }).score).toBe(1);
  });
});
