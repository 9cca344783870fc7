// The benchmark page: mounts the real annotation canvas on a synthetic scene, with no server, and
// exposes gestures that bench.ts drives and times (window.canvasBench).
import "../../client/src/styles.css";
import Konva from "konva";
import { createRoot, type Root } from "react-dom/client";
import { AnnotationCanvas } from "../../client/src/canvas/annotation-canvas.tsx";
import { BoxTool } from "../../client/src/canvas/box-tool.ts";
import { LayerCache } from "../../client/src/canvas/layer-cache.ts";
import type { Polygon } from "../../client/src/canvas/polygon-shape.tsx";
import { CanvasStore } from "../../client/src/canvas/store.ts";
import { initI18n } from "../../client/src/i18n/index.ts";
import type { ItemView } from "../../protocol/index.ts";
import { afterNextPaint, type FrameSample, measureFrames } from "./frame-meter.ts";
import { IMAGE, LABELS, prng, syntheticBoxes, syntheticPolygons } from "./scene.ts";

export interface SceneSpec {
  boxes: number;
  polygons: number;
  vertices: number;
  seed: number;
}

export interface MountResult {
  firstRenderMs: number;
  imageMs: number;
  konvaShapes: number;
}

export interface GestureResult {
  samples: FrameSample[];
  /** Mean time per frame spent drawing layers (Konva scene draws and cached layers' updates). */
  drawMsPerFrame: number;
}

export interface CanvasBench {
  mount(spec: SceneSpec): Promise<MountResult>;
  /** Zooms by `factor` with wheel events at the centre of the canvas. */
  zoom(factor: number): Promise<{ scale: number }>;
  pan(frames: number): Promise<GestureResult>;
  drag(frames: number): Promise<GestureResult>;
}

declare global {
  interface Window {
    canvasBench: CanvasBench;
  }
}

initI18n();

// When the last layer draw ended (to tell when the first render reached the screen), and how long
// layer draws took in all (to split a frame's cost between drawing and the rest of the browser):
// the Konva interaction layer, and the cached canvas layers (image, shapes).
let lastDrawAt = 0;
let drawMs = 0;
function timed<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return function (this: unknown, ...args: A): R {
    const t0 = performance.now();
    const out = fn.apply(this, args);
    lastDrawAt = performance.now();
    drawMs += lastDrawAt - t0;
    return out;
  };
}
Konva.Layer.prototype.drawScene = timed(Konva.Layer.prototype.drawScene);
LayerCache.prototype.show = timed(LayerCache.prototype.show);

let store: CanvasStore | null = null;
let root: Root | null = null;

/** A 4,000 × 3,000 photo-like JPEG (gradients and blobs), made before timing starts; decoding it is timed. */
async function syntheticImage(seed: number): Promise<string> {
  const rand = prng(seed);
  const canvas = document.createElement("canvas");
  canvas.width = IMAGE.width;
  canvas.height = IMAGE.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d context");
  const sky = ctx.createLinearGradient(0, 0, 0, IMAGE.height);
  sky.addColorStop(0, "#9ab8d8");
  sky.addColorStop(0.55, "#d9d2c0");
  sky.addColorStop(1, "#5b6b4a");
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, IMAGE.width, IMAGE.height);
  for (let i = 0; i < 1500; i++) {
    ctx.fillStyle = `hsla(${Math.floor(rand() * 360)}, 35%, ${30 + rand() * 40}%, 0.5)`;
    ctx.beginPath();
    ctx.ellipse(
      rand() * IMAGE.width,
      rand() * IMAGE.height,
      10 + rand() * 120,
      10 + rand() * 80,
      rand() * Math.PI,
      0,
      2 * Math.PI,
    );
    ctx.fill();
  }
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/jpeg", 0.85));
  if (!blob) throw new Error("could not encode the image");
  return URL.createObjectURL(blob);
}

function stage(): Konva.Stage {
  const s = Konva.stages[0];
  if (!s) throw new Error("no Konva stage");
  return s;
}

function content(): HTMLElement {
  return stage().content;
}

/** The canvas centre, in client pixels. */
function centre(): { x: number; y: number } {
  const r = content().getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

function pointer(type: string, target: EventTarget, x: number, y: number, button: number, buttons: number) {
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: x,
      clientY: y,
      button,
      buttons,
      pointerId: 1,
      pointerType: "mouse",
      isPrimary: true,
    }),
  );
}

