// Pure geometry of vertex lists in image pixels (polygons, points, keypoints): bounds, hit-testing
// of vertices, edges and interiors, and moves kept inside the image.
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
