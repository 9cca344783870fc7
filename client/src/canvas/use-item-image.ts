// Loads the item image for the canvas: decoded off the main thread straight to the size the view
// needs (the other sizes when a view wants them). Only if that fails short of an HTTP error (an
// SVG, a cross-origin URL) is an <img> element used instead.
import { useLayoutEffect, useRef, useState } from "react";
import type { Size } from "./geometry.ts";
import { type DecodeLevel, ImageHttpError, imageDecoder } from "./image-decoding.ts";
import { ImagePyramid } from "./image-pyramid.ts";

export type ItemImage =
  | { status: "loading"; pyramid: null }
  | { status: "loaded"; pyramid: ImagePyramid }
  | { status: "failed"; pyramid: null };

const LOADING: ItemImage = { status: "loading", pyramid: null };

function loadElement(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new window.Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`could not load ${url}`));
    img.src = url;
  });
}

async function loadPyramid(decode: DecodeLevel, url: string, size: Size, deviceScale: () => number) {
  try {
    return await ImagePyramid.decoded(decode, size, deviceScale());
  } catch (e) {
    if (e instanceof ImageHttpError) throw e;
    // Not a bitmap (an SVG, which the element also draws sharp at any zoom), unreadable bytes (a
    // cross-origin URL), or no bitmap decoding in this browser: the <img> element may manage.
    return ImagePyramid.fromElement(await loadElement(url), size);
  }
}

/** `deviceScale` is read once the bytes are in: device pixels per image pixel the view wants then. */
export function useItemImage(url: string, size: Size, deviceScale: () => number): ItemImage {
  const [state, setState] = useState<ItemImage & { url: string }>({ ...LOADING, url });
  const scaleRef = useRef(deviceScale);
  scaleRef.current = deviceScale;
  const { width, height } = size;

  // Started at commit, not after paint: the decoding then runs on another core while this thread
  // builds the stage and draws the shapes.
  useLayoutEffect(() => {
    let live = true;
    const decoder = imageDecoder(url);
    setState({ ...LOADING, url });
    loadPyramid(decoder.decode, url, { width, height }, () => scaleRef.current()).then(
      (pyramid) => live && setState({ status: "loaded", pyramid, url }),
      () => live && setState({ status: "failed", pyramid: null, url }),
    );
    return () => {
      live = false;
      decoder.release();
    };
  }, [url, width, height]);

  // A stale image of the previous URL is never shown for the new one.
  return state.url === url ? state : LOADING;
}
