// The per-kind dispatch from stored documents to the scorers, on the demo tasks of every kind.
import { describe, expect, it } from "vitest";
import { boxTask, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { cleanTableAnswer, demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import { TASK_KINDS, type TaskKind, taskAnswerSchemas, taskSettingsSchema } from "../../protocol/index.ts";
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

  it("scores the table as given 0 by default, and by the share of right cells with credit: cells", () => {
    const task = demoTask("TABLE");
    const untouched = (settings: Record<string, unknown>) =>
      scoreTaskItems(
        "TABLE",
        settings,
        itemsOf(task, () => null),
      )[0]?.score;
    expect(untouched(task.settings)).toBe(0);
    // The old behaviour, kept as a setting: most cells of the dirty table are right already.
    expect(untouched({ ...task.settings, credit: "cells" })).toBeGreaterThan(0.5);
    expect(
      scoreTaskItems(
        "TABLE",
        { ...task.settings, credit: "cells" },
        itemsOf(task, () => cleanTableAnswer()),
      )[0]?.score,
    ).toBe(1);
  });

  it("credits a sloppy polygon below an exact one by default (coco-mean), as set otherwise", () => {
    const square = (h: number) => [
      [100, 100],
      [200, 100],
      [200, 100 + h],
      [100, 100 + h],
    ];
    const items = (h: number): ItemToScore[] => [
      {
        id: "i",
        payload: { width: 960, height: 640 },
        truth: { polygons: [{ id: "t", label: "lake", points: square(100) }] },
        answer: { polygons: [{ id: "a", label: "lake", points: square(h) }] },
      },
    ];
    const score = (settings: Record<string, unknown>, h: number) =>
      scoreTaskItems("POLYGONS", settings, items(h))[0];
    expect(score({}, 100)?.score).toBe(1);
    const sloppy = score({}, 123); // IoU 100/123 ≈ 0.81
    expect(sloppy?.score).toBeCloseTo(0.7, 12);
    expect(sloppy).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(sloppy?.matches[0]?.iou).toBeCloseTo(100 / 123, 12);
    expect(score({ credit: "f1@iou" }, 123)?.score).toBe(1);
    expect(score({ credit: "iou-weighted" }, 123)?.score).toBeCloseTo(100 / 123, 12);
    // The same for boxes.
    const boxes = (settings: Record<string, unknown>) =>
      scoreTaskItems("BOXES", settings, [
        {
          id: "i",
          payload: { width: 960, height: 640 },
          truth: { boxes: [{ id: "t", label: "car", x: 0, y: 0, w: 100, h: 100 }] },
          answer: { boxes: [{ id: "a", label: "car", x: 0, y: 0, w: 100, h: 123 }] },
        },
      ])[0]?.score;
    expect(boxes({})).toBeCloseTo(0.7, 12);
    expect(boxes({ credit: "f1@iou", iouThreshold: 0.5 })).toBe(1);
  });

  it("refuses settings the kind does not know, naming the key, and never defaults silently", () => {
    const task = demoTask("POLYGONS", 1);
    const typo = { iouTreshold: 0.7 };
    expect(() => scoreTaskItems("POLYGONS", typo, itemsOf(task))).toThrow(ScoringInputError);
    expect(() => scoreTaskItems("POLYGONS", typo, itemsOf(task))).toThrow(/iouTreshold/);
    expect(() => scoreTaskItems("POLYGONS", { iouThreshold: "0.5" }, itemsOf(task))).toThrow(/iouThreshold/);
    expect(() => scoreTaskItems("POLYGONS", { credit: "coco" }, itemsOf(task))).toThrow(/credit/);
    // The shape credit is for boxes and polygons; keypoints keep F1 at their OKS threshold.
    expect(() =>
      scoreTaskItems("KEYPOINTS", { credit: "coco-mean" }, itemsOf(demoTask("KEYPOINTS", 1))),
    ).toThrow(ScoringInputError);
    // No settings stored: the defaults.
    expect(
      scoreTaskItems(
        "POLYGONS",
        null,
        itemsOf(task, (t) => t),
      )[0]?.score,
    ).toBe(1);
  });

  it("parses the settings of every seeded and tested task", () => {
    for (const kind of TASK_KINDS)
      expect(() => taskSettingsSchema(kind).parse(taskOf(kind).settings)).not.toThrow();
    const used: [TaskKind, Record<string, unknown>][] = [
      ["BOXES", boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [1], iouThreshold: 0.7 }).settings],
      ["POLYGONS", { iouThreshold: 0.5, maxShapes: 3, maxVertices: 6 }], // save-limits
      ["TEXT_CLASSIFICATION", { multiLabel: false }], // nav e2e
      ["TEXT_SPANS", { allowOverlap: true }], // text e2e
      ["TABLE", { key: "id" }], // table e2e
      ["TRANSCRIPTION", { cerIgnoreSpace: false }],
      ["BOXES", { credit: "f1@iou" }],
      ["TABLE", { credit: "cells" }],
    ];
    for (const [kind, settings] of used)
      expect(taskSettingsSchema(kind).safeParse(settings).success).toBe(true);
    expect(taskSettingsSchema("BOXES").parse({})).toEqual({ iouThreshold: 0.5, credit: "coco-mean" });
    expect(taskSettingsSchema("TABLE").parse({})).toEqual({ credit: "work-done" });
    expect(taskSettingsSchema("BOXES").safeParse({ multiLabel: true }).success).toBe(false);
  });
});
