// Unit tests of the point tool and of the commands every shape tool shares (multi-select, copy /
// paste, duplicate, hide, lock), driven by synthetic events.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { pointsAnswerSchema } from "../../../protocol/index.ts";
import { PointTool } from "./point-tool.ts";
import { PASTE_OFFSET } from "./shape-commands.ts";
import { PointStore } from "./shape-kinds.ts";
import { createTestEditor, driver, TEST_LABELS } from "./test-editor.ts";

function setup(opts: { width?: number; height?: number } = {}) {
  let n = 0;
  const store = new PointStore({ activeLabel: "car", newId: () => `pt${++n}` });
  const tool = new PointTool(store, {
    image: { width: opts.width ?? 400, height: opts.height ?? 300 },
    labels: TEST_LABELS,
  });
  return {
    store,
    tool,
    d: driver(tool),
    get points() {
      return store.getSnapshot().shapes;
    },
  };
}

describe("PointTool", () => {
  it("places a point per click with the active label, selecting it, one undo step each", () => {
    const ed = setup();
    const seen = vi.fn();
    ed.store.onDocumentChange(seen);
    ed.d.click(10.123, 20);
    ed.d.key("2");
    ed.d.click(100, 50);
    expect(ed.points).toEqual([
      { id: "pt1", label: "car", x: 10.12, y: 20 },
      { id: "pt2", label: "person", x: 100, y: 50 },
    ]);
    expect(ed.store.getSnapshot().selectedId).toBe("pt2");
    expect(seen).toHaveBeenCalledTimes(2);
    expect(pointsAnswerSchema.safeParse(seen.mock.calls[1]?.[0]).success).toBe(true);
    ed.d.key("z", { ctrlKey: true });
    expect(ed.points).toHaveLength(1);
  });

  it("drags a point with a preview, clamped to the image, and deletes it", () => {
    const ed = setup();
    ed.d.click(10, 20);
    const seen = vi.fn();
    ed.store.onDocumentChange(seen);
    ed.d.down(11, 21).move(60, 60).move(900, 80);
    expect(ed.store.getSnapshot().preview).toMatchObject({ x: 400, y: 79 });
    expect(ed.points[0]).toMatchObject({ x: 10, y: 20 });
    ed.d.up(900, 80);
    expect(ed.points[0]).toMatchObject({ x: 400, y: 79 });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(ed.d.key("Delete")).toBe(true);
    expect(ed.points).toEqual([]);
  });

  it("clamps a new point to the image", () => {
    const ed = setup({ width: 100, height: 50 });
    ed.d.click(-5, 80);
    expect(ed.points[0]).toMatchObject({ x: 0, y: 50 });
  });

  it("places nothing without an active label", () => {
    const ed = setup();
    ed.store.setActiveLabel(null);
    ed.d.click(10, 10);
    expect(ed.points).toEqual([]);
  });

  it("keeps the document valid under any event sequence", () => {
    const coord = fc.double({ min: -100, max: 600, noNaN: true });
    const event = fc.oneof(
      fc.record({ t: fc.constant("down" as const), x: coord, y: coord, toggle: fc.boolean() }),
      fc.record({ t: fc.constant("move" as const), x: coord, y: coord }),
      fc.record({ t: fc.constant("up" as const), x: coord, y: coord }),
      fc.record({
        t: fc.constant("key" as const),
        k: fc.constantFrom("Delete", "Escape", "a", "c", "v", "d", "z", "h", "l", "ArrowUp"),
        ctrl: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const ed = setup();
        for (const e of events) {
          if (e.t === "down") ed.d.down(e.x, e.y, { toggle: e.toggle });
          else if (e.t === "move") ed.d.move(e.x, e.y);
          else if (e.t === "up") ed.d.up(e.x, e.y);
          else ed.d.key(e.k, { ctrlKey: e.ctrl });
        }
        const doc = ed.store.toAnswer();
        expect(pointsAnswerSchema.safeParse(doc).success).toBe(true);
        for (const p of doc.points) {
          expect(p.x).toBeGreaterThanOrEqual(0);
          expect(p.x).toBeLessThanOrEqual(400);
          expect(p.y).toBeGreaterThanOrEqual(0);
          expect(p.y).toBeLessThanOrEqual(300);
        }
      }),
    );
  });
});

