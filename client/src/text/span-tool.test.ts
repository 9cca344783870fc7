// Unit tests of the span store and tool, driven headless: selections arrive as UTF-16 offsets the
// way the workspace reads them from the browser, answers are checked in code points.
import { describe, expect, it, vi } from "vitest";
import { spansAnswerSchema } from "../../../protocol/index.ts";
import type { KeyInput } from "../canvas/keyboard.ts";
import { SpanStore } from "./span-store.ts";
import { SpanTool } from "./span-tool.ts";

const LABELS = [{ id: "PER" }, { id: "LOC" }, { id: "ORG" }];

function setup(text: string, opts: { allowOverlap?: boolean } = {}) {
  let n = 0;
  const store = new SpanStore({ text, activeLabel: "PER", newId: () => `s${++n}`, ...opts });
  const tool = new SpanTool(store, LABELS);
  const saved: unknown[] = [];
  store.onDocumentChange((doc) => saved.push(doc));
  const ed = {
    store,
    tool,
    saved,
    get spans() {
      return store.getSnapshot().spans.map(({ start, end, label }) => ({ start, end, label }));
    },
    /** Selects the UTF-16 units of `phrase` (its `nth` occurrence) with the mouse, left to right. */
    selectPhrase(phrase: string, backwards = false) {
      const at = text.indexOf(phrase);
      if (at < 0) throw new Error(`${phrase} not in text`);
      tool.pointerDown(null);
      const sel = backwards
        ? { anchor: at + phrase.length, focus: at }
        : { anchor: at, focus: at + phrase.length };
      return tool.pointerUp(sel, null);
    },
    /** A click on character (code point) `at`: a collapsed selection. */
    click(at: number) {
      tool.pointerDown(at);
      return tool.pointerUp(null, at);
    },
    key(key: string, mods: Omit<KeyInput, "key"> = {}) {
      return tool.keyDown({ key, ...mods });
    },
  };
  return ed;
}

