// Unit tests of the box tool, driven headless with synthetic pointer and key events.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { boxesAnswerSchema } from "../../../protocol/index.ts";
import { createTestEditor } from "./test-editor.ts";
import { screenToImage } from "./viewport.ts";

describe("BoxTool", () => {
  describe("drawing", () => {
    it("draws a box with the active label by dragging on empty space, and selects it", () => {
      const ed = createTestEditor();
      ed.drag([10, 20], [110, 70]);
      expect(ed.boxes).toEqual([{ id: "box-1", label: "car", x: 10, y: 20, w: 100, h: 50 }]);
      expect(ed.selectedId).toBe("box-1");
      expect(ed.tool.state.name).toBe("idle");
      expect(ed.store.getSnapshot().draft).toBeNull();
    });

    it("normalises a box drawn from bottom right to top left", () => {
      const ed = createTestEditor();
      ed.drag([110, 70], [10, 20]);
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 20, w: 100, h: 50 });
    });

    it("shows a draft while drawing, outside the document", () => {
      const ed = createTestEditor();
      ed.down(10, 10).move(30, 40);
      expect(ed.tool.state.name).toBe("drawing");
      expect(ed.store.getSnapshot().draft).toEqual({ x: 10, y: 10, w: 20, h: 30 });
      expect(ed.boxes).toEqual([]);
    });

    it("drops boxes smaller than the minimum size", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [12, 60]);
      ed.drag([10, 10], [60, 12.5]);
      expect(ed.boxes).toEqual([]);
      ed.drag([10, 10], [13, 13]);
      expect(ed.boxes).toHaveLength(1);
    });

    it("does not draw on a click", () => {
      const ed = createTestEditor();
      ed.down(10, 10).move(11, 11).up(11, 11);
      expect(ed.boxes).toEqual([]);
      expect(ed.tool.state.name).toBe("idle");
    });

    it("measures the drag threshold on screen", () => {
      const ed = createTestEditor({ scale: 0.5 });
      ed.down(10, 10).move(14, 10);
      expect(ed.tool.state.name).toBe("pointing");
      ed.move(16.5, 10);
      expect(ed.tool.state.name).toBe("drawing");
    });

    it("clamps boxes to the image", () => {
      const ed = createTestEditor({ width: 400, height: 300 });
      ed.drag([350, 250], [900, 900]);
      ed.drag([50, 50], [-100, -20]);
      expect(ed.boxes).toEqual([
        expect.objectContaining({ x: 350, y: 250, w: 50, h: 50 }),
        expect.objectContaining({ x: 0, y: 0, w: 50, h: 50 }),
      ]);
    });

    it("rounds coordinates to two decimals", () => {
      const ed = createTestEditor();
      ed.drag([10.123456, 10.98765], [20.55555, 30.1]);
      expect(ed.boxes[0]).toMatchObject({ x: 10.12, y: 10.99, w: 10.43, h: 19.11 });
    });

    it("draws a nested box by dragging inside an unselected box", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [200, 200]);
      ed.key("Escape");
      ed.drag([50, 50], [100, 100]);
      expect(ed.boxes).toHaveLength(2);
      expect(ed.boxes[1]).toMatchObject({ x: 50, y: 50, w: 50, h: 50 });
    });

    it("draws nothing without an active label", () => {
      const ed = createTestEditor();
      ed.store.setActiveLabel(null);
      ed.drag([10, 10], [50, 50]);
      expect(ed.boxes).toEqual([]);
    });
  });

  describe("through a zoomed and panned view", () => {
    it("draws and moves in image pixels, with thresholds measured on screen", () => {
      const ed = createTestEditor({ width: 4000, height: 3000 });
      const v = { x: -300, y: 40, scale: 2 };
      ed.tool.setScale(v.scale);
      const at = (sx: number, sy: number) => {
        const p = screenToImage(v, { x: sx, y: sy });
        return [p.x, p.y] as [number, number];
      };
      ed.drag(at(100, 100), at(300, 200));
      expect(ed.boxes[0]).toMatchObject({ x: 200, y: 30, w: 100, h: 50 });
      // 4 screen pixels are 2 image pixels: past the 3 px threshold on screen, so the box moves.
      ed.down(...at(200, 150)).move(...at(204, 150));
      expect(ed.tool.state.name).toBe("dragging");
      ed.up(...at(204, 150));
      expect(ed.boxes[0]).toMatchObject({ x: 202, y: 30 });
    });
  });

  describe("selecting", () => {
    it("selects the smallest box under a click, and clears on a click on empty space", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [200, 200]);
      ed.key("Escape");
      ed.drag([50, 50], [100, 100]);
      ed.key("Escape");
      expect(ed.selectedId).toBeNull();
      ed.click(60, 60);
      expect(ed.selectedId).toBe("box-2");
      ed.click(150, 150);
      expect(ed.selectedId).toBe("box-1");
      ed.click(300, 250);
      expect(ed.selectedId).toBeNull();
    });

    it("grabs an unselected box by its outline", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [100, 100]);
      ed.key("Escape");
      ed.down(100, 50);
      expect(ed.selectedId).toBe("box-1");
      expect(ed.tool.state.name).toBe("pointing_shape");
    });
  });

  describe("moving", () => {
    it("moves the selected box by dragging inside it, as one undo step", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.drag([30, 20], [130, 70]);
      expect(ed.boxes[0]).toMatchObject({ x: 110, y: 60, w: 50, h: 30 });
      expect(ed.key("z", { ctrlKey: true })).toBe(true);
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10 });
    });

    it("keeps a moved box inside the image", () => {
      const ed = createTestEditor({ width: 400, height: 300 });
      ed.drag([10, 10], [60, 40]);
      ed.drag([30, 20], [1000, -500]);
      expect(ed.boxes[0]).toMatchObject({ x: 350, y: 0, w: 50, h: 30 });
    });

    it("moves a preview while dragging and changes the document once, on release", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      const changes = vi.fn();
      ed.store.onDocumentChange(changes);
      ed.down(30, 20).move(80, 80).move(90, 90);
      expect(ed.store.getSnapshot().preview).toMatchObject({ id: "box-1", x: 70, y: 80, w: 50, h: 30 });
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10 });
      ed.up(100, 90);
      expect(ed.store.getSnapshot().preview).toBeNull();
      expect(ed.boxes[0]).toMatchObject({ x: 80, y: 80 });
      expect(changes).toHaveBeenCalledTimes(1);
    });

    it("restores the box when Escape cancels a drag", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.down(30, 20).move(80, 80).move(90, 90);
      expect(ed.store.getSnapshot().preview).toMatchObject({ x: 70, y: 80 });
      expect(ed.key("Escape")).toBe(true);
      expect(ed.store.getSnapshot().preview).toBeNull();
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10 });
      expect(ed.tool.state.name).toBe("idle");
      ed.up(90, 90);
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10 });
    });

    it("nudges the selected box with the arrow keys", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.key("ArrowRight");
      ed.key("ArrowDown", { shiftKey: true });
      expect(ed.boxes[0]).toMatchObject({ x: 11, y: 20 });
    });
  });

  describe("resizing", () => {
    it("moves the edges of the grabbed handle, keeping the grab offset", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      // Grab 2 px off the bottom-right corner; the corner follows the pointer at that offset.
      ed.drag([62, 42], [102, 82], "bottom-right");
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10, w: 90, h: 70 });
      ed.drag([10, 25], [0, 0], "middle-left");
      expect(ed.boxes[0]).toMatchObject({ x: 0, y: 10, w: 100, h: 70 });
    });

    it("clamps to the image and to the minimum size, never flipping", () => {
      const ed = createTestEditor({ width: 400, height: 300 });
      ed.drag([10, 10], [60, 40]);
      ed.drag([60, 40], [999, 999], "bottom-right");
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10, w: 390, h: 290 });
      ed.drag([10, 10], [500, 500], "top-left");
      expect(ed.boxes[0]).toMatchObject({ x: 397, y: 297, w: 3, h: 3 });
    });

    it("previews the new size until release", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.down(60, 40, "bottom-right").move(90, 70);
      expect(ed.store.getSnapshot().preview).toMatchObject({ x: 10, y: 10, w: 80, h: 60 });
      expect(ed.boxes[0]).toMatchObject({ w: 50, h: 30 });
      ed.up(90, 70);
      expect(ed.boxes[0]).toMatchObject({ w: 80, h: 60 });
    });

    it("is undone in one step and cancelled by Escape", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.down(60, 40, "bottom-right").move(80, 80);
      ed.key("Escape");
      expect(ed.boxes[0]).toMatchObject({ w: 50, h: 30 });
      ed.drag([60, 40], [80, 80], "bottom-right");
      ed.key("z", { metaKey: true });
      expect(ed.boxes[0]).toMatchObject({ w: 50, h: 30 });
      ed.key("z", { ctrlKey: true, shiftKey: true });
      expect(ed.boxes[0]).toMatchObject({ w: 70, h: 70 });
    });

    it("ignores a handle when nothing is selected", () => {
      const ed = createTestEditor();
      ed.down(10, 10, "top-left");
      expect(ed.tool.state.name).toBe("pointing");
    });
  });

  describe("deleting", () => {
    it("deletes the selected box with Delete or Backspace", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.drag([100, 100], [160, 140]);
      expect(ed.key("Delete")).toBe(true);
      ed.click(30, 30);
      expect(ed.key("Backspace")).toBe(true);
      expect(ed.boxes).toEqual([]);
      expect(ed.key("Delete")).toBe(false);
    });

    it("deletes through the button action and undoes it", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      expect(ed.tool.deleteSelected()).toBe(true);
      expect(ed.boxes).toEqual([]);
      ed.key("z", { ctrlKey: true });
      expect(ed.boxes).toHaveLength(1);
    });
  });

  describe("keys", () => {
    it("picks labels with 1..9", () => {
      const ed = createTestEditor();
      expect(ed.key("3")).toBe(true);
      expect(ed.store.getSnapshot().activeLabel).toBe("tree");
      expect(ed.key("4")).toBe(false);
      expect(ed.key("0")).toBe(false);
      ed.drag([10, 10], [60, 40]);
      expect(ed.boxes[0]?.label).toBe("tree");
    });

    it("cancels a drawing with Escape", () => {
      const ed = createTestEditor();
      ed.down(10, 10).move(50, 50);
      expect(ed.key("Escape")).toBe(true);
      expect(ed.store.getSnapshot().draft).toBeNull();
      ed.up(50, 50);
      expect(ed.boxes).toEqual([]);
    });

    it("deselects with Escape when idle, and reports unhandled keys", () => {
      const ed = createTestEditor();
      expect(ed.key("Escape")).toBe(false);
      ed.drag([10, 10], [60, 40]);
      expect(ed.key("Escape")).toBe(true);
      expect(ed.selectedId).toBeNull();
      expect(ed.key("q")).toBe(false);
    });
  });

  describe("relabelSelected", () => {
    it("gives the selected box another label", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      expect(ed.tool.relabelSelected("person")).toBe(true);
      expect(ed.boxes[0]?.label).toBe("person");
    });
  });

  describe("setEnabled", () => {
    it("ignores every event once disabled, ending what was in progress", () => {
      const ed = createTestEditor();
      ed.drag([10, 10], [60, 40]);
      ed.down(30, 20).move(90, 90);
      ed.tool.setEnabled(false);
      expect(ed.boxes[0]).toMatchObject({ x: 10, y: 10 });
      ed.drag([100, 100], [200, 200]);
      expect(ed.key("Delete")).toBe(false);
      expect(ed.boxes).toHaveLength(1);
    });
  });

  it("keeps the document valid and inside the image under any pointer sequence", () => {
    const coord = fc.double({ min: -100, max: 600, noNaN: true });
    const event = fc.oneof(
      fc.record({ t: fc.constant("down" as const), x: coord, y: coord }),
      fc.record({ t: fc.constant("move" as const), x: coord, y: coord }),
      fc.record({ t: fc.constant("up" as const), x: coord, y: coord }),
      fc.record({
        t: fc.constant("handle" as const),
        x: coord,
        y: coord,
        h: fc.constantFrom("top-left", "bottom-right", "middle-left", "top-center" as const),
      }),
      fc.record({ t: fc.constant("key" as const), k: fc.constantFrom("Delete", "Escape", "2", "z") }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const ed = createTestEditor({ width: 400, height: 300 });
        for (const e of events) {
          if (e.t === "down") ed.down(e.x, e.y);
          else if (e.t === "move") ed.move(e.x, e.y);
          else if (e.t === "up") ed.up(e.x, e.y);
          else if (e.t === "handle") ed.down(e.x, e.y, e.h);
          else ed.key(e.k, { ctrlKey: e.k === "z" });
        }
        const doc = ed.store.toAnswer();
        expect(boxesAnswerSchema.safeParse(doc).success).toBe(true);
        for (const b of doc.boxes) {
          expect(b.w).toBeGreaterThanOrEqual(2.99);
          expect(b.h).toBeGreaterThanOrEqual(2.99);
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.w).toBeLessThanOrEqual(400.01);
          expect(b.y + b.h).toBeLessThanOrEqual(300.01);
        }
      }),
    );
  });
});
