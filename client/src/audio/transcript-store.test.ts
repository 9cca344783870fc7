// Unit tests of the transcript store: diffs, undo steps grouped by pauses in typing, saving.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TRANSCRIPT_CHARS, transcriptionAnswerSchema } from "../../../protocol/index.ts";
import { applyTextDiff, diffText, invertTextDiff } from "./text-diff.ts";
import { TranscriptStore } from "./transcript-store.ts";

/** A store with a clock the test moves, and a typist that types one character at a time. */
function setup(text = "") {
  let now = 1_000;
  const store = new TranscriptStore({ text, now: () => now, pauseMs: 1_000 });
  const saved: string[] = [];
  store.onDocumentChange((doc) => saved.push(doc.text));
  const wait = (ms: number) => {
    now += ms;
  };
  /** Types `s` at `at` (default: the end), 100 ms per key. */
  const type = (s: string, at = store.text.length) => {
    let pos = at;
    for (const ch of s) {
      const t = store.text;
      store.edit(t.slice(0, pos) + ch + t.slice(pos));
      pos += ch.length;
      wait(100);
    }
  };
  /** Presses Backspace `n` times with the caret at `at` (default: the end). */
  const backspace = (n: number, at = store.text.length) => {
    let pos = at;
    for (let i = 0; i < n; i++) {
      const t = store.text;
      store.edit(t.slice(0, pos - 1) + t.slice(pos));
      pos -= 1;
      wait(100);
    }
  };
  return { store, saved, wait, type, backspace };
}

describe("diffText", () => {
  it("finds the one replaced range", () => {
    expect(diffText("hello world", "hello brave world")).toEqual({ at: 6, removed: "", inserted: "brave " });
    expect(diffText("abc", "abc")).toBeNull();
    expect(diffText("你好世界", "你们好世界")).toEqual({ at: 1, removed: "", inserted: "们" });
    expect(diffText("abcdef", "abXYef")).toEqual({ at: 2, removed: "cd", inserted: "XY" });
  });

  it("never splits a surrogate pair", () => {
    const d = diffText("a😀b", "a😁b");
    expect(d).toEqual({ at: 1, removed: "😀", inserted: "😁" });
  });

  it("applies, and its inverse undoes it, for any two texts", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = diffText(a, b);
        if (!d) return a === b;
        return applyTextDiff(a, d) === b && applyTextDiff(b, invertTextDiff(d)) === a;
      }),
    );
  });

  it("refuses a diff that does not apply", () => {
    expect(() => applyTextDiff("abc", { at: 0, removed: "x", inserted: "" })).toThrow();
  });
});

