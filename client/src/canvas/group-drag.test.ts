// Unit tests of moving a multi-selection by dragging one of its shapes, for every kind: the shapes
// move together, as one undo step and one document change, the group kept inside the image.
import { describe, expect, it, vi } from "vitest";
import type { Box, KeypointInstance, LabelledPoint, Polygon, Skeleton } from "../../../protocol/index.ts";
import { BoxTool } from "./box-tool.ts";
import { KeypointTool } from "./keypoint-tool.ts";
import { PointTool } from "./point-tool.ts";
import { PolygonTool } from "./polygon-tool.ts";
import { KeypointStore, PointStore, PolygonStore } from "./shape-kinds.ts";
import type { BaseShape, ShapeSnapshot } from "./shape-store.ts";
import { CanvasStore } from "./store.ts";
import { driver, TEST_LABELS } from "./test-editor.ts";

const image = { width: 400, height: 300 };
const options = { image, labels: TEST_LABELS };

interface Store<S extends BaseShape> {
  getSnapshot(): ShapeSnapshot<S, unknown>;
  onDocumentChange(l: () => void): () => void;
  toAnswer(): unknown;
  undo(): boolean;
  setLocked(ids: string[], locked: boolean): void;
  setHidden(ids: string[], hidden: boolean): void;
}

type AnyTool = BoxTool | PolygonTool | PointTool | KeypointTool;

/**
 * The same checks for every kind, on shapes a, b (selected together) and c: `grab` is a point on
 * shape a, `offset(s)` a shape's position.
 */
function groupDragSuite<S extends BaseShape>(
  name: keyof typeof SECOND,
  make: () => { store: Store<S>; tool: AnyTool },
  grab: [number, number],
  offset: (s: S) => [number, number],
) {
  describe(name, () => {
    const setup = () => {
      const { store, tool } = make();
      const d = driver(tool);
      const at = (id: string) => offset(store.getSnapshot().shapes.find((s) => s.id === id) as S);
      return { store, tool, d, at };
    };

    it("moves every selected shape by the same amount, as one undo step and one document change", () => {
      const { store, d, at } = setup();
      d.click(...grab);
      d.click(...SECOND[name], { toggle: true, shift: true });
      expect(store.getSnapshot().selectedIds.size).toBe(2);
      const [a0, b0, c0] = [at("a"), at("b"), at("c")];
      const seen = vi.fn();
      store.onDocumentChange(seen);
      d.down(...grab).move(grab[0] + 10, grab[1] + 5);
      // While dragging, the document is unchanged and both shapes show moved.
      expect(seen).not.toHaveBeenCalled();
      expect(store.getSnapshot().previews.size).toBe(2);
      d.move(grab[0] + 20, grab[1] + 10).up(grab[0] + 20, grab[1] + 10);
      expect(seen).toHaveBeenCalledTimes(1);
      expect(at("a")).toEqual([a0[0] + 20, a0[1] + 10]);
      expect(at("b")).toEqual([b0[0] + 20, b0[1] + 10]);
      expect(at("c")).toEqual(c0); // not selected
      expect(store.getSnapshot().selectedIds.size).toBe(2);
      expect(store.undo()).toBe(true);
      expect([at("a"), at("b")]).toEqual([a0, b0]);
    });

    it("keeps the whole group inside the image, each shape keeping its place in it", () => {
      const { store, d, at } = setup();
      d.click(...grab);
      d.click(...SECOND[name], { toggle: true, shift: true });
      const [a0, b0] = [at("a"), at("b")];
      d.drag(grab, [grab[0] - 1000, grab[1] - 1000]);
      const [a1, b1] = [at("a"), at("b")];
      expect(b1[0] - a1[0]).toBe(b0[0] - a0[0]);
      expect(b1[1] - a1[1]).toBe(b0[1] - a0[1]);
      // The group's left and top edges are on the image's.
      const doc = store.toAnswer();
      expect(Math.min(...coords(doc, 0))).toBe(0);
      expect(Math.min(...coords(doc, 1))).toBe(0);
      // Far right and down: the other edges are on the image's, nothing outside.
      const moved = offset(store.getSnapshot().shapes.find((s) => s.id === "a") as S);
      const from: [number, number] = [grab[0] + moved[0] - a0[0], grab[1] + moved[1] - a0[1]];
      d.drag(from, [from[0] + 5000, from[1] + 5000]);
      const doc2 = store.toAnswer();
      expect(Math.max(...coords(doc2, 0, "a", "b"))).toBe(image.width);
      expect(Math.max(...coords(doc2, 1, "a", "b"))).toBe(image.height);
      expect(at("b")[0] - at("a")[0]).toBe(b0[0] - a0[0]);
    });

    it("leaves a locked member where it is; a click without a drag selects the shape alone", () => {
      const { store, d, at } = setup();
      d.click(...grab);
      d.click(...SECOND[name], { toggle: true, shift: true });
      store.setLocked(["b"], true);
      const [a0, b0] = [at("a"), at("b")];
      d.drag(grab, [grab[0] + 10, grab[1] + 10]);
      expect(at("a")).toEqual([a0[0] + 10, a0[1] + 10]);
      expect(at("b")).toEqual(b0);
      d.click(grab[0] + 10, grab[1] + 10);
      expect([...store.getSnapshot().selectedIds]).toEqual(["a"]);
    });
  });
}