describe("ShapeCommands", () => {
  describe("multi-select", () => {
    it("adds and removes shapes with Shift or Ctrl-click, and selects all with Ctrl+A", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [50, 50], [90, 90]);
      ed.d.click(10, 10);
      ed.d.click(90, 90, { toggle: true });
      expect([...ed.store.getSnapshot().selectedIds]).toEqual(["pt1", "pt3"]);
      ed.d.click(10, 10, { toggle: true });
      expect([...ed.store.getSnapshot().selectedIds]).toEqual(["pt3"]);
      expect(ed.d.key("a", { ctrlKey: true })).toBe(true);
      expect(ed.store.getSnapshot().selectedIds.size).toBe(3);
      expect(ed.d.key("Delete")).toBe(true);
      expect(ed.points).toEqual([]);
      ed.d.key("z", { ctrlKey: true });
      expect(ed.points.map((p) => p.id)).toEqual(["pt1", "pt2", "pt3"]);
    });

    it("selects all on the box tool too, and deletes the selection in one step", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.drag([100, 100], [160, 140]);
      ed.key("a", { ctrlKey: true });
      expect(ed.store.getSnapshot().selectedIds.size).toBe(2);
      ed.key("Delete");
      expect(ed.boxes).toEqual([]);
      ed.key("z", { ctrlKey: true });
      expect(ed.boxes).toHaveLength(2);
    });
  });

  describe("copy and paste", () => {
    it("pastes copies with new ids, a step further each time, selected, and undoes a paste in one step", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.drag([100, 100], [160, 140]);
      ed.key("a", { ctrlKey: true });
      expect(ed.key("c", { ctrlKey: true })).toBe(true);
      expect(ed.key("v", { ctrlKey: true })).toBe(true);
      expect(ed.boxes).toHaveLength(4);
      expect(ed.boxes[2]).toEqual({
        id: "box-3",
        label: "car",
        x: 10 + PASTE_OFFSET,
        y: 10 + PASTE_OFFSET,
        w: 50,
        h: 30,
      });
      expect([...ed.store.getSnapshot().selectedIds]).toEqual(["box-3", "box-4"]);
      ed.key("v", { ctrlKey: true });
      expect(ed.boxes[4]).toMatchObject({ x: 10 + 2 * PASTE_OFFSET });
      ed.key("z", { ctrlKey: true });
      expect(ed.boxes).toHaveLength(4);
    });

    it("keeps pasted shapes inside the image", () => {
      const ed = createTestEditor({ width: 400, height: 300 });
      ed.drag([340, 250], [400, 300]);
      ed.key("c", { ctrlKey: true });
      ed.key("v", { ctrlKey: true });
      expect(ed.boxes[1]).toMatchObject({ x: 340, y: 250, w: 60, h: 50 });
    });

    it("pastes into another item through a shared clipboard", () => {
      const a = setup();
      const b = new PointStore({ activeLabel: "car" });
      const toolB = new PointTool(b, {
        image: { width: 400, height: 300 },
        labels: TEST_LABELS,
        clipboard: a.tool.commands.clipboard,
      });
      a.d.click(10, 10);
      a.d.key("c", { ctrlKey: true });
      expect(driver(toolB).key("v", { ctrlKey: true })).toBe(true);
      expect(b.getSnapshot().shapes).toMatchObject([{ label: "car", x: 20, y: 20 }]);
      expect(b.getSnapshot().shapes[0]?.id).not.toBe("pt1");
    });

    it("does nothing with an empty selection or clipboard", () => {
      const ed = setup();
      expect(ed.d.key("c", { ctrlKey: true })).toBe(false);
      expect(ed.d.key("v", { ctrlKey: true })).toBe(false);
      expect(ed.d.key("d", { ctrlKey: true })).toBe(false);
    });
  });

  describe("duplicate", () => {
    it("duplicates the selection next to it with Ctrl+D, leaving the clipboard alone", () => {
      const ed = setup();
      ed.d.click(10, 10);
      expect(ed.d.key("d", { ctrlKey: true })).toBe(true);
      expect(ed.points).toMatchObject([
        { id: "pt1", x: 10, y: 10 },
        { id: "pt2", x: 20, y: 20 },
      ]);
      expect(ed.store.getSnapshot().selectedId).toBe("pt2");
      expect(ed.tool.commands.clipboard.current).toBeNull();
    });
  });

  describe("hide and lock", () => {
    it("hides the selection with H (not hit, not selectable), Shift+H shows all; the document is unchanged", () => {
      const ed = setup();
      ed.d.click(10, 10);
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      expect(ed.d.key("h")).toBe(true);
      expect(ed.store.getSnapshot().hidden.has("pt1")).toBe(true);
      expect(ed.store.getSnapshot().selectedId).toBeNull();
      ed.d.key("a", { ctrlKey: true });
      expect(ed.store.getSnapshot().selectedIds.size).toBe(0);
      ed.d.click(10, 10); // not hit: a new point
      expect(ed.points).toHaveLength(2);
      expect(ed.d.key("h", { shiftKey: true })).toBe(true);
      expect(ed.store.getSnapshot().hidden.size).toBe(0);
      expect(seen).toHaveBeenCalledTimes(1); // the new point only
    });

    it("locks the selection with L: no move, no delete, no relabel; L again unlocks", () => {
      const ed = setup();
      ed.d.click(10, 10);
      expect(ed.d.key("l")).toBe(true);
      ed.d.drag([10, 10], [50, 50]);
      expect(ed.d.key("Delete")).toBe(false);
      expect(ed.d.key("ArrowRight")).toBe(false);
      expect(ed.tool.commands.relabelSelected("tree")).toBe(false);
      expect(ed.points).toEqual([{ id: "pt1", label: "car", x: 10, y: 10 }]);
      expect(ed.store.getSnapshot().selectedId).toBe("pt1");
      ed.d.key("l");
      expect(ed.d.key("ArrowRight", { shiftKey: true })).toBe(true);
      expect(ed.points[0]).toMatchObject({ x: 20 });
    });

    it("locks boxes on the box tool: no move, no resize", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.key("l");
      ed.drag([30, 20], [80, 80]);
      ed.drag([60, 40], [90, 90], "bottom-right");
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10, w: 50, h: 30 });
    });
  });

  it("relabels every selected shape in one undo step", () => {
    const ed = setup();
    ed.d.clicks([10, 10], [50, 50]);
    ed.d.key("a", { ctrlKey: true });
    expect(ed.tool.commands.relabelSelected("tree")).toBe(true);
    expect(ed.points.map((p) => p.label)).toEqual(["tree", "tree"]);
    ed.store.undo();
    expect(ed.points.map((p) => p.label)).toEqual(["car", "car"]);
  });
});
