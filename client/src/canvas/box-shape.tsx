// How boxes look on the Konva canvas. The selected box is a Konva node (the Transformer holds it);
// all the others are drawn in batches by drawBoxBatch, in screen pixels, so thousands stay cheap.
import { Group, Label, Rect, Tag, Text } from "react-konva";
import type { Box } from "../../../protocol/index.ts";
import { type LabelPalette, withAlpha } from "./colors.ts";
import { intersects } from "./culling.ts";
import type { Rect as RectGeom } from "./geometry.ts";
import type { Context2D } from "./layer-cache.ts";
import type { Viewport } from "./viewport.ts";

/** The Konva node id of a box, for the Transformer to find it. */
export const boxNodeId = (id: string) => `box:${id}`;

export const TAG_HEIGHT = 18;
const TAG_FONT = "12px system-ui, sans-serif";
const FILL_ALPHA = 0.08;
const STROKE_WIDTH = 2;
/**
 * Label tags are drawn while about this many boxes are in view at most: zoomed out on a dense image
 * they would cover it (and cost more than the boxes). The selected box always shows its tag.
 */
export const MAX_TAGS_IN_VIEW = 200;

/** How far, in screen pixels, a box's drawing reaches past its bounds: the outline and the tag. */
export function boxOverhang(labelNames: readonly string[]): number {
  const longest = Math.max(0, ...labelNames.map((n) => n.length));
  return Math.max(TAG_HEIGHT + 2, longest * 8 + 8);
}

export function BoxShape(props: { box: Box; color: string; name: string; selected: boolean; scale: number }) {
  const { box, color, name, selected, scale } = props;
  const tagAbove = box.y * scale >= TAG_HEIGHT;
  return (
    <Group listening={false}>
      <Rect
        id={boxNodeId(box.id)}
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        stroke={color}
        strokeWidth={selected ? 2.5 : STROKE_WIDTH}
        strokeScaleEnabled={false}
        fill={withAlpha(color, selected ? 0.2 : FILL_ALPHA)}
        perfectDrawEnabled={false}
        shadowForStrokeEnabled={false}
      />
      <Label
        x={box.x}
        y={tagAbove ? box.y - TAG_HEIGHT / scale : box.y}
        scaleX={1 / scale}
        scaleY={1 / scale}
        opacity={selected ? 1 : 0.9}
      >
        <Tag fill={color} cornerRadius={2} perfectDrawEnabled={false} />
        <Text
          text={name}
          fontSize={12}
          padding={3}
          fill="#ffffff"
          fontFamily="system-ui, sans-serif"
          perfectDrawEnabled={false}
        />
      </Label>
    </Group>
  );
}

/** The box being drawn. */
export function DraftShape({ rect, color }: { rect: RectGeom; color: string }) {
  return (
    <Rect
      listening={false}
      x={rect.x}
      y={rect.y}
      width={rect.w}
      height={rect.h}
      stroke={color}
      strokeWidth={1.5}
      dash={[6, 4]}
      strokeScaleEnabled={false}
      fill={withAlpha(color, 0.12)}
      perfectDrawEnabled={false}
    />
  );
}

/** A box on screen in whole pixels: crisp outlines, and no subpixel coverage for the rasteriser. */
function screenRect(b: Box, v: Viewport, s: number): [number, number, number, number] {
  const x = Math.round(b.x * s + v.x);
  const y = Math.round(b.y * s + v.y);
  return [
    x,
    y,
    Math.max(1, Math.round((b.x + b.w) * s + v.x) - x),
    Math.max(1, Math.round((b.y + b.h) * s + v.y) - y),
  ];
}

const tagWidths = new Map<string, number>();

function tagWidth(ctx: Context2D, name: string): number {
  let w = tagWidths.get(name);
  if (w === undefined) {
    w = Math.ceil(ctx.measureText(name).width) + 6;
    tagWidths.set(name, w);
  }
  return w;
}

