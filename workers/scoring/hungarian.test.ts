import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connectedComponents, maxWeightMatching, maxWeightMatchingSparse } from "./hungarian.ts";

/** The best total weight over all matchings of positive-weight pairs, by trying them all. */
function bruteForceBest(w: number[][]): number {
  const cols = w[0]?.length ?? 0;
  const used = new Array<boolean>(cols).fill(false);
  const go = (i: number): number => {
    if (i === w.length) return 0;
    let best = go(i + 1); // row i unmatched
    for (let j = 0; j < cols; j++) {
      const x = w[i]?.[j] ?? 0;
      if (used[j] || x <= 0) continue;
      used[j] = true;
      best = Math.max(best, x + go(i + 1));
      used[j] = false;
    }
    return best;
  };
  return go(0);
}

const total = (w: number[][], pairs: Array<[number, number]>) =>
  pairs.reduce((s, [i, j]) => s + (w[i]?.[j] ?? Number.NaN), 0);

function expectValidMatching(w: number[][], pairs: Array<[number, number]>) {
  expect(new Set(pairs.map((p) => p[0])).size).toBe(pairs.length);
  expect(new Set(pairs.map((p) => p[1])).size).toBe(pairs.length);
  for (const [i, j] of pairs) expect(w[i]?.[j]).toBeGreaterThan(0);
}

/** Matrices up to 6 × 6, many pairs not allowed (weight 0); weights spread over (0, 1]. */
const matrix = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([rows, cols]) =>
    fc.array(
      fc.array(
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 100 }).map((k) => k / 100),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        {
          minLength: cols,
          maxLength: cols,
        },
      ),
      { minLength: rows, maxLength: rows },
    ),
  );

describe("maxWeightMatching", () => {
  it("beats the greedy choice", () => {
    // Greedy takes 0.9 and is stuck; the optimum is 0.8 + 0.8.
    const w = [
      [0.9, 0.8],
      [0.8, 0],
    ];
    expect(maxWeightMatching(w)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it("handles rectangular matrices both ways and never returns a weight-0 pair", () => {
    expect(maxWeightMatching([[0.2, 0.5, 0.4]])).toEqual([[0, 1]]);
    expect(maxWeightMatching([[0.2], [0.5], [0.4]])).toEqual([[1, 0]]);
    expect(
      maxWeightMatching([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual([]);
    expect(maxWeightMatching([[0, 0.3, 0]])).toEqual([[0, 1]]);
    expect(maxWeightMatching([])).toEqual([]);
    expect(maxWeightMatching([[], []])).toEqual([]);
  });

  it("refuses ragged, negative or non-finite weights", () => {
    expect(() => maxWeightMatching([[1, 2], [3]])).toThrow(RangeError);
    expect(() => maxWeightMatching([[-0.1]])).toThrow(RangeError);
    expect(() => maxWeightMatching([[Number.NaN]])).toThrow(RangeError);
    expect(() => maxWeightMatching([[Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });

  it("finds the brute-force optimum on random small matrices", () => {
    fc.assert(
      fc.property(matrix, (w) => {
        const pairs = maxWeightMatching(w);
        expectValidMatching(w, pairs);
        expect(total(w, pairs)).toBeCloseTo(bruteForceBest(w), 9);
      }),
      { numRuns: 500 },
    );
  });
});

describe("connected components", () => {
  it("splits a bipartite graph and leaves out isolated vertices", () => {
    const edges = [
      { row: 0, col: 0 },
      { row: 1, col: 0 },
      { row: 2, col: 2 },
      { row: 1, col: 1 },
    ];
    const comps = connectedComponents(4, 4, edges).sort((a, b) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
    expect(comps).toEqual([
      { rows: [0, 1], cols: [0, 1], edges: [0, 1, 3] },
      { rows: [2], cols: [2], edges: [2] },
    ]);
    expect(connectedComponents(3, 3, [])).toEqual([]);
    expect(() => connectedComponents(1, 1, [{ row: 0, col: 1 }])).toThrow(RangeError);
  });

  it("gives the same optimum solved by component as solved whole", () => {
    fc.assert(
      fc.property(matrix, (w) => {
        const edges = w.flatMap((row, i) =>
          row.flatMap((weight, j) => (weight > 0 ? [{ row: i, col: j, weight }] : [])),
        );
        const pairs = maxWeightMatchingSparse(w.length, w[0]?.length ?? 0, edges);
        expectValidMatching(w, pairs);
        expect(total(w, pairs)).toBeCloseTo(total(w, maxWeightMatching(w)), 9);
      }),
      { numRuns: 300 },
    );
  });
});
