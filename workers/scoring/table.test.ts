import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellsEqual,
  DEFAULT_TABLE_OPTIONS,
  parseCsv,
  scoreTableItem,
  scoreTableWork,
  type Table,
} from "./table.ts";
import { ScoringInputError } from "./types.ts";

const O = DEFAULT_TABLE_OPTIONS;
const table = (header: string[], ...rows: string[][]): Table => ({ header, rows });

describe("parseCsv", () => {
  it("reads RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF", () => {
    const text = 'id,name,note\r\n1,"Smith, J.","said ""hi""\nthen left"\r\n2,Ann,\r\n';
    expect(parseCsv(text, "truth")).toEqual({
      header: ["id", "name", "note"],
      rows: [
        ["1", "Smith, J.", 'said "hi"\nthen left'],
        ["2", "Ann", ""],
      ],
    });
  });

  it("takes a missing final line break, a byte-order mark and blank lines in its stride", () => {
    expect(parseCsv("\uFEFFa,b\n\n1,2", "truth")).toEqual({ header: ["a", "b"], rows: [["1", "2"]] });
    expect(parseCsv('a\n""\n', "truth")).toEqual({ header: ["a"], rows: [[""]] });
    expect(parseCsv("a,b\n,\n", "truth")).toEqual({ header: ["a", "b"], rows: [["", ""]] });
  });

  it("refuses stray quotes, unclosed quotes and an empty file, naming the line", () => {
    expect(() => parseCsv('a,b\n1,x"y\n', "answer")).toThrow(
      /answer CSV line 2: a quote inside an unquoted field/,
    );
    expect(() => parseCsv('a,b\n1,"x"y\n', "answer")).toThrow(/line 2: text after a closing quote/);
    expect(() => parseCsv('a,b\n1,"x\n2,3\n', "answer")).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv("", "truth")).toThrow(/no header/);
  });
});

describe("cellsEqual", () => {
  it("compares plain decimal numbers by value, and keeps codes with leading zeros as text", () => {
    expect(cellsEqual("1.0", "1", O)).toBe(true);
    expect(cellsEqual("1e3", "1000", O)).toBe(true);
    expect(cellsEqual("+2.50", "2.5", O)).toBe(true);
    expect(cellsEqual(".5", "0.5", O)).toBe(true);
    expect(cellsEqual("007", "7", O)).toBe(false);
    expect(cellsEqual("1,000", "1000", O)).toBe(false);
    expect(cellsEqual("1.0", "1", { ...O, numbers: false })).toBe(false);
  });
});

