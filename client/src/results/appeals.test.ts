// Unit tests of the result page's appeal lookup: which appeal belongs to an item or a question.
import { describe, expect, it } from "vitest";
import type { AppealList, AppealView } from "../../../protocol/index.ts";
import { appealOn, subjectId } from "./appeals.tsx";

const appeal = (subject: AppealView["subject"], id: string): AppealView => ({
  id,
  attemptId: "a1",
  subject,
  taskPosition: null,
  itemPosition: null,
  questionPosition: null,
  message: "m",
  status: "OPEN",
  filedAt: "2026-09-01T01:00:00.000Z",
  answer: null,
  answeredAt: null,
  score: null,
});

describe("appealOn", () => {
  const list: AppealList = {
    closesAt: "2026-09-01T02:00:00.000Z",
    open: true,
    appeals: [appeal({ itemId: "x1" }, "p1"), appeal({ questionId: "x1" }, "p2")],
  };
  it("finds the appeal of an item or a question, never mixing the two with the same id", () => {
    expect(appealOn(list, { itemId: "x1" })?.id).toBe("p1");
    expect(appealOn(list, { questionId: "x1" })?.id).toBe("p2");
    expect(appealOn(list, { itemId: "x2" })).toBeNull();
    expect(appealOn(null, { itemId: "x1" })).toBeNull();
  });
  it("names subjects for test ids", () => {
    expect(subjectId({ itemId: "i" })).toBe("item-i");
    expect(subjectId({ questionId: "q" })).toBe("question-q");
  });
});
