// Text task kinds: span labelling by selecting characters, and text classification.
import type { TaskView } from "../../../protocol/index.ts";
import { ClassificationStore } from "../classify/classification-store.ts";
import type { EditorContext, TaskKindClient } from "../exam/task-kind.ts";
import { ClassificationWorkspace } from "./classification-workspace.tsx";
import { SpanStore } from "./span-store.ts";
import { SpanWorkspace } from "./span-workspace.tsx";

/** The label a new item of the task starts with: the one last picked in the task, or the first. */
function rememberedLabel(task: TaskView, ctx: EditorContext): string | null {
  const kept = ctx.taskState.get("activeLabel");
  return typeof kept === "string" && task.labels.some((l) => l.id === kept)
    ? kept
    : (task.labels[0]?.id ?? null);
}

export const textSpansKind: TaskKindClient<"TEXT_SPANS", SpanStore> = {
  kind: "TEXT_SPANS",
  createEditor(task, item, saved, ctx) {
    const store = new SpanStore({
      text: item.text ?? "",
      spans: saved?.spans ?? [],
      allowOverlap: task.options.allowOverlap ?? false,
      activeLabel: rememberedLabel(task, ctx),
    });
    store.subscribe(() => ctx.taskState.set("activeLabel", store.getSnapshot().activeLabel));
    return store;
  },
  Workspace: SpanWorkspace,
};

export const textClassificationKind: TaskKindClient<"TEXT_CLASSIFICATION", ClassificationStore> = {
  kind: "TEXT_CLASSIFICATION",
  createEditor(task, _item, saved) {
    return new ClassificationStore({
      labelIds: task.labels.map((l) => l.id),
      multiLabel: task.options.multiLabel ?? false,
      labels: saved?.labels ?? [],
    });
  },
  Workspace: ClassificationWorkspace,
};