/** A smooth closed path around the start point: the gesture ends where it began. */
function path(i: number, frames: number, radius: number): { dx: number; dy: number } {
  const a = (2 * Math.PI * i) / frames;
  return { dx: radius * Math.sin(a), dy: radius * 0.6 * Math.sin(2 * a) };
}

/** Presses `button` at `from`, moves once per frame along path(), releases. */
async function gesture(
  from: { x: number; y: number },
  button: number,
  frames: number,
  radius: number,
): Promise<GestureResult> {
  const buttons = button === 1 ? 4 : 1;
  pointer("pointerdown", content(), from.x, from.y, button, buttons);
  await afterNextPaint();
  const drawnBefore = drawMs;
  const samples = await measureFrames(frames, (i) => {
    const { dx, dy } = path(i + 1, frames, radius);
    pointer("pointermove", content(), from.x + dx, from.y + dy, -1, buttons);
  });
  const drawMsPerFrame = (drawMs - drawnBefore) / frames;
  pointer("pointerup", content(), from.x, from.y, button, 0);
  await afterNextPaint();
  return { samples, drawMsPerFrame };
}

window.canvasBench = {
  async mount(spec) {
    const started = performance.now();
    const imageUrl = await syntheticImage(spec.seed);
    const imageMs = performance.now() - started;
    const boxes = syntheticBoxes(spec.boxes, spec.seed);
    const polygons: Polygon[] = syntheticPolygons(spec.polygons, spec.vertices, spec.seed + 1);
    let n = 0;
    store = new CanvasStore({ boxes, activeLabel: LABELS[0]?.id ?? null, newId: () => `new-${++n}` });
    const tool = new BoxTool(store, { image: IMAGE, labels: LABELS });
    const item: ItemView = { id: "item-1", position: 1, ...IMAGE, imageUrl };
    const el = document.getElementById("root");
    if (!el) throw new Error("no #root");
    await afterNextPaint();

    // Timed: from render() until the frame that shows the image and every shape has been painted.
    let readyAt = Number.POSITIVE_INFINITY;
    const isReady = () =>
      el.querySelector("[data-testid=canvas-stage] canvas") !== null &&
      el.querySelector(".canvas-note") === null;
    const observer = new MutationObserver(() => {
      if (readyAt === Number.POSITIVE_INFINITY && isReady()) readyAt = performance.now();
    });
    observer.observe(el, { childList: true, subtree: true });
    const t0 = performance.now();
    root = createRoot(el);
    root.render(
      <AnnotationCanvas
        item={item}
        labels={LABELS}
        store={store}
        tool={tool}
        readOnly={false}
        polygons={polygons}
      />,
    );
    let painted = await afterNextPaint();
    while (!(lastDrawAt > readyAt)) painted = await afterNextPaint();
    observer.disconnect();
    return { firstRenderMs: painted - t0, imageMs, konvaShapes: stage().find("Shape").length };
  },

  async zoom(factor) {
    const { x, y } = centre();
    const steps = Math.round(Math.abs(Math.log(factor)) / Math.log(1.2));
    for (let i = 0; i < steps; i++) {
      content().dispatchEvent(
        new WheelEvent("wheel", {
          bubbles: true,
          cancelable: true,
          clientX: x,
          clientY: y,
          deltaY: factor > 1 ? -100 : 100,
          deltaMode: 0,
        }),
      );
      await afterNextPaint();
    }
    return { scale: stage().scaleX() };
  },

  /** Pans with the middle button, by up to 200 px each way. */
  pan(frames) {
    return gesture(centre(), 1, frames, 200);
  },

  /** Selects the box nearest the centre of the view and drags it around. */
  async drag(frames) {
    if (!store) throw new Error("mount first");
    const c = centre();
    const r = content().getBoundingClientRect();
    const toImage = stage().getAbsoluteTransform().copy().invert();
    const at = toImage.point({ x: c.x - r.left, y: c.y - r.top });
    let best = store.getSnapshot().boxes[0];
    let bestD = Number.POSITIVE_INFINITY;
    for (const b of store.getSnapshot().boxes) {
      const d = Math.hypot(b.x + b.w / 2 - at.x, b.y + b.h / 2 - at.y);
      if (d < bestD && b.w > 40 && b.h > 40) [best, bestD] = [b, d];
    }
    if (!best) throw new Error("no box");
    store.select(best.id);
    await afterNextPaint();
    const p = stage()
      .getAbsoluteTransform()
      .point({ x: best.x + best.w / 2, y: best.y + best.h / 2 });
    return gesture({ x: r.left + p.x, y: r.top + p.y }, 0, frames, 120);
  },
};
