// Unit tests of viewport culling and of what a change of the document repaints.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedRegions, cull, expandRect, expectedInView, intersects, pointsBounds } from "./culling.ts";

const box = (id: string, x: number, y: number, w = 10, h = 10, label = "car") => ({ id, label, x, y, w, h });
const VIEW = { x: 100, y: 100, w: 200, h: 100 };

describe("culling", () => {
  describe("intersects", () => {
    it("keeps shapes that overlap or touch the view, drops the others", () => {
      expect(intersects({ x: 90, y: 90, w: 20, h: 20 }, VIEW)).toBe(true); // across a corner
      expect(intersects({ x: 150, y: 120, w: 5, h: 5 }, VIEW)).toBe(true); // inside
      expect(intersects({ x: 0, y: 0, w: 1000, h: 1000 }, VIEW)).toBe(true); // around
      expect(intersects({ x: 300, y: 150, w: 5, h: 5 }, VIEW)).toBe(true); // touching the right edge
      expect(intersects({ x: 301, y: 150, w: 5, h: 5 }, VIEW)).toBe(false);
      expect(intersects({ x: 150, y: 80, w: 5, h: 19 }, VIEW)).toBe(false); // just above
    });

    it("agrees with a pointwise definition", () => {
      const r = fc.record({
        x: fc.integer({ min: -50, max: 50 }),
        y: fc.integer({ min: -50, max: 50 }),
        w: fc.integer({ min: 0, max: 40 }),
        h: fc.integer({ min: 0, max: 40 }),
      });
      fc.assert(
        fc.property(r, r, (a, b) => {
          let shared = false;
          for (let x = a.x; x <= a.x + a.w && !shared; x++)
            for (let y = a.y; y <= a.y + a.h && !shared; y++)
              shared = x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
          expect(intersects(a, b)).toBe(shared);
        }),
      );
    });
  });

  describe("cull", () => {
    it("keeps the shapes in view, in their order", () => {
      const shapes = [box("a", 0, 0), box("b", 150, 150), box("c", 295, 195), box("d", 400, 150)];
      expect(cull(shapes, VIEW, (s) => s).map((s) => s.id)).toEqual(["b", "c"]);
    });

    it("takes a margin for what shapes draw past their bounds", () => {
      expect(cull([box("a", 100, 85)], VIEW, (s) => s)).toEqual([]);
      expect(cull([box("a", 100, 85)], expandRect(VIEW, 6), (s) => s)).toHaveLength(1);
    });
  });

  describe("pointsBounds", () => {
    it("bounds a flat point list", () => {
      expect(pointsBounds([10, 20, 30, 5, 15, 40])).toEqual({ x: 10, y: 5, w: 20, h: 35 });
      expect(pointsBounds([])).toEqual({ x: 0, y: 0, w: 0, h: 0 });
    });
  });

  describe("changedRegions", () => {
    const a = box("a", 0, 0);
    const b = box("b", 50, 50);
    const c = box("c", 100, 100);

    it("is empty when nothing changed", () => {
      const list = [a, b];
      expect(changedRegions(list, list, null, null)).toEqual([]);
      expect(changedRegions(list, [a, b], "a", "a")).toEqual([]);
    });

    it("covers added, removed, moved and relabelled boxes", () => {
      const moved = { ...b, x: 60 };
      expect(changedRegions([a, b], [a, moved, c], null, null)).toEqual([
        { x: 50, y: 50, w: 10, h: 10 },
        { x: 60, y: 50, w: 10, h: 10 },
        { x: 100, y: 100, w: 10, h: 10 },
      ]);
      expect(changedRegions([a, b], [a], null, null)).toEqual([{ x: 50, y: 50, w: 10, h: 10 }]);
      expect(changedRegions([a], [{ ...a, label: "tree" }], null, null)).toHaveLength(2);
    });

    it("ignores a new object that looks the same", () => {
      expect(changedRegions([a], [{ ...a }], null, null)).toEqual([]);
    });

    it("covers the boxes that became or stopped being hidden", () => {
      expect(changedRegions([a, b], [a, b], "a", "b")).toEqual([
        { x: 0, y: 0, w: 10, h: 10 },
        { x: 50, y: 50, w: 10, h: 10 },
      ]);
      // Deleting the selected box: it was hidden, and is gone.
      expect(changedRegions([a, b], [a], "b", null)).toEqual([
        { x: 50, y: 50, w: 10, h: 10 },
        { x: 50, y: 50, w: 10, h: 10 },
      ]);
    });

    it("gives up past the limit, when repainting everything is cheaper", () => {
      const many = Array.from({ length: 40 }, (_, i) => box(`n${i}`, i, i));
      expect(changedRegions([], many, null, null)).toBeNull();
      expect(changedRegions([], many.slice(0, 3), null, null, 2)).toBeNull();
    });
  });

  describe("expectedInView", () => {
    it("scales the count by the part of the image the frame shows", () => {
      const image = { width: 4000, height: 3000 };
      expect(expectedInView(5000, image, { width: 1000, height: 750 }, 0.25)).toBe(5000);
      expect(expectedInView(5000, image, { width: 1000, height: 750 }, 1)).toBeCloseTo(312.5, 6);
      expect(expectedInView(5000, image, { width: 1000, height: 750 }, 2)).toBeCloseTo(78.125, 6);
    });
  });
});
