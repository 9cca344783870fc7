// Unit tests of reading saved answers and of what counts as answered.
import { describe, expect, it } from "vitest";
import { type ExamView, type QuestionView, TASK_KINDS, type TaskKind } from "../../../protocol/index.ts";
import {
  isQuestionAnswered,
  type LocalDocument,
  resolveAnswers,
  savedItemDocuments,
  savedQuestionAnswers,
  toggleChoice,
} from "./answers.ts";

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
      {
        id: "p",
        kind: "PRACTICAL",
        title: "P",
        questions: [],
        tasks: [
          {
            id: "t1",
            position: 1,
            kind: "BOXES",
            title: "Boxes",
            instructions: "",
            labels: [{ id: "car", name: "car", color: "#000" }],
            options: {},
            points: 10,
            items: ["i1", "i2", "i3"].map((id, i) => ({
              id,
              position: i + 1,
              width: 100,
              height: 100,
              imageUrl: "",
            })),
          },
        ],
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

describe("savedItemDocuments", () => {
  it("reads the documents of items", () => {
    expect(savedItemDocuments(view)).toEqual({
      i1: { boxes: [{ id: "b", label: "car", x: 1, y: 2, w: 3, h: 4 }] },
    });
  });
});

const box = (id: string) => ({ id, label: "car", x: 1, y: 1, w: 5, h: 5 });
const local = (
  target: LocalDocument["target"],
  revision: number,
  seq: number,
  data: unknown,
): LocalDocument => ({ target, revision, seq, data });

describe("resolveAnswers", () => {
  const q1 = { kind: "question" as const, id: "q1" };
  const i1 = { kind: "item" as const, id: "i1" };
  const i2 = { kind: "item" as const, id: "i2" };
  const i3 = { kind: "item" as const, id: "i3" };

  it("lets local documents newer than the server's win, and replays them in the order they were made", () => {
    const r = resolveAnswers(view, [
      local(i1, 6, 9, { boxes: [box("x")] }),
      local(q1, 3, 2, { choice: "B" }),
      local(i2, 1, 5, { boxes: [box("y")] }),
    ]);
    expect(r.answers.q1).toEqual({ choice: "B" });
    expect(r.items).toEqual({ i1: { boxes: [box("x")] }, i2: { boxes: [box("y")] } });
    expect(r.replay.map((d) => [d.target.id, d.revision])).toEqual([
      ["q1", 3],
      ["i2", 1],
      ["i1", 6],
    ]);
    // q2's saved answer is a single choice for a multiple-choice question.
    expect(r.problems.map((p) => p.target?.id)).toEqual(["q2"]);
  });

  it("keeps the server's document when it has the same or a newer revision", () => {
    const r = resolveAnswers(view, [local(q1, 2, 1, { choice: "B" }), local(i1, 3, 2, { boxes: [] })]);
    expect(r.answers.q1).toEqual({ choice: "A" });
    expect(r.items.i1).toEqual({ boxes: [{ id: "b", label: "car", x: 1, y: 2, w: 3, h: 4 }] });
    expect(r.replay).toEqual([]);
    expect(r.superseded.map((d) => d.target.id)).toEqual(["q1", "i1"]);
  });

  it("reports a saved document that fails its schema, and leaves it out", () => {
    const bad: ExamView = {
      ...view,
      answers: [
        ...view.answers,
        { target: i2, revision: 3, data: { boxes: [{ ...box("z"), w: -4 }] }, savedAt: "" },
        { target: i3, revision: 1, data: "not even an object", savedAt: "" },
      ],
    };
    const r = resolveAnswers(bad);
    expect(r.items.i2).toBeUndefined();
    expect(r.items.i1).toMatchObject({ boxes: [{ id: "b" }] });
    expect(r.problems.map((p) => [p.target, p.source])).toEqual([
      [{ kind: "question", id: "q2" }, "server"],
      [i2, "server"],
      [i3, "server"],
    ]);
    expect(r.problems[1]?.reason).toMatch(/^boxes\.0\.w: /);
  });

  it("discards and reports a local document that fails its schema; a valid newer one replaces a bad saved one", () => {
    const bad: ExamView = {
      ...view,
      answers: [...view.answers, { target: i2, revision: 3, data: { boxes: [{ nope: 1 }] }, savedAt: "" }],
    };
    const r = resolveAnswers(bad, [
      local(i1, 9, 1, { boxes: "many" }),
      local(i2, 4, 2, { boxes: [box("fixed")] }),
      local({ kind: "item", id: "not-on-this-paper" }, 1, 3, { boxes: [] }),
    ]);
    expect(r.discarded.map((d) => d.target.id)).toEqual(["i1", "not-on-this-paper"]);
    expect(r.items.i1).toMatchObject({ boxes: [{ id: "b" }] }); // the server's
    expect(r.items.i2).toEqual({ boxes: [box("fixed")] });
    expect(r.replay.map((d) => d.target.id)).toEqual(["i2"]);
    expect(r.problems.map((p) => [p.target?.id, p.source])).toEqual([
      ["q2", "server"],
      ["i1", "local"],
    ]);
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

describe("documents of every task kind", () => {
  const good: Record<TaskKind, unknown> = {
    BOXES: { boxes: [{ id: "b", label: "l", x: 1, y: 2, w: 3, h: 4 }] },
    POLYGONS: {
      polygons: [
        {
          id: "p",
          label: "l",
          points: [
            [0, 0],
            [4, 0],
            [0, 4],
          ],
        },
      ],
    },
    POINTS: { points: [{ id: "p", label: "l", x: 1, y: 1 }] },
    KEYPOINTS: {
      instances: [
        {
          id: "k",
          label: "l",
          keypoints: [
            [1, 1, 2],
            [0, 0, 0],
          ],
        },
      ],
    },
    IMAGE_CLASSIFICATION: { labels: ["l"] },
    TEXT_SPANS: { spans: [{ id: "s", start: 0, end: 2, label: "l" }] },
    TEXT_CLASSIFICATION: { labels: [] },
    TRANSCRIPTION: { text: "305" },
    TABLE: { rows: [["a"]], marks: [null] },
  };
  // Each is close to a good document of its own kind, or a good document of another kind.
  const bad: Record<TaskKind, unknown> = {
    BOXES: { polygons: [] },
    POLYGONS: {
      polygons: [
        {
          id: "p",
          label: "l",
          points: [
            [0, 0],
            [4, Number.NaN],
            [0, 4],
          ],
        },
      ],
    },
    POINTS: { points: [{ id: "p", label: "l", x: "1", y: 1 }] },
    KEYPOINTS: { instances: [{ id: "k", label: "l", keypoints: [[1, 1, 5]] }] },
    IMAGE_CLASSIFICATION: { labels: ["l", "l"] },
    TEXT_SPANS: { spans: [{ id: "s", start: 3, end: 2, label: "l" }] },
    TEXT_CLASSIFICATION: { labels: "l" },
    TRANSCRIPTION: { text: "305", extra: true },
    TABLE: { rows: [["a"]], marks: [] },
  };
  const paper = (): ExamView => ({
    ...view,
    paper: {
      id: "p",
      title: "P",
      sections: [
        {
          id: "pr",
          kind: "PRACTICAL",
          title: "P",
          questions: [],
          tasks: TASK_KINDS.map((kind, i) => ({
            id: `t-${kind}`,
            position: i + 1,
            kind,
            title: kind,
            instructions: "",
            labels: [{ id: "l", name: "l", color: "#000" }],
            options: {},
            points: 10,
            items: [{ id: `i-${kind}`, position: 1, width: 10, height: 10, imageUrl: "" }],
          })),
        },
      ],
    },
    answers: [],
  });

  it("reads a good document of each kind and names a malformed one instead of showing it", () => {
    const v = paper();
    v.answers = TASK_KINDS.map((kind) => ({
      target: { kind: "item" as const, id: `i-${kind}` },
      revision: 1,
      data: good[kind],
      savedAt: "",
    }));
    const r = resolveAnswers(v, [
      ...TASK_KINDS.map((kind, i) => ({
        target: { kind: "item" as const, id: `i-${kind}` },
        revision: 2,
        seq: i,
        data: bad[kind],
      })),
    ]);
    expect(r.items).toEqual(Object.fromEntries(TASK_KINDS.map((k) => [`i-${k}`, good[k]])));
    expect(r.problems.map((p) => [p.target?.id, p.source])).toEqual(
      TASK_KINDS.map((k) => [`i-${k}`, "local"]),
    );
    expect(r.discarded).toHaveLength(TASK_KINDS.length);
    expect(r.replay).toEqual([]);
  });
});
