// Unit tests of the image classification store: choosing labels (single and multi), the number keys,
// and undo/redo by diffs, with every document the protocol accepts.
import { describe, expect, it } from "vitest";
import { classificationAnswerSchema } from "../../../protocol/index.ts";
import {
  applyLabelsDiff,
  ClassificationStore,
  classificationKeyDown,
  diffLabels,
  invertLabelsDiff,
} from "./classification-store.ts";

const LABELS = ["day", "night", "rain"];

function newStore(opts: { multiLabel?: boolean; labels?: string[] } = {}) {
  const store = new ClassificationStore({ labelIds: LABELS, ...opts });
  const docs: unknown[] = [];
  store.onDocumentChange((d) => docs.push(d));
  return { store, docs };
}

const key = (k: string, mods: { ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}) => ({
  key: k,
  ...mods,
});

describe("labels diffs", () => {
  it("round-trips: applying a diff gives the target, its inverse gives the start", () => {
    const cases: [string[], string[]][] = [
      [[], ["a"]],
      [
        ["a", "b", "c"],
        ["a", "c"],
      ],
      [
        ["a", "c"],
        ["b", "a", "c", "d"],
      ],
      [["a"], ["b"]],
      [["a", "b"], []],
    ];
    for (const [before, after] of cases) {
      const d = diffLabels(before, after);
      expect(applyLabelsDiff(before, d)).toEqual(after);
      expect(applyLabelsDiff(after, invertLabelsDiff(d))).toEqual(before);
    }
  });
});

describe("ClassificationStore", () => {
  it("starts from the saved document and changes nothing until asked", () => {
    const { store, docs } = newStore({ labels: ["night"] });
    expect(store.toAnswer()).toEqual({ labels: ["night"] });
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(docs).toEqual([]);
  });

  it("single label: choosing another replaces it, choosing the same one clears it", () => {
    const { store, docs } = newStore();
    expect(store.toggle("day")).toBe(true);
    expect(store.toggle("night")).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["night"] });
    expect(store.toggle("night")).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: [] });
    expect(docs).toEqual([{ labels: ["day"] }, { labels: ["night"] }, { labels: [] }]);
    for (const d of docs) expect(classificationAnswerSchema.safeParse(d).success).toBe(true);
  });

  it("multi label: labels add up in the order chosen and toggle off one by one", () => {
    const { store } = newStore({ multiLabel: true });
    store.toggle("rain");
    store.toggle("day");
    expect(store.toAnswer()).toEqual({ labels: ["rain", "day"] });
    store.toggle("rain");
    expect(store.toAnswer()).toEqual({ labels: ["day"] });
  });

  it("ignores labels the task does not have, and a clear of nothing", () => {
    const { store, docs } = newStore();
    expect(store.toggle("snow")).toBe(false);
    expect(store.clear()).toBe(false);
    expect(docs).toEqual([]);
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it("undoes and redoes each change as one step, the replacement of a single label included", () => {
    const { store, docs } = newStore();
    store.toggle("day");
    store.toggle("rain"); // replaces day
    expect(store.undo()).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["day"] });
    expect(store.undo()).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: [] });
    expect(store.undo()).toBe(false);
    expect(store.getSnapshot()).toMatchObject({ canUndo: false, canRedo: true });
    expect(store.redo()).toBe(true);
    expect(store.redo()).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["rain"] });
    expect(store.redo()).toBe(false);
    // every undo and redo is a document change to save
    expect(docs.at(-1)).toEqual({ labels: ["rain"] });
    expect(docs).toHaveLength(6);
  });

  it("undo puts a removed label back where it was; a new change drops the redo stack", () => {
    const { store } = newStore({ multiLabel: true, labels: ["day", "rain", "night"] });
    store.toggle("rain");
    expect(store.toAnswer()).toEqual({ labels: ["day", "night"] });
    store.undo();
    expect(store.toAnswer()).toEqual({ labels: ["day", "rain", "night"] });
    store.clear();
    store.undo();
    expect(store.toAnswer()).toEqual({ labels: ["day", "rain", "night"] });
    store.toggle("day");
    expect(store.getSnapshot().canRedo).toBe(false);
  });

  it("keeps brightness and contrast out of the document and the history", () => {
    const { store, docs } = newStore();
    store.setAdjust({ brightness: 140, contrast: 80 });
    expect(store.getSnapshot().adjust).toEqual({ brightness: 140, contrast: 80 });
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(docs).toEqual([]);
  });
});

describe("classificationKeyDown", () => {
  it("number keys toggle the task's labels in order; keys past the last label do nothing", () => {
    const { store } = newStore({ multiLabel: true });
    expect(classificationKeyDown(store, key("3"))).toBe(true);
    expect(classificationKeyDown(store, key("1"))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["rain", "day"] });
    expect(classificationKeyDown(store, key("4"))).toBe(false);
    expect(classificationKeyDown(store, key("0"))).toBe(false);
    expect(classificationKeyDown(store, key("3"))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["day"] });
  });

  it("Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, Delete clears", () => {
    const { store } = newStore();
    classificationKeyDown(store, key("2"));
    expect(classificationKeyDown(store, key("z", { ctrlKey: true }))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: [] });
    expect(classificationKeyDown(store, key("Z", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["night"] });
    classificationKeyDown(store, key("z", { ctrlKey: true }));
    expect(classificationKeyDown(store, key("y", { ctrlKey: true }))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: ["night"] });
    expect(classificationKeyDown(store, key("Delete"))).toBe(true);
    expect(store.toAnswer()).toEqual({ labels: [] });
  });

  it("leaves keys with Alt, and other Ctrl keys, to others", () => {
    const { store } = newStore();
    expect(classificationKeyDown(store, key("1", { altKey: true }))).toBe(false);
    expect(classificationKeyDown(store, key("ArrowRight", { altKey: true }))).toBe(false);
    expect(classificationKeyDown(store, key("c", { ctrlKey: true }))).toBe(false);
    expect(classificationKeyDown(store, key("f"))).toBe(false);
    expect(store.toAnswer()).toEqual({ labels: [] });
  });
});
