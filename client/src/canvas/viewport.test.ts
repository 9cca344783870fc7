// Unit tests of the view transform: screen ↔ image conversion, fitting, zooming to a point, panning.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fitViewport,
  imageToScreen,
  keepImageInView,
  panBy,
  screenToImage,
  visibleImageRect,
  wheelZoomFactor,
  zoomAt,
  zoomLimits,
} from "./viewport.ts";

const IMAGE = { width: 4000, height: 3000 };
const FRAME = { width: 1200, height: 600 };
const finite = fc.double({ min: -5000, max: 5000, noNaN: true });
const scale = fc.double({ min: 0.05, max: 32, noNaN: true });

describe("viewport", () => {
  describe("screenToImage and imageToScreen", () => {
    it("convert with the viewport's scale and offset", () => {
      const v = { x: 100, y: 50, scale: 0.25 };
      expect(imageToScreen(v, { x: 400, y: 200 })).toEqual({ x: 200, y: 100 });
      expect(screenToImage(v, { x: 200, y: 100 })).toEqual({ x: 400, y: 200 });
    });

    it("are inverse of each other", () => {
      fc.assert(
        fc.property(finite, finite, scale, finite, finite, (x, y, s, px, py) => {
          const back = screenToImage({ x, y, scale: s }, imageToScreen({ x, y, scale: s }, { x: px, y: py }));
          expect(back.x).toBeCloseTo(px, 6);
          expect(back.y).toBeCloseTo(py, 6);
        }),
      );
    });
  });

  describe("fitViewport", () => {
    it("shows the whole image, centred, as large as the frame allows", () => {
      const v = fitViewport(IMAGE, FRAME);
      expect(v.scale).toBe(0.2);
      expect(v).toMatchObject({ x: 200, y: 0 });
      expect(imageToScreen(v, { x: 4000, y: 3000 })).toEqual({ x: 1000, y: 600 });
    });

    it("enlarges small images at most three times", () => {
      expect(fitViewport({ width: 100, height: 50 }, FRAME)).toEqual({ x: 450, y: 225, scale: 3 });
    });

    it("falls back to the identity on empty sizes", () => {
      expect(fitViewport(IMAGE, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, scale: 1 });
    });
  });

  describe("zoomAt", () => {
    it("keeps the image point under the cursor in place", () => {
      fc.assert(
        fc.property(finite, finite, scale, fc.double({ min: 0.2, max: 5, noNaN: true }), (x, y, s, f) => {
          const v = { x, y, scale: s };
          const at = { x: 321, y: 123 };
          const before = screenToImage(v, at);
          const after = screenToImage(zoomAt(v, at, f, { min: 0.01, max: 100 }), at);
          expect(after.x).toBeCloseTo(before.x, 6);
          expect(after.y).toBeCloseTo(before.y, 6);
        }),
      );
    });

    it("stays within the limits, and is a no-op at them", () => {
      const v = { x: 0, y: 0, scale: 2 };
      expect(zoomAt(v, { x: 0, y: 0 }, 100, { min: 1, max: 4 }).scale).toBe(4);
      expect(zoomAt(v, { x: 0, y: 0 }, 0.01, { min: 1, max: 4 }).scale).toBe(1);
      const top = { x: 5, y: 5, scale: 4 };
      expect(zoomAt(top, { x: 9, y: 9 }, 2, { min: 1, max: 4 })).toBe(top);
    });
  });

  describe("zoomLimits", () => {
    it("goes from half the fitted scale to 32 screen pixels per image pixel", () => {
      expect(zoomLimits(IMAGE, FRAME)).toEqual({ min: 0.1, max: 32 });
      expect(zoomLimits({ width: 10, height: 10 }, FRAME).min).toBe(1);
    });
  });

  describe("panBy", () => {
    it("moves the image with the pointer, in screen pixels", () => {
      const v = { x: 10, y: 20, scale: 3 };
      expect(panBy(v, 5, -7)).toEqual({ x: 15, y: 13, scale: 3 });
      expect(panBy(v, 0, 0)).toBe(v);
    });
  });

  describe("keepImageInView", () => {
    it("stops a pan once only a margin of the image is left on screen", () => {
      const v = { x: 5000, y: -9000, scale: 1 };
      expect(keepImageInView(v, IMAGE, FRAME, 48)).toEqual({ x: 1152, y: -2952, scale: 1 });
    });

    it("leaves a view that shows enough of the image alone", () => {
      const v = fitViewport(IMAGE, FRAME);
      expect(keepImageInView(v, IMAGE, FRAME)).toBe(v);
    });
  });

  describe("visibleImageRect", () => {
    it("is the frame in image pixels", () => {
      expect(visibleImageRect({ x: -100, y: 50, scale: 2 }, FRAME)).toEqual({
        x: 50,
        y: -25,
        w: 600,
        h: 300,
      });
    });
  });

  describe("wheelZoomFactor", () => {
    it("zooms in on a wheel turned away, out towards, and equally both ways", () => {
      const inward = wheelZoomFactor(-100, 0, 800);
      expect(inward).toBeGreaterThan(1.15);
      expect(inward).toBeLessThan(1.25);
      expect(wheelZoomFactor(100, 0, 800)).toBeCloseTo(1 / inward, 10);
    });

    it("reads line and page deltas, and caps a single event", () => {
      expect(wheelZoomFactor(-3, 1, 800)).toBeCloseTo(wheelZoomFactor(-48, 0, 800), 10);
      expect(wheelZoomFactor(-1, 2, 800)).toBe(wheelZoomFactor(-300, 0, 800));
    });
  });
});
