import { describe, expect, it } from "vitest";
import type { SheetRow } from "../review/import-parse.ts";
import { checkBankSheet, parsePoints, textProblem } from "./bank-rows.ts";
import { drawQuestions } from "./draw.ts";

const HEADER = [
  "编号 code",
  "题型 kind",
  "知识点 topic",
  "题干 prompt",
  "选项A",
  "选项B",
  "选项C",
  "答案 answer",
  "分值 points",
];
const sheet = (...rows: string[][]): SheetRow[] =>
  [HEADER, ...rows].map((cells, i) => ({ row: i + 1, cells }));

describe("bank rows", () => {
  it("reads each kind and its answer notations", () => {
    const { records, refusals } = checkBankSheet(
      sheet(
        ["A1", "单选题", "t", "p", "x", "y", "z", "b", "0.5"],
        ["A2", "多项选择题", "t", "p", "x", "y", "z", "A、C", "1"],
        ["A3", "TRUE_FALSE", "t", "p", "", "", "", "√", "2"],
        ["A4", "判断", "t", "p", "", "", "", "F", "2"],
      ),
    );
    expect(refusals).toEqual([]);
    expect(records.map((r) => r.key)).toEqual([
      { choice: "B" },
      { choices: ["A", "C"] },
      { value: true },
      { value: false },
    ]);
    expect(records[0]?.options.map((o) => o.id)).toEqual(["A", "B", "C"]);
  });

  it("refuses NUL, lone surrogates and control characters in any cell, naming the column", () => {
    const { refusals } = checkBankSheet(
      sheet(
        ["B1", "单选", "t", "p\u0000", "x", "y", "", "A", "1"],
        ["B2", "单选", "t", "p", "x\ud800", "y", "", "A", "1"],
        ["B3", "单选", "t\u001b", "p", "x", "y", "", "A", "1"],
      ),
    );
    expect(refusals.map((r) => r.problems.join(" "))).toEqual([
      expect.stringMatching(/题干 prompt: contains a NUL/),
      expect.stringMatching(/选项A option A: contains a lone surrogate/),
      expect.stringMatching(/知识点 topic: contains a control character/),
    ]);
    expect(textProblem("line one\nline two\ttab")).toBeNull();
  });

  it("refuses a gap in the options and points that are not a plain positive number", () => {
    const { refusals } = checkBankSheet(sheet(["C1", "单选", "t", "p", "x", "", "z", "A", "1"]));
    expect(refusals[0]?.problems.join(" ")).toMatch(/选项C option C: given while 选项B/);
    for (const bad of ["0", "-1", "NaN", "Infinity", "1e3", "101", "", "1,5"])
      expect(parsePoints(bad), bad).toBeNull();
    expect(parsePoints("0.5")).toBe(0.5);
    expect(parsePoints("100")).toBe(100);
  });

  it("finds the header below a title row and reports a missing column on the header's row", () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ["2026 题库"] },
      { row: 2, cells: ["编号", "题型", "知识点", "题干", "答案"] },
      { row: 3, cells: ["D1", "判断", "t", "p", "对"] },
    ];
    expect(checkBankSheet(rows).refusals).toEqual([
      { row: 2, code: "", problems: ["The column 分值 points is missing from the header row."] },
    ]);
  });
});

describe("seeded draw", () => {
  const pool = Array.from({ length: 30 }, (_, i) => ({
    id: `q${i}`,
    kind: (i % 3 === 0 ? "TRUE_FALSE" : "SINGLE_CHOICE") as "TRUE_FALSE" | "SINGLE_CHOICE",
    topic: i % 2 ? "odd" : "even",
  }));
  const draws = [
    { kind: "SINGLE_CHOICE" as const, count: 5, points: 1, topics: ["odd"] },
    { kind: "SINGLE_CHOICE" as const, count: 10, points: 0.5 },
    { kind: "TRUE_FALSE" as const, count: 3, points: 0.5 },
  ];
  it("is the same for the same seed, differs for another, and never repeats", () => {
    const a = drawQuestions(pool, draws, 1);
    expect(a).toEqual(drawQuestions(pool, draws, 1));
    expect(a).not.toEqual(drawQuestions(pool, draws, 2));
    if (!("picks" in a)) throw new Error("short");
    expect(new Set(a.picks.map((p) => p.id)).size).toBe(18);
    expect(a.picks.slice(0, 5).every((p) => pool.find((q) => q.id === p.id)?.topic === "odd")).toBe(true);
  });
  it("reports each short draw", () => {
    expect(drawQuestions(pool, [...draws, { kind: "SINGLE_CHOICE", count: 6, points: 1 }], 1)).toEqual({
      short: [{ index: 3, wanted: 6, available: 5 }],
    });
  });
});
