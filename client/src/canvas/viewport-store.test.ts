// Unit tests of the viewport store: followers catch up once per animation frame, with the latest view.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ViewportStore } from "./viewport-store.ts";

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  for (const f of due) f(0);
};

beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal("cancelAnimationFrame", () => {
    frames = [];
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("ViewportStore", () => {
  it("tells followers once per frame, with the latest view and frame size", () => {
    const store = new ViewportStore();
    const seen = vi.fn();
    store.follow(seen);
    runFrame();
    seen.mockClear();
    store.set({ x: 1, y: 0, scale: 1 }, { width: 100, height: 50 });
    store.set({ x: 2, y: 0, scale: 1 }, { width: 100, height: 50 });
    store.set({ x: 3, y: 4, scale: 2 }, { width: 100, height: 50 });
    expect(seen).not.toHaveBeenCalled();
    runFrame();
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen).toHaveBeenCalledWith({ x: 3, y: 4, scale: 2 }, { width: 100, height: 50 });
    expect(store.get()).toEqual({ x: 3, y: 4, scale: 2 });
  });

  it("asks for no frame when nothing changed, and one on demand", () => {
    const store = new ViewportStore();
    const seen = vi.fn();
    store.set({ x: 0, y: 0, scale: 1 }, { width: 10, height: 10 });
    store.follow(seen);
    runFrame();
    store.set({ x: 0, y: 0, scale: 1 }, { width: 10, height: 10 });
    expect(frames).toHaveLength(0);
    store.schedule();
    runFrame();
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it("stops telling a follower that left, and everyone once disposed", () => {
    const store = new ViewportStore();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = store.follow(a);
    store.follow(b);
    stopA();
    runFrame();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    store.set({ x: 5, y: 5, scale: 1 });
    store.dispose();
    runFrame();
    expect(b).toHaveBeenCalledTimes(1);
  });
});
