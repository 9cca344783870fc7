// Unit tests of the shape store every kind shares: selection, hidden and locked shapes (UI state,
// outside undo), previews, and diff-based undo of polygons and skeletons.
import { describe, expect, it, vi } from "vitest";
import { keypointsAnswerSchema, polygonsAnswerSchema } from "../../../protocol/index.ts";
import { KeypointStore, PolygonStore } from "./shape-kinds.ts";

const TRIANGLE: [number, number][] = [
  [0, 0],
  [10.123, 0],
  [0, 10],
];

function newStore() {
  let n = 0;
  return new PolygonStore({ activeLabel: "lake", newId: () => `p${++n}` });
}

describe("ShapeStore", () => {
  describe("the document", () => {
    it("starts from the saved shapes and stores rounded coordinates the protocol accepts", () => {
      const store = new PolygonStore({ shapes: [{ id: "a", label: "lake", points: TRIANGLE }] });
      expect(store.getSnapshot().shapes).toHaveLength(1);
      const added = store.addShape({ label: "lake", points: TRIANGLE });
      expect(added.points[1]).toEqual([10.12, 0]);
      expect(polygonsAnswerSchema.safeParse(store.toAnswer()).success).toBe(true);
    });

    it("adds several shapes, and deletes several, each as one undo step", () => {
      const store = newStore();
      store.addShapes([
        { label: "lake", points: TRIANGLE },
        { label: "lake", points: TRIANGLE },
      ]);
      store.deleteShapes(["p1", "p2"]);
      expect(store.getSnapshot().shapes).toEqual([]);
      store.undo();
      expect(store.getSnapshot().shapes.map((s) => s.id)).toEqual(["p1", "p2"]);
      store.undo();
      expect(store.getSnapshot().shapes).toEqual([]);
    });

    it("undoes a changed vertex of a polygon and a changed keypoint of a skeleton", () => {
      const store = newStore();
      const p = store.addShape({ label: "lake", points: TRIANGLE });
      store.replaceShape({ ...p, points: [[5, 5], ...p.points.slice(1)] });
      store.undo();
      expect(store.shape(p.id)?.points[0]).toEqual([0, 0]);
      store.redo();
      expect(store.shape(p.id)?.points[0]).toEqual([5, 5]);

      const skeletons = new KeypointStore({ newId: () => "k1" });
      const k = skeletons.addShape({
        label: "person",
        keypoints: [
          [1, 2, 2],
          [3, 4, 0],
        ],
      });
      expect(k.keypoints[1]).toEqual([0, 0, 0]); // not labelled sits at 0, 0
      skeletons.replaceShape({
        ...k,
        keypoints: [
          [1, 2, 1],
          [0, 0, 0],
        ],
      });
      skeletons.undo();
      expect(skeletons.shape("k1")?.keypoints[0]).toEqual([1, 2, 2]);
      expect(keypointsAnswerSchema.safeParse(skeletons.toAnswer()).success).toBe(true);
    });
  });

  describe("selection", () => {
    it("toggles shapes in and out, keeps a primary, and selects all visible shapes", () => {
      const store = newStore();
      for (let i = 0; i < 3; i++) store.addShape({ label: "lake", points: TRIANGLE });
      store.select("p1");
      store.toggleSelected("p3");
      expect(store.getSnapshot()).toMatchObject({ selectedId: "p3" });
      expect([...store.getSnapshot().selectedIds]).toEqual(["p1", "p3"]);
      store.toggleSelected("p3");
      expect(store.getSnapshot().selectedId).toBe("p1");
      store.setHidden(["p2"], true);
      store.selectAll();
      expect([...store.getSnapshot().selectedIds]).toEqual(["p1", "p3"]);
    });

    it("drops deleted shapes from the selection", () => {
      const store = newStore();
      store.addShapes([
        { label: "lake", points: TRIANGLE },
        { label: "lake", points: TRIANGLE },
      ]);
      store.selectAll();
      store.deleteShapes(["p2"]);
      expect([...store.getSnapshot().selectedIds]).toEqual(["p1"]);
    });
  });

  describe("hidden and locked", () => {
    it("are UI state: no document change, no undo step; hiding deselects", () => {
      const store = newStore();
      const p = store.addShape({ label: "lake", points: TRIANGLE });
      store.select(p.id);
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.setHidden([p.id], true);
      store.setLocked([p.id], true);
      expect(store.getSnapshot().selectedId).toBeNull();
      expect(store.isHidden(p.id) && store.isLocked(p.id)).toBe(true);
      store.select(p.id);
      expect(store.getSnapshot().selectedId).toBeNull();
      expect(seen).not.toHaveBeenCalled();
      store.undo(); // undoes the addition, not the hiding
      expect(store.getSnapshot().shapes).toEqual([]);
      store.showAll();
      expect(store.getSnapshot().hidden.size).toBe(0);
    });
  });

  describe("preview", () => {
    it("shows a changed shape until committed as one step, telling document listeners once", () => {
      const store = newStore();
      const p = store.addShape({ label: "lake", points: TRIANGLE });
      store.select(p.id);
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.preview({ ...p, points: [[1, 1], ...p.points.slice(1)] });
      store.preview({ ...p, points: [[2, 2], ...p.points.slice(1)] });
      expect(store.shape(p.id)?.points[0]).toEqual([0, 0]);
      store.commitPreview();
      expect(seen).toHaveBeenCalledTimes(1);
      expect(store.shape(p.id)?.points[0]).toEqual([2, 2]);
      store.undo();
      expect(store.shape(p.id)?.points[0]).toEqual([0, 0]);
    });
  });
});
