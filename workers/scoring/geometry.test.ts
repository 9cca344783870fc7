import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxIoU, intersectionArea, type Rect, rectArea } from "./geometry.ts";

const rect = (x: number, y: number, w: number, h: number): Rect => ({ x, y, w, h });

/** Box IoU cases from Striveworks/valor (MIT); see fixtures/valor_polygon_bitmask_bbox_iou/SOURCE.txt. */
interface ValorBboxCase {
  a: [number, number, number, number];
  b: [number, number, number, number];
  expected?: number;
  expected_round5?: number;
}
const valor = JSON.parse(
  readFileSync(new URL("./fixtures/valor_polygon_bitmask_bbox_iou/expected.json", import.meta.url), "utf8"),
) as { bbox_iou: { pairs: ValorBboxCase[] } };
/** valor writes boxes as [xmin, xmax, ymin, ymax]. */
const fromValor = ([xmin, xmax, ymin, ymax]: [number, number, number, number]): Rect =>
  rect(xmin, ymin, xmax - xmin, ymax - ymin);

describe("box geometry", () => {
  it("computes areas and intersections", () => {
    expect(rectArea(rect(1, 2, 3, 4))).toBe(12);
    expect(intersectionArea(rect(0, 0, 10, 10), rect(5, 5, 10, 10))).toBe(25);
    expect(intersectionArea(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(0);
  });

  it("scores hand-checked IoU cases", () => {
    expect(boxIoU(rect(0, 0, 10, 10), rect(0, 0, 10, 10))).toBe(1);
    expect(boxIoU(rect(0.1, 0.7, 0.2, 0.3), rect(0.1, 0.7, 0.2, 0.3))).toBe(1);
    expect(boxIoU(rect(0, 0, 10, 10), rect(20, 20, 5, 5))).toBe(0);
    // Touching along an edge or at a corner shares no area.
    expect(boxIoU(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(0);
    expect(boxIoU(rect(0, 0, 10, 10), rect(10, 10, 10, 10))).toBe(0);
    // Shifted by half its width: 50 / 150.
    expect(boxIoU(rect(0, 0, 10, 10), rect(5, 0, 10, 10))).toBeCloseTo(1 / 3, 12);
    // Containment: the inner area over the outer.
    expect(boxIoU(rect(0, 0, 10, 10), rect(2, 2, 5, 5))).toBe(0.25);
    expect(boxIoU(rect(2, 2, 5, 5), rect(0, 0, 10, 10))).toBe(0.25);
    // Cross shape: 2×2 shared, union 20 + 20 − 4.
    expect(boxIoU(rect(0, 4, 10, 2), rect(4, 0, 2, 10))).toBeCloseTo(4 / 36, 12);
  });

  it("matches valor's bbox IoU cases", () => {
    expect(valor.bbox_iou.pairs.length).toBe(5);
    for (const c of valor.bbox_iou.pairs) {
      const iou = boxIoU(fromValor(c.a), fromValor(c.b));
      if (c.expected !== undefined) expect(iou).toBe(c.expected);
      else expect(Math.round(iou * 1e5) / 1e5).toBe(c.expected_round5);
    }
  });

  it("stays in [0, 1] and is symmetric", () => {
    const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const size = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    const box = fc.record({ x: coord, y: coord, w: size, h: size });
    fc.assert(
      fc.property(box, box, (a, b) => {
        const iou = boxIoU(a, b);
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
        expect(boxIoU(b, a)).toBe(iou);
        expect(boxIoU(a, a)).toBe(1);
      }),
    );
  });

  it("does not overflow for huge boxes", () => {
    const huge = rect(0, 0, 1e154, 1e154);
    expect(boxIoU(huge, huge)).toBe(1);
    expect(boxIoU(huge, rect(0, 0, 1e154, 5e153))).toBeCloseTo(0.5, 12);
  });
});
