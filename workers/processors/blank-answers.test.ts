// A blank answer scores 0 on every kind (issue 11, "fair scoring"): never saved, saved empty, or —
// for a table — saved exactly as it was given. Through scoreTaskItems with the demo tasks' own
// settings, so the defaults the exams use are the ones tested.
import { describe, expect, it } from "vitest";
import { boxTask, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import { TASK_KINDS, type TaskKind } from "../../protocol/index.ts";
import { scoreTaskItems } from "./task-scoring.ts";

const taskOf = (kind: TaskKind, n: number): TaskSpec =>
  kind === "BOXES"
    ? boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22, 33].slice(0, n) })
    : demoTask(kind, n);

/** Each kind's empty document, as the page saves it when the contestant clears everything. */
const EMPTY: Record<TaskKind, (payload: Record<string, unknown>) => unknown> = {
  BOXES: () => ({ boxes: [] }),
  POLYGONS: () => ({ polygons: [] }),
  POINTS: () => ({ points: [] }),
  KEYPOINTS: () => ({ instances: [] }),
  IMAGE_CLASSIFICATION: () => ({ labels: [] }),
  TEXT_CLASSIFICATION: () => ({ labels: [] }),
  TEXT_SPANS: () => ({ spans: [] }),
  TRANSCRIPTION: () => ({ text: "" }),
  // A table is never empty: the blank answer is the table as given, nothing marked.
  TABLE: (p) => ({ rows: p.rows, marks: (p.rows as unknown[]).map(() => null) }),
};

const CASES = TASK_KINDS.flatMap((kind) =>
  (["never saved", "saved blank"] as const).map((how) => [kind, how] as const),
);

describe("blank answers score 0", () => {
  it.each(CASES)("%s, %s", (kind, how) => {
    const task = taskOf(kind, 3);
    const scores = scoreTaskItems(
      kind,
      task.settings,
      task.items.map((it, i) => ({
        id: `i${i}`,
        payload: it.payload,
        truth: it.truth,
        answer: how === "never saved" ? null : EMPTY[kind](it.payload),
      })),
    );
    expect(scores).toHaveLength(task.items.length);
    for (const s of scores) expect(s.score).toBe(0);
  });
});