describe("scoreTableItem", () => {
  const truth = table(
    ["id", "name", "city"],
    ["1", "Ann", "Paris"],
    ["2", "Bob", "Rome"],
    ["3", "Cy", "Oslo"],
  );

  it("scores the share of equal cells, rows by position", () => {
    expect(scoreTableItem("t", truth, truth, O)).toMatchObject({ score: 1, tp: 9, fp: 0, fn: 0, cells: 9 });
    const answer = table(["id", "name", "city"], ["1", "ann", "Paris"], ["2", "Bob", "Rome"]);
    // 5 equal cells of 9 compared (the third truth row is missing).
    const item = scoreTableItem("t", truth, answer, O);
    expect(item).toMatchObject({ tp: 5, fp: 1, fn: 4, cells: 9 });
    expect(item.score).toBeCloseTo(5 / 9, 15);
    expect(item.matches).toEqual([
      { truth: "0", answer: "0", iou: 2 / 3 },
      { truth: "1", answer: "1", iou: 1 },
    ]);
  });

  it("normalises trim, width, numbers by default, and case on request", () => {
    const answer = table(
      [" id ", "name", "ｃｉｔｙ"],
      ["1.0", " Ann ", "Ｐａｒｉｓ"],
      ["2", "BOB", "Rome"],
      ["3", "Cy", "Oslo"],
    );
    expect(scoreTableItem("t", truth, answer, O).tp).toBe(8);
    expect(scoreTableItem("t", truth, answer, { ...O, caseFold: true }).score).toBe(1);
    expect(() => scoreTableItem("t", truth, answer, { ...O, trim: false })).toThrow(/header mismatch/);
  });

  it("costs extra rows as much as missing ones", () => {
    const answer = table(truth.header, ...truth.rows, ["4", "Dee", "Bonn"]);
    const item = scoreTableItem("t", truth, answer, O);
    expect(item).toMatchObject({ tp: 9, fp: 3, fn: 0, cells: 12 });
    expect(item.score).toBe(0.75);
  });

  it("matches rows by a key column when one is set, whatever their order", () => {
    const answer = table(
      ["city", "id", "name"],
      ["Oslo", "3", "Cy"],
      ["Paris", "1", "Ann"],
      ["Roma", "2", "Bob"],
    );
    expect(scoreTableItem("t", truth, answer, O).score).toBeLessThan(0.5);
    const item = scoreTableItem("t", truth, answer, { ...O, key: "id" });
    expect(item.tp).toBe(8);
    expect(item.matches).toEqual([
      { truth: "0", answer: "1", iou: 1 },
      { truth: "1", answer: "2", iou: 2 / 3 },
      { truth: "2", answer: "0", iou: 1 },
    ]);
    // Key values compare like cells: "1.0" finds "1".
    const numeric = table(["id", "name", "city"], ["3.0", "Cy", "Oslo"]);
    expect(scoreTableItem("t", truth, numeric, { ...O, key: "id" }).matches).toEqual([
      { truth: "2", answer: "0", iou: 1 },
    ]);
  });

  it("leaves an answer row with a repeated or unknown key over", () => {
    const answer = table(truth.header, ["1", "Ann", "Paris"], ["1", "Ann", "Paris"], ["9", "Zed", "Nice"]);
    const item = scoreTableItem("t", truth, answer, { ...O, key: "id" });
    expect(item).toMatchObject({ tp: 3, fp: 6, fn: 6, cells: 15 });
  });

  it("refuses header mismatches, ragged rows, repeated truth keys and an unknown key column", () => {
    const bad = (t: Table, a: Table, key?: string) => () => scoreTableItem("sheet-2", t, a, { ...O, key });
    expect(bad(truth, table(["id", "name"], ["1", "Ann"]))).toThrow(
      /item sheet-2: header mismatch: answer lacks "city"/,
    );
    expect(bad(truth, table(["id", "name", "city", "zip"]))).toThrow(/answer has extra "zip"/);
    expect(bad(truth, table(["id", "name", "name"]))).toThrow(/answer header repeats column "name"/);
    expect(bad(truth, table(truth.header, ["1", "Ann"]))).toThrow(
      /answer row 1 has 2 cells but the header has 3/,
    );
    expect(bad(table(["id"], ["1"], ["1.0"]), table(["id"]), "id")).toThrow(/truth rows 1 and 2 share key/);
    expect(bad(truth, truth, "zip")).toThrow(ScoringInputError);
    expect(bad(table([]), table([]))).toThrow(/truth header has no columns/);
  });

  it("scores two empty tables 1", () => {
    expect(scoreTableItem("t", table(["a"]), table(["a"]), O).score).toBe(1);
  });

  const cell = fc.constantFrom("a", "b", "1", "1.0", " a", "A");
  const rows = fc.array(fc.tuple(cell, cell), { maxLength: 5 }).map((rs) => rs.map((r) => [...r]));
  const keyed = fc
    .uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 5 })
    .chain((keys) =>
      fc.tuple(...keys.map((k) => fc.tuple(fc.constant(String(k)), cell))).map((rs) => rs.map((r) => [...r])),
    );

  it("scores in [0, 1]; the truth as answer scores 1; an unmatched extra row never raises the score", () => {
    fc.assert(
      fc.property(rows, rows, fc.tuple(cell, cell), (t, a, extra) => {
        const T = table(["x", "y"], ...t);
        const A = table(["x", "y"], ...a);
        const s = scoreTableItem("p", T, A, O).score;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(scoreTableItem("p", T, T, O).score).toBe(1);
        // By position, a row past the truth's last row pairs with nothing.
        if (a.length >= t.length)
          expect(scoreTableItem("p", T, table(["x", "y"], ...a, [...extra]), O).score).toBeLessThanOrEqual(s);
      }),
    );
  });

  it("with a key, permuting the answer's rows changes nothing; a row of unknown key never helps", () => {
    fc.assert(
      fc.property(keyed, keyed, (t, a) => {
        const opts = { ...O, key: "k" };
        const T = table(["k", "v"], ...t);
        const s = scoreTableItem("p", T, table(["k", "v"], ...a), opts).score;
        expect(scoreTableItem("p", T, table(["k", "v"], ...[...a].reverse()), opts).score).toBe(s);
        expect(scoreTableItem("p", T, T, opts).score).toBe(1);
        // A row whose key is not in the truth pairs with nothing.
        expect(scoreTableItem("p", T, table(["k", "v"], ...a, ["new", "a"]), opts).score).toBeLessThanOrEqual(
          s,
        );
      }),
    );
  });
});

