// Shape credit (boxes and polygons): "f1@iou", "coco-mean" and "iou-weighted" on the same matching.
import { describe, expect, it } from "vitest";
import { type BoxShape, scoreBoxesItem, scoreBoxesItemWithDiagnostics } from "./boxes.ts";
import { COCO_IOU_THRESHOLDS } from "./detections.ts";
import { type PolygonShape, scorePolygonsItem } from "./polygons.ts";
import { type MatchingProblem, matchWithCredit, SHAPE_CREDITS } from "./shape-matching.ts";
import { ScoringInputError } from "./types.ts";

const box = (id: string, x: number, y: number, w: number, h: number, label = "car"): BoxShape => ({
  id,
  label,
  x,
  y,
  w,
  h,
});
const rect = (id: string, x: number, y: number, w: number, h: number, label = "lake"): PolygonShape => ({
  id,
  label,
  polygons: [
    [
      [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ],
    ],
  ],
});

/** The share of pycocotools' thresholds an IoU reaches. */
const reached = (iou: number) => COCO_IOU_THRESHOLDS.filter((t) => iou >= t - 1e-12).length / 10;

describe("shape credit", () => {
  // The answer is 100 × 123 over a 100 × 100 truth: IoU 100/123 ≈ 0.813 ("sloppy").
  const sloppyIoU = 100 / 123;

  it.each([
    ["f1@iou", 1],
    ["coco-mean", 0.7],
    ["iou-weighted", sloppyIoU],
  ] as const)("%s on a sloppy box and a sloppy polygon", (credit, expected) => {
    const b = scoreBoxesItem("i", [box("t", 0, 0, 100, 100)], [box("a", 0, 0, 100, 123)], { credit });
    expect(b.score).toBeCloseTo(expected, 12);
    const p = scorePolygonsItem("i", [rect("t", 0, 0, 100, 100)], [rect("a", 0, 0, 100, 123)], { credit });
    expect(p.score).toBeCloseTo(expected, 12);
    // tp / fp / fn and the matches (with their IoU) are those at the threshold, whatever the credit.
    for (const s of [b, p]) {
      expect(s).toMatchObject({ tp: 1, fp: 0, fn: 0 });
      expect(s.matches).toHaveLength(1);
      expect(s.matches[0]?.iou).toBeCloseTo(sloppyIoU, 12);
    }
  });

  it.each(SHAPE_CREDITS)("%s: exact shapes score 1, both sides empty 1, one side empty 0", (credit) => {
    expect(scoreBoxesItem("i", [box("t", 0, 0, 10, 10)], [box("a", 0, 0, 10, 10)], { credit }).score).toBe(1);
    expect(
      scorePolygonsItem("i", [rect("t", 0, 0, 10, 10)], [rect("a", 0, 0, 10, 10)], { credit }).score,
    ).toBe(1);
    expect(scoreBoxesItem("i", [], [], { credit }).score).toBe(1);
    expect(scoreBoxesItem("i", [box("t", 0, 0, 10, 10)], [], { credit }).score).toBe(0);
    expect(scorePolygonsItem("i", [], [rect("a", 0, 0, 10, 10)], { credit }).score).toBe(0);
  });

  it("coco-mean is the mean of F1 over pycocotools' thresholds, np.linspace(.5, .95, 10)", () => {
    expect(COCO_IOU_THRESHOLDS).toHaveLength(10);
    expect(COCO_IOU_THRESHOLDS[0]).toBe(0.5);
    expect(COCO_IOU_THRESHOLDS[9]).toBe(0.95);
    // Three truths, answers of decreasing quality, one extra answer and one missed truth.
    const truth = [box("t1", 0, 0, 100, 100), box("t2", 200, 0, 100, 100), box("t3", 400, 0, 100, 100)];
    const answer = [
      box("a1", 0, 0, 100, 100), // IoU 1
      box("a2", 200, 0, 100, 140), // IoU 1/1.4 ≈ 0.714
      box("a3", 600, 0, 50, 50), // nothing
    ];
    const f1At = (t: number) => scoreBoxesItem("i", truth, answer, { iouThreshold: t }).score;
    const mean = COCO_IOU_THRESHOLDS.reduce((s, t) => s + f1At(t), 0) / 10;
    const coco = scoreBoxesItem("i", truth, answer, { credit: "coco-mean" });
    expect(coco.score).toBeCloseTo(mean, 12);
    // By hand: at t ≤ 0.70 two pairs (F1 = 4/6), above one (F1 = 2/6).
    const twoPairs = reached(1 / 1.4) * 10;
    expect(coco.score).toBeCloseTo((twoPairs * (4 / 6) + (10 - twoPairs) * (2 / 6)) / 10, 12);
    expect(coco).toMatchObject({ tp: 2, fp: 1, fn: 1 });
  });

  it("iou-weighted: matched pairs contribute their IoU to the F1 numerator", () => {
    const truth = [box("t1", 0, 0, 100, 100), box("t2", 200, 0, 100, 100)];
    const answer = [box("a1", 0, 0, 100, 125), box("a2", 200, 0, 100, 100), box("a3", 600, 0, 10, 10)];
    const s = scoreBoxesItem("i", truth, answer, { credit: "iou-weighted" });
    expect(s).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    expect(s.score).toBeCloseTo((2 * (0.8 + 1)) / (2 * 2 + 1), 12);
  });

  it("a sloppy shape scores below an exact one, and never above f1@iou", () => {
    for (let h = 100; h <= 190; h += 5) {
      const opts = (credit: (typeof SHAPE_CREDITS)[number]) =>
        scorePolygonsItem("i", [rect("t", 0, 0, 100, 100)], [rect("a", 0, 0, 100, h)], { credit }).score;
      const f1 = opts("f1@iou");
      for (const credit of ["coco-mean", "iou-weighted"] as const) {
        expect(opts(credit)).toBeLessThanOrEqual(f1 + 1e-12);
        // coco-mean gives full credit from IoU 0.95 on (pycocotools' last threshold).
        if (100 / h < 0.95) expect(opts(credit)).toBeLessThan(1);
      }
    }
  });

  it("keeps the diagnostics of the threshold's matching", () => {
    const d = scoreBoxesItemWithDiagnostics("i", [box("t", 0, 0, 100, 100)], [box("a", 0, 0, 100, 150)], {
      credit: "coco-mean",
    });
    expect(d.score).toBeCloseTo(reached(1 / 1.5), 12);
    expect(d.diagnostics.map((x) => x.type)).toEqual(["low_overlap"]);
  });

  it("refuses an unknown credit", () => {
    expect(() =>
      scoreBoxesItem("i", [], [], { credit: "coco" as unknown as (typeof SHAPE_CREDITS)[number] }),
    ).toThrow(ScoringInputError);
  });

  it("matchWithCredit computes each pair's similarity once across thresholds", () => {
    let calls = 0;
    const problem: MatchingProblem = {
      truthIds: ["t"],
      truthLabels: ["x"],
      answerIds: ["a"],
      answerLabels: ["x"],
      candidates: (visit) => visit(0, 0),
      similarity: () => {
        calls++;
        return 0.9;
      },
    };
    const { score, outcome } = matchWithCredit(problem, "coco-mean", 0.5, COCO_IOU_THRESHOLDS);
    expect(score).toBeCloseTo(0.9, 12); // 0.50 … 0.90 reached: 9 of 10
    expect(outcome.tp).toBe(1);
    expect(calls).toBe(1);
  });
});
