// Unit tests of the annotation store: document changes, selection, and undo/redo by diffs.
import { describe, expect, it, vi } from "vitest";
import { boxesAnswerSchema } from "../../../protocol/index.ts";
import { CanvasStore, defaultNewId } from "./store.ts";

function newStore() {
  let n = 0;
  return new CanvasStore({ activeLabel: "car", newId: () => `b${++n}` });
}

describe("CanvasStore", () => {
  describe("addBox", () => {
    it("adds a box with a fresh id and coordinates rounded to two decimals", () => {
      const store = newStore();
      const box = store.addBox({ x: 1.23456, y: 2.5, w: 10.005, h: 3.333333 }, "car");
      expect(box).toEqual({ id: "b1", label: "car", x: 1.23, y: 2.5, w: 10.01, h: 3.33 });
      expect(store.getSnapshot().boxes).toEqual([box]);
    });

    it("tells document listeners, with a document the protocol accepts", () => {
      const store = newStore();
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.addBox({ x: 10, y: 10, w: 5, h: 5 }, "tree");
      expect(seen).toHaveBeenCalledTimes(2);
      const doc = seen.mock.calls[1]?.[0];
      expect(boxesAnswerSchema.safeParse(doc).success).toBe(true);
      expect(doc).toEqual(store.toAnswer());
    });

    it("does not tell document listeners about selection or cursor changes", () => {
      const store = newStore();
      const box = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.select(box.id);
      store.setCursor("move");
      store.setDraft({ x: 1, y: 1, w: 1, h: 1 });
      expect(seen).not.toHaveBeenCalled();
    });
  });

  describe("getSnapshot", () => {
    it("returns the same object until something changes", () => {
      const store = newStore();
      const a = store.getSnapshot();
      expect(store.getSnapshot()).toBe(a);
      store.setActiveLabel("tree");
      expect(store.getSnapshot()).not.toBe(a);
      expect(store.getSnapshot().activeLabel).toBe("tree");
    });

    it("notifies subscribers until they unsubscribe", () => {
      const store = newStore();
      const listener = vi.fn();
      const off = store.subscribe(listener);
      store.setActiveLabel("tree");
      off();
      store.setActiveLabel("car");
      expect(listener).toHaveBeenCalledTimes(1);
    });
  });

  describe("select", () => {
    it("ignores unknown ids and clears when the selected box is deleted", () => {
      const store = newStore();
      const box = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.select("nope");
      expect(store.getSnapshot().selectedId).toBeNull();
      store.select(box.id);
      expect(store.getSnapshot().selectedId).toBe(box.id);
      store.deleteBox(box.id);
      expect(store.getSnapshot().selectedId).toBeNull();
    });
  });

  describe("previewBox", () => {
    it("shows a box elsewhere without changing the document", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.previewBox(a.id, { x: 3.333, y: 4, w: 5, h: 5 });
      expect(store.getSnapshot().preview).toEqual({ ...a, x: 3.33, y: 4 });
      expect(store.getSnapshot().boxes).toEqual([a]);
      expect(seen).not.toHaveBeenCalled();
      store.previewBox("nope", { x: 1, y: 1, w: 1, h: 1 });
      expect(store.getSnapshot().preview?.id).toBe(a.id);
    });

    it("commits as one undo step, in a single notification", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.select(a.id);
      store.previewBox(a.id, { x: 1, y: 0, w: 5, h: 5 });
      store.previewBox(a.id, { x: 9, y: 8, w: 5, h: 5 });
      const listener = vi.fn();
      store.subscribe(listener);
      store.commitPreview();
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getSnapshot()).toMatchObject({ preview: null, selectedId: a.id });
      expect(store.getSnapshot().boxes[0]).toMatchObject({ x: 9, y: 8 });
      store.undo();
      expect(store.getSnapshot().boxes[0]).toEqual(a);
      store.redo();
      expect(store.getSnapshot().boxes[0]).toMatchObject({ x: 9, y: 8 });
    });

    it("records nothing when the box ends where it began, or when cancelled", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.previewBox(a.id, { x: 0, y: 0, w: 5, h: 5 });
      store.commitPreview();
      store.previewBox(a.id, { x: 7, y: 0, w: 5, h: 5 });
      store.cancelPreview();
      expect(store.getSnapshot().preview).toBeNull();
      expect(store.getSnapshot().boxes).toEqual([a]);
      expect(seen).not.toHaveBeenCalled();
    });

    it("drops the preview of a box that is deleted", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.select(a.id);
      store.previewBox(a.id, { x: 1, y: 0, w: 5, h: 5 });
      store.deleteBox(a.id);
      expect(store.getSnapshot().preview).toBeNull();
    });
  });

  describe("undo and redo", () => {
    it("undoes and redoes single changes", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const b = store.addBox({ x: 10, y: 0, w: 5, h: 5 }, "car");
      store.updateBox(a.id, { label: "tree" });
      expect(store.undo()).toBe(true);
      expect(store.getSnapshot().boxes).toEqual([a, b]);
      expect(store.undo()).toBe(true);
      expect(store.getSnapshot().boxes).toEqual([a]);
      expect(store.redo()).toBe(true);
      expect(store.getSnapshot().boxes).toEqual([a, b]);
      expect(store.getSnapshot().canRedo).toBe(true);
    });

    it("puts an undone deletion back where it was", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const b = store.addBox({ x: 10, y: 0, w: 5, h: 5 }, "car");
      const c = store.addBox({ x: 20, y: 0, w: 5, h: 5 }, "car");
      store.deleteBox(b.id);
      store.undo();
      expect(store.getSnapshot().boxes.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      expect(store.getSnapshot().selectedId).toBe(b.id);
    });

    it("records a marked interaction as one step, and a bail leaves no trace", () => {
      const store = newStore();
      const a = store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.mark();
      for (let i = 1; i <= 5; i++) store.updateBox(a.id, { x: i });
      store.commit();
      expect(store.getSnapshot().boxes[0]?.x).toBe(5);
      store.undo();
      expect(store.getSnapshot().boxes[0]?.x).toBe(0);
      store.redo();
      store.mark();
      store.updateBox(a.id, { x: 50 });
      store.bail();
      expect(store.getSnapshot().boxes[0]?.x).toBe(5);
      store.undo();
      expect(store.getSnapshot().boxes[0]?.x).toBe(0);
    });

    it("clears redo after a new change and reports false with nothing to do", () => {
      const store = newStore();
      expect(store.undo()).toBe(false);
      store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      store.undo();
      store.addBox({ x: 1, y: 1, w: 5, h: 5 }, "tree");
      expect(store.redo()).toBe(false);
    });

    it("tells document listeners about undo and redo", () => {
      const store = newStore();
      store.addBox({ x: 0, y: 0, w: 5, h: 5 }, "car");
      const seen = vi.fn();
      store.onDocumentChange(seen);
      store.undo();
      store.redo();
      expect(seen.mock.calls.map((c) => c[0].boxes.length)).toEqual([0, 1]);
    });
  });
});

describe("defaultNewId", () => {
  it("gives distinct ids that fit the protocol", () => {
    const ids = new Set(Array.from({ length: 100 }, () => defaultNewId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
  });
});
