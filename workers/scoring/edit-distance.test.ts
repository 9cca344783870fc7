import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countOps, editAlignment, editCounts } from "./edit-distance.ts";

/** Every alignment by recursion: the least distance, and the most hits among those. */
function bruteForce(a: readonly string[], b: readonly string[]): { distance: number; hits: number } {
  const memo = new Map<string, { distance: number; hits: number }>();
  const go = (i: number, j: number): { distance: number; hits: number } => {
    if (i === a.length) return { distance: b.length - j, hits: 0 };
    if (j === b.length) return { distance: a.length - i, hits: 0 };
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known) return known;
    const same = a[i] === b[j];
    const diag = go(i + 1, j + 1);
    const options = [
      { distance: diag.distance + (same ? 0 : 1), hits: diag.hits + (same ? 1 : 0) },
      { distance: go(i + 1, j).distance + 1, hits: go(i + 1, j).hits },
      { distance: go(i, j + 1).distance + 1, hits: go(i, j + 1).hits },
    ];
    const best = options.reduce((x, y) =>
      y.distance < x.distance || (y.distance === x.distance && y.hits > x.hits) ? y : x,
    );
    memo.set(key, best);
    return best;
  };
  return go(0, 0);
}

const seq = fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 9 });

describe("editCounts", () => {
  it("counts the classic example", () => {
    // kitten → sitting: 2 substitutions and 1 insertion.
    expect(editCounts([..."kitten"], [..."sitting"])).toEqual({
      hits: 4,
      substitutions: 2,
      deletions: 0,
      insertions: 1,
    });
    expect(editCounts([], [])).toEqual({ hits: 0, substitutions: 0, deletions: 0, insertions: 0 });
    expect(editCounts(["a"], [])).toEqual({ hits: 0, substitutions: 0, deletions: 1, insertions: 0 });
    expect(editCounts([], ["a", "b"])).toEqual({ hits: 0, substitutions: 0, deletions: 0, insertions: 2 });
  });

  it("prefers the alignment with most hits among the shortest", () => {
    // a b → b c: distance 2 either way; delete a, hit b, insert c has one hit.
    expect(editCounts(["a", "b"], ["b", "c"])).toEqual({
      hits: 1,
      substitutions: 0,
      deletions: 1,
      insertions: 1,
    });
  });

  it("agrees with brute force on distance and hits", () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const c = editCounts(a, b);
        const best = bruteForce(a, b);
        expect(c.substitutions + c.deletions + c.insertions).toBe(best.distance);
        expect(c.hits).toBe(best.hits);
        expect(c.hits + c.substitutions + c.deletions).toBe(a.length);
        expect(c.hits + c.substitutions + c.insertions).toBe(b.length);
        expect(Math.min(c.substitutions, c.deletions, c.insertions)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same counts as the full alignment, whose operations rebuild both sides", () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const ops = editAlignment(a, b);
        expect(countOps(ops)).toEqual(editCounts(a, b));
        expect(ops.flatMap((o) => (o.op === "insert" ? [] : [o.ref]))).toEqual(a);
        expect(ops.flatMap((o) => (o.op === "delete" ? [] : [o.hyp]))).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it("is symmetric in distance", () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const x = editCounts(a, b);
        const y = editCounts(b, a);
        expect(x.substitutions + x.deletions + x.insertions).toBe(
          y.substitutions + y.deletions + y.insertions,
        );
        expect(x.hits).toBe(y.hits);
      }),
    );
  });
});
