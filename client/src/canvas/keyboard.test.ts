import { describe, expect, it } from "vitest";
import { blocksPageDefault } from "./keyboard.ts";

describe("canvas keys never act on the page", () => {
  it("blocks Ctrl+A (and Cmd+A) everywhere but in a text field", () => {
    expect(blocksPageDefault({ key: "a", ctrlKey: true }, "page")).toBe(true);
    expect(blocksPageDefault({ key: "A", metaKey: true }, "page")).toBe(true);
    expect(blocksPageDefault({ key: "a", ctrlKey: true }, "control")).toBe(true);
    expect(blocksPageDefault({ key: "a", ctrlKey: true }, "text")).toBe(false);
  });

  it("blocks scrolling keys and unused editing shortcuts on the canvas", () => {
    for (const key of [
      " ",
      "ArrowLeft",
      "ArrowRight",
      "ArrowUp",
      "ArrowDown",
      "Home",
      "End",
      "Delete",
      "Backspace",
    ])
      expect(blocksPageDefault({ key }, "page")).toBe(true);
    expect(blocksPageDefault({ key: "ArrowDown", shiftKey: true }, "page")).toBe(true);
    for (const key of ["z", "y", "d"]) expect(blocksPageDefault({ key, ctrlKey: true }, "page")).toBe(true);
    expect(blocksPageDefault({ key: "z", ctrlKey: true, shiftKey: true }, "page")).toBe(true);
  });

  it("leaves a focused control its own keys and text fields every key", () => {
    expect(blocksPageDefault({ key: " " }, "control")).toBe(false);
    expect(blocksPageDefault({ key: "ArrowDown" }, "control")).toBe(false);
    expect(blocksPageDefault({ key: "z", ctrlKey: true }, "control")).toBe(false);
    for (const key of [" ", "ArrowLeft", "Backspace", "Delete"])
      expect(blocksPageDefault({ key }, "text")).toBe(false);
  });

  it("leaves the paper's navigation and the clipboard alone", () => {
    expect(blocksPageDefault({ key: "ArrowRight", altKey: true }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "PageDown" }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "PageUp" }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "F", ctrlKey: true, shiftKey: true }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "c", ctrlKey: true }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "v", ctrlKey: true }, "page")).toBe(false);
    expect(blocksPageDefault({ key: "x" }, "page")).toBe(false);
  });
});
