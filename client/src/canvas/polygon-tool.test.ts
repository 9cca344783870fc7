// Unit tests of the polygon tool, driven by synthetic pointer and key events in image pixels.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { polygonProblem, polygonsAnswerSchema } from "../../../protocol/index.ts";
import { PolygonTool } from "./polygon-tool.ts";
import { PolygonStore } from "./shape-kinds.ts";
import { driver, TEST_LABELS } from "./test-editor.ts";

function setup(opts: { width?: number; height?: number; scale?: number } = {}) {
  let n = 0;
  const store = new PolygonStore({ activeLabel: "car", newId: () => `p${++n}` });
  const tool = new PolygonTool(store, {
    image: { width: opts.width ?? 400, height: opts.height ?? 300 },
    labels: TEST_LABELS,
    scale: opts.scale ?? 1,
  });
  const d = driver(tool);
  return {
    store,
    tool,
    d,
    get polygons() {
      return store.getSnapshot().shapes;
    },
    /** Draws the square (x, y)–(x + size, y + size) and closes it on its first vertex. */
    square(x = 10, y = 10, size = 100) {
      d.clicks([x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]);
    },
  };
}

describe("PolygonTool", () => {
  describe("drawing", () => {
    it("places vertices by clicking and closes on the first vertex, with the active label", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10], [110, 110]);
      expect(ed.tool.state.name).toBe("drawing");
      expect(ed.store.getSnapshot().draft?.points).toEqual([
        [10, 10],
        [110, 10],
        [110, 110],
      ]);
      expect(ed.polygons).toEqual([]);
      ed.d.click(12, 11); // near the first vertex
      expect(ed.polygons).toEqual([
        {
          id: "p1",
          label: "car",
          points: [
            [10, 10],
            [110, 10],
            [110, 110],
          ],
        },
      ]);
      expect(ed.store.getSnapshot()).toMatchObject({ draft: null, selectedId: "p1" });
      expect(ed.tool.state.name).toBe("idle");
    });

    it("closes with Enter, and on a double click (a second click on the last vertex)", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10], [110, 110]);
      expect(ed.d.key("Enter")).toBe(true);
      expect(ed.polygons).toHaveLength(1);
      ed.store.select(null);
      ed.d.clicks([200, 10], [300, 10], [300, 100], [300, 100]);
      expect(ed.polygons).toHaveLength(2);
      expect(ed.polygons[1]?.points).toHaveLength(3);
    });

    it("does not close with fewer than three vertices", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10]);
      expect(ed.d.key("Enter")).toBe(false);
      ed.d.click(10, 14); // near the first vertex: a third vertex, not a close (exactly on it would fold back)
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(3);
      expect(ed.polygons).toEqual([]);
    });

    it("cancels with Escape, and Backspace takes back the last vertex", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10], [110, 110]);
      expect(ed.d.key("Backspace")).toBe(true);
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(2);
      ed.d.click(60, 150);
      ed.d.key("Enter");
      expect(ed.polygons[0]?.points).toEqual([
        [10, 10],
        [110, 10],
        [60, 150],
      ]);
      ed.store.select(null);
      ed.d.clicks([200, 10], [300, 10]);
      expect(ed.d.key("Escape")).toBe(true);
      expect(ed.store.getSnapshot().draft).toBeNull();
      expect(ed.polygons).toHaveLength(1);
    });

    it("shows the rubber band to the pointer in the draft, outside the document", () => {
      const ed = setup();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      ed.d.click(10, 10).move(50, 60);
      expect(ed.store.getSnapshot().draft?.cursor).toEqual({ x: 50, y: 60 });
      expect(seen).not.toHaveBeenCalled();
    });

    it("clamps vertices to the image", () => {
      const ed = setup({ width: 200, height: 100 });
      ed.d.clicks([-20, -5], [250, 10], [100, 400]);
      ed.d.key("Enter");
      expect(ed.polygons[0]?.points).toEqual([
        [0, 0],
        [200, 10],
        [100, 100],
      ]);
    });

    it("starts a new polygon with N even on top of another one", () => {
      const ed = setup();
      ed.square();
      expect(ed.d.key("n")).toBe(true);
      ed.d.clicks([50, 50], [90, 50], [90, 90]);
      ed.d.key("Enter");
      expect(ed.polygons).toHaveLength(2);
    });

    it("adds the closed polygon as one undo step, telling document listeners once", () => {
      const ed = setup();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      ed.square();
      expect(seen).toHaveBeenCalledTimes(1);
      expect(polygonsAnswerSchema.safeParse(seen.mock.calls[0]?.[0]).success).toBe(true);
      ed.d.key("z", { ctrlKey: true });
      expect(ed.polygons).toEqual([]);
      ed.d.key("z", { ctrlKey: true, shiftKey: true });
      expect(ed.polygons).toHaveLength(1);
    });
  });

  describe("selecting", () => {
    it("selects a polygon by a click inside it, the smallest one first, and clears on empty space", () => {
      const ed = setup();
      ed.square(10, 10, 200);
      ed.store.select(null);
      ed.d.key("n");
      ed.square(50, 50, 40);
      ed.store.select(null);
      ed.d.click(150, 150);
      expect(ed.store.getSnapshot().selectedId).toBe("p1");
      ed.d.click(70, 70);
      expect(ed.store.getSnapshot().selectedId).toBe("p2");
      ed.d.click(350, 250);
      expect(ed.store.getSnapshot().selectedId).toBeNull();
      expect(ed.tool.state.name).toBe("idle");
    });
  });

  describe("editing", () => {
    it("drags the whole polygon as one undo step, kept inside the image", () => {
      const ed = setup();
      ed.square();
      ed.d.drag([60, 60], [90, 70]);
      expect(ed.polygons[0]?.points[0]).toEqual([40, 20]);
      ed.d.drag([100, 100], [1000, 100]);
      expect(ed.polygons[0]?.points[1]).toEqual([400, 20]);
      ed.store.undo();
      expect(ed.polygons[0]?.points[0]).toEqual([40, 20]);
      ed.store.undo();
      expect(ed.polygons[0]?.points[0]).toEqual([10, 10]);
    });

    it("drags a vertex with a preview, changing the document once, on release", () => {
      const ed = setup();
      ed.square();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      ed.d.down(110, 110).move(130, 120).move(150, 140);
      expect(ed.store.getSnapshot().preview?.points[2]).toEqual([150, 140]);
      expect(ed.polygons[0]?.points[2]).toEqual([110, 110]);
      ed.d.up(150, 140);
      expect(seen).toHaveBeenCalledTimes(1);
      expect(ed.polygons[0]?.points[2]).toEqual([150, 140]);
      expect(ed.store.getSnapshot().activeVertex).toBe(2);
    });

    it("clamps a dragged vertex to the image, and Escape restores it", () => {
      const ed = setup();
      ed.square();
      ed.d.drag([110, 110], [900, 900]);
      expect(ed.polygons[0]?.points[2]).toEqual([400, 300]);
      ed.d.down(10, 10).move(50, 50);
      expect(ed.d.key("Escape")).toBe(true);
      ed.d.up(50, 50);
      expect(ed.polygons[0]?.points[0]).toEqual([10, 10]);
    });

    it("inserts a vertex by dragging an edge midpoint, as one undo step", () => {
      const ed = setup();
      ed.square();
      ed.d.drag([60, 10], [60, 0]);
      expect(ed.polygons[0]?.points).toEqual([
        [10, 10],
        [60, 0],
        [110, 10],
        [110, 110],
        [10, 110],
      ]);
      ed.store.undo();
      expect(ed.polygons[0]?.points).toHaveLength(4);
    });

    it("inserts a vertex by a click on a midpoint, or Alt / Shift-click on an edge", () => {
      const ed = setup();
      ed.square();
      ed.d.click(110, 60); // midpoint of the right edge
      expect(ed.polygons[0]?.points).toHaveLength(5);
      ed.d.click(10, 30, { alt: true }); // on the left edge
      expect(ed.polygons[0]?.points).toContainEqual([10, 30]);
      ed.d.click(40, 110, { shift: true, toggle: true }); // on the bottom edge
      expect(ed.polygons[0]?.points).toContainEqual([40, 110]);
      expect(ed.polygons[0]?.points).toHaveLength(7);
      expect(ed.store.getSnapshot().selectedIds.size).toBe(1);
    });

    it("deletes a vertex by Alt-click or Delete on the picked vertex, never below three", () => {
      const ed = setup();
      ed.square();
      ed.d.click(110, 110, { alt: true });
      expect(ed.polygons[0]?.points).toHaveLength(3);
      ed.d.click(10, 10, { alt: true });
      expect(ed.polygons[0]?.points).toHaveLength(3);
      ed.store.undo();
      expect(ed.polygons[0]?.points).toHaveLength(4);
      ed.d.click(110, 10); // picks the vertex
      expect(ed.store.getSnapshot().activeVertex).toBe(1);
      expect(ed.d.key("Delete")).toBe(true);
      expect(ed.polygons[0]?.points).toEqual([
        [10, 10],
        [110, 110],
        [10, 110],
      ]);
      // With no vertex picked, Delete removes the polygon.
      expect(ed.d.key("Delete")).toBe(true);
      expect(ed.polygons).toEqual([]);
    });

    it("measures handle tolerances on screen", () => {
      const ed = setup({ scale: 4 });
      ed.square();
      ed.d.drag([113, 113], [120, 120]); // 3 image px = 12 screen px away: not the vertex
      expect(ed.polygons[0]?.points[2]).toEqual([110, 110]);
    });
  });

  describe("simple outlines", () => {
    it("refuses a vertex whose edge would cross the outline, showing it on the rubber band", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10], [110, 110]);
      ed.d.move(60, 0); // the edge from (110, 110) to here would cross the first edge
      expect(ed.store.getSnapshot().draft).toMatchObject({ blocked: true });
      ed.d.click(60, 0);
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(3);
      expect(ed.store.getSnapshot().notice).toBe("crossing");
      ed.d.move(10, 110);
      expect(ed.store.getSnapshot().draft).toMatchObject({ blocked: false });
      ed.d.click(10, 110);
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(4);
      expect(ed.store.getSnapshot().notice).toBeNull();
    });

    it("refuses a vertex that touches an earlier edge or folds back over the last one", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10], [110, 110]);
      ed.d.click(60, 10); // on the first edge
      ed.d.click(110, 60); // back along the last edge
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(3);
      expect(ed.store.getSnapshot().notice).toBe("crossing");
    });

    it("refuses to close a ring whose closing edge crosses, by Enter or on the first vertex; the drawing goes on", () => {
      const ed = setup();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      // A spiral whose closing edge, from (80, 70) back to (10, 10), crosses the edge (40, 40)–(80, 40).
      ed.d.clicks([10, 10], [110, 10], [110, 110], [40, 110], [40, 40], [80, 40], [80, 70]);
      const points = ed.store.getSnapshot().draft?.points.length;
      expect(points).toBe(7);
      expect(ed.d.key("Enter")).toBe(true);
      expect(ed.tool.state.name).toBe("drawing");
      expect(ed.store.getSnapshot().notice).toBe("crossing");
      ed.d.move(11, 11);
      expect(ed.store.getSnapshot().draft).toMatchObject({ blocked: true });
      ed.d.click(11, 11);
      expect(ed.tool.state.name).toBe("drawing");
      expect(ed.store.getSnapshot().draft?.points).toHaveLength(points ?? 0);
      expect(seen).not.toHaveBeenCalled();
      // Taking back the last vertex makes the ring simple again.
      ed.d.key("Backspace");
      expect(ed.store.getSnapshot().notice).toBeNull();
      ed.d.key("Enter");
      expect(ed.polygons).toHaveLength(1);
      expect(polygonProblem(ed.polygons[0]?.points ?? [])).toBeNull();
    });

    it("refuses to close a ring without area", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [60, 10], [110, 10]);
      expect(ed.d.key("Enter")).toBe(true);
      expect(ed.polygons).toEqual([]);
      expect(ed.store.getSnapshot().notice).toBe("degenerate");
      expect(ed.tool.state.name).toBe("drawing");
    });

    it("snaps a vertex dragged across the outline back on release, with no document change", () => {
      const ed = setup();
      ed.square();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      const before = ed.store.toAnswer();
      ed.d.down(110, 110).move(120, 130).move(200, 150); // still a simple ring
      expect(ed.store.getSnapshot().notice).toBeNull();
      ed.d.move(10, 60); // onto the left edge
      expect(ed.store.getSnapshot().notice).toBe("crossing");
      ed.d.up(10, 60);
      expect(ed.store.toAnswer()).toEqual(before);
      expect(seen).not.toHaveBeenCalled();
      expect(ed.store.getSnapshot()).toMatchObject({ preview: null, notice: "crossing", canUndo: true });
      ed.d.drag([110, 110], [140, 150]); // a valid move still works, and clears the notice
      expect(ed.polygons[0]?.points[2]).toEqual([140, 150]);
      expect(ed.store.getSnapshot().notice).toBeNull();
    });

    it("snaps back a vertex inserted on a midpoint and dragged across the outline", () => {
      const ed = setup();
      ed.square();
      const before = ed.store.toAnswer();
      ed.d.drag([60, 10], [60, 200]); // the top edge's midpoint pulled below the bottom edge
      expect(ed.store.toAnswer()).toEqual(before);
      expect(ed.store.getSnapshot().notice).toBe("crossing");
    });

    it("refuses to delete a vertex when the ring left would cross itself", () => {
      const ed = setup();
      // An arrow: removing the notch vertex (60, 20) leaves a valid square; removing (110, 60) does not.
      ed.d.clicks([10, 10], [60, 60], [110, 10], [110, 110], [10, 110], [10, 10]);
      expect(ed.polygons).toHaveLength(1);
      ed.store.select("p1");
      const before = ed.store.toAnswer();
      // Without (110, 110), the edge (110, 10)–(10, 110) passes through (60, 60).
      ed.d.click(110, 110, { alt: true });
      expect(ed.store.toAnswer()).toEqual(before);
      expect(ed.store.getSnapshot().notice).toBe("crossing");
      ed.d.click(60, 60, { alt: true });
      expect(ed.polygons[0]?.points).toHaveLength(4);
      expect(ed.store.getSnapshot().notice).toBeNull();
    });
  });

  describe("locked and hidden", () => {
    it("selects a locked polygon but does not move it; hidden polygons are not hit", () => {
      const ed = setup();
      ed.square();
      ed.d.key("l");
      ed.d.drag([60, 60], [90, 90]);
      ed.d.drag([110, 110], [150, 150]);
      ed.d.click(110, 10, { alt: true });
      expect(ed.polygons[0]?.points[0]).toEqual([10, 10]);
      expect(ed.polygons[0]?.points).toHaveLength(4);
      expect(ed.store.getSnapshot().selectedId).toBe("p1");
      ed.d.key("h");
      expect(ed.store.getSnapshot().selectedId).toBeNull();
      ed.d.click(60, 60); // starts a polygon instead of selecting the hidden one
      expect(ed.tool.state.name).toBe("drawing");
    });
  });

  describe("setEnabled", () => {
    it("ignores every event once disabled, dropping a drawing", () => {
      const ed = setup();
      ed.d.clicks([10, 10], [110, 10]);
      ed.tool.setEnabled(false);
      expect(ed.store.getSnapshot().draft).toBeNull();
      ed.d.clicks([10, 10], [110, 10], [110, 110], [10, 10]);
      expect(ed.d.key("Enter")).toBe(false);
      expect(ed.polygons).toEqual([]);
    });
  });

  it("keeps the document valid, every polygon simple and inside the image, under any event sequence", () => {
    const coord = fc.double({ min: -100, max: 600, noNaN: true });
    const event = fc.oneof(
      fc.record({
        t: fc.constant("down" as const),
        x: coord,
        y: coord,
        alt: fc.boolean(),
        shift: fc.boolean(),
      }),
      fc.record({ t: fc.constant("move" as const), x: coord, y: coord }),
      fc.record({ t: fc.constant("up" as const), x: coord, y: coord }),
      fc.record({
        t: fc.constant("key" as const),
        k: fc.constantFrom("Delete", "Backspace", "Escape", "Enter", "n", "z", "d", "v", "c", "ArrowLeft"),
        ctrl: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        const ed = setup({ width: 400, height: 300 });
        for (const e of events) {
          if (e.t === "down") ed.d.down(e.x, e.y, { alt: e.alt, shift: e.shift, toggle: e.shift });
          else if (e.t === "move") ed.d.move(e.x, e.y);
          else if (e.t === "up") ed.d.up(e.x, e.y);
          else ed.d.key(e.k, { ctrlKey: e.ctrl });
        }
        const doc = ed.store.toAnswer();
        expect(polygonsAnswerSchema.safeParse(doc).success).toBe(true);
        for (const p of doc.polygons) expect(polygonProblem(p.points)).toBeNull();
        for (const p of doc.polygons)
          for (const [x, y] of p.points) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(y).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(400);
            expect(y).toBeLessThanOrEqual(300);
          }
      }),
    );
  });
});
