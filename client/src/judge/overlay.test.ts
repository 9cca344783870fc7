// Unit tests of the overlay's pure part: shapes read from any document, and their split into
// matched, missed and extra by a line's matches.
import { describe, expect, it } from "vitest";
import { anchorOf, classifyShapes, imageSize, shapesOf } from "./overlay.ts";

const box = (id: string, x = 0, label = "car") => ({ id, label, x, y: 0, w: 10, h: 10 });

describe("shapesOf", () => {
  it("reads boxes, polygons, points and keypoint skeletons", () => {
    const shapes = shapesOf({
      boxes: [box("b1")],
      polygons: [
        {
          id: "p1",
          label: "road",
          points: [
            [0, 0],
            [10, 0],
            [10, 10],
          ],
        },
      ],
      points: [{ id: "q1", label: "eye", x: 5, y: 6 }],
      instances: [
        {
          id: "k1",
          label: "person",
          keypoints: [
            [1, 2, 2],
            [0, 0, 0],
            [3, 4, 1],
          ],
        },
      ],
    });
    expect(shapes.map((s) => `${s.kind}:${s.id}`)).toEqual([
      "box:b1",
      "polygon:p1",
      "point:q1",
      "keypoints:k1",
    ]);
  });

  it("skips what it cannot read and never throws", () => {
    expect(shapesOf(null)).toEqual([]);
    expect(shapesOf("boxes")).toEqual([]);
    expect(shapesOf({ boxes: "x" })).toEqual([]);
    expect(
      shapesOf({ boxes: [{ id: "b", x: "1", y: 0, w: 1, h: 1 }, null, box("ok")] }).map((s) => s.id),
    ).toEqual(["ok"]);
    // A skeleton with no labelled keypoint has nothing to draw.
    expect(shapesOf({ instances: [{ id: "k", keypoints: [[0, 0, 0]] }] })).toEqual([]);
    expect(shapesOf({ labels: ["cat"] })).toEqual([]);
  });

  it("gives shapes without an id their position as id", () => {
    expect(shapesOf({ boxes: [{ label: "a", x: 0, y: 0, w: 1, h: 1 }] })[0]?.id).toBe("0");
  });
});

describe("classifyShapes", () => {
  const truth = [box("t1"), box("t2", 20), box("t3", 40)];
  const answer = [box("a1"), box("a2", 21), box("a3", 80)];

  it("pairs shapes by the line's truth and answer ids; the rest is missed or extra", () => {
    const c = classifyShapes(truth, answer, {
      matches: [
        { truth: "t1", answer: "a1", iou: 1 },
        { truth: "t2", answer: "a2", iou: 0.82 },
      ],
    });
    expect(c.matched.map((m) => [m.truth.id, m.answer.id, m.iou])).toEqual([
      ["t1", "a1", 1],
      ["t2", "a2", 0.82],
    ]);
    expect(c.missed.map((s) => s.id)).toEqual(["t3"]);
    expect(c.extra.map((s) => s.id)).toEqual(["a3"]);
  });

  it("without a line nothing is matched", () => {
    const c = classifyShapes(truth, answer, null);
    expect(c.matched).toEqual([]);
    expect(c.missed).toHaveLength(3);
    expect(c.extra).toHaveLength(3);
  });

  it("skips matches naming shapes that are not there, and uses each shape once", () => {
    const c = classifyShapes(truth, answer, {
      matches: [
        { truth: "gone", answer: "a1", iou: 0.9 },
        { truth: "t1", answer: "a1", iou: 0.9 },
        { truth: "t1", answer: "a2", iou: 0.7 },
      ],
    });
    expect(c.matched.map((m) => `${m.truth.id}-${m.answer.id}`)).toEqual(["t1-a1"]);
    expect(c.missed.map((s) => s.id)).toEqual(["t2", "t3"]);
    expect(c.extra.map((s) => s.id)).toEqual(["a2", "a3"]);
  });

  it("falls back to positions when a scorer reports indexes (spans, COCO answers)", () => {
    const c = classifyShapes(truth, answer, { matches: [{ truth: "2", answer: "0", iou: 0.5 }] });
    expect(c.matched.map((m) => `${m.truth.id}-${m.answer.id}`)).toEqual(["t3-a1"]);
  });
});

describe("anchors and image size", () => {
  it("tags a polygon at its top-left and a skeleton at its labelled keypoints", () => {
    const [poly, skel] = shapesOf({
      polygons: [
        {
          id: "p",
          label: "x",
          points: [
            [5, 9],
            [2, 7],
            [8, 3],
          ],
        },
      ],
      instances: [
        {
          id: "k",
          label: "x",
          keypoints: [
            [0, 0, 0],
            [4, 6, 2],
            [9, 2, 1],
          ],
        },
      ],
    });
    expect(poly && anchorOf(poly)).toEqual({ x: 2, y: 3 });
    expect(skel && anchorOf(skel)).toEqual({ x: 4, y: 2 });
  });

  it("takes the payload's size, else the shapes' extent", () => {
    expect(imageSize({ width: 640, height: 480 }, [])).toEqual({ width: 640, height: 480 });
    expect(imageSize({}, shapesOf({ boxes: [{ id: "b", label: "x", x: 10, y: 20, w: 30, h: 40 }] }))).toEqual(
      {
        width: 40,
        height: 60,
      },
    );
    expect(imageSize(null, [])).toEqual({ width: 1, height: 1 });
  });
});
