import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MultiPolygonRings,
  type PolygonShape,
  polygonIoU,
  scorePolygonsItem,
  scorePolygonsItemWithDiagnostics,
} from "./polygons.ts";
import { ScoringInputError } from "./types.ts";

type Pt = [number, number];
const rect = (x: number, y: number, w: number, h: number): Pt[] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const shape = (id: string, polygons: MultiPolygonRings, label = "car"): PolygonShape => ({
  id,
  label,
  polygons,
});
const box = (id: string, x: number, y: number, w: number, h: number, label = "car") =>
  shape(id, [[rect(x, y, w, h)]], label);

/** Small grid shapes of several kinds, so that overlaps, ties and identical shapes are common. */
const geometry = fc.oneof(
  fc
    .record({
      x: fc.integer({ min: 0, max: 10 }),
      y: fc.integer({ min: 0, max: 10 }),
      w: fc.integer({ min: 1, max: 6 }),
      h: fc.integer({ min: 1, max: 6 }),
    })
    .map(({ x, y, w, h }): MultiPolygonRings => [[rect(x, y, w, h)]]),
  // A right triangle.
  fc
    .record({
      x: fc.integer({ min: 0, max: 10 }),
      y: fc.integer({ min: 0, max: 10 }),
      w: fc.integer({ min: 1, max: 6 }),
      h: fc.integer({ min: 1, max: 6 }),
    })
    .map(
      ({ x, y, w, h }): MultiPolygonRings => [
        [
          [
            [x, y],
            [x + w, y],
            [x, y + h],
          ],
        ],
      ],
    ),
  // An L shape (not convex).
  fc
    .record({
      x: fc.integer({ min: 0, max: 8 }),
      y: fc.integer({ min: 0, max: 8 }),
      w: fc.integer({ min: 1, max: 3 }),
      h: fc.integer({ min: 1, max: 3 }),
    })
    .map(
      ({ x, y, w, h }): MultiPolygonRings => [
        [
          [
            [x, y],
            [x + 2 * w, y],
            [x + 2 * w, y + h],
            [x + w, y + h],
            [x + w, y + 2 * h],
            [x, y + 2 * h],
          ],
        ],
      ],
    ),
  // A square with a square hole, and a two-part shape.
  fc
    .record({
      x: fc.integer({ min: 0, max: 8 }),
      y: fc.integer({ min: 0, max: 8 }),
      s: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ x, y, s }): MultiPolygonRings => [[rect(x, y, 3 * s, 3 * s), rect(x + s, y + s, s, s)]]),
  fc
    .record({
      x: fc.integer({ min: 0, max: 8 }),
      y: fc.integer({ min: 0, max: 8 }),
      s: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ x, y, s }): MultiPolygonRings => [[rect(x, y, s, s)], [rect(x + s + 1, y, s, s)]]),
);
const labelled = fc.record({ label: fc.constantFrom("car", "person"), polygons: geometry });
const shapes = (prefix: string, maxLength = 5) =>
  fc
    .array(labelled, { maxLength })
    .map((list) => list.map((s, i): PolygonShape => ({ id: `${prefix}${i}`, ...s })));

/** The best objective of the scorer (total IoU + 1e-9 per pair) by trying every matching. */
function bruteForce(truth: PolygonShape[], answer: PolygonShape[], threshold: number) {
  const iou = truth.map((t) =>
    answer.map((a) => (t.label === a.label ? polygonIoU(t.polygons, a.polygons) : 0)),
  );
  const used = new Array<boolean>(answer.length).fill(false);
  let best = 0;
  const go = (i: number, total: number) => {
    if (i === truth.length) {
      best = Math.max(best, total);
      return;
    }
    go(i + 1, total);
    answer.forEach((_, j) => {
      const x = iou[i]?.[j] ?? 0;
      if (used[j] || x <= 0 || x < threshold) return;
      used[j] = true;
      go(i + 1, total + x + 1e-9);
      used[j] = false;
    });
  };
  go(0, 0);
  return best;
}

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

