// Unit tests of paper navigation: the order of targets, stepping, and which keys navigate.
import { describe, expect, it } from "vitest";
import { navCommand, paperOrder, stepTarget } from "./paper-nav.ts";

const questions = [{ id: "q1" }, { id: "q2" }];
const tasks = [{ items: [{ id: "a" }, { id: "b" }] }, { items: [] }, { items: [{ id: "c" }] }];

describe("paperOrder and stepTarget", () => {
  const order = paperOrder(questions, tasks);

  it("lists the questions, then every task's items", () => {
    expect(order.map((t) => `${t.kind}:${t.id}`)).toEqual([
      "question:q1",
      "question:q2",
      "item:a",
      "item:b",
      "item:c",
    ]);
  });

  it("steps across questions and tasks, and stops at both ends", () => {
    expect(stepTarget(order, { kind: "question", id: "q2" }, 1)).toEqual({ kind: "item", id: "a" });
    expect(stepTarget(order, { kind: "item", id: "b" }, 1)).toEqual({ kind: "item", id: "c" });
    expect(stepTarget(order, { kind: "item", id: "a" }, -1)).toEqual({ kind: "question", id: "q2" });
    expect(stepTarget(order, { kind: "item", id: "c" }, 1)).toBeNull();
    expect(stepTarget(order, { kind: "question", id: "q1" }, -1)).toBeNull();
  });

  it("starts at the first target when there is none, and refuses one not in the paper", () => {
    expect(stepTarget(order, null, 1)).toEqual({ kind: "question", id: "q1" });
    expect(stepTarget(order, { kind: "item", id: "q1" }, 1)).toBeNull();
    expect(stepTarget([], null, 1)).toBeNull();
  });
});

describe("navCommand", () => {
  it("reads Alt+arrows and PageDown/PageUp as next/previous, Ctrl+Shift+F as flag", () => {
    expect(navCommand({ key: "ArrowRight", altKey: true })).toBe("next");
    expect(navCommand({ key: "ArrowLeft", altKey: true })).toBe("prev");
    expect(navCommand({ key: "PageDown" })).toBe("next");
    expect(navCommand({ key: "PageUp" })).toBe("prev");
    expect(navCommand({ key: "F", ctrlKey: true, shiftKey: true })).toBe("flag");
    expect(navCommand({ key: "f", metaKey: true, shiftKey: true })).toBe("flag");
  });

  it("leaves the tools' keys alone: plain arrows, F (fit), Shift+arrows, Ctrl+arrows", () => {
    for (const e of [
      { key: "ArrowRight" },
      { key: "ArrowLeft", shiftKey: true },
      { key: "ArrowRight", ctrlKey: true },
      { key: "f" },
      { key: "F", shiftKey: true },
      { key: "f", ctrlKey: true },
      { key: "PageDown", ctrlKey: true },
      { key: "PageDown", shiftKey: true },
      { key: "ArrowUp", altKey: true },
    ])
      expect(navCommand(e), JSON.stringify(e)).toBeNull();
  });
});
