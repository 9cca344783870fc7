// Unit tests of table cleaning without a browser: the store's document, undo / redo and grid keys,
// and the pure helpers.
import { describe, expect, it } from "vitest";
import { type TableAnswer, tableAnswerSchema } from "../../../protocol/index.ts";
import { duplicateHints, fillChanges, mostFrequent, normalCell, tableCounts } from "./table-ops.ts";
import { TableStore } from "./table-store.ts";

const TABLE = {
  header: ["id", "name", "city", "age"],
  rows: [
    ["1", "王磊", "北京", "34"],
    ["2", "陈静", "", "28"],
    ["3", "刘洋", "上海", "４５"],
    ["3", "刘洋", "上海", "45"],
    ["4", "赵敏 ", "北京", "-7"],
    ["5", "孙丽", " ", "51"],
  ],
};

function setup(saved: TableAnswer | null = null) {
  const store = new TableStore(TABLE, saved);
  const docs: TableAnswer[] = [];
  store.onDocumentChange((d) => docs.push(d));
  return { store, docs, key: (key: string, mods: object = {}) => store.keyDown({ key, ...mods }) };
}

describe("table helpers", () => {
  it("normalises full-width forms and spaces the way cells are compared", () => {
    expect(normalCell("４５")).toBe("45");
    expect(normalCell("　赵敏 ")).toBe("赵敏");
  });

  it("hints rows that repeat an earlier one after normalising, pointing to the first", () => {
    expect([...duplicateHints(TABLE.rows)]).toEqual([[3, 2]]);
  });

  it("finds a column's most frequent value, ignoring missing cells", () => {
    expect(mostFrequent(TABLE.rows, 2)).toBe("北京");
    expect(mostFrequent([[""], [" "]], 0)).toBeNull();
  });

  it("fills missing cells with a value, the most frequent one, or the one above; marked rows stay", () => {
    const marks = TABLE.rows.map(() => null);
    expect(fillChanges(TABLE.rows, marks, 2, { kind: "value", value: "天津" }).map((c) => c.row)).toEqual([
      1, 5,
    ]);
    expect(
      fillChanges(TABLE.rows, marks, 2, { kind: "mostFrequent" }).map((c) => "after" in c && c.after),
    ).toEqual(["北京", "北京"]);
    expect(fillChanges(TABLE.rows, marks, 2, { kind: "above" }).map((c) => "after" in c && c.after)).toEqual([
      "北京",
      "北京",
    ]);
    const marked = marks.map((_, i) => (i === 5 ? ("invalid" as const) : null));
    expect(fillChanges(TABLE.rows, marked, 2, { kind: "value", value: "x" }).map((c) => c.row)).toEqual([1]);
  });

  it("counts marks, edits and missing cells left", () => {
    const rows = TABLE.rows.map((r, i) => (i === 1 ? ["2", "陈静", "北京", "28"] : r));
    expect(tableCounts(TABLE.rows, rows, [null, null, null, "duplicate", null, null])).toEqual({
      marked: 1,
      edited: 1,
      missing: 1,
    });
  });
});

