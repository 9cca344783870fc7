// Candidate pairs for matching: sweep-and-prune over axis-aligned bounds, so only overlapping shapes are compared.

/** Axis-aligned bounds of n shapes, in parallel arrays. */
export interface BoundsList {
  readonly length: number;
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
}

export function allocateBounds(length: number): BoundsList {
  return {
    length,
    minX: new Float64Array(length),
    minY: new Float64Array(length),
    maxX: new Float64Array(length),
    maxY: new Float64Array(length),
  };
}

/** Indices 0..n−1 sorted by a key (ascending; equal keys by index). */
function sortedByKey(key: Float64Array): Uint32Array {
  const order = new Uint32Array(key.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  return order.sort((p, q) => (key[p] as number) - (key[q] as number) || p - q);
}

/**
 * Calls visit(i, j) once for every pair of a shape i of `a` and a shape j of `b` whose bounds
 * overlap: with a positive-area overlap when `inclusive` is false (shapes that only touch share no
 * area), or touching included when it is true (for distances ≤ a radius). Sorts both lists by
 * minX and sweeps, keeping the shapes still open at the sweep line: O((n + m) log(n + m) + k) where
 * k is the number of pairs whose x ranges overlap. The visiting order is unspecified.
 */
export function overlappingPairs(
  a: BoundsList,
  b: BoundsList,
  visit: (i: number, j: number) => void,
  inclusive = false,
): void {
  if (a.length === 0 || b.length === 0) return;
  const orderA = sortedByKey(a.minX);
  const orderB = sortedByKey(b.minX);
  const activeA = new Uint32Array(a.length);
  const activeB = new Uint32Array(b.length);
  let countA = 0;
  let countB = 0;
  let nextA = 0;
  let nextB = 0;
  while (nextA < a.length || nextB < b.length) {
    const i = nextA < a.length ? (orderA[nextA] as number) : -1;
    const j = nextB < b.length ? (orderB[nextB] as number) : -1;
    const takeA = j < 0 || (i >= 0 && (a.minX[i] as number) <= (b.minX[j] as number));
    if (takeA) {
      nextA++;
      const x = a.minX[i] as number;
      const x1 = a.maxX[i] as number;
      const y0 = a.minY[i] as number;
      const y1 = a.maxY[i] as number;
      for (let k = 0; k < countB; ) {
        const other = activeB[k] as number;
        const closed = inclusive ? (b.maxX[other] as number) < x : (b.maxX[other] as number) <= x;
        if (closed) {
          activeB[k] = activeB[--countB] as number;
          continue;
        }
        const oy0 = b.minY[other] as number;
        const oy1 = b.maxY[other] as number;
        // The open shape starts at or before x; a zero-width one at x overlaps nothing strictly.
        if (inclusive ? oy0 <= y1 && y0 <= oy1 : oy0 < y1 && y0 < oy1 && (b.minX[other] as number) < x1)
          visit(i, other);
        k++;
      }
      activeA[countA++] = i;
    } else {
      nextB++;
      const x = b.minX[j] as number;
      const x1 = b.maxX[j] as number;
      const y0 = b.minY[j] as number;
      const y1 = b.maxY[j] as number;
      for (let k = 0; k < countA; ) {
        const other = activeA[k] as number;
        const closed = inclusive ? (a.maxX[other] as number) < x : (a.maxX[other] as number) <= x;
        if (closed) {
          activeA[k] = activeA[--countA] as number;
          continue;
        }
        const oy0 = a.minY[other] as number;
        const oy1 = a.maxY[other] as number;
        if (inclusive ? oy0 <= y1 && y0 <= oy1 : oy0 < y1 && y0 < oy1 && (a.minX[other] as number) < x1)
          visit(other, j);
        k++;
      }
      activeB[countB++] = j;
    }
  }
}
