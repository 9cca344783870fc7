// Whether a polygon's ring is simple: what the server refuses at input and the scorer cannot read.
// Pure geometry, and the one validity rule for a contestant's polygon: the client's polygon tool,
// the server's answer checks and the scorer (workers/processors/task-scoring.ts) all call
// polygonProblem, so a polygon the save check accepts is always scored and one it refuses never is.

type Vertex = readonly [number, number];

const cross = (o: Vertex, a: Vertex, b: Vertex) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Whether q lies on the segment p–r, given that the three are collinear. */
const onSegment = (p: Vertex, q: Vertex, r: Vertex) =>
  Math.min(p[0], r[0]) <= q[0] &&
  q[0] <= Math.max(p[0], r[0]) &&
  Math.min(p[1], r[1]) <= q[1] &&
  q[1] <= Math.max(p[1], r[1]);

/** Whether the closed segments a–b and c–d share at least one point. */
export function segmentsTouch(a: Vertex, b: Vertex, c: Vertex, d: Vertex): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(c, a, d)) ||
    (d2 === 0 && onSegment(c, b, d)) ||
    (d3 === 0 && onSegment(a, c, b)) ||
    (d4 === 0 && onSegment(a, d, b))
  );
}

/** Twice the signed area (shoelace). */
export function ringArea2(points: readonly Vertex[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Vertex;
    const q = points[(i + 1) % points.length] as Vertex;
    sum += p[0] * q[1] - q[0] * p[1];
  }
  return sum;
}

/**
 * Why a ring (vertices in order, the first not repeated at the end) is not a simple polygon, or
 * null when it is: fewer than 3 vertices, a coordinate that is not a finite number, a vertex
 * repeated right after itself (the closing point included), no area, or two
 * edges that cross or touch other than at the vertex they share. Edges are swept by x, so a ring
 * of n vertices costs about n log n unless many edges overlap in x.
 */
export function polygonProblem(points: readonly Vertex[]): string | null {
  const n = points.length;
  if (n < 3) return "has fewer than 3 vertices";
  for (let i = 0; i < n; i++) {
    const p = points[i] as Vertex;
    if (!(Number.isFinite(p[0]) && Number.isFinite(p[1]))) return `has a non-finite vertex ${i}`;
  }
  for (let i = 0; i < n; i++) {
    const p = points[i] as Vertex;
    const q = points[(i + 1) % n] as Vertex;
    if (p[0] === q[0] && p[1] === q[1]) return `repeats vertex ${(i + 1) % n}`;
  }
  const edges = Array.from({ length: n }, (_, i) => {
    const a = points[i] as Vertex;
    const b = points[(i + 1) % n] as Vertex;
    return { i, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) };
  }).sort((e, f) => e.minX - f.minX);
  const active: typeof edges = [];
  for (const e of edges) {
    for (let k = active.length - 1; k >= 0; k--) if ((active[k]?.maxX ?? 0) < e.minX) active.splice(k, 1);
    for (const f of active) {
      const gap = Math.abs(e.i - f.i);
      const adjacent = gap === 1 || gap === n - 1;
      if (!adjacent) {
        if (segmentsTouch(e.a, e.b, f.a, f.b))
          return `crosses itself (edges ${Math.min(e.i, f.i)} and ${Math.max(e.i, f.i)})`;
        continue;
      }
      // Adjacent edges share one vertex; they may not fold back over each other.
      const [first, second] = (e.i + 1) % n === f.i ? [e, f] : [f, e];
      const shared = first.b;
      if (cross(first.a, shared, second.b) === 0) {
        const back =
          (first.a[0] - shared[0]) * (second.b[0] - shared[0]) +
            (first.a[1] - shared[1]) * (second.b[1] - shared[1]) >
          0;
        if (back) return `folds back on itself at vertex ${second.i}`;
      }
    }
    active.push(e);
  }
  return ringArea2(points) === 0 ? "has no area" : null;
}
