// Viewport culling: which shapes, by their bounds in image pixels, can show in the visible rectangle.
import type { Rect } from "./geometry.ts";

/** Whether two rectangles overlap or touch (an outline on the edge of the view still shows). */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** `r` grown by `margin` on every side. */
export function expandRect(r: Rect, margin: number): Rect {
  return { x: r.x - margin, y: r.y - margin, w: r.w + 2 * margin, h: r.h + 2 * margin };
}

/** The shapes whose bounds meet `view`, in their original order (their drawing order). */
export function cull<T>(shapes: readonly T[], view: Rect, boundsOf: (shape: T) => Rect): T[] {
  const out: T[] = [];
  for (const s of shapes) if (intersects(boundsOf(s), view)) out.push(s);
  return out;
}

/** The bounding rectangle of a flat [x0, y0, x1, y1, …] point list; an empty list gives an empty rect. */
export function pointsBounds(points: readonly number[]): Rect {
  if (points.length < 2) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i] as number;
    const y = points[i + 1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

interface Shape extends Rect {
  id: string;
  label: string;
}

const sameShape = (a: Shape, b: Shape) =>
  a.label === b.label && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/**
 * The rectangles (image pixels) where `next` looks different from `prev`: boxes added, removed,
 * moved, resized or relabelled, and the boxes that became or stopped being hidden (the selected one
 * is drawn elsewhere). Null when more than `limit` changed: then repainting everything is cheaper.
 */
export function changedRegions(
  prev: readonly Shape[],
  next: readonly Shape[],
  prevHidden: string | null,
  nextHidden: string | null,
  limit = 32,
): Rect[] | null {
  const out: Rect[] = [];
  if (prev !== next) {
    const before = new Map(prev.map((b) => [b.id, b]));
    for (const b of next) {
      const old = before.get(b.id);
      before.delete(b.id);
      if (old === b) continue;
      if (!old) out.push(b);
      else if (!sameShape(old, b)) out.push(old, b);
      if (out.length > limit) return null;
    }
    out.push(...before.values());
  }
  if (prevHidden !== nextHidden) {
    for (const id of [prevHidden, nextHidden]) {
      const b = id === null ? undefined : (next.find((s) => s.id === id) ?? prev.find((s) => s.id === id));
      if (b) out.push(b);
    }
  }
  return out.length > limit ? null : out.map(({ x, y, w, h }) => ({ x, y, w, h }));
}

/** How many of `count` shapes spread over the image a frame shows at `scale`, on average. */
export function expectedInView(
  count: number,
  image: { width: number; height: number },
  frame: { width: number; height: number },
  scale: number,
): number {
  const imageArea = image.width * image.height;
  if (imageArea <= 0 || scale <= 0) return count;
  const viewArea = (frame.width / scale) * (frame.height / scale);
  return count * Math.min(1, viewArea / imageArea);
}