/**
 * Draws the boxes that meet `view` (image pixels) onto a context set to screen pixels: per label one
 * path for all fills and one for all outlines, then the tags. Boxes of one label overlap without
 * darkening each other. Returns how many boxes it drew.
 */
export function drawBoxBatch(
  ctx: Context2D,
  boxes: readonly Box[],
  v: Viewport,
  view: RectGeom,
  palette: LabelPalette,
  options: { skipId: string | null; tags: boolean },
): number {
  const { skipId, tags } = options;
  const byLabel = new Map<string, Box[]>();
  let count = 0;
  for (const b of boxes) {
    if (b.id === skipId || !intersects(b, view)) continue;
    let list = byLabel.get(b.label);
    if (!list) {
      list = [];
      byLabel.set(b.label, list);
    }
    list.push(b);
    count += 1;
  }
  const s = v.scale;
  // A 2 px outline as two 1 px rectangles on either side of the edge: Skia draws 1 px lines on its
  // fast path, about five times quicker than a 2 px stroke when rendering without a GPU.
  ctx.lineWidth = 1;
  for (const [label, list] of byLabel) {
    const color = palette.colorOf(label);
    ctx.beginPath();
    for (const b of list) {
      const [x, y, w, h] = screenRect(b, v, s);
      ctx.rect(x, y, w, h);
    }
    ctx.fillStyle = withAlpha(color, FILL_ALPHA);
    ctx.fill();
    ctx.beginPath();
    for (const b of list) {
      const [x, y, w, h] = screenRect(b, v, s);
      ctx.rect(x - 0.5, y - 0.5, w + 1, h + 1);
      if (w > 1 && h > 1) ctx.rect(x + 0.5, y + 0.5, w - 1, h - 1);
    }
    ctx.strokeStyle = color;
    ctx.stroke();
  }
  if (tags) drawTags(ctx, byLabel, v, palette);
  return count;
}

function drawTags(ctx: Context2D, byLabel: Map<string, Box[]>, v: Viewport, palette: LabelPalette) {
  ctx.font = TAG_FONT;
  ctx.textBaseline = "middle";
  ctx.globalAlpha = 0.9;
  const texts: [string, number, number][] = [];
  for (const [label, list] of byLabel) {
    const name = palette.nameOf(label);
    const w = tagWidth(ctx, name);
    ctx.beginPath();
    for (const b of list) {
      const x = Math.round(b.x * v.scale + v.x);
      const y = Math.round(b.y * v.scale + v.y) - (b.y * v.scale >= TAG_HEIGHT ? TAG_HEIGHT : 0);
      ctx.rect(x, y, w, TAG_HEIGHT);
      texts.push([name, x + 3, y + TAG_HEIGHT / 2]);
    }
    ctx.fillStyle = palette.colorOf(label);
    ctx.fill();
  }
  ctx.fillStyle = "#ffffff";
  for (const [name, x, y] of texts) ctx.fillText(name, x, y);
  ctx.globalAlpha = 1;
}

/** Outlines the selected boxes (but `skipId`, drawn elsewhere) more strongly, over the batch. */
export function drawSelectedBoxes(
  ctx: Context2D,
  boxes: readonly Box[],
  selected: ReadonlySet<string>,
  v: Viewport,
  view: RectGeom,
  palette: LabelPalette,
  skipId: string | null,
): void {
  ctx.lineWidth = 3;
  ctx.setLineDash([6, 3]);
  for (const b of boxes) {
    if (b.id === skipId || !selected.has(b.id) || !intersects(b, view)) continue;
    const [x, y, w, h] = screenRect(b, v, v.scale);
    ctx.strokeStyle = palette.colorOf(b.label);
    ctx.fillStyle = withAlpha(palette.colorOf(b.label), 0.2);
    ctx.fillRect(x, y, w, h);
    ctx.strokeRect(x, y, w, h);
  }
  ctx.setLineDash([]);
}
