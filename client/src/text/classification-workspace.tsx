// The TEXT_CLASSIFICATION item view: the text and the task's labels as toggles (radio-like for a
// single-label task, checkboxes for a multi-label one), number keys and undo.
import { type CSSProperties, useEffect, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { isTextEntry } from "../canvas/keyboard.ts";
import { type ClassificationStore, classificationKeyDown } from "../classify/classification-store.ts";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { WorkspaceHead } from "./workspace-head.tsx";

export function ClassificationWorkspace({
  task,
  item,
  editor: store,
  locked,
}: WorkspaceProps<ClassificationStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const multi = store.multiLabel;

  useEffect(() => {
    if (locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (classificationKeyDown(store, e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, locked]);

  const prompt = multi ? t("text.chooseAny") : t("text.chooseOne");
  const names = snap.labels.map((id) => task.labels.find((l) => l.id === id)?.name ?? id);

  return (
    <section className="workspace text-workspace" aria-label={task.title}>
      <WorkspaceHead task={task} item={item} />
      <div className="card cls-text" data-testid="classify-text">
        {item.text ?? ""}
      </div>
      <div className="card cls-choices">
        <fieldset className="cls-options" disabled={locked}>
          <legend>{prompt}</legend>
          {task.labels.map((l, i) => {
            const on = snap.labels.includes(l.id);
            return (
              <button
                key={l.id}
                type="button"
                aria-pressed={on}
                className={`label-button cls-option${on ? " is-active" : ""}${multi ? " is-multi" : ""}`}
                data-testid={`choice-${l.id}`}
                disabled={locked}
                style={{ "--label-color": l.color } as CSSProperties}
                onClick={() => store.toggle(l.id)}
              >
                <span className="cls-mark" aria-hidden="true" />
                <span className="swatch" aria-hidden="true" />
                <span>{l.name}</span>
                {i < 9 && <kbd>{i + 1}</kbd>}
              </button>
            );
          })}
        </fieldset>
        <div className="cls-footer">
          <span className="muted small" data-testid="chosen-labels">
            {names.length ? t("text.chosen", { labels: names.join("、") }) : t("text.noneChosen")}
          </span>
          <span className="toolbar-actions">
            <button
              type="button"
              className="btn btn-small"
              data-testid="text-undo"
              disabled={locked || !snap.canUndo}
              onClick={() => store.undo()}
              title="Ctrl+Z"
            >
              {t("text.undo")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="text-redo"
              disabled={locked || !snap.canRedo}
              onClick={() => store.redo()}
              title="Ctrl+Shift+Z"
            >
              {t("text.redo")}
            </button>
          </span>
        </div>
      </div>
      <p className="canvas-help">{t("text.classHelp")}</p>
    </section>
  );
}