describe("TableStore", () => {
  it("starts from the given table with no marks, and sends nothing until something changes", () => {
    const { store, docs } = setup();
    expect(store.toAnswer()).toEqual({ rows: TABLE.rows, marks: TABLE.rows.map(() => null) });
    expect(docs).toEqual([]);
  });

  it("starts from the saved document when it fits the table, else from the table", () => {
    const saved = { rows: TABLE.rows.map((r) => [...r]), marks: TABLE.rows.map(() => "invalid" as const) };
    expect(setup(saved).store.toAnswer().marks[0]).toBe("invalid");
    const short = { rows: saved.rows.slice(1), marks: saved.marks.slice(1) };
    expect(setup(short).store.toAnswer().rows).toHaveLength(TABLE.rows.length);
    expect(setup(short).store.toAnswer().marks[0]).toBeNull();
  });

  it("edits a cell from the keyboard: Enter edits, typing, Enter commits and moves down", () => {
    const { store, docs, key } = setup();
    store.setActive(1, 2);
    expect(key("Enter")).toBe(true);
    store.setDraft("北京");
    expect(docs).toHaveLength(0);
    expect(key("Enter")).toBe(true);
    expect(store.getSnapshot().rows[1]?.[2]).toBe("北京");
    expect(store.getSnapshot().active).toEqual({ row: 2, col: 2 });
    expect(docs).toHaveLength(1);
    expect(tableAnswerSchema.safeParse(docs[0]).success).toBe(true);
  });

  it("cancels an edit with Esc and changes nothing", () => {
    const { store, docs, key } = setup();
    store.startEdit({ row: 0, col: 1 });
    store.setDraft("someone else");
    expect(key("Escape")).toBe(true);
    expect(store.getSnapshot().rows[0]?.[1]).toBe("王磊");
    expect(docs).toEqual([]);
  });

  it("marks rows with D and I, toggling, and undoes and redoes each step", () => {
    const { store, key } = setup();
    store.setActive(3, 0);
    key("d");
    store.setActive(4, 0);
    key("i");
    expect(store.getSnapshot().marks).toEqual([null, null, null, "duplicate", "invalid", null]);
    key("i");
    expect(store.getSnapshot().marks[4]).toBeNull();
    key("z", { ctrlKey: true });
    expect(store.getSnapshot().marks[4]).toBe("invalid");
    key("z", { ctrlKey: true });
    key("z", { ctrlKey: true });
    expect(store.getSnapshot().marks).toEqual(TABLE.rows.map(() => null));
    expect(store.getSnapshot().canUndo).toBe(false);
    key("z", { ctrlKey: true, shiftKey: true });
    key("y", { ctrlKey: true });
    expect(store.getSnapshot().marks).toEqual([null, null, null, "duplicate", "invalid", null]);
  });

  it("fills a column as one undo step", () => {
    const { store, docs } = setup();
    expect(store.fillMissing(2, { kind: "mostFrequent" })).toBe(2);
    expect(store.getSnapshot().rows.map((r) => r[2])).toEqual([
      "北京",
      "北京",
      "上海",
      "上海",
      "北京",
      "北京",
    ]);
    expect(docs).toHaveLength(1);
    store.undo();
    expect(store.getSnapshot().rows.map((r) => r[2])).toEqual(TABLE.rows.map((r) => r[2]));
    expect(store.fillMissing(0, { kind: "mostFrequent" })).toBe(0);
  });

  it("moves with arrows and Tab within the table, and among problem rows when filtered", () => {
    const { store, key } = setup();
    key("ArrowUp");
    key("ArrowLeft");
    expect(store.getSnapshot().active).toEqual({ row: 0, col: 0 });
    key("Tab");
    key("Tab");
    key("Tab");
    key("Tab");
    expect(store.getSnapshot().active).toEqual({ row: 0, col: 3 });
    store.setProblemsOnly(true);
    expect(store.visibleRows()).toEqual([1, 3, 5]);
    key("ArrowDown");
    expect(store.getSnapshot().active.row).toBe(1);
    key("ArrowDown");
    expect(store.getSnapshot().active.row).toBe(3);
  });

  it("clears a cell with Delete", () => {
    const { store, key } = setup();
    store.setActive(0, 3);
    key("Delete");
    expect(store.getSnapshot().rows[0]?.[3]).toBe("");
  });

  it("takes no edit when locked, but still moves", () => {
    const { store, docs, key } = setup();
    store.setEnabled(false);
    expect(key("d")).toBe(false);
    expect(key("Enter")).toBe(false);
    expect(store.setCell(0, 0, "x")).toBe(false);
    expect(store.fillMissing(2, { kind: "value", value: "x" })).toBe(0);
    expect(key("ArrowDown")).toBe(true);
    expect(docs).toEqual([]);
  });

  it("keeps undo away while a cell is being edited (the input has its own)", () => {
    const { store, key } = setup();
    store.setCell(0, 0, "9");
    store.startEdit({ row: 1, col: 1 });
    expect(key("z", { ctrlKey: true })).toBe(false);
    expect(store.undo()).toBe(false);
    expect(store.getSnapshot().rows[0]?.[0]).toBe("9");
  });

  it("starts editing from a typed character, replacing the cell; D and I still mark", () => {
    const { store, docs, key } = setup();
    store.setActive(2, 3);
    expect(key("4")).toBe(true);
    expect(store.getSnapshot().editing).toEqual({ row: 2, col: 3, draft: "4" });
    store.setDraft("45");
    key("Enter");
    expect(store.getSnapshot().rows[2]?.[3]).toBe("45");
    expect(docs).toHaveLength(1);
    store.setActive(3, 1);
    expect(key("D", { shiftKey: true })).toBe(true);
    expect(store.getSnapshot().editing).toBeNull();
    expect(store.getSnapshot().marks[3]).toBe("duplicate");
    expect(key("ArrowDown")).toBe(true);
    expect(key("Shift")).toBe(false);
    expect(key("x", { ctrlKey: true })).toBe(false);
    expect(store.getSnapshot().editing).toBeNull();
    store.setEnabled(false);
    expect(key("7")).toBe(false);
  });

  it("lets Tab leave the grid at the last column and Shift+Tab at the first", () => {
    const { store, key } = setup();
    store.setActive(0, 3);
    expect(key("Tab")).toBe(false);
    expect(key("Tab", { shiftKey: true })).toBe(true);
    expect(store.getSnapshot().active).toEqual({ row: 0, col: 2 });
    store.setActive(0, 0);
    expect(key("Tab", { shiftKey: true })).toBe(false);
  });

  it("fills with the most frequent value among the rows kept (marked rows do not vote)", () => {
    const rows = [["a"], ["a"], ["b"], [""], ["b"], ["b"]];
    const marks = [null, null, null, null, "invalid", "duplicate"] as const;
    expect(fillChanges(rows, [...marks], 0, { kind: "mostFrequent" })).toEqual([
      { kind: "cell", row: 3, col: 0, before: "", after: "a" },
    ]);
  });
});
