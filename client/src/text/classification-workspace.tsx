// The TEXT_CLASSIFICATION item view: the text and the task's labels as toggles (radio-like for a
// single-label task, checkboxes for a multi-label one), number keys and undo.
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { type ClassificationStore, classificationKeyDown } from "../classify/classification-store.ts";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { LabelPalette } from "../workspace/label-palette.tsx";
import { useWorkspaceKeys } from "../workspace/use-workspace-keys.ts";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";

export function ClassificationWorkspace({
  task,
  item,
  editor: store,
  locked,
}: WorkspaceProps<ClassificationStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const multi = store.multiLabel;

  useWorkspaceKeys((e) => classificationKeyDown(store, e), !locked);

  const prompt = multi ? t("text.chooseAny") : t("text.chooseOne");
  const names = snap.labels.map((id) => task.labels.find((l) => l.id === id)?.name ?? id);

  return (
    <section className="workspace text-workspace" aria-label={task.title}>
      <WorkspaceHead
        task={task}
        item={item}
        positionText={t("text.itemOf", { n: item.position, total: task.items.length })}
      />
      <div className="card cls-text" data-testid="classify-text">
        {item.text ?? ""}
      </div>
      <div className="card cls-choices">
        <fieldset className="cls-options" disabled={locked}>
          <legend>{prompt}</legend>
          <LabelPalette
            labels={task.labels}
            pressed={(id) => snap.labels.includes(id)}
            onPick={(id) => store.toggle(id)}
            ariaLabel={prompt}
            disabled={locked}
            mark={multi ? "check" : "radio"}
            buttonTestIdPrefix="choice-"
            buttonClassName="cls-option"
          />
        </fieldset>
        <div className="cls-footer">
          <span className="muted small" data-testid="chosen-labels">
            {names.length ? t("text.chosen", { labels: names.join("、") }) : t("text.noneChosen")}
          </span>
          <span className="toolbar-actions">
            <HistoryButtons history={store} state={snap} disabled={locked} testIdPrefix="text-" />
          </span>
        </div>
      </div>
      <p className="canvas-help">{t("text.classHelp")}</p>
    </section>
  );
}
