// The box canvas of one item: every box but the selected one in a cached layer, the selected box, its
// Transformer and the draft on the Konva interaction layer, which alone redraws while the pointer drags.
import type Konva from "konva";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { Transformer } from "react-konva";
import type { ItemView, Label } from "../../../protocol/index.ts";
import { BoxShape, boxNodeId, DraftShape } from "./box-shape.tsx";
import type { BoxTool } from "./box-tool.ts";
import { labelColor } from "./colors.ts";
import type { Polygon } from "./polygon-shape.tsx";
import { ShapeCanvas } from "./shape-canvas.tsx";
import { shownShapes } from "./shape-store.ts";
import { ShapesLayer } from "./shapes-layer.tsx";
import type { CanvasStore } from "./store.ts";

const NO_POLYGONS: readonly Polygon[] = [];

export interface AnnotationCanvasProps {
  item: ItemView;
  labels: readonly Label[];
  store: CanvasStore;
  tool: BoxTool;
  readOnly: boolean;
  /** Read-only polygons drawn under the boxes. */
  polygons?: readonly Polygon[];
  imageFilter?: string;
}

export function AnnotationCanvas({
  item,
  labels,
  store,
  tool,
  readOnly,
  polygons = NO_POLYGONS,
  imageFilter,
}: AnnotationCanvasProps) {
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const transformerRef = useRef<Konva.Transformer>(null);
  const selected = snap.preview ?? (snap.selectedId === null ? undefined : store.box(snap.selectedId));
  // A group drag shows every moved box where it is; otherwise the list itself, so nothing redraws.
  const visible = useMemo(
    () =>
      snap.hidden.size === 0 && snap.previews.size <= 1
        ? snap.boxes
        : shownShapes(snap.boxes, snap.hidden, snap.previews, null),
    [snap.boxes, snap.hidden, snap.previews],
  );
  const locked = snap.selectedId !== null && snap.locked.has(snap.selectedId);

  // The Transformer shows handles on the selected box; its own geometry is switched off below.
  useEffect(() => {
    const tr = transformerRef.current;
    if (!tr) return;
    const id = snap.selectedId;
    const node =
      id && !readOnly && !locked ? tr.getStage()?.findOne((n: Konva.Node) => n.id() === boxNodeId(id)) : null;
    tr.nodes(node ? [node] : []);
    tr.getLayer()?.batchDraw();
  }, [snap.selectedId, readOnly, locked]);

  const nameOf = (id: string) => labels.find((l) => l.id === id)?.name ?? id;

  return (
    <ShapeCanvas
      item={item}
      tool={tool}
      readOnly={readOnly}
      cursor={snap.cursor}
      imageFilter={imageFilter}
      hasOverlay={Boolean(selected || snap.draft)}
      layers={(viewport, image) => (
        <ShapesLayer
          boxes={visible}
          polygons={polygons}
          labels={labels}
          hiddenId={selected?.id ?? null}
          selectedIds={snap.selectedIds}
          image={image}
          viewport={viewport}
        />
      )}
      overlay={(scale) => (
        <>
          {selected && (
            <BoxShape
              key={selected.id}
              box={selected}
              color={labelColor(labels, selected.label)}
              name={nameOf(selected.label)}
              selected
              scale={scale}
            />
          )}
          {snap.draft && <DraftShape rect={snap.draft} color={labelColor(labels, snap.activeLabel)} />}
          <Transformer
            ref={transformerRef}
            rotateEnabled={false}
            flipEnabled={false}
            keepRatio={false}
            ignoreStroke
            anchorSize={9}
            anchorCornerRadius={2}
            anchorStroke="#1f4e8c"
            borderStroke="#1f4e8c"
            borderDash={[4, 3]}
            // The box tool computes every resize from the pointer; Konva must not move the node.
            boundBoxFunc={(oldBox) => oldBox}
          />
        </>
      )}
    />
  );
}
