import { describe, expect, it } from "vitest";
import { type QuestionKey, type QuestionKind, scoreQuestion } from "./theory.ts";
import { ScoringInputError } from "./types.ts";

describe("scoreQuestion", () => {
  it("scores single choice exactly", () => {
    expect(scoreQuestion("SINGLE_CHOICE", { choice: "B" }, { choice: "B" })).toBe(1);
    expect(scoreQuestion("SINGLE_CHOICE", { choice: "B" }, { choice: "A" })).toBe(0);
    expect(scoreQuestion("SINGLE_CHOICE", { choice: "B" }, { choice: "b" })).toBe(0);
  });

  it("scores true/false exactly", () => {
    expect(scoreQuestion("TRUE_FALSE", { value: true }, { value: true })).toBe(1);
    expect(scoreQuestion("TRUE_FALSE", { value: false }, { value: false })).toBe(1);
    expect(scoreQuestion("TRUE_FALSE", { value: true }, { value: false })).toBe(0);
    expect(scoreQuestion("TRUE_FALSE", { value: true }, { value: "true" })).toBe(0);
  });

  it("scores multiple choice all-or-nothing by default", () => {
    const key = { choices: ["A", "B", "C"] };
    expect(scoreQuestion("MULTIPLE_CHOICE", key, { choices: ["C", "A", "B"] })).toBe(1);
    expect(scoreQuestion("MULTIPLE_CHOICE", key, { choices: ["A", "B", "B", "C"] })).toBe(1);
    expect(scoreQuestion("MULTIPLE_CHOICE", key, { choices: ["A", "B"] })).toBe(0);
    expect(scoreQuestion("MULTIPLE_CHOICE", key, { choices: ["A", "B", "C", "D"] })).toBe(0);
    expect(scoreQuestion("MULTIPLE_CHOICE", key, { choices: [] })).toBe(0);
    expect(
      scoreQuestion("MULTIPLE_CHOICE", key, { choices: ["A", "B"] }, { scoring: "all-or-nothing" }),
    ).toBe(0);
  });

  it("scores multiple choice partially as max(0, (right − wrong) / |key|)", () => {
    const key = { choices: ["A", "B", "C"] };
    const partial = (choices: string[]) =>
      scoreQuestion("MULTIPLE_CHOICE", key, { choices }, { scoring: "partial" });
    expect(partial(["A", "B", "C"])).toBe(1);
    expect(partial(["A", "B"])).toBeCloseTo(2 / 3, 12);
    expect(partial(["A", "B", "D"])).toBeCloseTo(1 / 3, 12);
    expect(partial(["A", "B", "C", "D"])).toBeCloseTo(2 / 3, 12);
    expect(partial(["A", "D", "E"])).toBe(0);
    expect(partial(["A", "A", "A"])).toBeCloseTo(1 / 3, 12);
    expect(partial(["D"])).toBe(0);
    expect(partial([])).toBe(0);
  });

  it("scores a missing, null or malformed answer as 0", () => {
    const cases: Array<[QuestionKind, QuestionKey]> = [
      ["SINGLE_CHOICE", { choice: "A" }],
      ["MULTIPLE_CHOICE", { choices: ["A"] }],
      ["TRUE_FALSE", { value: false }],
    ];
    for (const [kind, key] of cases) {
      for (const answer of [
        null,
        undefined,
        42,
        "A",
        [],
        {},
        { choice: 1 },
        { choices: "A" },
        { choices: [1] },
        { value: 0 },
      ])
        for (const scoring of ["all-or-nothing", "partial"] as const)
          expect(scoreQuestion(kind, key, answer, { scoring })).toBe(0);
    }
  });

  it("refuses a malformed key, naming the question when given", () => {
    const bad: Array<[QuestionKind, unknown]> = [
      ["SINGLE_CHOICE", {}],
      ["SINGLE_CHOICE", { choice: "" }],
      ["SINGLE_CHOICE", { choices: ["A"] }],
      ["SINGLE_CHOICE", null],
      ["MULTIPLE_CHOICE", { choices: [] }],
      ["MULTIPLE_CHOICE", { choices: ["A", "A"] }],
      ["MULTIPLE_CHOICE", { choices: ["A", 2] }],
      ["MULTIPLE_CHOICE", { choice: "A" }],
      ["TRUE_FALSE", { value: "true" }],
      ["TRUE_FALSE", "true"],
    ];
    for (const [kind, key] of bad) {
      expect(() => scoreQuestion(kind, key as QuestionKey, null)).toThrow(ScoringInputError);
      expect(() => scoreQuestion(kind, key as QuestionKey, null, { id: "q-17" })).toThrow(/question q-17/);
    }
    expect(() => scoreQuestion("ESSAY" as QuestionKind, { choice: "A" }, null)).toThrow(ScoringInputError);
    expect(() =>
      scoreQuestion("SINGLE_CHOICE", { choice: "A" }, null, { scoring: "most" as "partial" }),
    ).toThrow(ScoringInputError);
  });
});
