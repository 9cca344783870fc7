// Simple-polygon checks: what the server refuses at input, tried on shapes drawn by hand and on
// random rings checked against a brute-force pairwise test.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { polygonProblem, segmentsTouch } from "./polygon.ts";

type V = [number, number];

describe("segmentsTouch", () => {
  it("sees crossings, touchings and collinear overlaps, and not parallel or apart segments", () => {
    expect(segmentsTouch([0, 0], [4, 4], [0, 4], [4, 0])).toBe(true);
    expect(segmentsTouch([0, 0], [4, 0], [2, 0], [2, 3])).toBe(true); // T
    expect(segmentsTouch([0, 0], [4, 0], [3, 0], [6, 0])).toBe(true); // collinear overlap
    expect(segmentsTouch([0, 0], [4, 0], [5, 0], [6, 0])).toBe(false); // collinear apart
    expect(segmentsTouch([0, 0], [4, 0], [0, 1], [4, 1])).toBe(false); // parallel
  });
});

describe("polygonProblem", () => {
  it("accepts simple rings, convex or not, either orientation", () => {
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
      ]),
    ).toBeNull();
    expect(
      polygonProblem([
        [0, 0],
        [0, 4],
        [4, 4],
        [4, 0],
      ]),
    ).toBeNull();
    expect(
      polygonProblem([
        [0, 0],
        [6, 0],
        [6, 2],
        [2, 2],
        [2, 6],
        [0, 6],
      ]),
    ).toBeNull(); // L
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
        [4, 4],
        [2, 4],
        [2, 4.5],
        [0, 4],
      ]),
    ).toBeNull();
  });

  it("refuses a bow tie, a ring touching itself, a fold-back spike, repeats and no area", () => {
    expect(
      polygonProblem([
        [0, 0],
        [4, 4],
        [4, 0],
        [0, 4],
      ]),
    ).toMatch(/crosses itself/);
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
        [2, 2],
        [4, 4],
        [0, 4],
        [2, 2],
      ]),
    ).toMatch(/crosses itself/);
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
        [4, 4],
        [4, 2],
      ]),
    ).toMatch(/folds back|crosses/);
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
        [4, 0],
        [0, 4],
      ]),
    ).toMatch(/repeats vertex/);
    expect(
      polygonProblem([
        [0, 0],
        [2, 0],
        [4, 0],
      ]),
    ).toMatch(/no area|folds back/);
    expect(
      polygonProblem([
        [0, 0],
        [4, 0],
      ]),
    ).toMatch(/fewer than 3/);
  });

  it("agrees with a brute-force pairwise test on random rings", () => {
    const brute = (pts: V[]) => {
      const n = pts.length;
      for (let i = 0; i < n; i++)
        for (let j = i + 2; j < n; j++) {
          if (i === 0 && j === n - 1) continue;
          const a = pts[i] as V;
          const b = pts[(i + 1) % n] as V;
          const c = pts[j] as V;
          const d = pts[(j + 1) % n] as V;
          if (segmentsTouch(a, b, c, d)) return false;
        }
      return true;
    };
    const vertex = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }));
    fc.assert(
      fc.property(fc.array(vertex, { minLength: 3, maxLength: 9 }), (pts) => {
        const problem = polygonProblem(pts);
        if (problem === null) expect(brute(pts)).toBe(true);
        else if (/crosses itself/.test(problem)) expect(brute(pts)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
