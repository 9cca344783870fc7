// The judges' adjustments in the pure tally (issue 10): an adjustment in force replaces the
// scorer's share of its item or question, keeps the scorer's figure beside it, and the earned
// points of the question, the task and the sections follow the adjusted share.
import { describe, expect, it } from "vitest";
import { tallyAttempt } from "./score-attempt.ts";

type Loaded = Parameters<typeof tallyAttempt>[0];

const paper = {
  theoryWeight: 30,
  practicalWeight: 70,
  sections: [
    {
      id: "s-theory",
      kind: "THEORY",
      questions: [
        {
          id: "q1",
          kind: "SINGLE_CHOICE",
          points: 10,
          scoring: "all-or-nothing",
          answerKey: { key: { choice: "A" } },
        },
        {
          id: "q2",
          kind: "TRUE_FALSE",
          points: 5,
          scoring: "all-or-nothing",
          answerKey: { key: { value: true } },
        },
      ],
      tasks: [],
    },
    {
      id: "s-practical",
      kind: "PRACTICAL",
      questions: [],
      tasks: [
        {
          id: "t1",
          kind: "IMAGE_CLASSIFICATION",
          points: 40,
          settings: {},
          items: [
            { id: "i1", payload: { width: 10, height: 10 }, groundTruth: { data: { labels: ["cat"] } } },
            { id: "i2", payload: { width: 10, height: 10 }, groundTruth: { data: { labels: ["dog"] } } },
          ],
        },
      ],
    },
  ],
} as unknown as Loaded["paper"];

/** q1 right, q2 wrong; i1 right, i2 wrong. */
const answers: Loaded["answers"] = [
  { itemId: null, questionId: "q1", data: { choice: "A" } },
  { itemId: null, questionId: "q2", data: { value: false } },
  { itemId: "i1", questionId: null, data: { labels: ["cat"] } },
  { itemId: "i2", questionId: null, data: { labels: ["cat"] } },
];

type Line = { score: number; earned?: number; adjusted?: { scorer: number; reason: string } };
const itemsOf = (t: { items: object[] }) => t.items as Line[];

describe("tallyAttempt with judges' adjustments", () => {
  it("scores as the scorer does without adjustments", () => {
    const { tallies, theory, practical } = tallyAttempt({ answers, paper, adjustments: [] });
    expect(theory.earned).toBe(10);
    expect(practical.earned).toBe(20);
    expect(itemsOf(tallies[0] as { items: object[] }).map((l) => l.score)).toEqual([1, 0]);
    expect(itemsOf(tallies[1] as { items: object[] }).map((l) => l.score)).toEqual([1, 0]);
    for (const t of tallies) for (const l of itemsOf(t)) expect(l.adjusted).toBeUndefined();
  });

  it("replaces a question's share, recomputes its earned points and keeps the scorer's figure", () => {
    const { tallies, theory, practical } = tallyAttempt({
      answers,
      paper,
      adjustments: [{ subject: "question:q2", score: 0.6, reason: "ambiguous wording" }],
    });
    const q = itemsOf(tallies[0] as { items: object[] });
    expect(q[1]).toMatchObject({
      score: 0.6,
      earned: 3,
      adjusted: { scorer: 0, reason: "ambiguous wording" },
    });
    expect(q[0]?.adjusted).toBeUndefined();
    expect(tallies[0]?.earned).toBeCloseTo(13, 10);
    expect(theory.earned).toBeCloseTo(13, 10);
    expect(practical.earned).toBe(20);
  });

  it("replaces an item's share (also downwards) and the task's earned points follow", () => {
    const { tallies, practical } = tallyAttempt({
      answers,
      paper,
      adjustments: [
        { subject: "item:i1", score: 0.25, reason: "truth box was wrong" },
        { subject: "item:i2", score: 0.75, reason: "both labels acceptable" },
      ],
    });
    const items = itemsOf(tallies[1] as { items: object[] });
    expect(items[0]).toMatchObject({ score: 0.25, adjusted: { scorer: 1, reason: "truth box was wrong" } });
    expect(items[1]).toMatchObject({
      score: 0.75,
      adjusted: { scorer: 0, reason: "both labels acceptable" },
    });
    // (0.25 + 0.75) / 2 × 40 points.
    expect(tallies[1]?.earned).toBeCloseTo(20, 10);
    expect(practical.earned).toBeCloseTo(20, 10);
    const full = tallyAttempt({
      answers,
      paper,
      adjustments: [{ subject: "item:i2", score: 1, reason: "accepted" }],
    });
    expect(full.practical.earned).toBe(40);
  });

  it("ignores an adjustment of a subject that is not on the paper", () => {
    const { theory, practical } = tallyAttempt({
      answers,
      paper,
      adjustments: [
        { subject: "item:elsewhere", score: 1, reason: "x" },
        { subject: "question:i2", score: 1, reason: "x" },
      ],
    });
    expect(theory.earned).toBe(10);
    expect(practical.earned).toBe(20);
  });
});
