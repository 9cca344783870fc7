// Polygons on the canvas: their bounds for culling, a batched renderer that draws hundreds of them as
// one path per label, in screen pixels, and the Konva shapes of the polygon being edited or drawn.
import { Circle, Group, Line } from "react-konva";
import type { Polygon as PolygonDoc } from "../../../protocol/index.ts";
import { type LabelPalette, withAlpha } from "./colors.ts";
import { intersects, pointsBounds } from "./culling.ts";
import type { Rect } from "./geometry.ts";
import type { Context2D } from "./layer-cache.ts";
import type { PolygonDraft } from "./shape-kinds.ts";
import { edgeMidpoints } from "./vertex-geometry.ts";
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

const flatCache = new WeakMap<PolygonDoc, Polygon>();

/** A document polygon in the flat form the batch renderer draws, made once per polygon object. */
export function flatPolygon(p: PolygonDoc): Polygon {
  let f = flatCache.get(p);
  if (!f) {
    f = { id: p.id, label: p.label, points: p.points.flat() };
    flatCache.set(p, f);
  }
  return f;
}

/** Draws outlines of the selected polygons over the batch, stronger and dashed. */
export function drawSelectedPolygons(
  ctx: Context2D,
  polygons: readonly PolygonDoc[],
  v: Viewport,
  view: Rect,
  palette: LabelPalette,
): void {
  ctx.lineWidth = 3;
  ctx.setLineDash([6, 3]);
  for (const p of polygons) {
    const f = flatPolygon(p);
    if (!intersects(polygonBounds(f), view)) continue;
    ctx.beginPath();
    p.points.forEach(([x, y], i) => {
      if (i === 0) ctx.moveTo(x * v.scale + v.x, y * v.scale + v.y);
      else ctx.lineTo(x * v.scale + v.x, y * v.scale + v.y);
    });
    ctx.closePath();
    ctx.strokeStyle = palette.colorOf(p.label);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

const HANDLE_RADIUS_PX = 5;
/** The colour of an outline or an edge that would be refused (edges that cross). */
export const REFUSED_COLOR = "#d93025";

/** The polygon being edited, on the interaction layer: outline, vertices and edge midpoints. */
export function PolygonEditShape(props: {
  polygon: PolygonDoc;
  color: string;
  scale: number;
  activeVertex: number | null;
  handles: boolean;
  /** The outline as dragged would be refused: drawn in the refusal colour. */
  invalid?: boolean;
}) {
  const { polygon, color, scale, activeVertex, handles, invalid = false } = props;
  const r = HANDLE_RADIUS_PX / scale;
  return (
    <Group listening={false}>
      <Line
        points={polygon.points.flat()}
        closed
        stroke={invalid ? REFUSED_COLOR : color}
        dash={invalid ? [6, 4] : undefined}
        strokeWidth={2.5}
        strokeScaleEnabled={false}
        fill={withAlpha(color, 0.22)}
        perfectDrawEnabled={false}
      />
      {handles &&
        edgeMidpoints(polygon.points).map((m, i) => (
          <Circle
            // biome-ignore lint/suspicious/noArrayIndexKey: midpoints are identified by their edge
            key={`m${i}`}
            x={m.x}
            y={m.y}
            radius={r * 0.7}
            fill="#ffffff"
            opacity={0.8}
            stroke={color}
            strokeWidth={1}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        ))}
      {handles &&
        polygon.points.map(([x, y], i) => (
          <Circle
            // biome-ignore lint/suspicious/noArrayIndexKey: vertices are identified by their position
            key={`v${i}`}
            x={x}
            y={y}
            radius={i === activeVertex ? r * 1.3 : r}
            fill={i === activeVertex ? color : "#ffffff"}
            stroke={i === activeVertex ? "#ffffff" : color}
            strokeWidth={1.5}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        ))}
    </Group>
  );
}

/**
 * The polygon being drawn: its vertices, the line to the pointer (in the refusal colour when a click
 * there would be refused), and the first vertex to close on.
 */
export function PolygonDraftShape(props: { draft: PolygonDraft; color: string; scale: number }) {
  const { draft, color, scale } = props;
  const r = HANDLE_RADIUS_PX / scale;
  const points = draft.points.flat();
  const last = draft.points[draft.points.length - 1];
  const blocked = Boolean(draft.blocked && draft.cursor && last);
  if (draft.cursor && draft.points.length > 0 && !blocked) points.push(draft.cursor.x, draft.cursor.y);
  const first = draft.points[0];
  return (
    <Group listening={false}>
      {blocked && last && draft.cursor && (
        <Line
          points={[last[0], last[1], draft.cursor.x, draft.cursor.y]}
          stroke={REFUSED_COLOR}
          strokeWidth={2.5}
          strokeScaleEnabled={false}
          perfectDrawEnabled={false}
        />
      )}
      <Line
        points={points}
        stroke={color}
        strokeWidth={2}
        dash={[6, 4]}
        strokeScaleEnabled={false}
        fill={withAlpha(color, 0.12)}
        closed={draft.points.length >= 3}
        perfectDrawEnabled={false}
      />
      {draft.points.map(([x, y], i) => (
        <Circle
          // biome-ignore lint/suspicious/noArrayIndexKey: vertices are identified by their position
          key={i}
          x={x}
          y={y}
          radius={i === 0 ? r * 1.4 : r * 0.8}
          fill={i === 0 ? color : "#ffffff"}
          stroke={i === 0 ? "#ffffff" : color}
          strokeWidth={1.5}
          strokeScaleEnabled={false}
          perfectDrawEnabled={false}
        />
      ))}
      {first && draft.points.length >= 3 && (
        <Circle
          x={first[0]}
          y={first[1]}
          radius={r * 2.2}
          stroke={color}
          strokeWidth={1}
          dash={[3, 3]}
          strokeScaleEnabled={false}
        />
      )}
    </Group>
  );
}
