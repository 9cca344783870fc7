// The annotation canvas of one item: renders the store with react-konva and forwards pointer events,
// in image pixels, to the box tool. The tool and the store decide everything.
import type Konva from "konva";
import type { KonvaEventObject } from "konva/lib/Node";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { Image as KonvaImage, Layer, Rect, Stage, Transformer } from "react-konva";
import type { ItemView, Label } from "../../../protocol/index.ts";
import { BoxShape, boxNodeId, DraftShape } from "./box-shape.tsx";
import type { BoxTool } from "./box-tool.ts";
import { labelColor } from "./colors.ts";
import { isHandle, type Point } from "./geometry.ts";
import type { CanvasStore } from "./store.ts";
import { useElementSize } from "./use-element-size.ts";
import { useHtmlImage } from "./use-html-image.ts";

/** Small images are enlarged at most this much. */
const MAX_SCALE = 3;

export interface AnnotationCanvasProps {
  item: ItemView;
  labels: readonly Label[];
  store: CanvasStore;
  tool: BoxTool;
  readOnly: boolean;
}

export function AnnotationCanvas({ item, labels, store, tool, readOnly }: AnnotationCanvasProps) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const frameRef = useRef<HTMLDivElement>(null);
  const stageBoxRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const releaseRef = useRef<(() => void) | null>(null);
  const frame = useElementSize(frameRef);
  const image = useHtmlImage(item.imageUrl);

  const scale = frame ? Math.min(frame.width / item.width, frame.height / item.height, MAX_SCALE) : 0;
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const stageWidth = Math.floor(item.width * scale);
  const stageHeight = Math.floor(item.height * scale);

  useEffect(() => {
    if (scale > 0) tool.setScale(scale);
  }, [tool, scale]);

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
    const r = stageBoxRef.current?.getBoundingClientRect();
    const s = scaleRef.current || 1;
    return r ? { x: (clientX - r.left) / s, y: (clientY - r.top) / s } : { x: 0, y: 0 };
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
    if (!readOnly && !releaseRef.current) tool.pointerMove(toImage(e.evt.clientX, e.evt.clientY));
  };

  const nameOf = (id: string) => labels.find((l) => l.id === id)?.name ?? id;

  return (
    <div className="canvas-frame" ref={frameRef}>
      {scale > 0 && (
        <div
          className="canvas-stage"
          data-testid="canvas-stage"
          ref={stageBoxRef}
          style={{
            width: stageWidth,
            height: stageHeight,
            left: Math.max(0, Math.floor(((frame?.width ?? 0) - stageWidth) / 2)),
            cursor: readOnly ? "default" : snap.cursor,
          }}
        >
          <Stage
            ref={stageRef}
            width={stageWidth}
            height={stageHeight}
            scaleX={scale}
            scaleY={scale}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
          >
            <Layer listening={false}>
              {image.status === "loaded" ? (
                <KonvaImage image={image.image} width={item.width} height={item.height} />
              ) : (
                <Rect width={item.width} height={item.height} fill="#eef1f5" />
              )}
            </Layer>
            <Layer>
              {snap.boxes.map((b) => (
                <BoxShape
                  key={b.id}
                  box={b}
                  color={labelColor(labels, b.label)}
                  name={nameOf(b.label)}
                  selected={b.id === snap.selectedId}
                  scale={scale}
                />
              ))}
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
      {image.status !== "loaded" && (
        <div className="canvas-note" role="status">
          {image.status === "loading" ? t("canvas.imageLoading") : t("canvas.imageFailed")}
        </div>
      )}
    </div>
  );
}
