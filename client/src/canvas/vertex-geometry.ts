// Pure geometry of vertex lists in image pixels (polygons, points, keypoints): bounds, hit-testing
// of vertices, edges and interiors, moves kept inside the image, and whether a ring stays simple.
import { polygonProblem, segmentsTouch } from "../../../protocol/index.ts";
import { type Point, type Rect, round2, type Size } from "./geometry.ts";

export type Vertex = readonly [number, number];

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function roundVertex(v: Vertex): [number, number] {
  return [round2(v[0]), round2(v[1])];
}

export function clampVertex(v: Vertex, image: Size): [number, number] {
  return [clamp(v[0], 0, image.width), clamp(v[1], 0, image.height)];
}

export function vertexBounds(vs: readonly Vertex[]): Rect {
  if (vs.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of vs) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** The smallest rectangle around all of these. */
export function unionBounds(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.w);
    maxY = Math.max(maxY, r.y + r.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** The move (dx, dy) reduced so that `bounds` moved by it stays inside the image. */
export function clampMove(bounds: Rect, dx: number, dy: number, image: Size): { dx: number; dy: number } {
  return {
    dx: clamp(dx, -bounds.x, Math.max(-bounds.x, image.width - bounds.x - bounds.w)),
    dy: clamp(dy, -bounds.y, Math.max(-bounds.y, image.height - bounds.y - bounds.h)),
  };
}

/** Even-odd rule: whether `p` is inside the polygon with these vertices. */
export function pointInPolygon(p: Point, vs: readonly Vertex[]): boolean {
  let inside = false;
  for (let i = 0, j = vs.length - 1; i < vs.length; j = i++) {
    const [xi, yi] = vs[i] as Vertex;
    const [xj, yj] = vs[j] as Vertex;
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The point of segment a–b nearest to p. */
export function projectOnSegment(p: Point, a: Vertex, b: Vertex): Point {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : clamp(((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len2, 0, 1);
  return { x: a[0] + t * dx, y: a[1] + t * dy };
}

/** The index of the vertex within `tolerance` of p (the nearest), or -1. */
export function nearestVertex(vs: readonly Vertex[], p: Point, tolerance: number): number {
  let best = -1;
  let bestD = tolerance;
  vs.forEach(([x, y], i) => {
    const d = Math.hypot(x - p.x, y - p.y);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

/** The edge of a closed ring within `tolerance` of p (edge i runs from vertex i to i + 1), or null. */
export function nearestEdge(
  vs: readonly Vertex[],
  p: Point,
  tolerance: number,
): { index: number; at: Point } | null {
  let best: { index: number; at: Point } | null = null;
  let bestD = tolerance;
  for (let i = 0; i < vs.length; i++) {
    const at = projectOnSegment(p, vs[i] as Vertex, vs[(i + 1) % vs.length] as Vertex);
    const d = Math.hypot(at.x - p.x, at.y - p.y);
    if (d <= bestD) {
      best = { index: i, at };
      bestD = d;
    }
  }
  return best;
}

/** The midpoints of a closed ring's edges (midpoint i lies on edge i). */
export function edgeMidpoints(vs: readonly Vertex[]): Point[] {
  return vs.map((a, i) => {
    const b = vs[(i + 1) % vs.length] as Vertex;
    return { x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2 };
  });
}

export function polygonArea(vs: readonly Vertex[]): number {
  let s = 0;
  for (let i = 0, j = vs.length - 1; i < vs.length; j = i++) {
    const [xi, yi] = vs[i] as Vertex;
    const [xj, yj] = vs[j] as Vertex;
    s += (xj + xi) * (yj - yi);
  }
  return Math.abs(s / 2);
}

// --- simple rings ---

/**
 * Why a ring is refused: "crossing" when two edges cross, touch or fold back over each other,
 * "degenerate" when it repeats a vertex, has no area or fewer than 3 vertices. Null when simple:
 * the same test the server applies to a saved polygon (protocol polygonProblem).
 */
export type RingIssue = "crossing" | "degenerate";

export function ringIssue(points: readonly Vertex[]): RingIssue | null {
  const problem = polygonProblem(points);
  if (problem === null) return null;
  if (problem.startsWith("crosses")) return "crossing";
  // A ring on one line folds back too: it is said to have no area.
  if (problem.startsWith("folds")) return polygonArea(points) === 0 ? "degenerate" : "crossing";
  return "degenerate";
}

const cross = (o: Vertex, a: Vertex, b: Vertex) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/**
 * Whether `next` may follow the open chain `points` (a polygon being drawn): not on the last vertex,
 * and its new edge neither crosses nor touches an earlier edge, nor folds back over the last one.
 * The closing edge is not looked at: closing is checked with ringIssue.
 */
export function nextVertexIssue(points: readonly Vertex[], next: Vertex): RingIssue | null {
  const n = points.length;
  const last = points[n - 1];
  if (!last) return null;
  if (last[0] === next[0] && last[1] === next[1]) return "degenerate";
  // Edges i → i + 1 that share no vertex with the new edge.
  for (let i = 0; i + 2 < n; i++)
    if (segmentsTouch(points[i] as Vertex, points[i + 1] as Vertex, last, next)) return "crossing";
  const before = points[n - 2];
  if (before && cross(before, last, next) === 0) {
    const back = (before[0] - last[0]) * (next[0] - last[0]) + (before[1] - last[1]) * (next[1] - last[1]);
    if (back > 0) return "crossing";
  }
  return null;
}
