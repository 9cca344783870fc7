// Zoom and pan of the annotation canvas, applied to the Konva stage outside React's render: the wheel
// zooms toward the cursor, space-drag or the middle button pans, F or 0 fits, + and − zoom.
import { type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Size } from "./geometry.ts";
import { hasModifier, isTextEntry } from "./keyboard.ts";
import {
  fitViewport,
  keepImageInView,
  panBy,
  type Viewport,
  wheelZoomFactor,
  zoomAt,
  zoomLimits,
} from "./viewport.ts";
import { ViewportStore } from "./viewport-store.ts";

const ZOOM_STEP = 1.25;

export interface ViewportControls {
  /** The view, which the layers follow frame by frame without React. */
  store: ViewportStore;
  /** The viewport now; reading it is for event handlers (it changes without re-rendering). */
  get(): Viewport;
  /** Screen pixels per image pixel, as state: it re-renders on zoom, not on pan. */
  scale: number;
  fit(): void;
  /** Zooms around the centre of the frame. */
  zoomBy(factor: number): void;
  /** Whether this press pans rather than reaching the tool: the middle button, or any with space held. */
  wantsPan(e: PointerEvent): boolean;
  startPan(e: PointerEvent): void;
  /** "grab" while space is held, "grabbing" while panning. */
  cursor: "grab" | "grabbing" | null;
}

export interface UseViewportOptions {
  frameRef: RefObject<HTMLElement | null>;
  frame: Size | null;
  /** The item's image size; a new object (another item) refits the view. */
  image: Size;
  /** Told every new scale (the box tool measures its thresholds on screen). */
  onScale: (scale: number) => void;
}

export function useViewport({ frameRef, frame, image, onScale }: UseViewportOptions): ViewportControls {
  const store = useMemo(() => new ViewportStore(), []);
  useEffect(() => () => store.dispose(), [store]);
  /** While fitted, the view follows the frame's size; after a zoom or pan it stays put. */
  const fitted = useRef(true);
  const frameSize = useRef<Size | null>(frame);
  frameSize.current = frame;
  const onScaleRef = useRef(onScale);
  onScaleRef.current = onScale;
  const hovered = useRef(false);
  const [scale, setScale] = useState(1);
  const [space, setSpace] = useState(false);
  const [panning, setPanning] = useState(false);
  const stopPan = useRef<(() => void) | null>(null);

  const apply = useCallback(
    (next: Viewport, isFit = false) => {
      fitted.current = isFit;
      const size = frameSize.current;
      const kept = size && !isFit ? keepImageInView(next, image, size) : next;
      // A whole-pixel offset: the cached layers then move by whole pixels, never resampled.
      const v = { x: Math.round(kept.x), y: Math.round(kept.y), scale: kept.scale };
      if (size) store.set(v, size);
      onScaleRef.current(v.scale);
      setScale(v.scale);
    },
    [image, store],
  );

  const fitView = useCallback(() => {
    const size = frameSize.current;
    if (size) apply(fitViewport(image, size), true);
  }, [apply, image]);

  const zoomAround = useCallback(
    (factor: number, at: { x: number; y: number }) => {
      const size = frameSize.current;
      if (size) apply(zoomAt(store.get(), at, factor, zoomLimits(image, size)));
    },
    [apply, image, store],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      const size = frameSize.current;
      if (size) zoomAround(factor, { x: size.width / 2, y: size.height / 2 });
    },
    [zoomAround],
  );

  // A new frame size: refit if fitted, else keep the image reachable. A new image: refit.
  const shownImage = useRef(image);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the frame's size is read through frameSize
  useLayoutEffect(() => {
    if (!frame) return;
    if (shownImage.current !== image) {
      shownImage.current = image;
      fitted.current = true;
    }
    if (fitted.current) fitView();
    else apply(store.get());
  }, [frame?.width, frame?.height, image, fitView, apply, store]);

  // The wheel zooms toward the cursor; the listener is not passive, so the page does not scroll.
  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      // The stage sits inside the frame's border.
      zoomAround(wheelZoomFactor(e.deltaY, e.deltaMode, r.height), {
        x: e.clientX - r.left - el.clientLeft,
        y: e.clientY - r.top - el.clientTop,
      });
    };
    const enter = () => {
      hovered.current = true;
    };
    const leave = () => {
      hovered.current = false;
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    el.addEventListener("pointerenter", enter);
    el.addEventListener("pointerleave", leave);
    return () => {
      el.removeEventListener("wheel", onWheel);
      el.removeEventListener("pointerenter", enter);
      el.removeEventListener("pointerleave", leave);
    };
  }, [frameRef, zoomAround]);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (e.key === " ") {
        // Space pans only over the canvas, so it still presses a focused button elsewhere.
        if (!hovered.current && !stopPan.current) return;
        e.preventDefault();
        setSpace(true);
        return;
      }
      if (hasModifier(e)) return;
      if (e.key === "f" || e.key === "F" || e.key === "0") fitView();
      else if (e.key === "+" || e.key === "=") zoomBy(ZOOM_STEP);
      else if (e.key === "-" || e.key === "_") zoomBy(1 / ZOOM_STEP);
      else return;
      e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === " ") setSpace(false);
    };
    const onBlur = () => setSpace(false);
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener("keyup", onKeyUp);
    window.addEventListener("blur", onBlur);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener("keyup", onKeyUp);
      window.removeEventListener("blur", onBlur);
    };
  }, [fitView, zoomBy]);

  useEffect(() => () => stopPan.current?.(), []);

  const startPan = useCallback(
    (down: PointerEvent) => {
      down.preventDefault();
      stopPan.current?.();
      let last = { x: down.clientX, y: down.clientY };
      const move = (e: PointerEvent) => {
        apply(panBy(store.get(), e.clientX - last.x, e.clientY - last.y));
        last = { x: e.clientX, y: e.clientY };
      };
      const stop = () => {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", stop);
        window.removeEventListener("pointercancel", stop);
        window.removeEventListener("blur", stop);
        stopPan.current = null;
        setPanning(false);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", stop);
      window.addEventListener("pointercancel", stop);
      window.addEventListener("blur", stop);
      stopPan.current = stop;
      setPanning(true);
    },
    [apply, store],
  );

  const wantsPan = useCallback((e: PointerEvent) => e.button === 1 || (space && e.button === 0), [space]);

  return {
    store,
    get: () => store.get(),
    scale,
    fit: fitView,
    zoomBy,
    wantsPan,
    startPan,
    cursor: panning ? "grabbing" : space ? "grab" : null,
  };
}
