// Polygon regions (holes, multipolygons): validation, areas, and exact intersection areas for IoU.
import { union } from "polyclip-ts";
import { orient2d } from "./predicates.ts";

export type Position = readonly [number, number];
export type Ring = readonly Position[];
/** One polygon: its outer ring, then its holes (GeoJSON Polygon coordinates; closing point optional). */
export type PolygonRings = readonly Ring[];
/** A region: one or more polygons (GeoJSON MultiPolygon coordinates). Overlapping parts count once. */
export type MultiPolygonRings = readonly PolygonRings[];

/**
 * A validated region, ready for intersections: its rings' vertices one ring after another (no
 * closing point), outer rings of positive signed area and holes of negative, parts disjoint. The
 * indicator of the region is then the winding number of its rings (0 or 1), which the
 * intersection below relies on. Edge k runs from vertex k to the next vertex of its ring.
 * Two typed arrays only, since thousands of regions are built per attempt:
 * - `data`: vertices (x, y) from 0, then each edge's bounds (minX, minY, maxX, maxY) from
 *   `edgeBoxAt`, then each ring's bounds from `ringBoxAt`;
 * - `ints`: the first vertex of each ring and the vertex count (rings + 1 entries), then the edges
 *   sorted by minX from `orderAt`.
 */
export interface Region {
  readonly data: Float64Array;
  readonly ints: Int32Array;
  readonly vertices: number;
  readonly rings: number;
  readonly edgeBoxAt: number;
  readonly ringBoxAt: number;
  readonly orderAt: number;
  readonly area: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** A polygon that cannot be used; the message says what is wrong and where, without the item. */
export class PolygonInputError extends Error {
  override name = "PolygonInputError";
}

/** A ring's vertices, interleaved x, y, without repeated or closing points. */
type CleanRing = number[];

/**
 * Validates a region and prepares it for intersections. Refuses (PolygonInputError) a ring that is
 * not a list of [x, y] pairs of finite numbers, has fewer than 3 distinct points, intersects itself
 * (touching included) or has no area; a hole that touches or crosses a ring of its polygon, lies
 * outside its outer ring or inside another hole. Repeated consecutive points and a closing point
 * are dropped. Parts that overlap or touch are merged (their union counts, as COCO does).
 */
export function regionOf(polygons: unknown): Region {
  if (!Array.isArray(polygons) || polygons.length === 0)
    throw new PolygonInputError("has no polygons (expected [[outer ring, …holes], …])");
  const rings: CleanRing[] = [];
  /** For ring r: its polygon and its index in the polygon (0 = outer). */
  const ringPart: number[] = [];
  const ringIndex: number[] = [];
  for (let p = 0; p < polygons.length; p++) {
    const polygon: unknown = polygons[p];
    if (!Array.isArray(polygon) || polygon.length === 0)
      throw new PolygonInputError(`polygon ${p} is not a non-empty list of rings`);
    for (let r = 0; r < polygon.length; r++) {
      const ring = cleanRing(polygon[r], p, r);
      // Orientation: outer rings counter-clockwise (positive area), holes clockwise.
      const area = signedArea(ring, 0, ring.length / 2);
      if ((r === 0 && area < 0) || (r > 0 && area > 0)) reverseRing(ring);
      rings.push(ring);
      ringPart.push(p);
      ringIndex.push(r);
    }
  }
  const region = build(rings);
  const partsTouch = checkCrossings(region, ringPart, ringIndex);
  if (rings.length === 1) return withArea(region);
  // Holes inside their outer ring, not inside one another (no two rings of a polygon touch).
  for (let r = 0; r < rings.length; r++) {
    if (ringIndex[r] === 0) continue;
    const p = ringPart[r] as number;
    const outer = r - (ringIndex[r] as number);
    const k = region.ints[r] as number;
    const x = region.data[2 * k] as number;
    const y = region.data[2 * k + 1] as number;
    if (windingOfRing(region, outer, x, y) === 0)
      throw new PolygonInputError(`polygon ${p} hole ${ringIndex[r]} lies outside its outer ring`);
    for (let h = outer + 1; h < rings.length && ringPart[h] === p; h++)
      if (h !== r && windingOfRing(region, h, x, y) !== 0)
        throw new PolygonInputError(`polygon ${p} hole ${ringIndex[r]} lies inside hole ${ringIndex[h]}`);
  }
  if (partsTouch || partsNest(region, ringPart, ringIndex)) return withArea(merged(rings, ringIndex));
  return withArea(region);
}

/** A valid region has a positive, finite area (checked once the rings are known to be simple). */
function withArea(region: Region): Region {
  if (!(region.area > 0 && Number.isFinite(region.area)))
    throw new PolygonInputError(`has an area of ${region.area}`);
  return region;
}

function cleanRing(ring: unknown, p: number, r: number): CleanRing {
  if (!Array.isArray(ring)) throw new PolygonInputError(`polygon ${p} ring ${r} is not a list of points`);
  const out: number[] = [];
  for (let k = 0; k < ring.length; k++) {
    const point: unknown = ring[k];
    if (!Array.isArray(point) || point.length !== 2)
      throw new PolygonInputError(`polygon ${p} ring ${r} point ${k} is not an [x, y] pair`);
    const x: unknown = point[0];
    const y: unknown = point[1];
    if (typeof x !== "number" || !Number.isFinite(x))
      throw new PolygonInputError(`polygon ${p} ring ${r} point ${k} has a non-finite x: ${String(x)}`);
    if (typeof y !== "number" || !Number.isFinite(y))
      throw new PolygonInputError(`polygon ${p} ring ${r} point ${k} has a non-finite y: ${String(y)}`);
    const last = out.length - 2;
    if (last >= 0 && out[last] === x && out[last + 1] === y) continue;
    out.push(x, y);
  }
  while (out.length > 2 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  if (out.length < 6) throw new PolygonInputError(`polygon ${p} ring ${r} has fewer than 3 distinct points`);
  return out;
}

function reverseRing(ring: CleanRing) {
  for (let i = 0, j = ring.length - 2; i < j; i += 2, j -= 2) {
    const x = ring[i] as number;
    const y = ring[i + 1] as number;
    ring[i] = ring[j] as number;
    ring[i + 1] = ring[j + 1] as number;
    ring[j] = x;
    ring[j + 1] = y;
  }
}

/** The signed area (shoelace) of vertices from..to−1, positive when counter-clockwise (y axis up). */
function signedArea(xy: ArrayLike<number>, from: number, to: number): number {
  // Relative to the first vertex, for precision far from the origin.
  const x0 = xy[2 * from] as number;
  const y0 = xy[2 * from + 1] as number;
  let sum = 0;
  for (let k = from + 1; k < to - 1; k++) {
    const ax = (xy[2 * k] as number) - x0;
    const ay = (xy[2 * k + 1] as number) - y0;
    const bx = (xy[2 * k + 2] as number) - x0;
    const by = (xy[2 * k + 3] as number) - y0;
    sum += ax * by - bx * ay;
  }
  return sum / 2;
}

let sortKeys = new Float64Array(64);

function build(rings: readonly CleanRing[]): Region {
  let n = 0;
  for (const ring of rings) n += ring.length / 2;
  const edgeBoxAt = 2 * n;
  const ringBoxAt = 6 * n;
  const orderAt = rings.length + 1;
  const data = new Float64Array(6 * n + 4 * rings.length);
  const ints = new Int32Array(orderAt + n);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  let area = 0;
  let k = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r] as CleanRing;
    const start = k;
    ints[r] = start;
    data.set(ring, 2 * start);
    k += ring.length / 2;
    area += signedArea(data, start, k);
    let rx0 = Number.POSITIVE_INFINITY;
    let ry0 = Number.POSITIVE_INFINITY;
    let rx1 = Number.NEGATIVE_INFINITY;
    let ry1 = Number.NEGATIVE_INFINITY;
    for (let e = start; e < k; e++) {
      const f = e + 1 < k ? e + 1 : start;
      const ax = data[2 * e] as number;
      const ay = data[2 * e + 1] as number;
      const bx = data[2 * f] as number;
      const by = data[2 * f + 1] as number;
      const box = edgeBoxAt + 4 * e;
      data[box] = Math.min(ax, bx);
      data[box + 1] = Math.min(ay, by);
      data[box + 2] = Math.max(ax, bx);
      data[box + 3] = Math.max(ay, by);
      if (ax < rx0) rx0 = ax;
      if (ax > rx1) rx1 = ax;
      if (ay < ry0) ry0 = ay;
      if (ay > ry1) ry1 = ay;
    }
    const box = ringBoxAt + 4 * r;
    data[box] = rx0;
    data[box + 1] = ry0;
    data[box + 2] = rx1;
    data[box + 3] = ry1;
    if (rx0 < minX) minX = rx0;
    if (ry0 < minY) minY = ry0;
    if (rx1 > maxX) maxX = rx1;
    if (ry1 > maxY) maxY = ry1;
  }
  ints[rings.length] = n;
  // Edges by minX (ties by index): insertion sort on a scratch copy of the keys for the usual
  // small rings (a ring's minX rises and falls, so insertion sort is quadratic on long ones).
  if (n > 64) {
    const order = Array.from({ length: n }, (_, e) => e).sort(
      (p, q) => (data[edgeBoxAt + 4 * p] as number) - (data[edgeBoxAt + 4 * q] as number) || p - q,
    );
    ints.set(order, orderAt);
  } else {
    if (sortKeys.length < n) sortKeys = new Float64Array(Math.max(n, 2 * sortKeys.length));
    const keys = sortKeys;
    for (let e = 0; e < n; e++) {
      const key = data[edgeBoxAt + 4 * e] as number;
      let m = e - 1;
      while (m >= 0 && (keys[m] as number) > key) {
        keys[m + 1] = keys[m] as number;
        ints[orderAt + m + 1] = ints[orderAt + m] as number;
        m--;
      }
      keys[m + 1] = key;
      ints[orderAt + m + 1] = e;
    }
  }
  return {
    data,
    ints,
    vertices: n,
    rings: rings.length,
    edgeBoxAt,
    ringBoxAt,
    orderAt,
    area,
    minX,
    minY,
    maxX,
    maxY,
  };
}

