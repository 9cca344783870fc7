import { describe, expect, it } from "vitest";
import { type BoxShape, scoreBoxesItem, scoreBoxesItemWithDiagnostics } from "./boxes.ts";
import { matchShapes } from "./shape-matching.ts";

const box = (id: string, x: number, y: number, w: number, h: number, label = "car"): BoxShape => ({
  id,
  label,
  x,
  y,
  w,
  h,
});

describe("boxes diagnostics", () => {
  it("reports low overlap, missing, extra and mismatching labels as CVAT does", () => {
    const truth = [box("t1", 0, 0, 10, 10), box("t2", 20, 0, 10, 10, "bus"), box("t3", 40, 0, 10, 10)];
    const answer = [box("a1", 0, 0, 10, 6), box("a2", 21, 0, 10, 10), box("a3", 90, 0, 10, 10)];
    const r = scoreBoxesItemWithDiagnostics("i1", truth, answer);
    const { diagnostics, ...plain } = r;
    expect(plain).toEqual(scoreBoxesItem("i1", truth, answer));
    expect(diagnostics).toEqual([
      { type: "low_overlap", severity: "warning", truth: "t1", answer: "a1", iou: 0.6 },
      { type: "missing_annotation", severity: "error", truth: "t3", truthLabel: "car" },
      { type: "extra_annotation", severity: "error", answer: "a3", answerLabel: "car" },
      {
        type: "mismatching_label",
        severity: "error",
        truth: "t2",
        answer: "a2",
        iou: 90 / 110,
        truthLabel: "bus",
        answerLabel: "car",
      },
    ]);
  });

  it("pairs leftovers across labels only at the IoU threshold", () => {
    const r = scoreBoxesItemWithDiagnostics("i1", [box("t", 0, 0, 10, 10, "bus")], [box("a", 6, 0, 10, 10)]);
    expect(r.diagnostics.map((d) => d.type)).toEqual(["missing_annotation", "extra_annotation"]);
  });
});

describe("matchShapes", () => {
  it("visits a candidate pair only once even when listed twice", () => {
    let calls = 0;
    const outcome = matchShapes({
      truthIds: ["t"],
      truthLabels: ["x"],
      answerIds: ["a"],
      answerLabels: ["x"],
      candidates: (visit) => {
        visit(0, 0);
        visit(0, 0);
      },
      similarity: () => {
        calls++;
        return 0.7;
      },
    });
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1, pairs: [{ i: 0, j: 0, similarity: 0.7 }] });
  });
});
