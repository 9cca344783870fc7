// Axis-aligned box geometry in continuous coordinates (no +1 pixel): areas and IoU.

/** A box by its top-left corner and size. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

// Widths and heights are always the distance between a box's edges, (x + w) − x, for areas and
// intersections alike, so that identical boxes have an IoU of exactly 1 (x + w − x need not be w).

/** The area of a box; 0 for an empty or inverted one. */
export function rectArea(r: Rect): number {
  return Math.max(0, r.x + r.w - r.x) * Math.max(0, r.y + r.h - r.y);
}

/** The area two boxes share; 0 when they do not overlap or only touch. */
export function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Intersection over union of two boxes, in [0, 1]; symmetric; 0 when they do not overlap or only
 * touch. Boxes whose coordinates or area are not finite give NaN: callers validate first.
 */
export function boxIoU(a: Rect, b: Rect): number {
  const inter = intersectionArea(a, b);
  if (inter <= 0) return 0;
  const areaA = rectArea(a);
  const areaB = rectArea(b);
  const union = areaA + areaB - inter;
  // Only for areas near Number.MAX_VALUE: the same ratio with halved terms does not overflow.
  if (!Number.isFinite(union)) return Math.min(1, inter / 2 / (areaA / 2 + areaB / 2 - inter / 2));
  if (union <= 0) return 0;
  return Math.min(1, inter / union);
}
