// Pure geometry of axis-aligned boxes in image pixels: normalising, clamping, rounding, resizing, hit-testing.

export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Size {
  width: number;
  height: number;
}

/** The eight resize handles, named as Konva's Transformer names its anchors. */
export const HANDLES = [
  "top-left",
  "top-center",
  "top-right",
  "middle-left",
  "middle-right",
  "bottom-left",
  "bottom-center",
  "bottom-right",
] as const;
export type Handle = (typeof HANDLES)[number];

export function isHandle(name: string): name is Handle {
  return (HANDLES as readonly string[]).includes(name);
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** Coordinates are stored with two decimals: enough below a pixel, and stable in JSON. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

export function roundRect(r: Rect): Rect {
  return { x: round2(r.x), y: round2(r.y), w: round2(r.w), h: round2(r.h) };
}

export function clampPoint(p: Point, image: Size): Point {
  return { x: clamp(p.x, 0, image.width), y: clamp(p.y, 0, image.height) };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** The rectangle spanned by two corners, in any order. */
export function rectFromPoints(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** `start` moved by (dx, dy), kept entirely inside the image. */
export function moveRectWithin(start: Rect, dx: number, dy: number, image: Size): Rect {
  return {
    x: clamp(start.x + dx, 0, Math.max(0, image.width - start.w)),
    y: clamp(start.y + dy, 0, Math.max(0, image.height - start.h)),
    w: start.w,
    h: start.h,
  };
}

/** Where a handle sits on a rectangle. */
export function handlePoint(r: Rect, handle: Handle): Point {
  const x = handle.endsWith("left") ? r.x : handle.endsWith("right") ? r.x + r.w : r.x + r.w / 2;
  const y = handle.startsWith("top") ? r.y : handle.startsWith("bottom") ? r.y + r.h : r.y + r.h / 2;
  return { x, y };
}

/**
 * `start` with the edges that `handle` controls moved to `p`. The moving edges stay inside the image
 * and at least `minSize` away from the opposite edges, so a box never flips or collapses.
 */
export function resizeRect(start: Rect, handle: Handle, p: Point, image: Size, minSize: number): Rect {
  let left = start.x;
  let right = start.x + start.w;
  let top = start.y;
  let bottom = start.y + start.h;
  if (handle.endsWith("left")) left = clamp(p.x, 0, right - minSize);
  if (handle.endsWith("right")) right = clamp(p.x, left + minSize, image.width);
  if (handle.startsWith("top")) top = clamp(p.y, 0, bottom - minSize);
  if (handle.startsWith("bottom")) bottom = clamp(p.y, top + minSize, image.height);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

export function containsPoint(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

/** Whether `p` lies within `tolerance` of the rectangle's outline. */
export function nearOutline(r: Rect, p: Point, tolerance: number): boolean {
  const outer = { x: r.x - tolerance, y: r.y - tolerance, w: r.w + 2 * tolerance, h: r.h + 2 * tolerance };
  if (!containsPoint(outer, p)) return false;
  const inner = { x: r.x + tolerance, y: r.y + tolerance, w: r.w - 2 * tolerance, h: r.h - 2 * tolerance };
  return inner.w <= 0 || inner.h <= 0 || !containsPoint(inner, p);
}