/** Whether the closed segments p1p2 and q1q2 share a point (exact). */
function segmentsIntersect(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  q1x: number,
  q1y: number,
  q2x: number,
  q2y: number,
): boolean {
  const d1 = orient2d(q1x, q1y, q2x, q2y, p1x, p1y);
  const d2 = orient2d(q1x, q1y, q2x, q2y, p2x, p2y);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0)) return false;
  const d3 = orient2d(p1x, p1y, p2x, p2y, q1x, q1y);
  const d4 = orient2d(p1x, p1y, p2x, p2y, q2x, q2y);
  if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return false;
  if (d1 !== 0 || d2 !== 0 || d3 !== 0 || d4 !== 0) return true;
  // Collinear: the segments' extents must overlap.
  if (p1x !== p2x || q1x !== q2x)
    return (
      Math.max(Math.min(p1x, p2x), Math.min(q1x, q2x)) <= Math.min(Math.max(p1x, p2x), Math.max(q1x, q2x))
    );
  return Math.max(Math.min(p1y, p2y), Math.min(q1y, q2y)) <= Math.min(Math.max(p1y, p2y), Math.max(q1y, q2y));
}

/** The ring of vertex k (rings are few: a linear scan). */
function ringOfVertex(region: Region, k: number): number {
  let r = 0;
  while ((region.ints[r + 1] as number) <= k) r++;
  return r;
}

