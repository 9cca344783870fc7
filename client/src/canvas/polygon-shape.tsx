// Polygons on the canvas, read-only for now: their bounds for culling, and a batched renderer that
// draws hundreds of them as one path per label, in screen pixels.
import { type LabelPalette, withAlpha } from "./colors.ts";
import { intersects, pointsBounds } from "./culling.ts";
import type { Rect } from "./geometry.ts";
import type { Context2D } from "./layer-cache.ts";
import type { Viewport } from "./viewport.ts";

export interface Polygon {
  id: string;
  label: string;
  /** The outer ring, flat [x0, y0, x1, y1, …] in image pixels (Konva's Line format), not repeated at the end. */
  points: readonly number[];
}

const FILL_ALPHA = 0.12;
/** 1 px: Skia's fast path without a GPU (a 1.5 px outline costs three times as much). */
const STROKE_WIDTH = 1;

const bounds = new WeakMap<Polygon, Rect>();

/** The polygon's bounding box, computed once per polygon object. */
export function polygonBounds(p: Polygon): Rect {
  let b = bounds.get(p);
  if (!b) {
    b = pointsBounds(p.points);
    bounds.set(p, b);
  }
  return b;
}

/** Draws the polygons that meet `view` (image pixels) onto a context set to screen pixels; returns how many. */
export function drawPolygonBatch(
  ctx: Context2D,
  polygons: readonly Polygon[],
  v: Viewport,
  view: Rect,
  palette: LabelPalette,
): number {
  const byLabel = new Map<string, Polygon[]>();
  let count = 0;
  for (const p of polygons) {
    if (p.points.length < 6 || !intersects(polygonBounds(p), view)) continue;
    let list = byLabel.get(p.label);
    if (!list) {
      list = [];
      byLabel.set(p.label, list);
    }
    list.push(p);
    count += 1;
  }
  const s = v.scale;
  ctx.lineWidth = STROKE_WIDTH;
  for (const [label, list] of byLabel) {
    ctx.beginPath();
    for (const { points } of list) {
      ctx.moveTo((points[0] as number) * s + v.x, (points[1] as number) * s + v.y);
      for (let i = 2; i + 1 < points.length; i += 2)
        ctx.lineTo((points[i] as number) * s + v.x, (points[i + 1] as number) * s + v.y);
      ctx.closePath();
    }
    const color = palette.colorOf(label);
    ctx.fillStyle = withAlpha(color, FILL_ALPHA);
    ctx.fill();
    ctx.strokeStyle = color;
    ctx.stroke();
  }
  return count;
}
