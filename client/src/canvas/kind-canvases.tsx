// The canvases of polygon, point and keypoint items: the shapes not being edited in a cached layer
// (culled, batched, never listening), the one being edited or drawn on the Konva interaction layer.
// One KindCanvas does the wiring; each kind brings how it batches its shapes and what it overlays.
import { type ReactNode, useCallback, useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type {
  ItemView,
  KeypointInstance,
  Label,
  LabelledPoint,
  Polygon as PolygonDoc,
  Skeleton,
} from "../../../protocol/index.ts";
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
import { type BaseShape, type ShapeSnapshot, shownShapes } from "./shape-store.ts";
import { type ExtraShapes, ShapesLayer } from "./shapes-layer.tsx";
import type { CanvasTool } from "./tool.ts";
import type { ViewportStore } from "./viewport-store.ts";

const NO_BOXES: never[] = [];
const NO_POLYGONS: readonly Polygon[] = [];

export interface KindCanvasProps<Store, Tool> {
  item: ItemView;
  labels: readonly Label[];
  store: Store;
  tool: Tool;
  readOnly: boolean;
  imageFilter?: string;
}

/** What a kind draws: its other shapes batched in the cached layer, the rest on the interaction layer. */
interface KindDrawing<S extends BaseShape, D> {
  /** The draw call of the cached layer for these shapes; called again only when they change. */
  batch: (rest: readonly S[], selectedIds: ReadonlySet<string>) => ExtraShapes["draw"];
  overlay: (args: {
    scale: number;
    snap: ShapeSnapshot<S, D>;
    primary: S | undefined;
    /** Whether the primary selection shows its editing handles. */
    editable: boolean;
  }) => ReactNode;
}

interface ShapeSource<S extends BaseShape, D> {
  subscribe(l: () => void): () => void;
  getSnapshot(): ShapeSnapshot<S, D>;
}

function KindCanvas<S extends BaseShape, D>({
  item,
  labels,
  store,
  tool,
  readOnly,
  imageFilter,
  batch,
  overlay,
}: KindCanvasProps<ShapeSource<S, D>, CanvasTool> & KindDrawing<S, D>) {
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const primary =
    snap.preview ??
    (snap.selectedId === null ? undefined : snap.shapes.find((s) => s.id === snap.selectedId));
  const primaryId = primary?.id ?? null;
  const rest = useMemo(
    () => shownShapes(snap.shapes, snap.hidden, snap.previews, primaryId),
    [snap.shapes, snap.hidden, snap.previews, primaryId],
  );
  const selectedIds = snap.selectedIds;
  const extra = useMemo<ExtraShapes>(() => ({ draw: batch(rest, selectedIds) }), [batch, rest, selectedIds]);
  const layers = useCallback(
    (viewport: ViewportStore, image: Size): ReactNode => (
      <ShapesLayer
        boxes={NO_BOXES}
        polygons={NO_POLYGONS}
        labels={labels}
        hiddenId={null}
        image={image}
        viewport={viewport}
        extra={extra}
      />
    ),
    [extra, labels],
  );
  const editable =
    primary !== undefined && !snap.locked.has(primary.id) && snap.selectedIds.size === 1 && !readOnly;
  return (
    <ShapeCanvas
      item={item}
      tool={tool}
      readOnly={readOnly}
      cursor={snap.cursor}
      imageFilter={imageFilter}
      hasOverlay={Boolean(primary || snap.draft)}
      layers={layers}
      overlay={(scale) => overlay({ scale, snap, primary, editable })}
    />
  );
}

// --- polygons ---

function polygonBatch(rest: readonly PolygonDoc[], selectedIds: ReadonlySet<string>): ExtraShapes["draw"] {
  const flat = rest.map(flatPolygon);
  const selected = selectedIds.size > 1 ? rest.filter((p) => selectedIds.has(p.id)) : [];
  return (ctx, v, view, palette) => {
    drawPolygonBatch(ctx, flat, v, view, palette);
    if (selected.length > 0) drawSelectedPolygons(ctx, selected, v, view, palette);
  };
}

export function PolygonCanvas(props: KindCanvasProps<PolygonStore, PolygonTool>) {
  const { labels } = props;
  return (
    <KindCanvas
      {...props}
      batch={polygonBatch}
      overlay={({ scale, snap, primary, editable }) => (
        <>
          {primary && (
            <PolygonEditShape
              key={primary.id}
              polygon={primary}
              color={labelColor(labels, primary.label)}
              scale={scale}
              activeVertex={snap.activeVertex}
              handles={editable}
              // A vertex dragged so that edges cross: it snaps back on release.
              invalid={snap.preview !== null && snap.notice !== null}
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

// --- points ---

function pointBatch(rest: readonly LabelledPoint[], selectedIds: ReadonlySet<string>): ExtraShapes["draw"] {
  return (ctx, v, view, palette) => drawPointBatch(ctx, rest, v, view, palette, selectedIds);
}

export function PointCanvas(props: KindCanvasProps<PointStore, PointTool>) {
  const { labels } = props;
  return (
    <KindCanvas
      {...props}
      batch={pointBatch}
      overlay={({ scale, primary }) =>
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

// --- keypoint skeletons ---

/** The skeleton is the tool's: the task's template. */
export function KeypointCanvas(props: KindCanvasProps<KeypointStore, KeypointTool>) {
  const { labels, tool } = props;
  const skeleton: Skeleton = tool.skeleton;
  const { t } = useTranslation();
  const batch = useCallback(
    (rest: readonly KeypointInstance[], selectedIds: ReadonlySet<string>): ExtraShapes["draw"] =>
      (ctx, v, view, palette) =>
        drawSkeletonBatch(ctx, rest, skeleton, v, view, palette, selectedIds),
    [skeleton],
  );
  return (
    <KindCanvas
      {...props}
      batch={batch}
      overlay={({ scale, snap, primary }) => (
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