/** The vertex after k in its ring. */
function nextVertex(region: Region, k: number): number {
  const r = ringOfVertex(region, k);
  return k + 1 < (region.ints[r + 1] as number) ? k + 1 : (region.ints[r] as number);
}

/**
 * Checks the edges of a region for intersections, by a sweep over the edges sorted by minX: within
 * a ring, non-adjacent edges must not share a point and adjacent edges must not fold back onto
 * each other; rings of one polygon must not share a point. Returns whether rings of different
 * parts touch or cross.
 */
function checkCrossings(region: Region, ringPart: readonly number[], ringIndex: readonly number[]): boolean {
  const { data, ints, vertices: n, edgeBoxAt, orderAt } = region;
  // Adjacent edges e → f: the vertex after f must not run back along edge e.
  for (let r = 0; r < region.rings; r++) {
    const start = ints[r] as number;
    const end = ints[r + 1] as number;
    for (let e = start; e < end; e++) {
      const f = e + 1 < end ? e + 1 : start;
      const g = f + 1 < end ? f + 1 : start;
      const ax = data[2 * e] as number;
      const ay = data[2 * e + 1] as number;
      const bx = data[2 * f] as number;
      const by = data[2 * f + 1] as number;
      const cx = data[2 * g] as number;
      const cy = data[2 * g + 1] as number;
      if (orient2d(ax, ay, bx, by, cx, cy) === 0 && (ax - bx) * (cx - bx) + (ay - by) * (cy - by) > 0)
        throw new PolygonInputError(
          `polygon ${ringPart[r]} ring ${ringIndex[r]} is self-intersecting (it folds back at point ${f - start})`,
        );
    }
  }
  let partsTouch = false;
  for (let s = 0; s < n; s++) {
    const e = ints[orderAt + s] as number;
    const box = edgeBoxAt + 4 * e;
    const x1 = data[box + 2] as number;
    const y0 = data[box + 1] as number;
    const y1 = data[box + 3] as number;
    const re = region.rings === 1 ? 0 : ringOfVertex(region, e);
    const eStart = ints[re] as number;
    const eEnd = ints[re + 1] as number;
    const e1 = e + 1 < eEnd ? e + 1 : eStart;
    for (let t = s + 1; t < n; t++) {
      const f = ints[orderAt + t] as number;
      const fBox = edgeBoxAt + 4 * f;
      if ((data[fBox] as number) > x1) break;
      if ((data[fBox + 1] as number) > y1 || (data[fBox + 3] as number) < y0) continue;
      const rf = region.rings === 1 ? 0 : ringOfVertex(region, f);
      if (partsTouch && ringPart[re] !== ringPart[rf]) continue;
      const f1 = rf === re ? (f + 1 < eEnd ? f + 1 : eStart) : nextVertex(region, f);
      // Adjacent edges share their common vertex by construction.
      if (rf === re && (e1 === f || f1 === e)) continue;
      const hit = segmentsIntersect(
        data[2 * e] as number,
        data[2 * e + 1] as number,
        data[2 * e1] as number,
        data[2 * e1 + 1] as number,
        data[2 * f] as number,
        data[2 * f + 1] as number,
        data[2 * f1] as number,
        data[2 * f1 + 1] as number,
      );
      if (!hit) continue;
      if (re === rf)
        throw new PolygonInputError(`polygon ${ringPart[re]} ring ${ringIndex[re]} is self-intersecting`);
      if (ringPart[re] === ringPart[rf]) {
        const [r0, r1] = re < rf ? [re, rf] : [rf, re];
        throw new PolygonInputError(
          `polygon ${ringPart[r0]} rings ${ringIndex[r0]} and ${ringIndex[r1]} touch or cross`,
        );
      }
      partsTouch = true;
    }
  }
  return partsTouch;
}

