// Unit tests of the cached layers' geometry: which region is cached, when it still serves, where it shows.
import { describe, expect, it } from "vitest";
import {
  cacheRegion,
  containsRect,
  intersection,
  placement,
  stillServes,
  visibleWorldRect,
  worldRect,
} from "./layer-cache.ts";
import { fitViewport } from "./viewport.ts";

const IMAGE = { x: 0, y: 0, w: 4000, h: 3000 };
const FRAME = { width: 1200, height: 600 };

describe("layer cache geometry", () => {
  describe("cacheRegion", () => {
    it("holds the whole image when fitted, so a pan only moves the bitmap", () => {
      const v = fitViewport({ width: 4000, height: 3000 }, FRAME);
      const region = cacheRegion(visibleWorldRect(v, FRAME), worldRect(IMAGE, v.scale), FRAME, 1);
      expect(region).toEqual({ x: 0, y: 0, w: 800, h: 600 });
    });

    it("holds the view and half a frame around it when zoomed in, within the image", () => {
      const v = { x: -1000, y: -200, scale: 1 };
      expect(cacheRegion(visibleWorldRect(v, FRAME), worldRect(IMAGE, 1), FRAME, 1)).toEqual({
        x: 400,
        y: 0,
        w: 2400,
        h: 1100,
      });
    });

    it("stays within the largest canvas side, in device pixels", () => {
      const v = { x: 0, y: 0, scale: 8 };
      const region = cacheRegion(
        visibleWorldRect(v, { width: 5000, height: 5000 }),
        worldRect(IMAGE, 8),
        { width: 5000, height: 5000 },
        2,
      );
      expect(region.w * 2).toBeLessThanOrEqual(8192);
      expect(region.h * 2).toBeLessThanOrEqual(8192);
    });
  });

  describe("stillServes", () => {
    const held = { scale: 1, ratio: 1, region: { x: 400, y: 0, w: 2400, h: 1100 } };

    it("serves pans that stay inside the cached region", () => {
      expect(stillServes(held, { x: -1000, y: -200, scale: 1 }, FRAME, IMAGE, 1)).toBe(true);
      expect(stillServes(held, { x: -1600, y: -500, scale: 1 }, FRAME, IMAGE, 1)).toBe(true);
      expect(stillServes(held, { x: -1700, y: -200, scale: 1 }, FRAME, IMAGE, 1)).toBe(false);
    });

    it("needs only the part of the view that shows content", () => {
      const fitted = { scale: 0.2, ratio: 1, region: { x: 0, y: 0, w: 800, h: 600 } };
      expect(stillServes(fitted, { x: 900, y: 300, scale: 0.2 }, FRAME, IMAGE, 1)).toBe(true);
      expect(stillServes(fitted, { x: 5000, y: 5000, scale: 0.2 }, FRAME, IMAGE, 1)).toBe(true);
    });

    it("does not serve another zoom or pixel ratio", () => {
      expect(stillServes(held, { x: -1000, y: -200, scale: 1.1 }, FRAME, IMAGE, 1)).toBe(false);
      expect(stillServes(held, { x: -1000, y: -200, scale: 1 }, FRAME, IMAGE, 2)).toBe(false);
    });
  });

  describe("placement", () => {
    it("puts the bitmap's corner where its world point is on screen", () => {
      const held = { scale: 1, ratio: 1, region: { x: 400, y: 0, w: 2400, h: 1100 } };
      expect(placement(held, { x: -1000, y: -200, scale: 1 })).toEqual({ x: -600, y: -200, k: 1 });
    });

    it("scales an old bitmap during a zoom", () => {
      const held = { scale: 0.5, ratio: 1, region: { x: 100, y: 40, w: 500, h: 300 } };
      expect(placement(held, { x: 10, y: 20, scale: 1 })).toEqual({ x: 210, y: 100, k: 2 });
    });
  });

  describe("intersection and containsRect", () => {
    it("work on rectangles", () => {
      expect(intersection({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 })).toEqual({
        x: 5,
        y: 5,
        w: 5,
        h: 5,
      });
      expect(intersection({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 10, h: 10 })).toBeNull();
      expect(containsRect({ x: 0, y: 0, w: 10, h: 10 }, { x: 2, y: 2, w: 8, h: 8 })).toBe(true);
      expect(containsRect({ x: 0, y: 0, w: 10, h: 10 }, { x: 2, y: 2, w: 9, h: 8 })).toBe(false);
    });
  });
});
