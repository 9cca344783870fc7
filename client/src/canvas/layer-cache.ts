// A layer drawn into its own bitmap at the current zoom, larger than the view, and shown under the
// Konva stage with a CSS transform. Panning only moves it (the compositor does that: nothing is
// rasterised or sent again); a pan past its edge or a settled zoom renders it again; a change of a
// few shapes repaints only their rectangles. During a zoom the old bitmap is shown scaled, and the
// sharp one follows once the zoom settles.
//
// It renders into an OffscreenCanvas and shows the result in a "bitmaprenderer" canvas: Chromium
// sends a moved 2D canvas to the compositor again on every frame (without a GPU, a copy of the whole
// bitmap: 4 ms for 2,560 × 1,600), but not a bitmap renderer's, which is copied once per change.
import type { Rect, Size } from "./geometry.ts";
import type { Viewport } from "./viewport.ts";

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Renders the layer, clipped by the caller, for the view `view` (image pixels) at viewport `v`. */
export type RenderLayer = (ctx: Context2D, v: Viewport, view: Rect) => void;

/** Time without a new zoom level before the layer is rendered sharp at the new one. */
const SETTLE_MS = 140;
/** The largest cache side in device pixels: memory, not Chromium's limit, is what bounds it. */
const MAX_SIDE = 8192;

export interface Held {
  scale: number;
  ratio: number;
  /** The world rectangle held ("world": image pixels × scale, before the pan offset), in CSS pixels. */
  region: Rect;
}

/** The visible part of the world. */
export function visibleWorldRect(v: Viewport, frame: Size): Rect {
  return { x: -v.x, y: -v.y, w: frame.width, h: frame.height };
}