/** The winding number of one ring around (x, y); (x, y) must not lie on the ring. */
function windingOfRing(region: Region, ring: number, x: number, y: number): number {
  const { data, ints } = region;
  const start = ints[ring] as number;
  const end = ints[ring + 1] as number;
  let w = 0;
  for (let e = start; e < end; e++) {
    const f = e + 1 < end ? e + 1 : start;
    const uy = data[2 * e + 1] as number;
    const vy = data[2 * f + 1] as number;
    const uAbove = uy > y;
    if (uAbove === vy > y) continue;
    const o = orient2d(data[2 * e] as number, uy, data[2 * f] as number, vy, x, y);
    if (!uAbove && o > 0) w++;
    else if (uAbove && o < 0) w--;
  }
  return w;
}

/** Whether a part lies inside another part's area (not in one of its holes); rings do not touch. */
function partsNest(region: Region, ringPart: readonly number[], ringIndex: readonly number[]): boolean {
  for (let r = 0; r < region.rings; r++) {
    if (ringIndex[r] !== 0) continue;
    const k = region.ints[r] as number;
    const x = region.data[2 * k] as number;
    const y = region.data[2 * k + 1] as number;
    let w = 0;
    for (let s = 0; s < region.rings; s++)
      if (ringPart[s] !== ringPart[r]) w += windingOfRing(region, s, x, y);
    if (w !== 0) return true;
  }
  return false;
}

/**
 * The union of overlapping parts, by polygon clipping (polyclip-ts; only for parts that overlap or
 * touch, which is rare). The clipper is not robust in every degenerate case, so its result is
 * checked against exact areas: every part's area ≤ the union's ≤ their sum and, for two parts,
 * the union's area = area(P) + area(Q) − area(P ∩ Q) computed here. A failure is reported as
 * invalid input rather than scored wrongly.
 */
function merged(rings: readonly CleanRing[], ringIndex: readonly number[]): Region {
  const geoms: [number, number][][][] = [];
  const partRings: CleanRing[][] = [];
  rings.forEach((ring, r) => {
    const positions: [number, number][] = [];
    for (let k = 0; k < ring.length; k += 2) positions.push([ring[k] as number, ring[k + 1] as number]);
    positions.push([ring[0] as number, ring[1] as number]);
    if (ringIndex[r] === 0) {
      geoms.push([]);
      partRings.push([]);
    }
    geoms[geoms.length - 1]?.push(positions);
    partRings[partRings.length - 1]?.push(ring);
  });
  const fail = (): never => {
    throw new PolygonInputError(
      "has overlapping parts that cannot be merged exactly: draw them as one polygon",
    );
  };
  const [first, ...rest] = geoms;
  let result: ReturnType<typeof union>;
  try {
    result = union(first ?? [], ...rest);
  } catch {
    return fail();
  }
  const out: CleanRing[] = [];
  for (const polygon of result)
    polygon.forEach((ring, r) => {
      const clean = cleanRing(ring, out.length, r);
      const area = signedArea(clean, 0, clean.length / 2);
      if ((r === 0 && area < 0) || (r > 0 && area > 0)) reverseRing(clean);
      out.push(clean);
    });
  if (out.length === 0) return fail();
  const region = build(out);
  const parts = partRings.map((part) => build(part));
  const tolerance = 1e-9 * parts.reduce((s, p) => s + p.area, 0);
  const sum = parts.reduce((s, p) => s + p.area, 0);
  const largest = parts.reduce((m, p) => Math.max(m, p.area), 0);
  if (!(region.area >= largest - tolerance && region.area <= sum + tolerance)) return fail();
  if (parts.length === 2) {
    const [p, q] = parts as [Region, Region];
    if (Math.abs(region.area - (p.area + q.area - regionIntersectionArea(p, q))) > tolerance) return fail();
  }
  return region;
}

