// Unit tests of the transcription keys.
import { describe, expect, it } from "vitest";
import { audioShortcut, type KeyLike } from "./shortcuts.ts";

const key = (k: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const ctrl = { ctrlKey: true };

describe("audioShortcut", () => {
  it("plays and pauses with Esc and Ctrl+Space", () => {
    expect(audioShortcut(key("Escape", "Escape"))).toEqual({ type: "toggle" });
    expect(audioShortcut(key(" ", "Space", ctrl))).toEqual({ type: "toggle" });
  });

  it("skips 2 s with Ctrl+, and Ctrl+., 5 s with Shift", () => {
    expect(audioShortcut(key(",", "Comma", ctrl))).toEqual({ type: "skip", seconds: -2 });
    expect(audioShortcut(key(".", "Period", ctrl))).toEqual({ type: "skip", seconds: 2 });
    expect(audioShortcut(key("<", "Comma", { ...ctrl, shiftKey: true }))).toEqual({
      type: "skip",
      seconds: -5,
    });
    expect(audioShortcut(key(">", "Period", { ...ctrl, shiftKey: true }))).toEqual({
      type: "skip",
      seconds: 5,
    });
  });

  it("changes speed with Ctrl+[ and Ctrl+], loops with Ctrl+L", () => {
    expect(audioShortcut(key("[", "BracketLeft", ctrl))).toEqual({ type: "slower" });
    expect(audioShortcut(key("]", "BracketRight", ctrl))).toEqual({ type: "faster" });
    expect(audioShortcut(key("l", "KeyL", ctrl))).toEqual({ type: "loop" });
  });

  it("undoes with Ctrl+Z (or ⌘Z), redoes with Ctrl+Shift+Z and Ctrl+Y, on any layout", () => {
    expect(audioShortcut(key("z", "KeyZ", ctrl))).toEqual({ type: "undo" });
    expect(audioShortcut(key("z", "KeyZ", { metaKey: true }))).toEqual({ type: "undo" });
    expect(audioShortcut(key("Z", "KeyZ", { ...ctrl, shiftKey: true }))).toEqual({ type: "redo" });
    expect(audioShortcut(key("y", "KeyY", ctrl))).toEqual({ type: "redo" });
    expect(audioShortcut(key("z", "KeyY", ctrl))).toEqual({ type: "undo" }); // QWERTZ
  });

  it("leaves typing, the textarea's own keys and IME input alone", () => {
    expect(audioShortcut(key("a", "KeyA"))).toBeNull();
    expect(audioShortcut(key(" ", "Space"))).toBeNull();
    expect(audioShortcut(key("ArrowLeft", "ArrowLeft", ctrl))).toBeNull(); // word jump
    expect(audioShortcut(key("a", "KeyA", ctrl))).toBeNull(); // select all
    expect(audioShortcut(key("c", "KeyC", ctrl))).toBeNull();
    expect(audioShortcut(key("Escape", "Escape", { isComposing: true }))).toBeNull();
    expect(audioShortcut(key(",", "Comma", { altKey: true }))).toBeNull();
    expect(audioShortcut(key("ArrowLeft", "ArrowLeft", { altKey: true }))).toBeNull(); // browser back
  });
});