/** An image-pixel rectangle in world pixels at `scale`. */
export function worldRect(r: Rect, scale: number): Rect {
  return { x: r.x * scale, y: r.y * scale, w: r.w * scale, h: r.h * scale };
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

export function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/**
 * The world rectangle to cache: the view and half a frame more on each side, within the content
 * (so fitted, the whole image is cached and any pan only moves it), in whole pixels, within MAX_SIDE.
 */
export function cacheRegion(view: Rect, content: Rect, frame: Size, ratio: number): Rect {
  const mx = Math.ceil(frame.width / 2);
  const my = Math.ceil(frame.height / 2);
  const r =
    intersection({ x: view.x - mx, y: view.y - my, w: view.w + 2 * mx, h: view.h + 2 * my }, content) ?? view;
  const x = Math.floor(r.x);
  const y = Math.floor(r.y);
  const max = Math.floor(MAX_SIDE / ratio);
  return {
    x,
    y,
    w: Math.max(1, Math.min(max, Math.ceil(r.x + r.w) - x)),
    h: Math.max(1, Math.min(max, Math.ceil(r.y + r.h) - y)),
  };
}

/** Whether the bitmap held still serves viewport `v`: same zoom, and it covers the visible content. */
export function stillServes(held: Held, v: Viewport, frame: Size, content: Rect, ratio: number): boolean {
  if (held.ratio !== ratio || held.scale !== v.scale) return false;
  const needed = intersection(visibleWorldRect(v, frame), worldRect(content, v.scale));
  return needed === null || containsRect(held.region, needed);
}

/** Where the held bitmap shows for viewport `v`: its top left corner on screen and its CSS scale. */
export function placement(held: Held, v: Viewport): { x: number; y: number; k: number } {
  const k = v.scale / held.scale;
  return { x: held.region.x * k + v.x, y: held.region.y * k + v.y, k };
}

/** Where a layer renders and how it shows what it rendered. */
interface Surface {
  /** The element in the page. */
  element: HTMLCanvasElement;
  ctx: Context2D;
  resize(width: number, height: number): void;
  /** Shows what was rendered. */
  present(): void;
  release(): void;
}

function newContext<C extends Context2D>(ctx: C | null): C {
  if (!ctx) throw new Error("no 2d context for a canvas layer");
  return ctx;
}

/** Renders offscreen, shows through a bitmap renderer (see the top of this file). */
function bitmapSurface(): Surface | null {
  if (typeof OffscreenCanvas !== "function") return null;
  const element = document.createElement("canvas");
  const renderer = element.getContext("bitmaprenderer");
  if (!renderer) return null;
  const offscreen = new OffscreenCanvas(1, 1);
  const ctx = newContext(offscreen.getContext("2d"));
  return {
    element,
    ctx,
    resize(width, height) {
      offscreen.width = width;
      offscreen.height = height;
      element.width = width;
      element.height = height;
    },
    present() {
      const bitmap = offscreen.transferToImageBitmap();
      // The transfer leaves the offscreen canvas blank; repaints of a few shapes need it as it was.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = "copy";
      ctx.drawImage(bitmap, 0, 0);
      ctx.restore();
      renderer.transferFromImageBitmap(bitmap);
    },
    release() {
      renderer.transferFromImageBitmap(null);
      offscreen.width = 1;
      offscreen.height = 1;
    },
  };
}

/** Where OffscreenCanvas is missing: the 2D canvas is in the page, and each pan frame sends it again. */
function plainSurface(): Surface {
  const element = document.createElement("canvas");
  const ctx = newContext(element.getContext("2d"));
  return {
    element,
    ctx,
    resize(width, height) {
      element.width = width;
      element.height = height;
    },
    present() {},
    release() {
      element.width = 1;
      element.height = 1;
    },
  };
}

export class LayerCache {
  /** The element showing the layer; the caller puts it in the page. */
  readonly canvas: HTMLCanvasElement;
  private readonly surface: Surface;
  private held: Held | null = null;
  /** Changed rectangles in image pixels, each with what its shapes draw past it, in screen pixels. */
  private dirty: { rect: Rect; pad: number }[] | "all" = "all";
  private settleTimer: ReturnType<typeof setTimeout> | null = null;

  /** @param requestUpdate asks for show() to be called again (once a zoom settles). */
  constructor(private readonly requestUpdate: () => void) {
    this.surface = bitmapSurface() ?? plainSurface();
    this.canvas = this.surface.element;
    Object.assign(this.canvas.style, {
      position: "absolute",
      left: "0",
      top: "0",
      transformOrigin: "0 0",
      // Its own compositor layer: moving it then costs no repaint at all.
      willChange: "transform",
      pointerEvents: "none",
      visibility: "hidden",
    });
  }

  /** Everything must be rendered again. */
  invalidate(): void {
    this.dirty = "all";
  }

  /** These rectangles (image pixels) changed; shapes there draw up to `padPx` screen pixels past them. */
  invalidateRegions(rects: readonly Rect[], padPx: number): void {
    if (this.dirty !== "all") for (const rect of rects) this.dirty.push({ rect, pad: padPx });
  }

  dispose(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.held = null;
    this.surface.release(); // lets the browser drop the bitmaps now
  }

  /**
   * Brings the bitmap up to date for viewport `v` where it must (rendering through `render`) and
   * places it. `content` bounds everything drawn, in image pixels; `ratio` is device pixels per CSS px.
   */
  show(v: Viewport, frame: Size, ratio: number, content: Rect, render: RenderLayer): void {
    const held = this.held;
    if (held && held.ratio === ratio && held.scale !== v.scale && this.dirty !== "all") {
      this.scheduleSettle();
    } else if (!held || this.dirty === "all" || !stillServes(held, v, frame, content, ratio)) {
      this.renderAll(
        cacheRegion(visibleWorldRect(v, frame), worldRect(content, v.scale), frame, ratio),
        v.scale,
        ratio,
        render,
      );
    } else if (this.dirty.length > 0) {
      this.repaint(held, this.dirty, render);
      this.dirty = [];
      this.surface.present();
    }
    if (this.held) this.place(this.held, v);
  }

  private place(held: Held, v: Viewport): void {
    const { x, y, k } = placement(held, v);
    this.canvas.style.transform =
      k === 1 ? `translate(${x}px, ${y}px)` : `translate(${x}px, ${y}px) scale(${k})`;
    this.canvas.style.visibility = "visible";
  }

  private scheduleSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.dirty = "all";
      this.requestUpdate();
    }, SETTLE_MS);
  }

  private renderAll(region: Rect, scale: number, ratio: number, render: RenderLayer): void {
    const width = Math.ceil(region.w * ratio);
    const height = Math.ceil(region.h * ratio);
    const ctx = this.surface.ctx;
    if (this.canvas.width !== width || this.canvas.height !== height) this.surface.resize(width, height);
    else {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, width, height);
    }
    this.canvas.style.width = `${region.w}px`;
    this.canvas.style.height = `${region.h}px`;
    this.held = { scale, ratio, region };
    this.dirty = [];
    this.renderClipped(this.held, region, render);
    this.surface.present();
  }

  private repaint(held: Held, rects: readonly { rect: Rect; pad: number }[], render: RenderLayer): void {
    for (const { rect, pad } of rects) {
      const r = worldRect(rect, held.scale);
      const w = intersection({ x: r.x - pad, y: r.y - pad, w: r.w + 2 * pad, h: r.h + 2 * pad }, held.region);
      if (!w) continue;
      // Whole pixels, so the cleared and the repainted areas match exactly.
      const x = Math.floor(w.x);
      const y = Math.floor(w.y);
      const clip = { x, y, w: Math.ceil(w.x + w.w) - x, h: Math.ceil(w.y + w.h) - y };
      const ctx = this.surface.ctx;
      ctx.setTransform(
        held.ratio,
        0,
        0,
        held.ratio,
        -held.region.x * held.ratio,
        -held.region.y * held.ratio,
      );
      ctx.clearRect(clip.x, clip.y, clip.w, clip.h);
      this.renderClipped(held, clip, render);
    }
  }

  /** Renders the world rectangle `clip` of the bitmap. */
  private renderClipped(held: Held, clip: Rect, render: RenderLayer): void {
    const ctx = this.surface.ctx;
    ctx.save();
    ctx.setTransform(held.ratio, 0, 0, held.ratio, -held.region.x * held.ratio, -held.region.y * held.ratio);
    ctx.beginPath();
    ctx.rect(clip.x, clip.y, clip.w, clip.h);
    ctx.clip();
    // Drawing code works in screen pixels of a view whose origin is the bitmap's corner.
    ctx.setTransform(held.ratio, 0, 0, held.ratio, 0, 0);
    const s = held.scale;
    render(
      ctx,
      { x: -held.region.x, y: -held.region.y, scale: s },
      { x: clip.x / s, y: clip.y / s, w: clip.w / s, h: clip.h / s },
    );
    ctx.restore();
  }
}