// ---------------------------------------------------------------------------------------------
// Intersection area.
//
// By Green's theorem, the area of A ∩ B is the integral of (x dy − y dx) / 2 along its boundary,
// which is made of the pieces of A's boundary inside B and the pieces of B's boundary inside A.
// So: find where the edges of A cross the edges of B (a sweep over both regions' edges sorted by
// minX), walk each ring knowing whether it is inside the other region (the winding number of its
// first vertex, then flipped at every crossing), and add up the inside pieces. Degenerate cases
// (a vertex on an edge, shared edges, identical shapes) are resolved by simulation of simplicity:
// B is treated as moved by an infinitesimal (δ, δ²), every predicate is decided exactly
// (orient2d) for that moved B, and the area, being continuous, is the limit δ → 0. Crossing
// points are computed once and shared by both boundaries, so the pieces always close up and
// rounding only moves the result by a few ulps of the areas. No allocation per call.
// ---------------------------------------------------------------------------------------------

let capacity = 0;
let crossA = new Int32Array(0);
let crossB = new Int32Array(0);
let crossX = new Float64Array(0);
let crossY = new Float64Array(0);
let crossTA = new Float64Array(0);
let crossTB = new Float64Array(0);
let orderBuf = new Int32Array(0);
let bucketBuf = new Int32Array(0);
let activeA = new Int32Array(0);
let activeB = new Int32Array(0);

function ensureCapacity(n: number) {
  if (n <= capacity) return;
  const size = Math.max(n, 2 * capacity, 64);
  const ints = (old: Int32Array) => {
    const fresh = new Int32Array(size);
    fresh.set(old);
    return fresh;
  };
  const floats = (old: Float64Array) => {
    const fresh = new Float64Array(size);
    fresh.set(old);
    return fresh;
  };
  crossA = ints(crossA);
  crossB = ints(crossB);
  crossX = floats(crossX);
  crossY = floats(crossY);
  crossTA = floats(crossTA);
  crossTB = floats(crossTB);
  orderBuf = new Int32Array(size);
  capacity = size;
}

/** Sign of orient(a0, a1, b + d) where the exact orientation o = orient(a0, a1, b) may be 0. */
function signMovedPoint(o: number, wx: number, wy: number): number {
  if (o !== 0) return o > 0 ? 1 : -1;
  // cross(a1 − a0, d) = wx·δ² − wy·δ.
  if (wy !== 0) return wy > 0 ? -1 : 1;
  return wx > 0 ? 1 : -1;
}

/** Sign of orient(b0 + d, b1 + d, a) where o = orient(b0, b1, a) may be 0. */
function signMovedEdge(o: number, wx: number, wy: number): number {
  if (o !== 0) return o > 0 ? 1 : -1;
  // −cross(b1 − b0, d) = wy·δ − wx·δ².
  if (wy !== 0) return wy > 0 ? 1 : -1;
  return wx > 0 ? -1 : 1;
}

/** Winding number of the moved region B + d around a point (x, y) of A. */
function windingOfMoved(b: Region, x: number, y: number): number {
  const { data, ints, ringBoxAt } = b;
  let w = 0;
  for (let r = 0; r < b.rings; r++) {
    // (u + d).y > y ⇔ u.y ≥ y: a ring entirely below or above the point, or to its left, adds 0.
    const box = ringBoxAt + 4 * r;
    if ((data[box + 3] as number) < y || (data[box + 1] as number) >= y || (data[box + 2] as number) < x)
      continue;
    const start = ints[r] as number;
    const end = ints[r + 1] as number;
    for (let e = start; e < end; e++) {
      const f = e + 1 < end ? e + 1 : start;
      const uy = data[2 * e + 1] as number;
      const vy = data[2 * f + 1] as number;
      const uAbove = uy >= y;
      if (uAbove === vy >= y) continue;
      const ux = data[2 * e] as number;
      const vx = data[2 * f] as number;
      if (ux < x && vx < x) continue; // crosses the line left of the point
      const s = signMovedEdge(orient2d(ux, uy, vx, vy, x, y), vx - ux, vy - uy);
      if (!uAbove && s > 0) w++;
      else if (uAbove && s < 0) w--;
    }
  }
  return w;
}

