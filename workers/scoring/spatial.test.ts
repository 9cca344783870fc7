import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateBounds, overlappingPairs } from "./spatial.ts";

const rect = fc.record({
  x: fc.integer({ min: 0, max: 20 }),
  y: fc.integer({ min: 0, max: 20 }),
  w: fc.integer({ min: 0, max: 6 }),
  h: fc.integer({ min: 0, max: 6 }),
});

function bounds(rects: Array<{ x: number; y: number; w: number; h: number }>) {
  const b = allocateBounds(rects.length);
  rects.forEach((r, k) => {
    b.minX[k] = r.x;
    b.minY[k] = r.y;
    b.maxX[k] = r.x + r.w;
    b.maxY[k] = r.y + r.h;
  });
  return b;
}

describe("overlappingPairs", () => {
  it("visits exactly the overlapping pairs, once each, strict or inclusive", () => {
    fc.assert(
      fc.property(
        fc.array(rect, { maxLength: 15 }),
        fc.array(rect, { maxLength: 15 }),
        fc.boolean(),
        (a, b, inclusive) => {
          const seen: string[] = [];
          overlappingPairs(bounds(a), bounds(b), (i, j) => seen.push(`${i},${j}`), inclusive);
          const expected: string[] = [];
          a.forEach((p, i) => {
            b.forEach((q, j) => {
              const overlap = inclusive
                ? p.x <= q.x + q.w && q.x <= p.x + p.w && p.y <= q.y + q.h && q.y <= p.y + p.h
                : p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
              if (overlap) expected.push(`${i},${j}`);
            });
          });
          expect(seen.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 500 },
    );
  });
});
