// The annotation canvas of one item: renders the store and forwards pointer events, in image pixels,
// to the box tool; the tool and the store decide everything. Three layers follow one viewport store:
// the image and every shape but the selected one, each a cached canvas that a pan only moves, and
// the Konva interaction layer with the selected box, its Transformer and the draft, which alone
// redraws while the pointer drags.
import type Konva from "konva";
import type { KonvaEventObject } from "konva/lib/Node";
import { type MouseEvent, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { Layer, Stage, Transformer } from "react-konva";
import type { ItemView, Label } from "../../../protocol/index.ts";
import { BoxShape, boxNodeId, DraftShape } from "./box-shape.tsx";
import type { BoxTool } from "./box-tool.ts";
import { labelColor } from "./colors.ts";
import { isHandle, type Point } from "./geometry.ts";
import { ImageLayer } from "./image-layer.tsx";
import type { Polygon } from "./polygon-shape.tsx";
import { ShapesLayer } from "./shapes-layer.tsx";
import type { CanvasStore } from "./store.ts";
import { useElementSize } from "./use-element-size.ts";
import { useItemImage } from "./use-item-image.ts";
import { useViewport } from "./use-viewport.ts";
import { screenToImage } from "./viewport.ts";
import { ZoomControls } from "./zoom-controls.tsx";

const NO_POLYGONS: readonly Polygon[] = [];
/** Positioned, so it stacks above the cached layers' canvases. */
const STAGE_ON_TOP = { position: "relative" } as const;

export interface AnnotationCanvasProps {
  item: ItemView;
  labels: readonly Label[];
  store: CanvasStore;
  tool: BoxTool;
  readOnly: boolean;
  /** Read-only polygons drawn under the boxes. */
  polygons?: readonly Polygon[];
}

export function AnnotationCanvas({
  item,
  labels,
  store,
  tool,
  readOnly,
  polygons = NO_POLYGONS,
}: AnnotationCanvasProps) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const frameRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const releaseRef = useRef<(() => void) | null>(null);
  const frame = useElementSize(frameRef);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another item is another image, even of the same size
  const imageSize = useMemo(
    () => ({ width: item.width, height: item.height }),
    [item.id, item.width, item.height],
  );
  const viewport = useViewport({ frameRef, frame, image: imageSize, onScale: (s) => tool.setScale(s) });
  const image = useItemImage(
    item.imageUrl,
    imageSize,
    () => viewport.get().scale * (window.devicePixelRatio || 1),
  );
  const interactionRef = useRef<Konva.Layer>(null);
  const selected = snap.preview ?? (snap.selectedId === null ? undefined : store.box(snap.selectedId));
  const hasOverlay = useRef(false);
  hasOverlay.current = Boolean(selected || snap.draft);

  // The Konva stage follows the view in the same frame as the cached layers; its layer is drawn
  // there and then, and only when it shows something (a blank canvas need not be sent again).
  useEffect(
    () =>
      viewport.store.follow((v) => {
        const stage = stageRef.current;
        if (!stage || (stage.x() === v.x && stage.y() === v.y && stage.scaleX() === v.scale)) return;
        stage.setAttrs({ x: v.x, y: v.y, scaleX: v.scale, scaleY: v.scale });
        if (hasOverlay.current) interactionRef.current?.draw();
      }),
    [viewport.store],
  );

  // The Transformer shows handles on the selected box; its own geometry is switched off below.
  useEffect(() => {
    const tr = transformerRef.current;
    if (!tr) return;
    const id = snap.selectedId;
    const node =
      id && !readOnly ? stageRef.current?.findOne((n: Konva.Node) => n.id() === boxNodeId(id)) : null;
    tr.nodes(node ? [node] : []);
    tr.getLayer()?.batchDraw();
  }, [snap.selectedId, readOnly]);

  // Ends a pointer capture when the canvas goes away (another item, a closed attempt).
  useEffect(() => () => releaseRef.current?.(), []);
  useEffect(() => {
    if (readOnly) releaseRef.current?.();
  }, [readOnly]);

  const toImage = (clientX: number, clientY: number): Point => {
    const r = stageRef.current?.content.getBoundingClientRect();
    return r ? screenToImage(viewport.get(), { x: clientX - r.left, y: clientY - r.top }) : { x: 0, y: 0 };
  };

  /** Follows the pointer on the whole window until it is released, even outside the canvas. */
  const capture = () => {
    releaseRef.current?.();
    const move = (e: PointerEvent) => tool.pointerMove(toImage(e.clientX, e.clientY));
    const up = (e: PointerEvent) => {
      release();
      tool.pointerUp(toImage(e.clientX, e.clientY));
    };
    const cancel = () => {
      release();
      tool.cancel();
    };
    const release = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
      window.removeEventListener("blur", cancel);
      releaseRef.current = null;
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    window.addEventListener("blur", cancel);
    releaseRef.current = release;
  };

  const onPointerDown = (e: KonvaEventObject<PointerEvent>) => {
    if (releaseRef.current) return; // a tool gesture is under way
    if (viewport.wantsPan(e.evt)) {
      viewport.startPan(e.evt);
      return;
    }
    if (readOnly || e.evt.button !== 0 || !e.evt.isPrimary) return;
    const inTransformer = e.target.getParent()?.getClassName() === "Transformer";
    const anchor = e.target.name().split(" ")[0] ?? "";
    if (inTransformer && !isHandle(anchor)) return;
    e.evt.preventDefault();
    tool.pointerDown(toImage(e.evt.clientX, e.evt.clientY), {
      handle: isHandle(anchor) ? anchor : undefined,
    });
    capture();
  };

  const onPointerMove = (e: KonvaEventObject<PointerEvent>) => {
    if (!readOnly && !releaseRef.current && !viewport.cursor)
      tool.pointerMove(toImage(e.evt.clientX, e.evt.clientY));
  };

  // The middle button pans; it must not start the browser's autoscroll.
  const onMouseDown = (e: MouseEvent) => {
    if (e.button === 1) e.preventDefault();
  };

  const nameOf = (id: string) => labels.find((l) => l.id === id)?.name ?? id;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops the middle button's autoscroll
    <div className="canvas-frame" ref={frameRef} onMouseDown={onMouseDown}>
      {frame && frame.width > 0 && frame.height > 0 && (
        <div
          className="canvas-stage"
          data-testid="canvas-stage"
          style={{
            left: 0,
            width: frame.width,
            height: frame.height,
            cursor: viewport.cursor ?? (readOnly ? "default" : snap.cursor),
          }}
        >
          <ImageLayer
            pyramid={image.pyramid}
            width={item.width}
            height={item.height}
            viewport={viewport.store}
          />
          <ShapesLayer
            boxes={snap.boxes}
            polygons={polygons}
            labels={labels}
            hiddenId={selected?.id ?? null}
            image={imageSize}
            viewport={viewport.store}
          />
          <Stage
            ref={stageRef}
            width={frame.width}
            height={frame.height}
            style={STAGE_ON_TOP}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
          >
            <Layer ref={interactionRef}>
              {selected && (
                <BoxShape
                  key={selected.id}
                  box={selected}
                  color={labelColor(labels, selected.label)}
                  name={nameOf(selected.label)}
                  selected
                  scale={viewport.scale}
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
            </Layer>
          </Stage>
        </div>
      )}
      <ZoomControls scale={viewport.scale} onZoom={viewport.zoomBy} onFit={viewport.fit} />
      {image.status !== "loaded" && (
        <div className="canvas-note" role="status">
          {image.status === "loading" ? t("canvas.imageLoading") : t("canvas.imageFailed")}
        </div>
      )}
    </div>
  );
}
