// The image item view of every shape kind: task header, label palette, editing actions, brightness
// and contrast, the canvas, the list of shapes with counts per label, and the keyboard help.
import "./contestant-page.css";
import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ItemView, TaskView } from "../../../protocol/index.ts";
import type { ShapeCommands } from "../canvas/shape-commands.ts";
import type { BaseShape, ShapeSnapshot, ShapeStore } from "../canvas/shape-store.ts";
import type { CanvasTool } from "../canvas/tool.ts";
import { HelpOverlay, type ShortcutGroup } from "../workspace/help-overlay.tsx";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { type Adjust, adjustFilter, ImageAdjust, readAdjust } from "../workspace/image-adjust.tsx";
import { LabelPalette } from "../workspace/label-palette.tsx";
import { ShapeList } from "../workspace/shape-list.tsx";
import { ToolButton } from "../workspace/tool-button.tsx";
import { useWorkspaceKeys } from "../workspace/use-workspace-keys.ts";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";

// biome-ignore lint/suspicious/noExplicitAny: a store of any shape kind
export type AnyShapeStore = ShapeStore<BaseShape, any, any, ShapeSnapshot<BaseShape, any>>;

/** The UI state kept per task (brightness and contrast), reached from an item's store. */
const taskStates = new WeakMap<object, Map<string, unknown>>();
export function rememberTaskState(store: object, taskState: Map<string, unknown>): void {
  taskStates.set(store, taskState);
}
export function taskStateOf(store: object): Map<string, unknown> | undefined {
  return taskStates.get(store);
}

export interface ItemWorkspaceProps {
  task: TaskView;
  item: ItemView;
  store: AnyShapeStore;
  tool: CanvasTool & { commands: ShapeCommands<BaseShape> };
  locked: boolean;
  /** What a shape is called in the list ("box", "polygon"…), already translated. */
  shapeKind: string;
  /** The count's caption, already translated, and whether it is the boxes' (older testids). */
  countCaption: string;
  boxes?: boolean;
  /** The canvas, with the CSS filter of the image layer. */
  canvas: (imageFilter: string) => ReactNode;
  /** Kind-specific controls (new polygon, skip keypoint…) and status. */
  kindTools?: ReactNode;
  /** Kind-specific shortcuts for the help. */
  help: ShortcutGroup;
}

