// Unit tests of the transcription kind's editor: it starts from what was saved, saves every change
// and shares the player's speed between the items of a task.
import { describe, expect, it } from "vitest";
import type { ItemView, TaskView } from "../../../protocol/index.ts";
import { transcriptionKind } from "./kind.tsx";

const task = { id: "t1", kind: "TRANSCRIPTION", labels: [], items: [] } as unknown as TaskView;
const item = (id: string) =>
  ({ id, position: 1, audio: { url: `/api/items/${id}/media`, durationMs: 4_000 } }) as unknown as ItemView;

describe("transcriptionKind.createEditor", () => {
  it("starts from the saved transcript, or from an empty one", () => {
    const taskState = new Map<string, unknown>();
    expect(
      transcriptionKind.createEditor(task, item("a"), { text: "305" }, { taskState }).toAnswer(),
    ).toEqual({
      text: "305",
    });
    expect(transcriptionKind.createEditor(task, item("b"), null, { taskState }).toAnswer()).toEqual({
      text: "",
    });
  });

  it("sends every change of the transcript to its document listeners", () => {
    const editor = transcriptionKind.createEditor(task, item("a"), null, { taskState: new Map() });
    const docs: unknown[] = [];
    editor.onDocumentChange((d) => docs.push(d));
    editor.edit("2");
    editor.edit("21");
    editor.undo();
    expect(docs).toEqual([{ text: "2" }, { text: "21" }, { text: "" }]);
  });

  it("shares the speed between the items of one task, not between tasks", () => {
    const taskState = new Map<string, unknown>();
    const first = transcriptionKind.createEditor(task, item("a"), null, { taskState });
    expect(first.speed).toBe(1);
    first.speed = 1.5;
    expect(transcriptionKind.createEditor(task, item("b"), null, { taskState }).speed).toBe(1.5);
    expect(transcriptionKind.createEditor(task, item("c"), null, { taskState: new Map() }).speed).toBe(1);
  });
});
