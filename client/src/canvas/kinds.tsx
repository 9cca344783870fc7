// The image task kinds drawn on the canvas: boxes, polygons, points and keypoint skeletons. Each
// brings its store (the editor the exam page autosaves), its tool and its canvas.
import { useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { Skeleton, TaskAnswers, TaskView } from "../../../protocol/index.ts";
import {
  type AnyShapeStore,
  ItemWorkspace,
  rememberTaskState,
  taskStateOf,
} from "../exam/item-workspace.tsx";
import type { EditorContext, TaskKindClient, WorkspaceProps } from "../exam/task-kind.ts";
import type { ShortcutGroup } from "../workspace/help-overlay.tsx";
import { AnnotationCanvas } from "./annotation-canvas.tsx";
import { BoxTool } from "./box-tool.ts";
import { KeypointTool } from "./keypoint-tool.ts";
import { KeypointCanvas, PointCanvas, PolygonCanvas } from "./kind-canvases.tsx";
import { PointTool } from "./point-tool.ts";
import { PolygonTool } from "./polygon-tool.ts";
import type { ClipboardHolder } from "./shape-commands.ts";
import { KeypointStore, PointStore, PolygonStore } from "./shape-kinds.ts";
import { CanvasStore } from "./store.ts";
import type { CanvasTool } from "./tool.ts";

/** The label a new item of the task starts with: the one last picked in the task, or the first. */
function rememberedLabel(task: TaskView, ctx: EditorContext): string | null {
  const kept = ctx.taskState.get("activeLabel");
  return typeof kept === "string" || kept === null ? kept : (task.labels[0]?.id ?? null);
}

/** Keeps the active label across the task's items, and the task's UI state within reach of the workspace. */
function wire<
  S extends { subscribe(l: () => void): () => void; getSnapshot(): { activeLabel: string | null } },
>(store: S, ctx: EditorContext): S {
  store.subscribe(() => ctx.taskState.set("activeLabel", store.getSnapshot().activeLabel));
  rememberTaskState(store, ctx.taskState);
  return store;
}

/** The task's clipboard: copy on one image, paste on the next. */
function clipboardOf<S>(store: object): ClipboardHolder<S> {
  const state = taskStateOf(store);
  let holder = state?.get("clipboard") as ClipboardHolder<S> | undefined;
  if (!holder) {
    holder = { current: null };
    state?.set("clipboard", holder);
  }
  return holder;
}

/** Builds the tool once per store and image. */
function useTool<T extends CanvasTool>(make: () => T, deps: unknown[]): T {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the tool depends on
  return useMemo(make, deps);
}

function useKindHelp(keys: ShortcutGroup["keys"]): ShortcutGroup {
  const { t } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys are built from t
  return useMemo(() => ({ title: t("shapes.groupDraw"), keys }), [t]);
}

// --- boxes ---

function BoxesWorkspace({ task, item, editor, locked }: WorkspaceProps<CanvasStore>) {
  const { t } = useTranslation();
  const image = { width: item.width, height: item.height };
  const tool = useTool(
    () => new BoxTool(editor, { image, labels: task.labels, clipboard: clipboardOf(editor) }),
    [editor, item.width, item.height, task.labels],
  );
  const help = useKindHelp([{ keys: ["Drag"], action: t("shapes.keys.boxDraw") }]);
  return (
    <ItemWorkspace
      task={task}
      item={item}
      store={editor as unknown as AnyShapeStore}
      tool={tool as unknown as ItemWorkspaceTool}
      locked={locked}
      shapeKind={t("canvas.boxes")}
      countCaption={t("canvas.boxes")}
      boxes
      help={help}
      canvas={(filter) => (
        <AnnotationCanvas
          item={item}
          labels={task.labels}
          store={editor}
          tool={tool}
          readOnly={locked}
          imageFilter={filter}
        />
      )}
    />
  );
}

type ItemWorkspaceTool = Parameters<typeof ItemWorkspace>[0]["tool"];

export const boxesKind: TaskKindClient<"BOXES", CanvasStore> = {
  kind: "BOXES",
  createEditor(task, _item, saved, ctx) {
    const store = new CanvasStore({ boxes: saved?.boxes ?? [], activeLabel: rememberedLabel(task, ctx) });
    return wire(store, ctx);
  },
  Workspace: BoxesWorkspace,
};

// --- polygons ---

function PolygonsWorkspace({ task, item, editor, locked }: WorkspaceProps<PolygonStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const tool = useTool(
    () =>
      new PolygonTool(editor, {
        image: { width: item.width, height: item.height },
        labels: task.labels,
        clipboard: clipboardOf(editor),
      }),
    [editor, item.width, item.height, task.labels],
  );
  const help = useKindHelp([
    { keys: ["Click"], action: t("shapes.keys.polygonDraw") },
    { keys: ["N"], action: t("shapes.keys.polygonNew") },
    { keys: ["Enter"], action: t("shapes.closePolygon") },
    { keys: ["Backspace"], action: t("shapes.keys.polygonBackspace") },
    { keys: ["Esc"], action: t("shapes.keys.escape") },
    { keys: ["Alt+Click", "Shift+Click"], action: t("shapes.keys.polygonInsert") },
    { keys: ["Alt+Click", "Delete"], action: t("shapes.keys.polygonDelete") },
  ]);
  const drawing = snap.draft !== null;
  return (
    <ItemWorkspace
      task={task}
      item={item}
      store={editor as unknown as AnyShapeStore}
      tool={tool as unknown as ItemWorkspaceTool}
      locked={locked}
      shapeKind={t("shapes.polygons")}
      countCaption={t("shapes.polygons")}
      help={help}
      kindTools={
        <>
          <button
            type="button"
            className={`btn btn-small${drawing ? " is-active" : ""}`}
            data-testid="tool-polygon"
            aria-pressed={drawing}
            disabled={locked}
            onClick={() => (drawing ? tool.close() : tool.keyDown({ key: "n" }))}
          >
            {drawing ? t("shapes.closePolygon") : t("shapes.newPolygon")}
          </button>
          {drawing && (
            <span className="muted small" data-testid="polygon-progress">
              {t("shapes.drawingPolygon", { count: snap.draft?.points.length ?? 0 })}
            </span>
          )}
        </>
      }
      canvas={(filter) => (
        <PolygonCanvas
          item={item}
          labels={task.labels}
          store={editor}
          tool={tool}
          readOnly={locked}
          imageFilter={filter}
        />
      )}
    />
  );
}

export const polygonsKind: TaskKindClient<"POLYGONS", PolygonStore> = {
  kind: "POLYGONS",
  createEditor(task, _item, saved: TaskAnswers["POLYGONS"] | null, ctx) {
    const store = new PolygonStore({
      shapes: saved?.polygons ?? [],
      activeLabel: rememberedLabel(task, ctx),
    });
    return wire(store, ctx);
  },
  Workspace: PolygonsWorkspace,
};

// --- points ---

function PointsWorkspace({ task, item, editor, locked }: WorkspaceProps<PointStore>) {
  const { t } = useTranslation();
  const tool = useTool(
    () =>
      new PointTool(editor, {
        image: { width: item.width, height: item.height },
        labels: task.labels,
        clipboard: clipboardOf(editor),
      }),
    [editor, item.width, item.height, task.labels],
  );
  const help = useKindHelp([{ keys: ["Click"], action: t("shapes.keys.pointDraw") }]);
  return (
    <ItemWorkspace
      task={task}
      item={item}
      store={editor as unknown as AnyShapeStore}
      tool={tool as unknown as ItemWorkspaceTool}
      locked={locked}
      shapeKind={t("shapes.points")}
      countCaption={t("shapes.points")}
      help={help}
      canvas={(filter) => (
        <PointCanvas
          item={item}
          labels={task.labels}
          store={editor}
          tool={tool}
          readOnly={locked}
          imageFilter={filter}
        />
      )}
    />
  );
}

export const pointsKind: TaskKindClient<"POINTS", PointStore> = {
  kind: "POINTS",
  createEditor(task, _item, saved: TaskAnswers["POINTS"] | null, ctx) {
    const store = new PointStore({ shapes: saved?.points ?? [], activeLabel: rememberedLabel(task, ctx) });
    return wire(store, ctx);
  },
  Workspace: PointsWorkspace,
};

// --- keypoints ---

/** A task without a skeleton (a setup mistake) still shows its instances, as one-keypoint skeletons. */
const NO_SKELETON: Skeleton = { keypoints: [{ id: "point", name: "point" }], edges: [] };

function KeypointsWorkspace({ task, item, editor, locked }: WorkspaceProps<KeypointStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const skeleton = task.options?.skeleton ?? NO_SKELETON;
  const tool = useTool(
    () =>
      new KeypointTool(editor, {
        image: { width: item.width, height: item.height },
        labels: task.labels,
        skeleton,
        clipboard: clipboardOf(editor),
      }),
    [editor, item.width, item.height, task.labels, skeleton],
  );
  const help = useKindHelp([
    { keys: ["Click"], action: t("shapes.keys.keypointDraw") },
    { keys: ["N"], action: t("shapes.newInstance") },
    { keys: ["S"], action: t("shapes.keys.keypointSkip") },
    { keys: ["V"], action: t("shapes.keys.keypointVisibility") },
    { keys: ["Enter"], action: t("shapes.keys.keypointFinish") },
    { keys: ["Backspace"], action: t("shapes.keys.polygonBackspace") },
    { keys: ["Alt+Click"], action: t("shapes.keys.keypointUnlabel") },
  ]);
  const draft = snap.draft;
  const next = draft ? skeleton.keypoints[draft.keypoints.length]?.name : undefined;
  const active = snap.activeVertex === null ? undefined : skeleton.keypoints[snap.activeVertex]?.name;
  return (
    <ItemWorkspace
      task={task}
      item={item}
      store={editor as unknown as AnyShapeStore}
      tool={tool as unknown as ItemWorkspaceTool}
      locked={locked}
      shapeKind={t("shapes.instances")}
      countCaption={t("shapes.instances")}
      help={help}
      kindTools={
        draft ? (
          <>
            <span className="next-keypoint" data-testid="next-keypoint">
              {t("shapes.nextKeypoint", { name: next ?? "" })}
              {draft.nextVisibility === 1 && ` (${t("shapes.occluded")})`}
            </span>
            <button
              type="button"
              className="btn btn-small"
              data-testid="skip-keypoint"
              onClick={() => tool.skip()}
            >
              {t("shapes.skipKeypoint")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="toggle-visibility"
              onClick={() => tool.toggleNextVisibility()}
            >
              {t("shapes.toggleVisibility")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="finish-instance"
              onClick={() => tool.finish()}
            >
              {t("shapes.finishInstance")}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-small"
              data-testid="tool-keypoints"
              disabled={locked}
              onClick={() => tool.keyDown({ key: "n" })}
            >
              {t("shapes.newInstance")}
            </button>
            {active && (
              <button
                type="button"
                className="btn btn-small"
                data-testid="toggle-visibility"
                disabled={locked}
                onClick={() => tool.toggleVisibility()}
              >
                {active}: {t("shapes.toggleVisibility")}
              </button>
            )}
          </>
        )
      }
      canvas={(filter) => (
        <KeypointCanvas
          item={item}
          labels={task.labels}
          store={editor}
          tool={tool}
          readOnly={locked}
          imageFilter={filter}
          skeleton={skeleton}
        />
      )}
    />
  );
}

export const keypointsKind: TaskKindClient<"KEYPOINTS", KeypointStore> = {
  kind: "KEYPOINTS",
  createEditor(task, _item, saved: TaskAnswers["KEYPOINTS"] | null, ctx) {
    const store = new KeypointStore({
      shapes: saved?.instances ?? [],
      activeLabel: rememberedLabel(task, ctx),
    });
    return wire(store, ctx);
  },
  Workspace: KeypointsWorkspace,
};
