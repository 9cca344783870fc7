// Every shape but the selected one, as a cached canvas layer: culled to the view and drawn in
// batches. Panning only moves it; a change of a few boxes repaints only where they are; nothing here
// redraws while a box is dragged (that box is the selected one, on the Konva interaction layer).
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import type { Box, Label } from "../../../protocol/index.ts";
import { boxOverhang, drawBoxBatch, drawSelectedBoxes, MAX_TAGS_IN_VIEW } from "./box-shape.tsx";
import { CanvasLayer } from "./canvas-layer.tsx";
import { type LabelPalette, labelPalette } from "./colors.ts";
import { changedRegions, expandRect, expectedInView } from "./culling.ts";
import type { Rect, Size } from "./geometry.ts";
import { type Context2D, LayerCache } from "./layer-cache.ts";
import { drawPolygonBatch, type Polygon } from "./polygon-shape.tsx";
import type { Viewport } from "./viewport.ts";
import type { ViewportStore } from "./viewport-store.ts";

export interface ShapesLayerProps {
  boxes: readonly Box[];
  polygons: readonly Polygon[];
  labels: readonly Label[];
  /** The selected box, drawn on the interaction layer instead. */
  hiddenId: string | null;
  image: Size;
  viewport: ViewportStore;
  /** Selected boxes besides the one on the interaction layer, drawn highlighted. */
  selectedIds?: ReadonlySet<string>;
  /** Other shapes (polygons, points, skeletons) drawn by their kind; a new object redraws everything. */
  extra?: ExtraShapes;
}

export interface ExtraShapes {
  draw(ctx: Context2D, v: Viewport, view: Rect, palette: LabelPalette): void;
}

const NONE: ReadonlySet<string> = new Set();

/** Whether the highlighted boxes differ (a single selection is the one drawn elsewhere). */
function highlightChanged(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b || (a.size <= 1 && b.size <= 1)) return false;
  return a.size !== b.size || [...a].some((id) => !b.has(id));
}

export const ShapesLayer = memo(function ShapesLayer(props: ShapesLayerProps) {
  const { boxes, polygons, labels, hiddenId, image, viewport, selectedIds = NONE, extra } = props;
  const cache = useMemo(() => new LayerCache(() => viewport.schedule()), [viewport]);
  useEffect(() => () => cache.dispose(), [cache]);
  const palette = useMemo(() => labelPalette(labels), [labels]);
  const overhang = useMemo(() => boxOverhang(labels.map((l) => l.name)), [labels]);

  // Tell the cache what changed since it was last drawn, before it draws again.
  const drawn = useRef({ boxes, polygons, palette, hiddenId, image, selectedIds, extra });
  useLayoutEffect(() => {
    const prev = drawn.current;
    drawn.current = { boxes, polygons, palette, hiddenId, image, selectedIds, extra };
    if (
      prev.polygons !== polygons ||
      prev.palette !== palette ||
      prev.image !== image ||
      prev.extra !== extra ||
      highlightChanged(prev.selectedIds, selectedIds)
    ) {
      cache.invalidate();
      return;
    }
    const regions = changedRegions(prev.boxes, boxes, prev.hiddenId, hiddenId);
    if (regions === null) cache.invalidate();
    else cache.invalidateRegions(regions, overhang);
  }, [cache, boxes, polygons, palette, hiddenId, image, overhang, selectedIds, extra]);

  const show = useCallback(
    (v: Viewport, frame: Size, ratio: number) => {
      const pad = overhang / v.scale;
      const content = { x: -pad, y: -pad, w: image.width + 2 * pad, h: image.height + 2 * pad };
      // Decided by the zoom, not by what the view holds, so a pan never changes it.
      const tags = expectedInView(boxes.length, image, frame, v.scale) <= MAX_TAGS_IN_VIEW;
      cache.show(v, frame, ratio, content, (c, cv, view) => {
        const reach = expandRect(view, overhang / cv.scale);
        drawPolygonBatch(c, polygons, cv, reach, palette);
        extra?.draw(c, cv, reach, palette);
        drawBoxBatch(c, boxes, cv, reach, palette, { skipId: hiddenId, tags });
        if (selectedIds.size > 1) drawSelectedBoxes(c, boxes, selectedIds, cv, reach, palette, hiddenId);
      });
    },
    [cache, boxes, polygons, palette, hiddenId, image, overhang, selectedIds, extra],
  );

  return <CanvasLayer cache={cache} viewport={viewport} show={show} />;
});
