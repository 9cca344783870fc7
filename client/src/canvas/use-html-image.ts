// Loads an image URL into an HTMLImageElement for Konva, with its loading state.
import { useEffect, useState } from "react";

export type ImageState =
  | { status: "loading"; image: null }
  | { status: "loaded"; image: HTMLImageElement }
  | { status: "failed"; image: null };

export function useHtmlImage(url: string): ImageState {
  const [state, setState] = useState<ImageState & { url: string }>({ status: "loading", image: null, url });
  useEffect(() => {
    let live = true;
    const img = new window.Image();
    img.decoding = "async";
    img.onload = () => live && setState({ status: "loaded", image: img, url });
    img.onerror = () => live && setState({ status: "failed", image: null, url });
    img.src = url;
    return () => {
      live = false;
      img.onload = null;
      img.onerror = null;
    };
  }, [url]);
  // A stale image of the previous URL is never shown for the new one.
  return state.url === url ? state : { status: "loading", image: null };
}
