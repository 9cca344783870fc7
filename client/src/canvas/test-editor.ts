// Headless editors for tests: a store and a tool driven by synthetic pointer and key events.
import { BoxTool } from "./box-tool.ts";
import type { Handle } from "./geometry.ts";
import type { KeyInput } from "./keyboard.ts";
import { CanvasStore } from "./store.ts";
import type { CanvasTool, PointerTarget } from "./tool.ts";

export const TEST_LABELS = [{ id: "car" }, { id: "person" }, { id: "tree" }] as const;

export function createTestEditor(opts: { width?: number; height?: number; scale?: number } = {}) {
  let n = 0;
  const store = new CanvasStore({ activeLabel: "car", newId: () => `box-${++n}` });
  const tool = new BoxTool(store, {
    image: { width: opts.width ?? 400, height: opts.height ?? 300 },
    labels: TEST_LABELS,
    scale: opts.scale ?? 1,
  });
  const editor = {
    store,
    tool,
    get boxes() {
      return store.getSnapshot().boxes;
    },
    get selectedId() {
      return store.getSnapshot().selectedId;
    },
    down(x: number, y: number, handle?: Handle) {
      tool.pointerDown({ x, y }, { handle });
      return editor;
    },
    move(x: number, y: number) {
      tool.pointerMove({ x, y });
      return editor;
    },
    up(x: number, y: number) {
      tool.pointerUp({ x, y });
      return editor;
    },
    /** Press, travel in a few steps, release. */
    drag(from: [number, number], to: [number, number], handle?: Handle) {
      editor.down(from[0], from[1], handle);
      for (const t of [0.25, 0.5, 0.75, 1])
        editor.move(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
      return editor.up(to[0], to[1]);
    },
    click(x: number, y: number) {
      return editor.down(x, y).up(x, y);
    },
    key(key: string, mods: Omit<KeyInput, "key"> = {}) {
      return tool.keyDown({ key, ...mods });
    },
  };
  return editor;
}

/** Synthetic pointer and key events for any tool, in image pixels. */
export function driver(tool: CanvasTool) {
  const d = {
    down(x: number, y: number, target: PointerTarget = {}) {
      tool.pointerDown({ x, y }, target);
      return d;
    },
    move(x: number, y: number) {
      tool.pointerMove({ x, y });
      return d;
    },
    up(x: number, y: number) {
      tool.pointerUp({ x, y });
      return d;
    },
    drag(from: [number, number], to: [number, number], target: PointerTarget = {}) {
      d.down(from[0], from[1], target);
      for (const t of [0.25, 0.5, 0.75, 1])
        d.move(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
      return d.up(to[0], to[1]);
    },
    click(x: number, y: number, target: PointerTarget = {}) {
      return d.down(x, y, target).up(x, y);
    },
    /** Clicks each point in turn. */
    clicks(...points: [number, number][]) {
      for (const [x, y] of points) d.click(x, y);
      return d;
    },
    key(key: string, mods: Omit<KeyInput, "key"> = {}) {
      return tool.keyDown({ key, ...mods });
    },
  };
  return d;
}
