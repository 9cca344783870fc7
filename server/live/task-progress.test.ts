import { describe, expect, it } from "vitest";
import type { PaperPart } from "../exams/paper-structure.ts";
import { byAttempt, taskProgress } from "./task-progress.ts";

const parts: PaperPart[] = [
  { id: "theory", title: "Theory", theory: true, total: 10 },
  { id: "t1", title: "Boxes", theory: false, total: 5 },
  { id: "t2", title: "Polygons", theory: false, total: 3 },
];

describe("taskProgress", () => {
  it("gives each task its count and theory the rest of the answered total, in paper order", () => {
    expect(
      taskProgress(
        parts,
        7,
        new Map([
          ["t2", 1],
          ["t1", 2],
        ]),
      ),
    ).toEqual([
      { taskId: "theory", answered: 4, total: 10 },
      { taskId: "t1", answered: 2, total: 5 },
      { taskId: "t2", answered: 1, total: 3 },
    ]);
  });

  it("reads zero for an attempt with no answers and ignores tasks not in the paper", () => {
    expect(taskProgress(parts, 0, undefined).map((t) => t.answered)).toEqual([0, 0, 0]);
    expect(taskProgress(parts, 1, new Map([["elsewhere", 1]])).map((t) => t.answered)).toEqual([1, 0, 0]);
  });

  it("never exceeds a part's total (counts read at different instants)", () => {
    const out = taskProgress(parts, 30, new Map([["t1", 9]]));
    expect(out.map((t) => t.answered)).toEqual([10, 5, 0]);
  });

  it("works for a paper without theory", () => {
    expect(taskProgress(parts.slice(1), 3, new Map([["t1", 3]]))).toEqual([
      { taskId: "t1", answered: 3, total: 5 },
      { taskId: "t2", answered: 0, total: 3 },
    ]);
  });
});

describe("byAttempt", () => {
  it("groups rows by attempt and task", () => {
    const m = byAttempt([
      { attemptId: "a", taskId: "t1", n: 2 },
      { attemptId: "a", taskId: "t2", n: 1 },
      { attemptId: "b", taskId: "t1", n: 4 },
    ]);
    expect(m.get("a")?.get("t2")).toBe(1);
    expect(m.get("b")?.get("t1")).toBe(4);
    expect(m.get("c")).toBeUndefined();
  });
});