export function ItemWorkspace(props: ItemWorkspaceProps) {
  const { task, item, store, tool, locked, shapeKind, countCaption, boxes, canvas, kindTools, help } = props;
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const taskState = taskStateOf(store);
  const [adjust, setAdjustState] = useState<Adjust>(() => readAdjust(taskState?.get("adjust")));
  const setAdjust = (a: Adjust) => {
    setAdjustState(a);
    taskState?.set("adjust", a);
  };

  useEffect(() => {
    tool.setEnabled(!locked);
  }, [tool, locked]);
  // Another item (or leaving the page) ends what was being drawn or dragged here.
  useEffect(() => () => void tool.cancel(), [tool]);

  // Canvas shortcuts never act on the page, even when they do nothing (Ctrl+A with no shapes).
  useWorkspaceKeys((e) => tool.keyDown(e), true, true);

  const commands = tool.commands;
  const selection = snap.selectedIds;
  const primary = snap.selectedId === null ? undefined : store.shape(snap.selectedId);
  const allHidden = selection.size > 0 && [...selection].every((id) => snap.hidden.has(id));
  const allLocked = selection.size > 0 && [...selection].every((id) => snap.locked.has(id));
  const groups = useShortcutGroups(help);
  const entries = useMemo(
    () =>
      snap.shapes.map((s) => ({
        id: s.id,
        label: s.label,
        kind: shapeKind,
        hidden: snap.hidden.has(s.id),
        locked: snap.locked.has(s.id),
        selected: selection.has(s.id),
      })),
    [snap.shapes, snap.hidden, snap.locked, selection, shapeKind],
  );

  return (
    <section className="workspace" aria-label={task.title}>
      <WorkspaceHead task={task} item={item} />
      {/* Two single-line toolbars of a fixed height: what a tool shows while it draws goes into the
          kind's slot, which scrolls or cuts rather than wraps, so the canvas never moves. */}
      <div className="toolbar image-toolbar" data-testid="image-toolbar">
        <LabelPalette
          labels={task.labels}
          pressed={(id) => snap.activeLabel === id}
          onPick={(id) => store.setActiveLabel(id)}
          ariaLabel={t("canvas.labels")}
          disabled={locked}
        />
        <div className="toolbar-actions image-toolbar-end">
          <span className="box-count-label">
            {countCaption}{" "}
            <strong data-testid={boxes ? "box-count" : "shape-count"}>{snap.shapes.length}</strong>
          </span>
          {selection.size > 1 && (
            <span className="muted small" data-testid="selection-count">
              {t("shapes.selected", { count: selection.size })}
            </span>
          )}
          {primary && (
            <select
              className="select"
              aria-label={t("shapes.selectedLabel")}
              data-testid="selected-label"
              value={primary.label}
              disabled={locked || allLocked}
              onChange={(e) => {
                commands.relabelSelected(e.target.value);
                e.currentTarget.blur(); // the shortcuts are the canvas's again
              }}
            >
              {task.labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          )}
          <HistoryButtons history={store} state={snap} disabled={locked} />
          <ToolButton
            testId={boxes ? "delete-box" : "delete-shape"}
            keys="Delete"
            danger
            disabled={locked || selection.size === 0 || allLocked}
            onClick={() => commands.deleteSelected()}
          >
            {t("canvas.delete")}
          </ToolButton>
        </div>
      </div>
      <div className="toolbar shapes-toolbar image-toolbar" data-testid="shapes-toolbar">
        <div className="toolbar-actions kind-tools" data-testid="kind-tools">
          {kindTools}
        </div>
        {/* While a polygon or a skeleton is being drawn the editing commands do nothing (the tool
            takes only its own keys), so they make room for the drawing's controls. */}
        <div className="toolbar-actions edit-tools" hidden={!boxes && snap.draft !== null}>
          <ToolButton
            testId="copy-shapes"
            keys="Ctrl+C"
            disabled={locked || selection.size === 0}
            onClick={() => commands.copy()}
          >
            {t("shapes.copy")}
          </ToolButton>
          <ToolButton testId="paste-shapes" keys="Ctrl+V" disabled={locked} onClick={() => commands.paste()}>
            {t("shapes.paste")}
          </ToolButton>
          <ToolButton
            testId="duplicate-shapes"
            keys="Ctrl+D"
            disabled={locked || selection.size === 0}
            onClick={() => commands.duplicate()}
          >
            {t("shapes.duplicate")}
          </ToolButton>
          <ToolButton
            testId="hide-shapes"
            keys="H"
            disabled={selection.size === 0}
            onClick={() => commands.toggleHidden()}
          >
            {allHidden ? t("shapes.show") : t("shapes.hide")}
          </ToolButton>
          <ToolButton
            testId="show-all-shapes"
            keys="Shift+H"
            disabled={snap.hidden.size === 0}
            onClick={() => commands.showAll()}
          >
            {t("shapes.showAll")}
          </ToolButton>
          <ToolButton
            testId="lock-shapes"
            keys="L"
            disabled={locked || selection.size === 0}
            onClick={() => commands.toggleLocked()}
          >
            {allLocked ? t("shapes.unlock") : t("shapes.lock")}
          </ToolButton>
        </div>
      </div>
      <div className="shapes-body">
        {canvas(adjustFilter(adjust))}
        <aside className="shapes-aside">
          {/* The view controls beside the canvas, not in the toolbars: a column of its own width. */}
          <div className="shapes-view">
            <ImageAdjust value={adjust} onChange={setAdjust} />
            <HelpOverlay groups={groups} />
          </div>
          <ShapeList
            shapes={entries}
            labels={task.labels}
            disabled={locked}
            onSelect={(id, additive) => (additive ? store.toggleSelected(id) : store.select(id))}
            onToggleHidden={(id) => commands.toggleHidden([id])}
            onToggleLocked={(id) => commands.toggleLocked([id])}
          />
        </aside>
      </div>
    </section>
  );
}

/** Every shortcut of the image workspace: the kind's own, then editing and view. */
function useShortcutGroups(kind: ShortcutGroup): ShortcutGroup[] {
  const { t } = useTranslation();
  return useMemo(
    () => [
      kind,
      {
        title: t("shapes.groupEdit"),
        keys: [
          { keys: ["1–9"], action: t("shapes.keys.labels") },
          { keys: ["Shift+Click", "Ctrl+Click"], action: t("shapes.keys.multiSelect") },
          { keys: ["Ctrl+A"], action: t("shapes.keys.selectAll") },
          { keys: ["Ctrl+C"], action: t("shapes.keys.copy") },
          { keys: ["Ctrl+V"], action: t("shapes.keys.paste") },
          { keys: ["Ctrl+D"], action: t("shapes.keys.duplicate") },
          { keys: ["Delete", "Backspace"], action: t("shapes.keys.delete") },
          { keys: ["Esc"], action: t("shapes.keys.escape") },
          { keys: ["H"], action: t("shapes.keys.hide") },
          { keys: ["Shift+H"], action: t("shapes.keys.showAll") },
          { keys: ["L"], action: t("shapes.keys.lock") },
          { keys: ["←", "→", "↑", "↓"], action: t("shapes.keys.nudge") },
          { keys: ["Ctrl+Z"], action: t("shapes.keys.undo") },
          { keys: ["Ctrl+Shift+Z", "Ctrl+Y"], action: t("shapes.keys.redo") },
        ],
      },
      {
        title: t("shapes.groupView"),
        keys: [
          { keys: ["Wheel"], action: t("shapes.keys.zoom") },
          { keys: ["+", "−"], action: t("shapes.keys.zoom") },
          { keys: ["Space+Drag", "Middle button"], action: t("shapes.keys.pan") },
          { keys: ["F", "0"], action: t("shapes.keys.fit") },
          { keys: ["?"], action: t("shapes.keys.help") },
        ],
      },
    ],
    [kind, t],
  );
}
