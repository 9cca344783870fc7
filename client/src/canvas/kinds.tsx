// The image task kinds drawn on the canvas: boxes, polygons, points and keypoint skeletons.
import type { BoxesAnswer, TaskView } from "../../../protocol/index.ts";
import { ItemWorkspace } from "../exam/item-workspace.tsx";
import { placeholderKind } from "../exam/placeholder-kind.tsx";
import type { EditorContext, TaskKindClient, WorkspaceProps } from "../exam/task-kind.ts";
import { CanvasStore } from "./store.ts";

/** The label a new item of the task starts with: the one last picked in the task, or the first. */
function rememberedLabel(task: TaskView, ctx: EditorContext): string | null {
  const kept = ctx.taskState.get("activeLabel");
  return typeof kept === "string" || kept === null ? kept : (task.labels[0]?.id ?? null);
}

function BoxesWorkspace({ task, item, editor, locked }: WorkspaceProps<CanvasStore>) {
  return <ItemWorkspace task={task} item={item} store={editor} locked={locked} />;
}

export const boxesKind: TaskKindClient<"BOXES", CanvasStore> = {
  kind: "BOXES",
  createEditor(task, _item, saved: BoxesAnswer | null, ctx) {
    const store = new CanvasStore({ boxes: saved?.boxes ?? [], activeLabel: rememberedLabel(task, ctx) });
    store.subscribe(() => ctx.taskState.set("activeLabel", store.getSnapshot().activeLabel));
    return store;
  },
  Workspace: BoxesWorkspace,
};

export const polygonsKind = placeholderKind("POLYGONS", { polygons: [] });
export const pointsKind = placeholderKind("POINTS", { points: [] });
export const keypointsKind = placeholderKind("KEYPOINTS", { instances: [] });