/** Where to click on shape b, per kind (after a has moved nowhere). */
const SECOND: Record<"boxes" | "polygons" | "points" | "keypoints", [number, number]> = {
  boxes: [150, 60],
  polygons: [150, 60],
  points: [150, 60],
  keypoints: [150, 40],
};

/** Every x (axis 0) or y (axis 1) of the document's shapes (only those of `ids` if given). */
function coords(doc: unknown, axis: 0 | 1, ...ids: string[]): number[] {
  const d = doc as {
    boxes?: Box[];
    polygons?: Polygon[];
    points?: LabelledPoint[];
    instances?: KeypointInstance[];
  };
  const keep = (s: { id: string }) => ids.length === 0 || ids.includes(s.id);
  const out: number[] = [];
  for (const b of (d.boxes ?? []).filter(keep))
    out.push(axis === 0 ? b.x : b.y, axis === 0 ? b.x + b.w : b.y + b.h);
  for (const p of (d.polygons ?? []).filter(keep)) for (const v of p.points) out.push(v[axis]);
  for (const p of (d.points ?? []).filter(keep)) out.push(axis === 0 ? p.x : p.y);
  for (const k of (d.instances ?? []).filter(keep))
    for (const kp of k.keypoints) if (kp[2] > 0) out.push(kp[axis]);
  return out;
}

groupDragSuite<Box>(
  "boxes",
  () => {
    const store = new CanvasStore({
      boxes: [
        { id: "a", label: "car", x: 40, y: 40, w: 40, h: 40 },
        { id: "b", label: "car", x: 130, y: 50, w: 40, h: 30 },
        { id: "c", label: "car", x: 300, y: 200, w: 20, h: 20 },
      ],
    });
    return { store, tool: new BoxTool(store, options) };
  },
  [60, 40], // on a's top edge
  (b) => [b.x, b.y],
);

const square = (id: string, x: number, y: number, size: number): Polygon => ({
  id,
  label: "car",
  points: [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
  ],
});

groupDragSuite<Polygon>(
  "polygons",
  () => {
    const store = new PolygonStore({
      shapes: [square("a", 40, 40, 40), square("b", 130, 40, 40), square("c", 300, 200, 20)],
    });
    return { store, tool: new PolygonTool(store, options) };
  },
  [60, 60], // inside a
  (p) => p.points[0] as [number, number],
);

groupDragSuite<LabelledPoint>(
  "points",
  () => {
    const store = new PointStore({
      shapes: [
        { id: "a", label: "car", x: 60, y: 60 },
        { id: "b", label: "car", x: 150, y: 60 },
        { id: "c", label: "car", x: 300, y: 200 },
      ],
    });
    return { store, tool: new PointTool(store, options) };
  },
  [60, 60],
  (p) => [p.x, p.y],
);

const SKELETON: Skeleton = {
  keypoints: [
    { id: "head", name: "head" },
    { id: "foot", name: "foot" },
  ],
  edges: [[0, 1]],
};

const instance = (id: string, x: number, y: number): KeypointInstance => ({
  id,
  label: "person",
  keypoints: [
    [x, y, 2],
    [x, y + 40, 2],
  ],
});

groupDragSuite<KeypointInstance>(
  "keypoints",
  () => {
    const store = new KeypointStore({
      shapes: [instance("a", 60, 40), instance("b", 150, 40), instance("c", 300, 200)],
    });
    return { store, tool: new KeypointTool(store, { ...options, skeleton: SKELETON }) };
  },
  [60, 40], // a's first keypoint
  (k) => [k.keypoints[0]?.[0] ?? 0, k.keypoints[0]?.[1] ?? 0],
);
