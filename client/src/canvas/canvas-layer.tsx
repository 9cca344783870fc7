// Hosts a LayerCache's canvas under the Konva stage and keeps it following the viewport store.
import { type ReactNode, useEffect, useRef } from "react";
import type { Size } from "./geometry.ts";
import type { LayerCache } from "./layer-cache.ts";
import type { Viewport } from "./viewport.ts";
import type { ViewportStore } from "./viewport-store.ts";

const HOST = { position: "absolute", inset: 0, overflow: "hidden", pointerEvents: "none" } as const;

/** Calls `show` with each new view, in the animation frame where every layer follows it. */
export function CanvasLayer(props: {
  cache: LayerCache;
  viewport: ViewportStore;
  show: (v: Viewport, frame: Size, ratio: number) => void;
  children?: ReactNode;
}) {
  const { cache, viewport, show } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const showRef = useRef(show);
  showRef.current = show;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    host.appendChild(cache.canvas);
    const stop = viewport.follow((v, frame) => {
      if (frame.width > 0 && frame.height > 0) showRef.current(v, frame, window.devicePixelRatio || 1);
    });
    return () => {
      stop();
      cache.canvas.remove();
    };
  }, [cache, viewport]);

  // New content (the caller has invalidated the cache): catch up in the next frame.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `show` means new content
  useEffect(() => viewport.schedule(), [show, viewport]);

  return <div ref={hostRef} style={HOST} />;
}