/** Winding number of region A around the moved point (x, y) + d of B. */
function windingAroundMoved(a: Region, x: number, y: number): number {
  const { data, ints, ringBoxAt } = a;
  let w = 0;
  for (let r = 0; r < a.rings; r++) {
    // u.y > y + δ² ⇔ u.y > y.
    const box = ringBoxAt + 4 * r;
    if ((data[box + 3] as number) <= y || (data[box + 1] as number) > y || (data[box + 2] as number) < x)
      continue;
    const start = ints[r] as number;
    const end = ints[r + 1] as number;
    for (let e = start; e < end; e++) {
      const f = e + 1 < end ? e + 1 : start;
      const uy = data[2 * e + 1] as number;
      const vy = data[2 * f + 1] as number;
      const uAbove = uy > y;
      if (uAbove === vy > y) continue;
      const ux = data[2 * e] as number;
      const vx = data[2 * f] as number;
      if (ux < x && vx < x) continue;
      // orient(u, v, p + d) = o + cross(v − u, d).
      const s = signMovedPoint(orient2d(ux, uy, vx, vy, x, y), vx - ux, vy - uy);
      if (!uAbove && s > 0) w++;
      else if (uAbove && s < 0) w--;
    }
  }
  return w;
}

/** The area of A ∩ B; exact up to rounding, whatever the degeneracies. */
export function regionIntersectionArea(a: Region, b: Region): number {
  if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) return 0;
  // Pieces are integrated relative to the middle of the common bounds, for precision.
  const ox = (Math.max(a.minX, b.minX) + Math.min(a.maxX, b.maxX)) / 2;
  const oy = (Math.max(a.minY, b.minY) + Math.min(a.maxY, b.maxY)) / 2;
  const count = findCrossings(a, b);
  const sum = sideSum(a, b, true, count, ox, oy) + sideSum(b, a, false, count, ox, oy);
  return Math.max(0, Math.min(sum / 2, a.area, b.area));
}

/**
 * Records every crossing of an edge of A with an edge of the moved B, sweeping both edge lists
 * (sorted by minX) and keeping the edges whose x range is still open; returns the count.
 */
function findCrossings(a: Region, b: Region): number {
  if (activeA.length < a.vertices) activeA = new Int32Array(Math.max(a.vertices, 2 * activeA.length));
  if (activeB.length < b.vertices) activeB = new Int32Array(Math.max(b.vertices, 2 * activeB.length));
  const aData = a.data;
  const bData = b.data;
  const aBox = a.edgeBoxAt;
  const bBox = b.edgeBoxAt;
  let countA = 0;
  let countB = 0;
  let nextA = 0;
  let nextB = 0;
  let count = 0;
  while (nextA < a.vertices || nextB < b.vertices) {
    const e = nextA < a.vertices ? (a.ints[a.orderAt + nextA] as number) : -1;
    const f = nextB < b.vertices ? (b.ints[b.orderAt + nextB] as number) : -1;
    if (e >= 0 && (f < 0 || (aData[aBox + 4 * e] as number) <= (bData[bBox + 4 * f] as number))) {
      nextA++;
      // Edges wholly outside the other region's bounds cannot cross it (touching is kept: the
      // moved B may cross there).
      const x0 = aData[aBox + 4 * e] as number;
      const y0 = aData[aBox + 4 * e + 1] as number;
      const x1 = aData[aBox + 4 * e + 2] as number;
      const y1 = aData[aBox + 4 * e + 3] as number;
      if (x0 > b.maxX || x1 < b.minX || y0 > b.maxY || y1 < b.minY) continue;
      for (let k = 0; k < countB; ) {
        const g = activeB[k] as number;
        if ((bData[bBox + 4 * g + 2] as number) < x0) {
          activeB[k] = activeB[--countB] as number;
          continue;
        }
        k++;
        if ((bData[bBox + 4 * g + 1] as number) > y1 || (bData[bBox + 4 * g + 3] as number) < y0) continue;
        count = testCrossing(a, b, e, g, count);
      }
      activeA[countA++] = e;
    } else {
      nextB++;
      const x0 = bData[bBox + 4 * f] as number;
      const y0 = bData[bBox + 4 * f + 1] as number;
      const x1 = bData[bBox + 4 * f + 2] as number;
      const y1 = bData[bBox + 4 * f + 3] as number;
      if (x0 > a.maxX || x1 < a.minX || y0 > a.maxY || y1 < a.minY) continue;
      for (let k = 0; k < countA; ) {
        const g = activeA[k] as number;
        if ((aData[aBox + 4 * g + 2] as number) < x0) {
          activeA[k] = activeA[--countA] as number;
          continue;
        }
        k++;
        if ((aData[aBox + 4 * g + 1] as number) > y1 || (aData[aBox + 4 * g + 3] as number) < y0) continue;
        count = testCrossing(a, b, g, f, count);
      }
      activeB[countB++] = f;
    }
  }
  return count;
}

