// Image classification: the image (read-only, fit to the space) with the task's labels as toggles,
// radio-like for one label, checkboxes when the task is multi-label; number keys, undo / redo.
import { useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ClassificationAnswer } from "../../../protocol/index.ts";
import type { TaskKindClient, WorkspaceProps } from "../exam/task-kind.ts";
import { HelpOverlay, type ShortcutGroup } from "../workspace/help-overlay.tsx";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { ImageAdjust } from "../workspace/image-adjust.tsx";
import { adjustFilter, readAdjust } from "../workspace/image-adjust-value.ts";
import { LabelPalette } from "../workspace/label-palette.tsx";
import { NAV_KEYS } from "../workspace/paper-nav.ts";
import { ToolButton } from "../workspace/tool-button.tsx";
import { useWorkspaceKeys } from "../workspace/use-workspace-keys.ts";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";
import { ClassificationStore, classificationKeyDown } from "./classification-store.ts";

function ClassificationWorkspace({ task, item, editor, locked }: WorkspaceProps<ClassificationStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const [failed, setFailed] = useState(false);
  const multi = editor.multiLabel;

  useWorkspaceKeys((e) => classificationKeyDown(editor, e), !locked);

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
      <WorkspaceHead task={task} item={item} />
      <div className="toolbar">
        <LabelPalette
          labels={task.labels}
          pressed={(id) => snap.labels.includes(id)}
          onPick={(id) => editor.toggle(id)}
          ariaLabel={t("nav.classify.labels")}
          disabled={locked}
          mark={multi ? "check" : "radio"}
          testId="classify-labels"
        />
        <div className="toolbar-actions">
          <span className="muted small">{multi ? t("nav.classify.multi") : t("nav.classify.single")}</span>
          <HistoryButtons history={editor} state={snap} disabled={locked} testIdPrefix="classify-" />
          <ToolButton
            testId="classify-clear"
            keys="Delete"
            disabled={locked || snap.labels.length === 0}
            onClick={() => editor.clear()}
          >
            {t("nav.classify.clear")}
          </ToolButton>
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
