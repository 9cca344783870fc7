// The per-kind dispatch from stored documents to the scorers, on the demo tasks of every kind.
import { describe, expect, it } from "vitest";
import { boxTask, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { cleanTableAnswer, demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import { TASK_KINDS, type TaskKind, taskAnswerSchemas } from "../../protocol/index.ts";
import { ScoringInputError } from "../scoring/index.ts";
import { type ItemToScore, scoreTaskItems } from "./task-scoring.ts";

function taskOf(kind: TaskKind): TaskSpec {
  return kind === "BOXES" ? boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] }) : demoTask(kind);
}

/** The items of a task with the given answers (the truth itself by default). */
function itemsOf(task: TaskSpec, answer: (truth: object, i: number) => unknown = (t) => t): ItemToScore[] {
  return task.items.map((it, i) => ({
    id: `i${i}`,
    payload: it.payload,
    truth: it.truth,
    answer: answer(it.truth, i),
  }));
}

const withoutArea = (truth: object) => {
  const t = truth as { instances?: Record<string, unknown>[] };
  return t.instances ? { instances: t.instances.map(({ area: _a, ...rest }) => rest) } : truth;
};

describe("scoreTaskItems", () => {
  it.each(TASK_KINDS.filter((k) => k !== "TABLE"))("gives the truth itself full marks: %s", (kind) => {
    const task = taskOf(kind);
    for (const it of task.items)
      expect(taskAnswerSchemas[kind].safeParse(withoutArea(it.truth)).success).toBe(true);
    const scores = scoreTaskItems(
      kind,
      task.settings,
      itemsOf(task, (t) => withoutArea(t)),
    );
    expect(scores.map((s) => s.score)).toEqual(task.items.map(() => 1));
  });

  it.each(TASK_KINDS.filter((k) => k !== "TABLE"))("gives no answer nothing: %s", (kind) => {
    const task = taskOf(kind);
    const scores = scoreTaskItems(
      kind,
      task.settings,
      itemsOf(task, () => null),
    );
    expect(scores.map((s) => s.score)).toEqual(task.items.map(() => 0));
  });

  it("scores a table after dropping the rows marked duplicate or invalid", () => {
    const task = demoTask("TABLE");
    const clean = scoreTaskItems(
      "TABLE",
      task.settings,
      itemsOf(task, () => cleanTableAnswer()),
    );
    expect(clean[0]?.score).toBe(1);
    const untouched =
      scoreTaskItems(
        "TABLE",
        task.settings,
        itemsOf(task, () => null),
      )[0]?.score ?? 1;
    const unmarked = { ...cleanTableAnswer(), marks: cleanTableAnswer().marks.map(() => null) };
    const kept =
      scoreTaskItems(
        "TABLE",
        task.settings,
        itemsOf(task, () => unmarked),
      )[0]?.score ?? 1;
    expect(untouched).toBeLessThan(kept);
    expect(kept).toBeLessThan(1);
  });

  it("counts an unreadable answer polygon as one extra shape, and scores the rest", () => {
    const task = demoTask("POLYGONS", 1);
    const truth = task.items[0]?.truth as { polygons: { id: string; label: string; points: number[][] }[] };
    const bowtie = {
      id: "x",
      label: "lake",
      points: [
        [10, 10],
        [60, 60],
        [60, 10],
        [10, 60],
      ],
    };
    const [score] = scoreTaskItems(
      "POLYGONS",
      task.settings,
      itemsOf(task, () => ({ polygons: [...truth.polygons, bowtie] })),
    );
    const n = truth.polygons.length;
    expect(score).toMatchObject({ tp: n, fp: 1, fn: 0 });
    expect(score?.score).toBeCloseTo((2 * n) / (2 * n + 1), 12);
  });

  it("stops on a truth that is not a document of the kind, naming the item", () => {
    const task = demoTask("POINTS", 1);
    const items = itemsOf(task).map((it) => ({ ...it, truth: { boxes: [] } }));
    expect(() => scoreTaskItems("POINTS", task.settings, items)).toThrow(ScoringInputError);
    expect(() => scoreTaskItems("POINTS", task.settings, items)).toThrow(/item i0/);
  });

  it("treats an answer that no longer parses as no answer", () => {
    const task = demoTask("TEXT_CLASSIFICATION", 1);
    const [score] = scoreTaskItems(
      "TEXT_CLASSIFICATION",
      task.settings,
      itemsOf(task, () => ({ labels: 7 })),
    );
    expect(score?.score).toBe(0);
  });

  it("scores a transcription by characters, ignoring spaces", () => {
    const task = demoTask("TRANSCRIPTION", 1);
    const [exact] = scoreTaskItems(
      "TRANSCRIPTION",
      task.settings,
      itemsOf(task, () => ({ text: "3 0 5" })),
    );
    expect(exact?.score).toBe(1);
    const [wrong] = scoreTaskItems(
      "TRANSCRIPTION",
      task.settings,
      itemsOf(task, () => ({ text: "306" })),
    );
    expect(wrong?.score).toBeCloseTo(2 / 3, 12);
  });
});