describe("TranscriptStore", () => {
  describe("document", () => {
    it("starts from the saved text and saves every change", () => {
      const { store, saved, type } = setup("305");
      expect(store.toAnswer()).toEqual({ text: "305" });
      type("1");
      expect(saved).toEqual(["3051"]);
      expect(transcriptionAnswerSchema.safeParse(store.toAnswer()).success).toBe(true);
    });

    it("cuts a text longer than the protocol allows", () => {
      const { store } = setup();
      store.edit("x".repeat(MAX_TRANSCRIPT_CHARS + 10));
      expect(store.text.length).toBe(MAX_TRANSCRIPT_CHARS);
      expect(transcriptionAnswerSchema.safeParse(store.toAnswer()).success).toBe(true);
    });

    it("ignores an edit that changes nothing", () => {
      const { store, saved } = setup("abc");
      expect(store.edit("abc")).toBeNull();
      expect(saved).toEqual([]);
      expect(store.getSnapshot().canUndo).toBe(false);
    });
  });

  describe("undo steps", () => {
    it("makes one step of a burst of typing, and a new one after a pause", () => {
      const { store, wait, type } = setup();
      type("hello");
      wait(1_500);
      type(" world");
      expect(store.text).toBe("hello world");
      store.undo();
      expect(store.text).toBe("hello");
      store.undo();
      expect(store.text).toBe("");
      expect(store.getSnapshot().canUndo).toBe(false);
      store.redo();
      store.redo();
      expect(store.text).toBe("hello world");
    });

    it("starts a new step when the caret moves elsewhere", () => {
      const { store, type } = setup();
      type("abc");
      type("X", 0); // typed at the start, not where typing left off
      expect(store.text).toBe("Xabc");
      store.undo();
      expect(store.text).toBe("abc");
    });

    it("starts a new step after mark() (a click or an arrow key), even at the same place", () => {
      const { store, type } = setup();
      type("abc");
      store.mark();
      type("d");
      store.undo();
      expect(store.text).toBe("abc");
    });

    it("groups backspaces, apart from the typing before them", () => {
      const { store, type, backspace } = setup();
      type("hello");
      backspace(3);
      expect(store.text).toBe("he");
      store.undo();
      expect(store.text).toBe("hello");
      store.undo();
      expect(store.text).toBe("");
    });

    it("groups forward deletes at one place", () => {
      const { store, wait } = setup("abcdef");
      store.edit("bcdef");
      wait(100);
      store.edit("cdef");
      store.undo();
      expect(store.text).toBe("abcdef");
    });

    it("makes a paste over a selection a step of its own", () => {
      const { store, type } = setup();
      type("one two");
      store.edit("one 2"); // "two" selected and replaced
      type("!");
      store.undo();
      expect(store.text).toBe("one 2");
      store.undo();
      expect(store.text).toBe("one two");
    });

    it("returns the caret after the restored text", () => {
      const { store, type, wait } = setup("abc");
      type("XY", 1);
      wait(2_000);
      expect(store.undo()).toEqual({ start: 1, end: 1 });
      expect(store.redo()).toEqual({ start: 3, end: 3 });
    });

    it("forgets the redo steps on a new edit", () => {
      const { store, type } = setup();
      type("ab");
      store.undo();
      expect(store.getSnapshot().canRedo).toBe(true);
      type("c");
      expect(store.getSnapshot().canRedo).toBe(false);
      expect(store.redo()).toBeNull();
      expect(store.text).toBe("c");
    });

    it("drops a step that changed nothing in the end", () => {
      const { store, type, backspace, wait } = setup("x");
      wait(5_000);
      type("a");
      store.mark();
      backspace(1);
      store.undo();
      expect(store.text).toBe("xa");
      store.undo();
      expect(store.text).toBe("x");
      expect(store.getSnapshot().canUndo).toBe(false);
    });

    it("saves the document on undo and redo", () => {
      const { store, saved, type } = setup();
      type("ab");
      store.undo();
      store.redo();
      expect(saved).toEqual(["a", "ab", "", "ab"]);
    });

    it("keeps at most `limit` steps", () => {
      let now = 0;
      const store = new TranscriptStore({ now: () => now, limit: 3 });
      for (const ch of "abcde") {
        store.edit(store.text + ch);
        now += 5_000;
      }
      while (store.undo());
      expect(store.text).toBe("ab");
    });
  });

  describe("IME composition", () => {
    it("makes one step of a composition and saves only its result", () => {
      const { store, saved, type, wait } = setup("我");
      wait(5_000);
      store.setComposing(true);
      store.edit("我n");
      store.edit("我ni");
      store.edit("我你");
      expect(saved).toEqual([]);
      store.setComposing(false);
      expect(saved).toEqual(["我你"]);
      type("好");
      store.undo();
      expect(store.text).toBe("我");
    });

    it("does not undo in the middle of a composition", () => {
      const { store, type } = setup();
      type("a");
      store.setComposing(true);
      store.edit("ab");
      expect(store.undo()).toBeNull();
      expect(store.text).toBe("ab");
    });
  });

  it("undo and redo always restore the texts in order, for any edits and pauses", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.string({ maxLength: 6 }), fc.nat(10), fc.nat(10), fc.integer({ min: 0, max: 3_000 })),
          {
            maxLength: 25,
          },
        ),
        (edits) => {
          let now = 0;
          const store = new TranscriptStore({ now: () => now });
          const seen = [""];
          for (const [ins, from, len, pause] of edits) {
            const t = store.text;
            const at = Math.min(from, t.length);
            store.edit(t.slice(0, at) + ins + t.slice(at + len));
            now += pause;
            if (seen.at(-1) !== store.text) seen.push(store.text);
          }
          const final = store.text;
          const undone = [final];
          while (store.undo()) undone.push(store.text);
          // Each undo lands on a text the user saw, ending at the start.
          if (undone.at(-1) !== "") return false;
          for (const t of undone) if (!seen.includes(t)) return false;
          while (store.redo());
          return store.text === final;
        },
      ),
    );
  });
});
