// A simple windowed list: only the rows in (or near) the scroll box's view are rendered, so a
// roster of thousands stays quick. Rows have one fixed height.
import { type RefObject, useCallback, useEffect, useState } from "react";

export interface Window {
  start: number;
  end: number;
  onScroll: () => void;
}

/** The rows [start, end) to render for a scroll box of fixed-height rows. */
export function windowOf(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 6,
) {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewport, rowHeight) / rowHeight);
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.max(0, Math.min(count, first + visible + overscan)),
  };
}

export function useWindowed(ref: RefObject<HTMLElement | null>, rowHeight: number, count: number): Window {
  const [view, setView] = useState({ top: 0, height: 600 });
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight });
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    onScroll();
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, onScroll]);
  const { start, end } = windowOf(view.top, view.height, rowHeight, count);
  return { start, end, onScroll };
}

/** The width of an element, followed as it resizes. */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
