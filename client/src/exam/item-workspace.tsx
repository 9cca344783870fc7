// The practical item view: task header, label palette, box tools and the annotation canvas.
import { type CSSProperties, useEffect, useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ItemView, TaskView } from "../../../protocol/index.ts";
import { AnnotationCanvas } from "../canvas/annotation-canvas.tsx";
import { BoxTool } from "../canvas/box-tool.ts";
import { isTextEntry } from "../canvas/keyboard.ts";
import type { CanvasStore } from "../canvas/store.ts";

export interface ItemWorkspaceProps {
  task: TaskView;
  item: ItemView;
  store: CanvasStore;
  locked: boolean;
}

export function ItemWorkspace({ task, item, store, locked }: ItemWorkspaceProps) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const tool = useMemo(
    () => new BoxTool(store, { image: { width: item.width, height: item.height }, labels: task.labels }),
    [store, item.width, item.height, task.labels],
  );

  useEffect(() => {
    tool.setEnabled(!locked);
  }, [tool, locked]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (tool.keyDown(e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [tool]);

  const selected = snap.boxes.find((b) => b.id === snap.selectedId);

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
            {t("canvas.boxes")} <strong data-testid="box-count">{snap.boxes.length}</strong>
          </span>
          {selected && (
            <select
              className="select"
              aria-label={t("canvas.selectedLabel")}
              value={selected.label}
              disabled={locked}
              onChange={(e) => tool.relabelSelected(e.target.value)}
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
            disabled={locked || !snap.canUndo}
            onClick={() => store.undo()}
            title="Ctrl+Z"
          >
            {t("canvas.undo")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={locked || !snap.canRedo}
            onClick={() => store.redo()}
            title="Ctrl+Shift+Z"
          >
            {t("canvas.redo")}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid="delete-box"
            disabled={locked || !selected}
            onClick={() => tool.deleteSelected()}
            title="Delete"
          >
            {t("canvas.delete")}
          </button>
        </div>
      </div>
      <AnnotationCanvas item={item} labels={task.labels} store={store} tool={tool} readOnly={locked} />
      <p className="canvas-help">{t("canvas.help")}</p>
    </section>
  );
}
