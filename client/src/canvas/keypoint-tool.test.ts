// Unit tests of the keypoint skeleton tool, driven by synthetic events in image pixels.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { keypointsAnswerSchema, type Skeleton } from "../../../protocol/index.ts";
import { KeypointTool } from "./keypoint-tool.ts";
import { KeypointStore } from "./shape-kinds.ts";
import { driver, TEST_LABELS } from "./test-editor.ts";

const SKELETON: Skeleton = {
  keypoints: [
    { id: "head", name: "head" },
    { id: "hip", name: "hip" },
    { id: "foot", name: "foot" },
  ],
  edges: [
    [0, 1],
    [1, 2],
  ],
};

function setup() {
  let n = 0;
  const store = new KeypointStore({ activeLabel: "person", newId: () => `k${++n}` });
  const tool = new KeypointTool(store, {
    image: { width: 400, height: 300 },
    labels: TEST_LABELS,
    skeleton: SKELETON,
  });
  return {
    store,
    tool,
    d: driver(tool),
    get instances() {
      return store.getSnapshot().shapes;
    },
  };
}

describe("KeypointTool", () => {
  describe("placing an instance", () => {
    it("places the keypoints one by one in template order, naming the next, then adds the instance", () => {
      const ed = setup();
      const seen = vi.fn();
      ed.store.onDocumentChange(seen);
      ed.d.click(100, 50);
      expect(ed.tool.nextKeypointName()).toBe("hip");
      ed.d.click(100, 120);
      expect(ed.tool.nextKeypointName()).toBe("foot");
      expect(ed.instances).toEqual([]);
      ed.d.click(100, 200);
      expect(ed.instances).toEqual([
        {
          id: "k1",
          label: "person",
          keypoints: [
            [100, 50, 2],
            [100, 120, 2],
            [100, 200, 2],
          ],
        },
      ]);
      expect(seen).toHaveBeenCalledTimes(1);
      expect(keypointsAnswerSchema.safeParse(seen.mock.calls[0]?.[0]).success).toBe(true);
      expect(ed.tool.state.name).toBe("idle");
      expect(ed.store.getSnapshot().selectedId).toBe("k1");
    });

    it("skips a keypoint with S (not labelled, at 0, 0) and places one occluded after V", () => {
      const ed = setup();
      ed.d.click(100, 50);
      expect(ed.d.key("s")).toBe(true);
      expect(ed.d.key("v")).toBe(true);
      expect(ed.store.getSnapshot().draft?.nextVisibility).toBe(1);
      ed.d.click(100, 200);
      expect(ed.instances[0]?.keypoints).toEqual([
        [100, 50, 2],
        [0, 0, 0],
        [100, 200, 1],
      ]);
    });

    it("ends early with Enter, takes back with Backspace, and cancels with Escape", () => {
      const ed = setup();
      ed.d.click(100, 50).click(100, 120);
      expect(ed.d.key("Backspace")).toBe(true);
      expect(ed.tool.nextKeypointName()).toBe("hip");
      expect(ed.d.key("Enter")).toBe(true);
      expect(ed.instances[0]?.keypoints).toEqual([
        [100, 50, 2],
        [0, 0, 0],
        [0, 0, 0],
      ]);
      ed.store.select(null);
      ed.d.click(300, 50);
      expect(ed.d.key("Escape")).toBe(true);
      expect(ed.instances).toHaveLength(1);
      expect(ed.store.getSnapshot().draft).toBeNull();
    });

    it("keeps nothing when every keypoint was skipped", () => {
      const ed = setup();
      ed.d.key("n");
      ed.d.key("s");
      ed.d.key("s");
      ed.d.key("s");
      expect(ed.instances).toEqual([]);
      expect(ed.tool.state.name).toBe("idle");
    });
  });

  describe("editing", () => {
    function withInstance() {
      const ed = setup();
      ed.d.clicks([100, 50], [100, 120], [100, 200]);
      return ed;
    }

    it("drags one keypoint, in one undo step", () => {
      const ed = withInstance();
      ed.d.drag([100, 120], [140, 130]);
      expect(ed.instances[0]?.keypoints[1]).toEqual([140, 130, 2]);
      expect(ed.store.getSnapshot().activeVertex).toBe(1);
      ed.d.key("z", { ctrlKey: true });
      expect(ed.instances[0]?.keypoints[1]).toEqual([100, 120, 2]);
    });

    it("drags the whole instance from inside its bounds, within the image", () => {
      const ed = withInstance();
      ed.d.drag([102, 80], [500, 80]);
      expect(ed.instances[0]?.keypoints.map((k) => k[0])).toEqual([400, 400, 400]);
    });

    it("switches the picked keypoint between visible and occluded with V", () => {
      const ed = withInstance();
      ed.d.click(100, 200);
      expect(ed.d.key("v")).toBe(true);
      expect(ed.instances[0]?.keypoints[2]).toEqual([100, 200, 1]);
      ed.d.key("v");
      expect(ed.instances[0]?.keypoints[2]).toEqual([100, 200, 2]);
      ed.d.key("z", { ctrlKey: true });
      expect(ed.instances[0]?.keypoints[2]).toEqual([100, 200, 1]);
    });

    it("unlabels a keypoint with Alt-click", () => {
      const ed = withInstance();
      ed.d.click(100, 50, { alt: true });
      expect(ed.instances[0]?.keypoints[0]).toEqual([0, 0, 0]);
    });

    it("does not edit a locked instance", () => {
      const ed = withInstance();
      ed.d.key("l");
      ed.d.drag([100, 120], [140, 130]);
      ed.d.click(100, 50);
      expect(ed.d.key("v")).toBe(false);
      expect(ed.instances[0]?.keypoints[1]).toEqual([100, 120, 2]);
    });
  });

  it("keeps the document valid under any event sequence", () => {
    const coord = fc.double({ min: -100, max: 600, noNaN: true });
    const event = fc.oneof(
      fc.record({ t: fc.constant("down" as const), x: coord, y: coord, alt: fc.boolean() }),
      fc.record({ t: fc.constant("move" as const), x: coord, y: coord }),
      fc.record({ t: fc.constant("up" as const), x: coord, y: coord }),
      fc.record({
        t: fc.constant("key" as const),
        k: fc.constantFrom("s", "v", "Enter", "Escape", "Backspace", "n", "Delete", "z", "d", "l"),
        ctrl: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        const ed = setup();
        for (const e of events) {
          if (e.t === "down") ed.d.down(e.x, e.y, { alt: e.alt });
          else if (e.t === "move") ed.d.move(e.x, e.y);
          else if (e.t === "up") ed.d.up(e.x, e.y);
          else ed.d.key(e.k, { ctrlKey: e.ctrl });
        }
        const doc = ed.store.toAnswer();
        expect(keypointsAnswerSchema.safeParse(doc).success).toBe(true);
        for (const inst of doc.instances) {
          expect(inst.keypoints).toHaveLength(3);
          expect(inst.keypoints.some((k) => k[2] > 0)).toBe(true);
          for (const [x, y, v] of inst.keypoints) {
            if (v === 0) expect([x, y]).toEqual([0, 0]);
            expect(x >= 0 && x <= 400 && y >= 0 && y <= 300).toBe(true);
          }
        }
      }),
    );
  });
});