describe("scorePolygonsItem", () => {
  it("scores empty sides like boxes", () => {
    expect(scorePolygonsItem("i1", [], [])).toEqual({ id: "i1", score: 1, tp: 0, fp: 0, fn: 0, matches: [] });
    expect(scorePolygonsItem("i1", [box("t", 0, 0, 5, 5)], [])).toMatchObject({ score: 0, fn: 1 });
    expect(scorePolygonsItem("i1", [], [box("a", 0, 0, 5, 5)])).toMatchObject({ score: 0, fp: 1 });
  });

  it("computes F1 over polygons with holes and several parts", () => {
    const ring: MultiPolygonRings = [[rect(0, 0, 10, 10), rect(3, 3, 4, 4)]];
    const truth = [
      shape("t1", ring),
      shape("t2", [[rect(20, 0, 4, 4)], [rect(26, 0, 4, 4)]]),
      box("t3", 40, 0, 5, 5),
    ];
    const answer = [
      shape("a1", [[rect(0, 0, 10, 10)]]), // IoU 84 / 100
      shape("a2", [[rect(20, 0, 4, 4)], [rect(26, 0, 4, 4)]]), // identical: 1
      box("a3", 80, 0, 5, 5),
    ];
    const r = scorePolygonsItem("i1", truth, answer);
    expect(r).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.score).toBeCloseTo(4 / 6, 12);
    expect(r.matches).toEqual([
      { truth: "t1", answer: "a1", iou: 0.84 },
      { truth: "t2", answer: "a2", iou: 1 },
    ]);
  });

  it("finds the assignment a greedy matcher misses", () => {
    // As for boxes: greedy takes a1–t2 (9/11) and strands a2; the optimum pairs both at 8/12.
    const truth = [box("t1", 3, 0, 10, 10), box("t2", 0, 0, 10, 10)];
    const answer = [box("a1", 1, 0, 10, 10), box("a2", -2, 0, 10, 10)];
    const r = scorePolygonsItem("greedy", truth, answer);
    expect(r.matches.map((m) => [m.truth, m.answer])).toEqual([
      ["t1", "a1"],
      ["t2", "a2"],
    ]);
  });

  it("counts an IoU of exactly the threshold", () => {
    const truth = [box("t", 0, 0, 10, 10)];
    expect(scorePolygonsItem("i1", truth, [box("a", 0, 0, 10, 5)]).tp).toBe(1);
    expect(scorePolygonsItem("i1", truth, [box("a", 0, 0, 10, 4.99)]).tp).toBe(0);
    expect(scorePolygonsItem("i1", truth, [box("a", 0, 0, 10, 7.5)], { iouThreshold: 0.75 }).tp).toBe(1);
  });

  it("reports diagnostics as CVAT does", () => {
    const truth = [box("t1", 0, 0, 10, 10), box("t2", 20, 0, 10, 10, "person"), box("t3", 40, 0, 10, 10)];
    const answer = [
      box("a1", 0, 0, 10, 7), // IoU 0.7: matched, low overlap
      box("a2", 20, 0, 10, 10, "car"), // right place, wrong label
      box("a3", 80, 0, 10, 10),
    ];
    const r = scorePolygonsItemWithDiagnostics("i1", truth, answer);
    expect(r).toMatchObject({ tp: 1, fp: 2, fn: 2 });
    expect(r.diagnostics).toEqual([
      { type: "low_overlap", severity: "warning", truth: "t1", answer: "a1", iou: 0.7 },
      { type: "missing_annotation", severity: "error", truth: "t3", truthLabel: "car" },
      { type: "extra_annotation", severity: "error", answer: "a3", answerLabel: "car" },
      {
        type: "mismatching_label",
        severity: "error",
        truth: "t2",
        answer: "a2",
        iou: 1,
        truthLabel: "person",
        answerLabel: "car",
      },
    ]);
    const { diagnostics: _, ...plain } = r;
    expect(plain).toEqual(scorePolygonsItem("i1", truth, answer));
    expect(
      scorePolygonsItemWithDiagnostics("i1", truth, answer, { lowOverlapThreshold: 0.5 }).diagnostics,
    ).toHaveLength(3);
  });

  it("refuses invalid input, naming the item and the shape", () => {
    const ok = box("t1", 0, 0, 10, 10);
    const bowTie: MultiPolygonRings = [
      [
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
        ],
      ],
    ];
    const cases: Array<[unknown[], unknown[], Partial<Parameters<typeof scorePolygonsItem>[3]>, RegExp]> = [
      [[shape("t1", bowTie)], [], {}, /truth shape #0 \(id "t1"\): polygon 0 ring 0 is self-intersecting/],
      [
        [ok],
        [
          shape("a1", [
            [
              [
                [0, 0],
                [1, 1],
              ],
            ],
          ]),
        ],
        {},
        /answer shape #0 \(id "a1"\): .*fewer than 3 distinct points/,
      ],
      [
        [
          shape("t1", [
            [
              [
                [0, 0],
                [Number.NaN, 1],
                [1, 0],
              ],
            ],
          ]),
        ],
        [],
        {},
        /non-finite x: NaN/,
      ],
      [
        [
          shape("t1", [
            [
              [
                [0, 0],
                [1, Number.POSITIVE_INFINITY],
                [1, 0],
              ],
            ],
          ]),
        ],
        [],
        {},
        /non-finite y: Infinity/,
      ],
      [[ok, { ...ok }], [], {}, /truth shape #1 \(id "t1"\) repeats an id/],
      [[ok], [], { labels: ["person"] }, /unknown label "car"/],
      [[box("t1", 0, 0, 500, 10)], [], { imageSize: { width: 100, height: 100 } }, /far outside the image/],
      [[{ ...ok, polygons: undefined }], [], {}, /has no polygons/],
      [[{ ...ok, label: 3 }], [], {}, /no string label/],
      [[ok], [], { iouThreshold: 0 }, /IoU threshold 0 is not in \(0, 1\]/],
    ];
    for (const [truth, answer, options, pattern] of cases)
      expectInputError(
        () => scorePolygonsItem("item-9", truth as PolygonShape[], answer as PolygonShape[], options),
        "item-9",
        pattern,
      );
    // Slightly outside the image is fine (10 % margin by default).
    expect(
      scorePolygonsItem("i", [box("t", -5, 0, 105, 100)], [], { imageSize: { width: 100, height: 100 } }).fn,
    ).toBe(1);
  });

  it("matches the brute-force optimum on random small items", () => {
    fc.assert(
      fc.property(
        shapes("t"),
        shapes("a"),
        fc.constantFrom(0.1, 0.3, 0.5, 0.7),
        (truth, answer, threshold) => {
          const r = scorePolygonsItem("rand", truth, answer, { iouThreshold: threshold });
          const objective = r.matches.reduce((s, m) => s + m.iou + 1e-9, 0);
          expect(objective).toBeCloseTo(bruteForce(truth, answer, threshold), 11);
          for (const m of r.matches) expect(m.iou).toBeGreaterThanOrEqual(threshold);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps scores in [0, 1] with consistent counts, and IoU symmetric", () => {
    fc.assert(
      fc.property(shapes("t", 8), shapes("a", 8), (truth, answer) => {
        const r = scorePolygonsItem("i", truth, answer);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.tp + r.fn).toBe(truth.length);
        expect(r.tp + r.fp).toBe(answer.length);
        for (const m of r.matches) {
          const t = truth.find((s) => s.id === m.truth) as PolygonShape;
          const a = answer.find((s) => s.id === m.answer) as PolygonShape;
          expect(polygonIoU(a.polygons, t.polygons)).toBe(m.iou);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("scores an answer equal to the truth as 1", () => {
    fc.assert(
      fc.property(shapes("s", 8), (truth) => {
        const answer = truth.map((s) => ({ ...s, id: `copy-${s.id}` }));
        expect(scorePolygonsItem("i", truth, answer)).toMatchObject({ score: 1, fp: 0, fn: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on the order of the shapes", () => {
    const sides = fc
      .tuple(shapes("t", 6), shapes("a", 6))
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
        expect(scorePolygonsItemWithDiagnostics("i", tShuffled, aShuffled)).toEqual(
          scorePolygonsItemWithDiagnostics("i", t, a),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("never scores higher with an extra unmatched answer shape", () => {
    fc.assert(
      fc.property(shapes("t", 6), shapes("a", 6), geometry, (truth, answer, extra) => {
        const before = scorePolygonsItem("i", truth, answer);
        const after = scorePolygonsItem("i", truth, [...answer, shape("extra", extra, "bicycle")]);
        expect(after.score).toBeLessThanOrEqual(before.score);
        expect(after.tp).toBe(before.tp);
        expect(after.fp).toBe(before.fp + 1);
      }),
      { numRuns: 200 },
    );
  });
});
