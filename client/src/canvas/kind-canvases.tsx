// The canvases of polygon, point and keypoint items: the shapes not being edited in a cached layer
// (culled, batched, never listening), the one being edited or drawn on the Konva interaction layer.
import { type ReactNode, useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ItemView, Label, Skeleton } from "../../../protocol/index.ts";
import { labelColor } from "./colors.ts";
import type { Size } from "./geometry.ts";
import type { KeypointTool } from "./keypoint-tool.ts";
import {
  drawPointBatch,
  drawSkeletonBatch,
  PointEditShape,
  SkeletonDraftShape,
  SkeletonEditShape,
} from "./point-shape.tsx";
import type { PointTool } from "./point-tool.ts";
import {
  drawPolygonBatch,
  drawSelectedPolygons,
  flatPolygon,
  type Polygon,
  PolygonDraftShape,
  PolygonEditShape,
} from "./polygon-shape.tsx";
import type { PolygonTool } from "./polygon-tool.ts";
import { ShapeCanvas } from "./shape-canvas.tsx";
import type { KeypointStore, PointStore, PolygonStore } from "./shape-kinds.ts";
import type { BaseShape, ShapeSnapshot } from "./shape-store.ts";
import { type ExtraShapes, ShapesLayer } from "./shapes-layer.tsx";
import type { ViewportStore } from "./viewport-store.ts";

const NO_BOXES: never[] = [];
const NO_POLYGONS: readonly Polygon[] = [];

interface KindCanvasProps<Store, Tool> {
  item: ItemView;
  labels: readonly Label[];
  store: Store;
  tool: Tool;
  readOnly: boolean;
  imageFilter?: string;
}

/** The primary selection as shown (its preview while dragged), and the other visible shapes. */
function useSplit<S extends BaseShape>(snap: ShapeSnapshot<S, unknown>) {
  const primary =
    snap.preview ??
    (snap.selectedId === null ? undefined : snap.shapes.find((s) => s.id === snap.selectedId));
  const primaryId = primary?.id ?? null;
  const rest = useMemo(
    () => snap.shapes.filter((s) => s.id !== primaryId && !snap.hidden.has(s.id)),
    [snap.shapes, snap.hidden, primaryId],
  );
  const editable = primary !== undefined && !snap.locked.has(primary.id) && snap.selectedIds.size === 1;
  return { primary, rest, editable };
}

/** The cached layer of a kind's shapes, drawn by `extra`. */
function layersOf(extra: ExtraShapes, labels: readonly Label[]) {
  return (viewport: ViewportStore, image: Size): ReactNode => (
    <ShapesLayer
      boxes={NO_BOXES}
      polygons={NO_POLYGONS}
      labels={labels}
      hiddenId={null}
      image={image}
      viewport={viewport}
      extra={extra}
    />
  );
}

export function PolygonCanvas({
  item,
  labels,
  store,
  tool,
  readOnly,
  imageFilter,
}: KindCanvasProps<PolygonStore, PolygonTool>) {
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { primary, rest, editable } = useSplit(snap);
  const selectedIds = snap.selectedIds;
  const extra = useMemo<ExtraShapes>(() => {
    const flat = rest.map(flatPolygon);
    const selected = selectedIds.size > 1 ? rest.filter((p) => selectedIds.has(p.id)) : [];
    return {
      draw(ctx, v, view, palette) {
        drawPolygonBatch(ctx, flat, v, view, palette);
        if (selected.length > 0) drawSelectedPolygons(ctx, selected, v, view, palette);
      },
    };
  }, [rest, selectedIds]);
  return (
    <ShapeCanvas
      item={item}
      tool={tool}
      readOnly={readOnly}
      cursor={snap.cursor}
      imageFilter={imageFilter}
      hasOverlay={Boolean(primary || snap.draft)}
      layers={layersOf(extra, labels)}
      overlay={(scale) => (
        <>
          {primary && (
            <PolygonEditShape
              key={primary.id}
              polygon={primary}
              color={labelColor(labels, primary.label)}
              scale={scale}
              activeVertex={snap.activeVertex}
              handles={editable && !readOnly}
            />
          )}
          {snap.draft && (
            <PolygonDraftShape
              draft={snap.draft}
              color={labelColor(labels, snap.activeLabel)}
              scale={scale}
            />
          )}
        </>
      )}
    />
  );
}

export function PointCanvas({
  item,
  labels,
  store,
  tool,
  readOnly,
  imageFilter,
}: KindCanvasProps<PointStore, PointTool>) {
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { primary, rest } = useSplit(snap);
  const selectedIds = snap.selectedIds;
  const extra = useMemo<ExtraShapes>(
    () => ({
      draw: (ctx, v, view, palette) => drawPointBatch(ctx, rest, v, view, palette, selectedIds),
    }),
    [rest, selectedIds],
  );
  return (
    <ShapeCanvas
      item={item}
      tool={tool}
      readOnly={readOnly}
      cursor={snap.cursor}
      imageFilter={imageFilter}
      hasOverlay={Boolean(primary)}
      layers={layersOf(extra, labels)}
      overlay={(scale) =>
        primary && (
          <PointEditShape
            key={primary.id}
            point={primary}
            color={labelColor(labels, primary.label)}
            scale={scale}
          />
        )
      }
    />
  );
}

export function KeypointCanvas({
  item,
  labels,
  store,
  tool,
  readOnly,
  imageFilter,
  skeleton,
}: KindCanvasProps<KeypointStore, KeypointTool> & { skeleton: Skeleton }) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { primary, rest } = useSplit(snap);
  const selectedIds = snap.selectedIds;
  const extra = useMemo<ExtraShapes>(
    () => ({
      draw: (ctx, v, view, palette) => drawSkeletonBatch(ctx, rest, skeleton, v, view, palette, selectedIds),
    }),
    [rest, selectedIds, skeleton],
  );
  return (
    <ShapeCanvas
      item={item}
      tool={tool}
      readOnly={readOnly}
      cursor={snap.cursor}
      imageFilter={imageFilter}
      hasOverlay={Boolean(primary || snap.draft)}
      layers={layersOf(extra, labels)}
      overlay={(scale) => (
        <>
          {primary && (
            <SkeletonEditShape
              key={primary.id}
              instance={primary}
              skeleton={skeleton}
              color={labelColor(labels, primary.label)}
              scale={scale}
              activeVertex={snap.activeVertex}
            />
          )}
          {snap.draft && (
            <SkeletonDraftShape
              draft={snap.draft}
              skeleton={skeleton}
              color={labelColor(labels, snap.draft.label)}
              scale={scale}
              occluded={t("shapes.occluded")}
            />
          )}
        </>
      )}
    />
  );
}
