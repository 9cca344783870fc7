// The canvas of one image item, for any shape kind: forwards pointer events, in image pixels, to the
// kind's tool; the tool and the store decide everything. Layers follow one viewport store: the image
// and the kind's cached shape layers, each a canvas that a pan only moves, and the Konva interaction
// layer with what is being edited, which alone redraws while the pointer drags.
import type Konva from "konva";
import type { KonvaEventObject } from "konva/lib/Node";
import { type MouseEvent, type ReactNode, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Layer, Stage } from "react-konva";
import type { ItemView } from "../../../protocol/index.ts";
import { isHandle, type Point, type Size } from "./geometry.ts";
import { ImageLayer } from "./image-layer.tsx";
import type { CanvasTool } from "./tool.ts";
import { useElementSize } from "./use-element-size.ts";
import { useItemImage } from "./use-item-image.ts";
import { useViewport } from "./use-viewport.ts";
import { screenToImage } from "./viewport.ts";
import type { ViewportStore } from "./viewport-store.ts";
import { ZoomControls } from "./zoom-controls.tsx";

/** Positioned, so it stacks above the cached layers' canvases. */
const STAGE_ON_TOP = { position: "relative" } as const;

export interface ShapeCanvasProps {
  item: ItemView;
  tool: CanvasTool;
  readOnly: boolean;
  cursor: string;
  /** The cached shape layers, under the stage. */
  layers: (viewport: ViewportStore, image: Size) => ReactNode;
  /** The Konva nodes of the interaction layer, at this zoom. */
  overlay: (scale: number) => ReactNode;
  /** Whether the overlay shows something (a blank layer need not be drawn again on a pan). */
  hasOverlay: boolean;
  /** A CSS filter for the image layer (brightness, contrast). */
  imageFilter?: string;
}

export function ShapeCanvas({
  item,
  tool,
  readOnly,
  cursor,
  layers,
  overlay,
  hasOverlay,
  imageFilter,
}: ShapeCanvasProps) {
  const { t } = useTranslation();
  const frameRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
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
  const overlayShown = useRef(false);
  overlayShown.current = hasOverlay;

  // The Konva stage follows the view in the same frame as the cached layers; its layer is drawn
  // there and then, and only when it shows something.
  useEffect(
    () =>
      viewport.store.follow((v) => {
        const stage = stageRef.current;
        if (!stage || (stage.x() === v.x && stage.y() === v.y && stage.scaleX() === v.scale)) return;
        stage.setAttrs({ x: v.x, y: v.y, scaleX: v.scale, scaleY: v.scale });
        if (overlayShown.current) interactionRef.current?.draw();
      }),
    [viewport.store],
  );

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
    // Shortcuts go to the canvas again after a slider or a select had the focus.
    if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body)
      document.activeElement.blur();
    const inTransformer = e.target.getParent()?.getClassName() === "Transformer";
    const anchor = e.target.name().split(" ")[0] ?? "";
    if (inTransformer && !isHandle(anchor)) return;
    e.evt.preventDefault();
    const { shiftKey, ctrlKey, metaKey, altKey } = e.evt;
    tool.pointerDown(toImage(e.evt.clientX, e.evt.clientY), {
      handle: isHandle(anchor) ? anchor : undefined,
      toggle: shiftKey || ctrlKey || metaKey,
      shift: shiftKey,
      alt: altKey,
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
            cursor: viewport.cursor ?? (readOnly ? "default" : cursor),
          }}
        >
          <ImageLayer
            pyramid={image.pyramid}
            width={item.width}
            height={item.height}
            viewport={viewport.store}
            filter={imageFilter}
          />
          {layers(viewport.store, imageSize)}
          <Stage
            ref={stageRef}
            width={frame.width}
            height={frame.height}
            style={STAGE_ON_TOP}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
          >
            <Layer ref={interactionRef}>{overlay(viewport.scale)}</Layer>
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