describe("SpanTool", () => {
  describe("creating spans", () => {
    it("makes a span with the active label from a mouse selection, in code points after an emoji", () => {
      const ed = setup("李娜🙂在上海交通大学读书");
      expect(ed.selectPhrase("上海交通大学")).toBe("created");
      expect(ed.spans).toEqual([{ start: 4, end: 10, label: "PER" }]);
      expect(spansAnswerSchema.safeParse(ed.store.toAnswer()).success).toBe(true);
    });

    it("accepts a selection made from right to left and trims the spaces around it", () => {
      const ed = setup("Alice Chen met Li Na at Tsinghua.");
      ed.key("2");
      expect(ed.selectPhrase(" Li Na ", true)).toBe("created");
      expect(ed.spans).toEqual([{ start: 15, end: 20, label: "LOC" }]);
    });

    it("ignores a selection of white space only", () => {
      const ed = setup("a   b");
      expect(ed.selectPhrase("   ")).toBe("ignored");
      expect(ed.spans).toEqual([]);
      expect(ed.saved).toEqual([]);
    });

    it("tells the document listeners once per span", () => {
      const ed = setup("张伟去年从北京来到深圳");
      ed.selectPhrase("张伟");
      ed.selectPhrase("北京");
      expect(ed.saved).toEqual([
        { spans: [{ id: "s1", start: 0, end: 2, label: "PER" }] },
        {
          spans: [
            { id: "s1", start: 0, end: 2, label: "PER" },
            { id: "s2", start: 5, end: 7, label: "PER" },
          ],
        },
      ]);
    });

    it("refuses a span without an active label, with a notice", () => {
      const store = new SpanStore({ text: "abc" });
      const tool = new SpanTool(store, LABELS);
      tool.pointerDown(0);
      expect(tool.pointerUp({ anchor: 0, focus: 2 }, 1)).toBe("refused");
      expect(store.getSnapshot().notice).toEqual({ reason: "no-label" });
    });

    it("does nothing on a release without a press", () => {
      const ed = setup("abc");
      expect(ed.tool.pointerUp({ anchor: 0, focus: 2 }, null)).toBe("ignored");
      expect(ed.spans).toEqual([]);
    });
  });

  describe("overlap rules", () => {
    it("refuses a span crossing another when the task forbids overlap, and says so", () => {
      const ed = setup("上海交通大学在上海");
      ed.selectPhrase("上海交通大学");
      expect(ed.selectPhrase("大学在")).toBe("refused");
      expect(ed.store.getSnapshot().notice).toMatchObject({ reason: "overlap", conflict: { id: "s1" } });
      expect(ed.spans).toHaveLength(1);
      expect(ed.saved).toHaveLength(1);
      ed.key("Escape");
      expect(ed.store.getSnapshot().notice).toBeNull();
    });

    it("allows nested spans when the task allows overlap, and a click reaches each of them", () => {
      const ed = setup("上海交通大学在上海", { allowOverlap: true });
      ed.key("3");
      ed.selectPhrase("上海交通大学");
      ed.key("2");
      expect(ed.selectPhrase("上海")).toBe("created");
      expect(ed.spans).toEqual([
        { start: 0, end: 6, label: "ORG" },
        { start: 0, end: 2, label: "LOC" },
      ]);
      expect(ed.click(1)).toBe("selected");
      expect(ed.store.getSnapshot().selectedId).toBe("s2");
      ed.click(1);
      expect(ed.store.getSnapshot().selectedId).toBe("s1");
    });

    it("refuses the same span twice even when overlap is allowed", () => {
      const ed = setup("北京", { allowOverlap: true });
      ed.selectPhrase("北京");
      expect(ed.selectPhrase("北京")).toBe("refused");
      expect(ed.store.getSnapshot().notice).toMatchObject({ reason: "duplicate" });
    });
  });

  describe("selecting, relabelling, deleting", () => {
    it("selects a span by clicking it and deselects by clicking plain text", () => {
      const ed = setup("张伟去年从北京来到深圳");
      ed.selectPhrase("北京");
      expect(ed.store.getSnapshot().selectedId).toBeNull();
      expect(ed.click(6)).toBe("selected");
      expect(ed.store.getSnapshot().selectedId).toBe("s1");
      expect(ed.click(2)).toBe("deselected");
      expect(ed.store.getSnapshot().selectedId).toBeNull();
    });

    it("relabels the selected span with a number key, else the key picks the active label", () => {
      const ed = setup("张伟去年从北京来到深圳");
      ed.selectPhrase("北京");
      ed.click(5);
      expect(ed.key("2")).toBe(true);
      expect(ed.spans).toEqual([{ start: 5, end: 7, label: "LOC" }]);
      expect(ed.store.getSnapshot().activeLabel).toBe("PER");
      ed.key("Escape");
      ed.key("Escape");
      ed.key("3");
      expect(ed.store.getSnapshot().activeLabel).toBe("ORG");
      expect(ed.key("9")).toBe(false);
    });

    it("deletes the selected span with Delete or Backspace", () => {
      const ed = setup("张伟去年从北京来到深圳");
      ed.selectPhrase("张伟");
      ed.selectPhrase("深圳");
      ed.click(0);
      expect(ed.key("Delete")).toBe(true);
      ed.click(10);
      expect(ed.key("Backspace")).toBe(true);
      expect(ed.spans).toEqual([]);
      expect(ed.key("Delete")).toBe(false);
    });
  });

  describe("undo and redo", () => {
    it("undoes and redoes create, relabel and delete one step each, and saves each step", () => {
      const ed = setup("张伟去年从北京来到深圳");
      ed.selectPhrase("张伟");
      ed.selectPhrase("北京");
      ed.click(5);
      ed.key("2");
      ed.key("Delete");
      expect(ed.spans).toEqual([{ start: 0, end: 2, label: "PER" }]);

      expect(ed.key("z", { ctrlKey: true })).toBe(true);
      expect(ed.spans).toEqual([
        { start: 0, end: 2, label: "PER" },
        { start: 5, end: 7, label: "LOC" },
      ]);
      expect(ed.store.getSnapshot().selectedId).toBe("s2"); // what came back is selected
      ed.key("z", { ctrlKey: true });
      expect(ed.spans[1]).toEqual({ start: 5, end: 7, label: "PER" });
      ed.key("z", { metaKey: true });
      ed.key("z", { ctrlKey: true });
      expect(ed.spans).toEqual([]);
      expect(ed.key("z", { ctrlKey: true })).toBe(false);

      ed.key("z", { ctrlKey: true, shiftKey: true });
      ed.key("y", { ctrlKey: true });
      expect(ed.spans).toEqual([
        { start: 0, end: 2, label: "PER" },
        { start: 5, end: 7, label: "PER" },
      ]);
      expect(ed.saved.at(-1)).toEqual(ed.store.toAnswer());
      expect(ed.saved).toHaveLength(10); // 4 changes, 4 undos, 2 redos
    });

    it("keeps span order through undo of a delete in the middle", () => {
      const ed = setup("a b c");
      ed.selectPhrase("a");
      ed.selectPhrase("b");
      ed.selectPhrase("c");
      ed.click(2);
      ed.key("Delete");
      ed.key("z", { ctrlKey: true });
      expect(ed.store.toAnswer().spans.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    });

    it("clears redo after a new change", () => {
      const ed = setup("a b");
      ed.selectPhrase("a");
      ed.key("z", { ctrlKey: true });
      ed.selectPhrase("b");
      expect(ed.key("y", { ctrlKey: true })).toBe(false);
      expect(ed.spans).toEqual([{ start: 2, end: 3, label: "PER" }]);
    });

    it("starts from the saved document with nothing to undo", () => {
      const store = new SpanStore({ text: "北京", spans: [{ id: "x", start: 0, end: 2, label: "LOC" }] });
      expect(store.toAnswer()).toEqual({ spans: [{ id: "x", start: 0, end: 2, label: "LOC" }] });
      expect(store.getSnapshot().canUndo).toBe(false);
      expect(store.undo()).toBe(false);
    });
  });

  describe("keyboard selection", () => {
    it("extends a selection from the caret with Shift+arrows and makes a span with Enter", () => {
      const ed = setup("李娜🙂在上海");
      ed.click(4); // the caret before 上
      ed.key("ArrowRight", { shiftKey: true });
      ed.key("ArrowRight", { shiftKey: true });
      expect(ed.store.getSnapshot().keySelection).toEqual({ anchor: 4, focus: 6 });
      ed.key("2");
      expect(ed.key("Enter")).toBe(true);
      expect(ed.spans).toEqual([{ start: 4, end: 6, label: "LOC" }]);
      expect(ed.store.getSnapshot().keySelection).toEqual({ anchor: 6, focus: 6 });
    });

    it("moves the caret with arrows, Home and End, staying in the text, and selects backwards", () => {
      const ed = setup("abc def");
      ed.click(1);
      ed.key("ArrowLeft");
      ed.key("ArrowLeft");
      expect(ed.store.getSnapshot().keySelection).toEqual({ anchor: 0, focus: 0 });
      ed.key("End", { shiftKey: true });
      ed.key("ArrowLeft", { shiftKey: true });
      ed.key("ArrowLeft", { shiftKey: true });
      ed.key("ArrowLeft", { shiftKey: true });
      ed.key("ArrowLeft", { shiftKey: true }); // back over the space: trimmed
      expect(ed.key("Enter")).toBe(true);
      expect(ed.spans).toEqual([{ start: 0, end: 3, label: "PER" }]);
    });

    it("leaves arrows alone when there is no caret", () => {
      const ed = setup("abc");
      expect(ed.key("ArrowRight", { shiftKey: true })).toBe(false);
      expect(ed.key("Enter")).toBe(false);
    });
  });

  describe("locked", () => {
    it("ignores every event once disabled", () => {
      const ed = setup("张伟去年从北京");
      ed.selectPhrase("北京");
      ed.tool.setEnabled(false);
      const listener = vi.fn();
      ed.store.subscribe(listener);
      expect(ed.selectPhrase("张伟")).toBe("ignored");
      expect(ed.click(5)).toBe("ignored");
      expect(ed.key("z", { ctrlKey: true })).toBe(false);
      expect(ed.key("Delete")).toBe(false);
      expect(ed.key("2")).toBe(false);
      expect(ed.spans).toHaveLength(1);
      expect(listener).not.toHaveBeenCalled();
    });
  });
});
