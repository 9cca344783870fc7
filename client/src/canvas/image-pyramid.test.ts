// Unit tests of the image pyramid's level choice.
import { describe, expect, it } from "vitest";
import { fallbackOrder, pickLevel, pyramidScales } from "./image-pyramid.ts";

describe("image pyramid", () => {
  describe("pyramidScales", () => {
    it("halves until the shorter side would drop below 256 px", () => {
      expect(pyramidScales({ width: 4000, height: 3000 })).toEqual([1, 0.5, 0.25, 0.125]);
      expect(pyramidScales({ width: 300, height: 200 })).toEqual([1]);
    });
  });

  describe("pickLevel", () => {
    const scales = [1, 0.5, 0.25, 0.125];

    it("takes the smallest level with the resolution the view needs", () => {
      expect(pickLevel(scales, 2)).toBe(0);
      expect(pickLevel(scales, 1)).toBe(0);
      expect(pickLevel(scales, 0.6)).toBe(0);
      expect(pickLevel(scales, 0.5)).toBe(1);
      expect(pickLevel(scales, 0.3)).toBe(1);
      expect(pickLevel(scales, 0.05)).toBe(3);
    });

    it("accepts a level slightly under it, which the eye does not tell apart", () => {
      expect(pickLevel(scales, 0.267)).toBe(2); // 4,000 × 3,000 fitted into 800 px: enlarged by 7 %
      expect(pickLevel(scales, 0.28)).toBe(1);
    });
  });

  describe("fallbackOrder", () => {
    it("tries larger levels (sharp) before smaller ones (blurred)", () => {
      expect(fallbackOrder(4, 2)).toEqual([2, 1, 0, 3]);
      expect(fallbackOrder(4, 0)).toEqual([0, 1, 2, 3]);
    });
  });
});
