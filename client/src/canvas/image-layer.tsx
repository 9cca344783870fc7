// The item image (a grey placeholder while it loads) as a cached canvas layer: it is resampled from
// the nearest pyramid level when the zoom settles, and only moved while panning. Never listens.
import { memo, useCallback, useEffect, useMemo } from "react";
import { CanvasLayer } from "./canvas-layer.tsx";
import type { Size } from "./geometry.ts";
import type { ImagePyramid } from "./image-pyramid.ts";
import { LayerCache } from "./layer-cache.ts";
import type { Viewport } from "./viewport.ts";
import type { ViewportStore } from "./viewport-store.ts";

const PLACEHOLDER = "#eef1f5";

export interface ImageLayerProps {
  pyramid: ImagePyramid | null;
  width: number;
  height: number;
  viewport: ViewportStore;
  /** A CSS filter on the layer's canvas (brightness, contrast): the compositor applies it, nothing is redrawn. */
  filter?: string;
}

export const ImageLayer = memo(function ImageLayer({
  pyramid,
  width,
  height,
  viewport,
  filter,
}: ImageLayerProps) {
  const cache = useMemo(() => new LayerCache(() => viewport.schedule()), [viewport]);
  useEffect(() => () => cache.dispose(), [cache]);
  useEffect(() => {
    cache.canvas.style.filter = filter ?? "";
    cache.canvas.dataset.testid = "image-layer";
  }, [cache, filter]);

  // A level the view asked for has been made: draw the view again, sharper.
  useEffect(() => {
    cache.invalidate();
    viewport.schedule();
    if (!pyramid) return;
    pyramid.onLevel = () => {
      cache.invalidate();
      viewport.schedule();
    };
    return () => {
      pyramid.onLevel = null;
    };
  }, [cache, pyramid, viewport]);

  const show = useCallback(
    (v: Viewport, frame: Size, ratio: number) => {
      cache.show(v, frame, ratio, { x: 0, y: 0, w: width, h: height }, (c, cv) => {
        c.transform(cv.scale, 0, 0, cv.scale, cv.x, cv.y);
        const bitmap = pyramid?.bitmapFor(cv.scale * ratio);
        if (bitmap) c.drawImage(bitmap, 0, 0, width, height);
        else {
          c.fillStyle = PLACEHOLDER;
          c.fillRect(0, 0, width, height);
        }
      });
    },
    [cache, pyramid, width, height],
  );

  return <CanvasLayer cache={cache} viewport={viewport} show={show} />;
});
