import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orient2d } from "./predicates.ts";

describe("orient2d", () => {
  it("gives the sign of the turn a → b → c", () => {
    expect(orient2d(0, 0, 1, 0, 0, 1)).toBeGreaterThan(0);
    expect(orient2d(0, 0, 1, 0, 0, -1)).toBeLessThan(0);
    expect(orient2d(0, 0, 1, 1, 2, 2)).toBe(0);
  });

  it("is exact near collinearity, where the floating-point determinant is wrong", () => {
    // Points on the line y = x shifted by one ulp: the naive determinant often rounds to 0 or to
    // the wrong sign; the exact sign follows the shift.
    const x = 0.5;
    for (let k = 0; k < 256; k++) {
      const cx = x + k * 2 ** -53;
      const cy = cx;
      expect(orient2d(12, 12, 24, 24, cx, cy)).toBe(0);
      const above = orient2d(12, 12, 24, 24, cx, cy + 2 ** -53);
      const below = orient2d(12, 12, 24, 24, cx, cy - 2 ** -53);
      expect(Math.sign(above)).toBe(1);
      expect(Math.sign(below)).toBe(-1);
    }
  });

  it("is antisymmetric and zero for repeated points", () => {
    const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
    const v = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(v, v, v, v, v, v, (ax, ay, bx, by, cx, cy) => {
        const o = sign(orient2d(ax, ay, bx, by, cx, cy));
        expect(sign(orient2d(bx, by, ax, ay, cx, cy))).toBe(o === 0 ? 0 : -o);
        expect(sign(orient2d(bx, by, cx, cy, ax, ay))).toBe(o);
        expect(orient2d(ax, ay, ax, ay, cx, cy)).toBe(0);
      }),
    );
  });
});
