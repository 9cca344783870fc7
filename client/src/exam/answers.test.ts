// Unit tests of reading saved answers and of what counts as answered.
import { describe, expect, it } from "vitest";
import type { ExamView, QuestionView } from "../../../protocol/index.ts";
import { isQuestionAnswered, savedItemBoxes, savedQuestionAnswers, toggleChoice } from "./answers.ts";

const mc: QuestionView = {
  id: "q2",
  position: 2,
  kind: "MULTIPLE_CHOICE",
  prompt: "?",
  options: ["A", "B", "C"].map((id) => ({ id, text: id })),
  points: 10,
};

const view: ExamView = {
  attempt: { attemptId: "a", status: "IN_PROGRESS", deadlineAt: null, serverNow: "" },
  session: { id: "s", name: "S" },
  paper: {
    id: "p",
    title: "P",
    sections: [
      {
        id: "t",
        kind: "THEORY",
        title: "T",
        questions: [{ ...mc, id: "q1", position: 1, kind: "SINGLE_CHOICE" }, mc],
        tasks: [],
      },
    ],
  },
  answers: [
    { target: { kind: "question", id: "q1" }, revision: 2, data: { choice: "A" }, savedAt: "" },
    { target: { kind: "question", id: "q2" }, revision: 1, data: { choice: "A" }, savedAt: "" },
    {
      target: { kind: "item", id: "i1" },
      revision: 4,
      data: { boxes: [{ id: "b", label: "car", x: 1, y: 2, w: 3, h: 4 }] },
      savedAt: "",
    },
  ],
};

describe("savedQuestionAnswers", () => {
  it("keeps answers that fit their question", () => {
    expect(savedQuestionAnswers(view)).toEqual({ q1: { choice: "A" } });
  });
});

describe("savedItemBoxes", () => {
  it("reads the boxes of items", () => {
    expect(savedItemBoxes(view)).toEqual({ i1: [{ id: "b", label: "car", x: 1, y: 2, w: 3, h: 4 }] });
  });
});

describe("isQuestionAnswered", () => {
  it("counts an empty multiple choice as not answered", () => {
    expect(isQuestionAnswered(undefined)).toBe(false);
    expect(isQuestionAnswered({ choices: [] })).toBe(false);
    expect(isQuestionAnswered({ choices: ["A"] })).toBe(true);
    expect(isQuestionAnswered({ value: false })).toBe(true);
  });
});

describe("toggleChoice", () => {
  it("adds and removes options in paper order", () => {
    expect(toggleChoice(mc, ["C"], "A")).toEqual(["A", "C"]);
    expect(toggleChoice(mc, ["A", "C"], "A")).toEqual(["C"]);
  });
});
