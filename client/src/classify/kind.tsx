// Image classification: the image (read-only, fit to the space) with the task's labels as toggles,
// radio-like for one label, checkboxes when the task is multi-label; number keys, undo / redo.
import { type CSSProperties, useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ClassificationAnswer } from "../../../protocol/index.ts";
import { isTextEntry } from "../canvas/keyboard.ts";
import type { TaskKindClient, WorkspaceProps } from "../exam/task-kind.ts";
import { HelpOverlay, type ShortcutGroup } from "../workspace/help-overlay.tsx";
import { ImageAdjust } from "../workspace/image-adjust.tsx";
import { adjustFilter, readAdjust } from "../workspace/image-adjust-value.ts";
import { NAV_KEYS } from "../workspace/paper-nav.ts";
import { ClassificationStore, classificationKeyDown } from "./classification-store.ts";

function ClassificationWorkspace({ task, item, editor, locked }: WorkspaceProps<ClassificationStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const [failed, setFailed] = useState(false);
  const multi = editor.multiLabel;

  useEffect(() => {
    if (locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (classificationKeyDown(editor, e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editor, locked]);

  const chosenNames = snap.labels.map((id) => task.labels.find((l) => l.id === id)?.name ?? id);
  const shortcuts: ShortcutGroup[] = [
    {
      title: t("nav.classify.labels"),
      keys: [
        ...task.labels.slice(0, 9).map((l, i) => ({ keys: [String(i + 1)], action: l.name })),
        { keys: ["Delete", "Backspace"], action: t("nav.classify.clear") },
        { keys: ["Ctrl+Z"], action: t("nav.classify.undo") },
        { keys: ["Ctrl+Shift+Z", "Ctrl+Y"], action: t("nav.classify.redo") },
      ],
    },
    {
      title: t("exam.navigation"),
      keys: [
        { keys: [...NAV_KEYS.next], action: t("nav.next") },
        { keys: [...NAV_KEYS.prev], action: t("nav.prev") },
        { keys: [...NAV_KEYS.flag], action: t("nav.flag") },
        { keys: ["?"], action: t("nav.help.title") },
      ],
    },
  ];

  return (
    <section className="workspace classify" aria-label={task.title} data-testid="classify-workspace">
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
        <div
          className="palette"
          role="toolbar"
          aria-label={t("nav.classify.labels")}
          data-testid="classify-labels"
          data-multi={multi}
        >
          {task.labels.map((l, i) => {
            const chosen = snap.labels.includes(l.id);
            return (
              <button
                key={l.id}
                type="button"
                aria-pressed={chosen}
                className={`label-button classify-choice${chosen ? " is-active" : ""}`}
                data-testid={`label-${l.id}`}
                data-chosen={chosen}
                disabled={locked}
                style={{ "--label-color": l.color } as CSSProperties}
                onClick={() => editor.toggle(l.id)}
              >
                <span className={`classify-tick${multi ? " is-box" : ""}`} aria-hidden="true" />
                <span className="swatch" aria-hidden="true" />
                <span>{l.name}</span>
                {i < 9 && <kbd>{i + 1}</kbd>}
              </button>
            );
          })}
        </div>
        <div className="toolbar-actions">
          <span className="muted small">{multi ? t("nav.classify.multi") : t("nav.classify.single")}</span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="classify-undo"
            disabled={locked || !snap.canUndo}
            onClick={() => editor.undo()}
            title="Ctrl+Z"
          >
            {t("nav.classify.undo")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="classify-redo"
            disabled={locked || !snap.canRedo}
            onClick={() => editor.redo()}
            title="Ctrl+Shift+Z"
          >
            {t("nav.classify.redo")}
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="classify-clear"
            disabled={locked || snap.labels.length === 0}
            onClick={() => editor.clear()}
            title="Delete"
          >
            {t("nav.classify.clear")}
          </button>
          <HelpOverlay groups={shortcuts} />
        </div>
      </div>
      <div className="classify-frame">
        {failed ? (
          <p className="canvas-note" role="alert">
            {t("nav.classify.imageFailed")}
          </p>
        ) : (
          <img
            className="classify-image"
            data-testid="classify-image"
            src={item.imageUrl}
            alt={t("nav.classify.image")}
            width={item.width || undefined}
            height={item.height || undefined}
            draggable={false}
            style={{ filter: adjustFilter(snap.adjust) }}
            onError={() => setFailed(true)}
          />
        )}
      </div>
      <div className="classify-foot">
        <p className="classify-chosen" data-testid="classify-chosen" aria-live="polite">
          {snap.labels.length === 0 ? t("nav.classify.none") : chosenNames.join(" · ")}
        </p>
        <ImageAdjust value={snap.adjust} onChange={(v) => editor.setAdjust(v)} />
      </div>
      <p className="canvas-help">{t("nav.classify.help")}</p>
    </section>
  );
}

export const imageClassificationKind: TaskKindClient<"IMAGE_CLASSIFICATION", ClassificationStore> = {
  kind: "IMAGE_CLASSIFICATION",
  createEditor(task, _item, saved: ClassificationAnswer | null, ctx) {
    const store = new ClassificationStore({
      labelIds: task.labels.map((l) => l.id),
      multiLabel: task.options.multiLabel ?? false,
      labels: saved?.labels ?? [],
      adjust: readAdjust(ctx.taskState.get("adjust")),
    });
    // Brightness and contrast carry over to the task's next image.
    store.subscribe(() => ctx.taskState.set("adjust", store.getSnapshot().adjust));
    return store;
  },
  Workspace: ClassificationWorkspace,
};
