// The view onto the image: zoom and pan as one pure transform between screen and image pixels.
// UI state only: the document stays in image pixels whatever the view.
import type { Point, Rect, Size } from "./geometry.ts";

/** A point of the image at (ix, iy) shows at screen (ix · scale + x, iy · scale + y), in CSS pixels. */
export interface Viewport {
  x: number;
  y: number;
  /** Screen pixels per image pixel. */
  scale: number;
}

export interface ZoomLimits {
  min: number;
  max: number;
}

export const IDENTITY: Viewport = { x: 0, y: 0, scale: 1 };

/** Fitted small images are enlarged at most this much. */
export const MAX_FIT_SCALE = 3;
/** The closest zoom: a pixel of the image becomes a 32 px square. */
export const MAX_SCALE = 32;
/** Pixels of the image that always stay on screen, so it cannot be panned out of sight. */
export const KEEP_VISIBLE_PX = 48;

export function screenToImage(v: Viewport, p: Point): Point {
  return { x: (p.x - v.x) / v.scale, y: (p.y - v.y) / v.scale };
}

export function imageToScreen(v: Viewport, p: Point): Point {
  return { x: p.x * v.scale + v.x, y: p.y * v.scale + v.y };
}

/** The part of the image plane a frame of `frame` size shows, in image pixels (may exceed the image). */
export function visibleImageRect(v: Viewport, frame: Size): Rect {
  return { x: -v.x / v.scale, y: -v.y / v.scale, w: frame.width / v.scale, h: frame.height / v.scale };
}

/** The whole image, centred, as large as the frame allows (small images at most MAX_FIT_SCALE). */
export function fitViewport(image: Size, frame: Size, maxScale = MAX_FIT_SCALE): Viewport {
  if (image.width <= 0 || image.height <= 0 || frame.width <= 0 || frame.height <= 0) return IDENTITY;
  const scale = Math.min(frame.width / image.width, frame.height / image.height, maxScale);
  return {
    x: Math.round((frame.width - image.width * scale) / 2),
    y: Math.round((frame.height - image.height * scale) / 2),
    scale,
  };
}

/** From half the fitted size (room to see the edges) up to MAX_SCALE. */
export function zoomLimits(image: Size, frame: Size): ZoomLimits {
  const fit = fitViewport(image, frame).scale;
  return { min: Math.min(fit / 2, 1), max: Math.max(MAX_SCALE, fit) };
}

/** Zoomed by `factor` (clamped to `limits`) around the screen point `at`, which keeps its image point. */
export function zoomAt(v: Viewport, at: Point, factor: number, limits: ZoomLimits): Viewport {
  const scale = Math.min(limits.max, Math.max(limits.min, v.scale * factor));
  if (scale === v.scale) return v;
  const anchor = screenToImage(v, at);
  return { x: at.x - anchor.x * scale, y: at.y - anchor.y * scale, scale };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return dx === 0 && dy === 0 ? v : { x: v.x + dx, y: v.y + dy, scale: v.scale };
}

/** `v` moved as little as needed for at least `keep` screen pixels of the image to stay in the frame. */
export function keepImageInView(v: Viewport, image: Size, frame: Size, keep = KEEP_VISIBLE_PX): Viewport {
  const w = image.width * v.scale;
  const h = image.height * v.scale;
  const kx = Math.min(keep, w, frame.width);
  const ky = Math.min(keep, h, frame.height);
  const x = Math.min(frame.width - kx, Math.max(kx - w, v.x));
  const y = Math.min(frame.height - ky, Math.max(ky - h, v.y));
  return x === v.x && y === v.y ? v : { x, y, scale: v.scale };
}

/** Zoom factor of one wheel event: a mouse notch (100 px) is about ×1.2. */
export function wheelZoomFactor(deltaY: number, deltaMode: number, pageHeight: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * pageHeight : deltaY;
  return Math.exp(-Math.max(-300, Math.min(300, px)) * 0.0018);
}

export function sameViewport(a: Viewport, b: Viewport): boolean {
  return a.x === b.x && a.y === b.y && a.scale === b.scale;
}