/** Tests edge e of A against edge f of the moved B; records a crossing; returns the new count. */
function testCrossing(a: Region, b: Region, e: number, f: number, count: number): number {
  const aData = a.data;
  const bData = b.data;
  const ra = a.rings === 1 ? 0 : ringOfVertex(a, e);
  const e1 = e + 1 < (a.ints[ra + 1] as number) ? e + 1 : (a.ints[ra] as number);
  const rb = b.rings === 1 ? 0 : ringOfVertex(b, f);
  const f1 = f + 1 < (b.ints[rb + 1] as number) ? f + 1 : (b.ints[rb] as number);
  const a0x = aData[2 * e] as number;
  const a0y = aData[2 * e + 1] as number;
  const a1x = aData[2 * e1] as number;
  const a1y = aData[2 * e1 + 1] as number;
  const b0x = bData[2 * f] as number;
  const b0y = bData[2 * f + 1] as number;
  const b1x = bData[2 * f1] as number;
  const b1y = bData[2 * f1 + 1] as number;
  const wax = a1x - a0x;
  const way = a1y - a0y;
  const ob0 = orient2d(a0x, a0y, a1x, a1y, b0x, b0y);
  const ob1 = orient2d(a0x, a0y, a1x, a1y, b1x, b1y);
  if (signMovedPoint(ob0, wax, way) === signMovedPoint(ob1, wax, way)) return count;
  const wbx = b1x - b0x;
  const wby = b1y - b0y;
  const oa0 = orient2d(b0x, b0y, b1x, b1y, a0x, a0y);
  const oa1 = orient2d(b0x, b0y, b1x, b1y, a1x, a1y);
  if (signMovedEdge(oa0, wbx, wby) === signMovedEdge(oa1, wbx, wby)) return count;
  let px: number;
  let py: number;
  if (oa0 === 0) {
    px = a0x;
    py = a0y;
  } else if (oa1 === 0) {
    px = a1x;
    py = a1y;
  } else if (ob0 === 0) {
    px = b0x;
    py = b0y;
  } else if (ob1 === 0) {
    px = b1x;
    py = b1y;
  } else {
    let t = oa0 / (oa0 - oa1);
    t = Math.max(0, Math.min(t, 1));
    px = a0x + t * wax;
    py = a0y + t * way;
  }
  if (count >= capacity) ensureCapacity(count + 1);
  crossA[count] = e;
  crossB[count] = f;
  crossX[count] = px;
  crossY[count] = py;
  crossTA[count] = ((px - a0x) * wax + (py - a0y) * way) / (wax * wax + way * way);
  crossTB[count] = ((px - b0x) * wbx + (py - b0y) * wby) / (wbx * wbx + wby * wby);
  return count + 1;
}

/**
 * Orders the crossings by (edge, parameter along the edge) into orderBuf: a counting sort by edge,
 * then insertion sort by parameter within each edge (a handful of crossings per edge at most).
 */
function sortCrossings(count: number, edgeOf: Int32Array, tOf: Float64Array, edges: number): void {
  if (bucketBuf.length < edges + 1) bucketBuf = new Int32Array(Math.max(edges + 1, 2 * bucketBuf.length));
  const bucket = bucketBuf;
  bucket.fill(0, 0, edges + 1);
  for (let k = 0; k < count; k++) {
    const slot = (edgeOf[k] as number) + 1;
    bucket[slot] = (bucket[slot] as number) + 1;
  }
  for (let e = 0; e < edges; e++) bucket[e + 1] = (bucket[e + 1] as number) + (bucket[e] as number);
  const order = orderBuf;
  for (let k = 0; k < count; k++) {
    const e = edgeOf[k] as number;
    order[bucket[e] as number] = k;
    bucket[e] = (bucket[e] as number) + 1;
  }
  for (let k = 1; k < count; k++) {
    const c = order[k] as number;
    const e = edgeOf[c] as number;
    const t = tOf[c] as number;
    let m = k - 1;
    while (m >= 0 && edgeOf[order[m] as number] === e && (tOf[order[m] as number] as number) > t) {
      order[m + 1] = order[m] as number;
      m--;
    }
    order[m + 1] = c;
  }
}

