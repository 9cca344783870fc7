// The image item view of every shape kind: task header, label palette, editing actions, brightness
// and contrast, the canvas, the list of shapes with counts per label, and the keyboard help.
import {
  type CSSProperties,
  type ReactNode,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import { useTranslation } from "react-i18next";
import type { ItemView, TaskView } from "../../../protocol/index.ts";
import { isTextEntry } from "../canvas/keyboard.ts";
import type { ShapeCommands } from "../canvas/shape-commands.ts";
import type { BaseShape, ShapeSnapshot, ShapeStore } from "../canvas/shape-store.ts";
import type { CanvasTool } from "../canvas/tool.ts";
import { HelpOverlay, type ShortcutGroup } from "../workspace/help-overlay.tsx";
import { type Adjust, adjustFilter, ImageAdjust, readAdjust } from "../workspace/image-adjust.tsx";
import { ShapeList } from "../workspace/shape-list.tsx";

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (tool.keyDown(e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [tool]);

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
      <div className="workspace-head">
        <div>
          <h2>{task.title}</h2>
          <span className="muted">{t("exam.itemOf", { n: item.position, total: task.items.length })}</span>
        </div>
        <details className="instructions">
          <summary>{t("exam.instructions")}</summary>
          <p>{task.instructions}</p>
        </details>
      </div>
      <div className="toolbar">
        <div className="palette" role="toolbar" aria-label={t("canvas.labels")}>
          {task.labels.map((l, i) => (
            <button
              key={l.id}
              type="button"
              className={`label-button${snap.activeLabel === l.id ? " is-active" : ""}`}
              data-testid={`label-${l.id}`}
              aria-pressed={snap.activeLabel === l.id}
              disabled={locked}
              style={{ "--label-color": l.color } as CSSProperties}
              onClick={() => store.setActiveLabel(l.id)}
            >
              <span className="swatch" aria-hidden="true" />
              <span>{l.name}</span>
              {i < 9 && <kbd>{i + 1}</kbd>}
            </button>
          ))}
        </div>
        <div className="toolbar-actions">
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
          <button
            type="button"
            className="btn btn-small"
            data-testid="undo"
            disabled={locked || !snap.canUndo}
            onClick={() => store.undo()}
            title="Ctrl+Z"
          >
            {t("canvas.undo")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="redo"
            disabled={locked || !snap.canRedo}
            onClick={() => store.redo()}
            title="Ctrl+Shift+Z"
          >
            {t("canvas.redo")}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid={boxes ? "delete-box" : "delete-shape"}
            disabled={locked || selection.size === 0 || allLocked}
            onClick={() => commands.deleteSelected()}
            title="Delete"
          >
            {t("canvas.delete")}
          </button>
        </div>
      </div>
      <div className="toolbar shapes-toolbar">
        <div className="toolbar-actions">
          {kindTools}
          <button
            type="button"
            className="btn btn-small"
            data-testid="copy-shapes"
            disabled={locked || selection.size === 0}
            onClick={() => commands.copy()}
            title="Ctrl+C"
          >
            {t("shapes.copy")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="paste-shapes"
            disabled={locked}
            onClick={() => commands.paste()}
            title="Ctrl+V"
          >
            {t("shapes.paste")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="duplicate-shapes"
            disabled={locked || selection.size === 0}
            onClick={() => commands.duplicate()}
            title="Ctrl+D"
          >
            {t("shapes.duplicate")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="hide-shapes"
            disabled={selection.size === 0}
            onClick={() => commands.toggleHidden()}
            title="H"
          >
            {allHidden ? t("shapes.show") : t("shapes.hide")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="show-all-shapes"
            disabled={snap.hidden.size === 0}
            onClick={() => commands.showAll()}
            title="Shift+H"
          >
            {t("shapes.showAll")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="lock-shapes"
            disabled={locked || selection.size === 0}
            onClick={() => commands.toggleLocked()}
            title="L"
          >
            {allLocked ? t("shapes.unlock") : t("shapes.lock")}
          </button>
        </div>
        <div className="toolbar-actions">
          <ImageAdjust value={adjust} onChange={setAdjust} />
          <HelpOverlay groups={groups} />
        </div>
      </div>
      <div className="shapes-body">
        {canvas(adjustFilter(adjust))}
        <aside className="shapes-aside">
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
