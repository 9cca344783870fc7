// The image task kinds drawn on the canvas: boxes, polygons, points and keypoint skeletons. Each
// brings its store (the editor the exam page autosaves), its tool, its canvas and its own controls;
// imageKind wires them the same way for all.

// i18next's own TFunction (as ui/errors.ts uses): the hook's return type, inferred into each kind's
// keys() callback, instantiated every translation key and passed TypeScript's depth limit once the
// dictionary grew past about 800 keys (TS2589).
import type { TFunction } from "i18next";
import { type ComponentType, type ReactNode, useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { Skeleton, TaskAnswers, TaskView } from "../../../protocol/index.ts";
import {
  type AnyShapeStore,
  ItemWorkspace,
  rememberTaskState,
  taskStateOf,
} from "../exam/item-workspace.tsx";
import type { EditorContext, ItemEditor, TaskKindClient, WorkspaceProps } from "../exam/task-kind.ts";
import type { ShortcutGroup } from "../workspace/help-overlay.tsx";
import { AnnotationCanvas } from "./annotation-canvas.tsx";
import { BoxTool } from "./box-tool.ts";
import { KeypointTool } from "./keypoint-tool.ts";
import { KeypointCanvas, type KindCanvasProps, PointCanvas, PolygonCanvas } from "./kind-canvases.tsx";
import { PointTool } from "./point-tool.ts";
import { PolygonTool } from "./polygon-tool.ts";
import type { ClipboardHolder } from "./shape-commands.ts";
import { KeypointStore, PointStore, PolygonStore } from "./shape-kinds.ts";
import type { BaseShape, ShapeSnapshot } from "./shape-store.ts";
import { CanvasStore } from "./store.ts";
import type { CanvasTool, ShapeToolOptions } from "./tool.ts";

type ImageKind = "BOXES" | "POLYGONS" | "POINTS" | "KEYPOINTS";
type ItemWorkspaceTool = Parameters<typeof ItemWorkspace>[0]["tool"];

/** A kind's store: an editor of its answer, with the shape store's snapshot. */
interface KindStore<K extends ImageKind> extends ItemEditor<TaskAnswers[K]> {
  getSnapshot(): ShapeSnapshot<BaseShape, unknown>;
}

interface KindSpec<K extends ImageKind, Store extends KindStore<K>, Tool extends CanvasTool> {
  kind: K;
  /** The item's store, starting from the saved document and the label last picked in the task. */
  store(saved: TaskAnswers[K] | null, activeLabel: string | null): Store;
  tool(store: Store, options: ShapeToolOptions<never>, task: TaskView): Tool;
  /** Parts of the task besides its labels the tool is built from. */
  toolDeps?: (task: TaskView) => unknown[];
  /** Translation keys of what a shape is called and of the count's caption; boxes keep older testids. */
  names: {
    shape: "canvas.boxes" | "shapes.polygons" | "shapes.points" | "shapes.instances";
    boxes?: boolean;
  };
  /** The kind's own shortcuts, for the help. */
  keys(t: TFunction): ShortcutGroup["keys"];
  /** The kind's own controls; they follow the store themselves. */
  Tools?: (props: { store: Store; tool: Tool; task: TaskView; locked: boolean }) => ReactNode;
  Canvas: ComponentType<KindCanvasProps<Store, Tool>>;
}

/** The label a new item of the task starts with: the one last picked in the task, or the first. */
function rememberedLabel(task: TaskView, ctx: EditorContext): string | null {
  const kept = ctx.taskState.get("activeLabel");
  return typeof kept === "string" || kept === null ? kept : (task.labels[0]?.id ?? null);
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

/** Why the last edit was refused, announced to screen readers as it changes. */
function RefusalNotice({ store }: { store: KindStore<ImageKind> }) {
  const { t } = useTranslation();
  const notice = useSyncExternalStore(store.subscribe, () => store.getSnapshot().notice);
  return (
    <span className="muted small" role="status" aria-live="polite" data-testid="canvas-notice">
      {notice ? t(`shapes.notice.${notice}`) : ""}
    </span>
  );
}

/** The workspace of an image kind: the item workspace around the kind's tool, controls and canvas. */
function ImageKindWorkspace<K extends ImageKind, Store extends KindStore<K>, Tool extends CanvasTool>({
  spec,
  task,
  item,
  editor,
  locked,
}: WorkspaceProps<Store> & { spec: KindSpec<K, Store, Tool> }) {
  const { t } = useTranslation();
  const extraDeps = spec.toolDeps?.(task) ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: the tool is built once per store, image and task setup
  const tool = useMemo(
    () =>
      spec.tool(
        editor,
        {
          image: { width: item.width, height: item.height },
          labels: task.labels,
          clipboard: clipboardOf(editor),
        },
        task,
      ),
    [editor, item.width, item.height, task.labels, ...extraDeps],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys are built from t
  const help = useMemo(() => ({ title: t("shapes.groupDraw"), keys: spec.keys(t) }), [t]);
  const { Tools, Canvas } = spec;
  const name = t(spec.names.shape);
  return (
    <ItemWorkspace
      task={task}
      item={item}
      store={editor as unknown as AnyShapeStore}
      tool={tool as unknown as ItemWorkspaceTool}
      locked={locked}
      shapeKind={name}
      countCaption={name}
      boxes={spec.names.boxes}
      help={help}
      kindTools={
        <>
          {Tools && <Tools store={editor} tool={tool} task={task} locked={locked} />}
          <RefusalNotice store={editor} />
        </>
      }
      canvas={(filter) => (
        <Canvas
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

/** The task kind client of an image kind: its editor, wired the same way for all, and its workspace. */
function imageKind<K extends ImageKind, Store extends KindStore<K>, Tool extends CanvasTool>(
  spec: KindSpec<K, Store, Tool>,
  Workspace: ComponentType<WorkspaceProps<Store>>,
): TaskKindClient<K, Store> {
  return {
    kind: spec.kind,
    createEditor(task, _item, saved, ctx) {
      const store = spec.store(saved, rememberedLabel(task, ctx));
      // Keeps the active label across the task's items, and the task's UI state within reach of the workspace.
      store.subscribe(() => ctx.taskState.set("activeLabel", store.getSnapshot().activeLabel));
      rememberTaskState(store, ctx.taskState);
      return store;
    },
    Workspace,
  };
}

// --- boxes ---

const boxesSpec: KindSpec<"BOXES", CanvasStore, BoxTool> = {
  kind: "BOXES",
  store: (saved, activeLabel) => new CanvasStore({ boxes: saved?.boxes ?? [], activeLabel }),
  tool: (store, options) => new BoxTool(store, options),
  names: { shape: "canvas.boxes", boxes: true },
  keys: (t) => [{ keys: ["Drag"], action: t("shapes.keys.boxDraw") }],
  Canvas: AnnotationCanvas,
};

function BoxesWorkspace(props: WorkspaceProps<CanvasStore>) {
  return <ImageKindWorkspace spec={boxesSpec} {...props} />;
}

export const boxesKind = imageKind(boxesSpec, BoxesWorkspace);

// --- polygons ---

function PolygonTools({ store, tool, locked }: { store: PolygonStore; tool: PolygonTool; locked: boolean }) {
  const { t } = useTranslation();
  const draft = useSyncExternalStore(store.subscribe, () => store.getSnapshot().draft);
  const drawing = draft !== null;
  return (
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
          {t("shapes.drawingPolygon", { count: draft?.points.length ?? 0 })}
        </span>
      )}
    </>
  );
}

const polygonsSpec: KindSpec<"POLYGONS", PolygonStore, PolygonTool> = {
  kind: "POLYGONS",
  store: (saved, activeLabel) => new PolygonStore({ shapes: saved?.polygons ?? [], activeLabel }),
  tool: (store, options) => new PolygonTool(store, options),
  names: { shape: "shapes.polygons" },
  keys: (t) => [
    { keys: ["Click"], action: t("shapes.keys.polygonDraw") },
    { keys: ["N"], action: t("shapes.keys.polygonNew") },
    { keys: ["Enter"], action: t("shapes.closePolygon") },
    { keys: ["Backspace"], action: t("shapes.keys.polygonBackspace") },
    { keys: ["Esc"], action: t("shapes.keys.escape") },
    { keys: ["Alt+Click", "Shift+Click"], action: t("shapes.keys.polygonInsert") },
    { keys: ["Alt+Click", "Delete"], action: t("shapes.keys.polygonDelete") },
  ],
  Tools: PolygonTools,
  Canvas: PolygonCanvas,
};

function PolygonsWorkspace(props: WorkspaceProps<PolygonStore>) {
  return <ImageKindWorkspace spec={polygonsSpec} {...props} />;
}

export const polygonsKind = imageKind(polygonsSpec, PolygonsWorkspace);

// --- points ---

const pointsSpec: KindSpec<"POINTS", PointStore, PointTool> = {
  kind: "POINTS",
  store: (saved, activeLabel) => new PointStore({ shapes: saved?.points ?? [], activeLabel }),
  tool: (store, options) => new PointTool(store, options),
  names: { shape: "shapes.points" },
  keys: (t) => [{ keys: ["Click"], action: t("shapes.keys.pointDraw") }],
  Canvas: PointCanvas,
};

function PointsWorkspace(props: WorkspaceProps<PointStore>) {
  return <ImageKindWorkspace spec={pointsSpec} {...props} />;
}

export const pointsKind = imageKind(pointsSpec, PointsWorkspace);

// --- keypoints ---

/** A task without a skeleton (a setup mistake) still shows its instances, as one-keypoint skeletons. */
const NO_SKELETON: Skeleton = { keypoints: [{ id: "point", name: "point" }], edges: [] };
const skeletonOf = (task: TaskView): Skeleton => task.options?.skeleton ?? NO_SKELETON;

function KeypointTools({
  store,
  tool,
  task,
  locked,
}: {
  store: KeypointStore;
  tool: KeypointTool;
  task: TaskView;
  locked: boolean;
}) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const skeleton = skeletonOf(task);
  const draft = snap.draft;
  if (draft) {
    const next = skeleton.keypoints[draft.keypoints.length]?.name;
    return (
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
    );
  }
  const active = snap.activeVertex === null ? undefined : skeleton.keypoints[snap.activeVertex]?.name;
  return (
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
  );
}

const keypointsSpec: KindSpec<"KEYPOINTS", KeypointStore, KeypointTool> = {
  kind: "KEYPOINTS",
  store: (saved, activeLabel) => new KeypointStore({ shapes: saved?.instances ?? [], activeLabel }),
  tool: (store, options, task) => new KeypointTool(store, { ...options, skeleton: skeletonOf(task) }),
  toolDeps: (task) => [skeletonOf(task)],
  names: { shape: "shapes.instances" },
  keys: (t) => [
    { keys: ["Click"], action: t("shapes.keys.keypointDraw") },
    { keys: ["N"], action: t("shapes.newInstance") },
    { keys: ["S"], action: t("shapes.keys.keypointSkip") },
    { keys: ["V"], action: t("shapes.keys.keypointVisibility") },
    { keys: ["Enter"], action: t("shapes.keys.keypointFinish") },
    { keys: ["Backspace"], action: t("shapes.keys.polygonBackspace") },
    { keys: ["Alt+Click"], action: t("shapes.keys.keypointUnlabel") },
  ],
  Tools: KeypointTools,
  Canvas: KeypointCanvas,
};

function KeypointsWorkspace(props: WorkspaceProps<KeypointStore>) {
  return <ImageKindWorkspace spec={keypointsSpec} {...props} />;
}

export const keypointsKind = imageKind(keypointsSpec, KeypointsWorkspace);