/**
 * The sum of x dy − y dx (relative to o) over the pieces of one region's boundary inside the other
 * (for A: inside the moved B; for B, moved: inside A), walking each ring from the status of its
 * first vertex and flipping it at each crossing.
 */
function sideSum(region: Region, other: Region, isA: boolean, count: number, ox: number, oy: number): number {
  const { data, ints, ringBoxAt } = region;
  const edgeOf = isA ? crossA : crossB;
  if (count > 0) sortCrossings(count, edgeOf, isA ? crossTA : crossTB, region.vertices);
  const order = orderBuf;
  let sum = 0;
  let cursor = 0;
  for (let r = 0; r < region.rings; r++) {
    const start = ints[r] as number;
    const end = ints[r + 1] as number;
    // A ring away from the other region's bounds is outside it and crosses nothing.
    const box = ringBoxAt + 4 * r;
    if (
      (data[box + 2] as number) < other.minX ||
      (data[box] as number) > other.maxX ||
      (data[box + 3] as number) < other.minY ||
      (data[box + 1] as number) > other.maxY
    )
      continue;
    while (cursor < count && (edgeOf[order[cursor] as number] as number) < start) cursor++;
    const x0 = data[2 * start] as number;
    const y0 = data[2 * start + 1] as number;
    let inside = (isA ? windingOfMoved(other, x0, y0) : windingAroundMoved(other, x0, y0)) !== 0;
    for (let e = start; e < end; e++) {
      const f = e + 1 < end ? e + 1 : start;
      let px = (data[2 * e] as number) - ox;
      let py = (data[2 * e + 1] as number) - oy;
      while (cursor < count && edgeOf[order[cursor] as number] === e) {
        const c = order[cursor++] as number;
        const qx = (crossX[c] as number) - ox;
        const qy = (crossY[c] as number) - oy;
        if (inside) sum += px * qy - qx * py;
        px = qx;
        py = qy;
        inside = !inside;
      }
      if (inside) sum += px * ((data[2 * f + 1] as number) - oy) - ((data[2 * f] as number) - ox) * py;
    }
  }
  return sum;
}

/**
 * A total order on regions, so that the IoU is computed the same way whichever comes first; 0 only
 * for regions with the same rings, vertex for vertex.
 */
function compareRegions(a: Region, b: Region): number {
  if (a.area !== b.area) return a.area < b.area ? -1 : 1;
  if (a.vertices !== b.vertices) return a.vertices < b.vertices ? -1 : 1;
  if (a.rings !== b.rings) return a.rings < b.rings ? -1 : 1;
  for (let r = 0; r <= a.rings; r++)
    if (a.ints[r] !== b.ints[r]) return (a.ints[r] as number) < (b.ints[r] as number) ? -1 : 1;
  for (let k = 0; k < 2 * a.vertices; k++)
    if (a.data[k] !== b.data[k]) return (a.data[k] as number) < (b.data[k] as number) ? -1 : 1;
  return 0;
}

/**
 * The largest IoU the two regions can have, from their areas and bounding boxes alone: the
 * intersection is at most the smaller area and at most the overlap of the bounding boxes.
 */
export function iouUpperBound(a: Region, b: Region): number {
  const w = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX);
  const h = Math.min(a.maxY, b.maxY) - Math.max(a.minY, b.minY);
  if (!(w > 0 && h > 0)) return 0;
  const inter = Math.min(w * h, a.area, b.area);
  return Math.min(1, inter / (a.area + b.area - inter));
}

/** Intersection over union of two regions, in [0, 1]; symmetric; 1 for identical rings. */
export function regionIoU(a: Region, b: Region): number {
  if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) return 0;
  const order = compareRegions(a, b);
  if (order === 0) return 1;
  const inter = order < 0 ? regionIntersectionArea(a, b) : regionIntersectionArea(b, a);
  if (inter <= 0) return 0;
  const unionArea = a.area + b.area - inter;
  return unionArea > 0 ? Math.min(1, inter / unionArea) : 0;
}

/** The area of a region (holes subtracted, overlapping parts counted once). */
export function polygonArea(polygons: MultiPolygonRings): number {
  return regionOf(polygons).area;
}

/** IoU of two regions given as GeoJSON MultiPolygon coordinates; throws PolygonInputError if invalid. */
export function polygonIoU(a: MultiPolygonRings, b: MultiPolygonRings): number {
  return regionIoU(regionOf(a), regionOf(b));
}