describe("scoreTableWork", () => {
  const truth = table(["id", "city"], ["1", "北京"], ["2", "上海"], ["3", "广州"]);
  // Two errors to fix: a missing city and a stray space (trimmed: not an error) — plus an extra row.
  const given = table(["id", "city"], ["1", ""], ["2", "上海"], ["3", "广州"], ["3", "广州"]);
  const key = { ...O, key: "id" };

  it("scores the table as given 0 and a perfect cleaning 1", () => {
    const before = scoreTableWork("i", truth, given, given, key);
    expect(before.score).toBe(0);
    expect(before.errorsGiven).toBe(before.errorsLeft);
    expect(before.errorsGiven).toBe(3); // one wrong cell, one extra row of 2 cells
    expect(scoreTableWork("i", truth, given, truth, key).score).toBe(1);
    // The old credit gave the untouched table most of its points.
    expect(scoreTableItem("i", truth, given, key).score).toBeGreaterThan(0.5);
  });

  it("credits (errors fixed − correct cells broken) / errors to fix, clamped to [0, 1]", () => {
    const fixedCity = table(["id", "city"], ["1", "北京"], ["2", "上海"], ["3", "广州"], ["3", "广州"]);
    expect(scoreTableWork("i", truth, given, fixedCity, key).score).toBeCloseTo(1 / 3, 12);
    // Fixes the city, but breaks a correct cell: (1 − 1) / 3.
    const brokeOne = table(["id", "city"], ["1", "北京"], ["2", "上"], ["3", "广州"], ["3", "广州"]);
    expect(scoreTableWork("i", truth, given, brokeOne, key).score).toBe(0);
    // Breaks more than it fixes: clamped to 0, never negative.
    const worse = table(["id", "city"], ["1", ""], ["2", "x"], ["3", "y"], ["3", "广州"]);
    expect(scoreTableWork("i", truth, given, worse, key).score).toBe(0);
    // Drops the extra row only (the caller leaves marked rows out): 2 of 3.
    const dropped = table(["id", "city"], ["1", ""], ["2", "上海"], ["3", "广州"]);
    expect(scoreTableWork("i", truth, given, dropped, key).score).toBeCloseTo(2 / 3, 12);
  });

  it("a given table with nothing to fix: 1 while it stays right, else 0", () => {
    expect(scoreTableWork("i", truth, truth, truth, key).score).toBe(1);
    const broken = table(["id", "city"], ["1", "北京"], ["2", "x"], ["3", "广州"]);
    expect(scoreTableWork("i", truth, truth, broken, key).score).toBe(0);
  });

  it("reports the answer's counts and matches, as scoreTableItem does", () => {
    const answer = table(["id", "city"], ["1", "北京"], ["2", "上海"]);
    const {
      score: _a,
      errorsGiven: _g,
      errorsLeft: _l,
      ...rest
    } = scoreTableWork("i", truth, given, answer, key);
    const { score: _b, ...cells } = scoreTableItem("i", truth, answer, key);
    expect(rest).toEqual(cells);
  });
});
