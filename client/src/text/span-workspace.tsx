// The TEXT_SPANS item view: label palette with counts, the text with its spans, the list of spans.
// The browser's own selection picks the characters; SpanTool decides what it means.
import { type CSSProperties, type MouseEvent, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { LabelPalette } from "../workspace/label-palette.tsx";
import { ToolButton } from "../workspace/tool-button.tsx";
import { useWorkspaceKeys } from "../workspace/use-workspace-keys.ts";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";
import { charIndexAt, clearSelection, readSelection } from "./dom-selection.ts";
import { sliceCodePoints } from "./offsets.ts";
import type { SpanNotice, SpanStore } from "./span-store.ts";
import { SpanText } from "./span-text.tsx";
import { SpanTool } from "./span-tool.ts";
import { countByLabel, sortSpans } from "./spans.ts";

/** Keys that act on the caret: only while the text has the focus, so buttons keep Enter and arrows. */
const CARET_KEYS = new Set(["ArrowLeft", "ArrowRight", "Home", "End", "Enter"]);

export function SpanWorkspace({ task, item, editor: store, locked }: WorkspaceProps<SpanStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const tool = useMemo(() => new SpanTool(store, task.labels), [store, task.labels]);
  const textRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    tool.setEnabled(!locked);
  }, [tool, locked]);

  useWorkspaceKeys((e) => {
    if (CARET_KEYS.has(e.key) && !textRef.current?.contains(document.activeElement)) return false;
    return tool.keyDown(e);
  });

  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    if (e.button !== 0 || locked) return;
    const line = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-span-id]") : null;
    if (line?.dataset.spanId) {
      // An underline picks its own span, even where others are stacked on the same characters.
      e.preventDefault();
      textRef.current?.focus();
      store.select(line.dataset.spanId);
      return;
    }
    tool.pointerDown(charIndexAt(e.target));
    const onUp = (up: globalThis.MouseEvent) => {
      window.removeEventListener("mouseup", onUp);
      const root = textRef.current;
      if (!root) return tool.cancel();
      const outcome = tool.pointerUp(readSelection(root), charIndexAt(up.target) ?? charIndexAt(e.target));
      if (outcome === "created" || outcome === "refused" || outcome === "ignored") clearSelection();
    };
    window.addEventListener("mouseup", onUp);
  };

  const onFocus = () => {
    // Focus from the keyboard (Tab) starts a caret at the beginning; a click places its own.
    if (!locked && tool.state.name === "idle" && !store.getSnapshot().keySelection)
      store.setKeySelection({ anchor: 0, focus: 0 });
  };

  const counts = useMemo(() => countByLabel(snap.spans), [snap.spans]);
  const sorted = useMemo(() => sortSpans(snap.spans), [snap.spans]);
  const labelOf = useMemo(() => new Map(task.labels.map((l) => [l.id, l])), [task.labels]);
  const selected = store.span(snap.selectedId);

  const deleteSelected = () => void tool.deleteSelected();
  const pickLabel = (id: string) => {
    if (selected) tool.relabelSelected(id);
    else store.setActiveLabel(id);
  };

  return (
    <section className="workspace text-workspace" aria-label={task.title}>
      <WorkspaceHead
        task={task}
        item={item}
        positionText={t("text.itemOf", { n: item.position, total: task.items.length })}
      />
      <div className="toolbar">
        <LabelPalette
          labels={task.labels}
          pressed={(id) => (selected ? selected.label === id : snap.activeLabel === id)}
          onPick={pickLabel}
          ariaLabel={t("text.labels")}
          disabled={locked}
          counts={counts}
        />
        <div className="toolbar-actions">
          {task.options.allowOverlap && <span className="ts-rule muted">{t("text.overlapAllowed")}</span>}
          <span className="box-count-label">
            {t("text.spans")} <strong data-testid="span-count">{snap.spans.length}</strong>
          </span>
          <HistoryButtons history={store} state={snap} disabled={locked} testIdPrefix="text-" />
          <ToolButton
            testId="delete-span"
            keys="Delete"
            danger
            disabled={locked || !selected}
            onClick={deleteSelected}
          >
            {t("text.delete")}
          </ToolButton>
        </div>
      </div>
      {snap.notice && (
        <div className="banner banner-error ts-notice" role="alert" data-testid="span-notice">
          <NoticeText notice={snap.notice} text={store.text} />
          <button type="button" className="btn btn-small" onClick={() => store.dismissNotice()}>
            {t("text.dismiss")}
          </button>
        </div>
      )}
      <div className={`ts-body${locked ? " is-locked" : ""}`}>
        <div className="card ts-text-card">
          <SpanText
            text={store.text}
            spans={snap.spans}
            labels={task.labels}
            selectedId={snap.selectedId}
            keySelection={locked ? null : snap.keySelection}
            textRef={textRef}
            ariaLabel={t("text.text")}
            onMouseDown={onMouseDown}
            onFocus={onFocus}
          />
          {selected && (
            <p className="ts-selected small" data-testid="selected-span">
              <strong>{t("text.selected")}</strong> 「{sliceCodePoints(store.text, selected)}」{" "}
              {labelOf.get(selected.label)?.name ?? selected.label}
              <span className="muted"> · {t("text.selectedHint")}</span>
            </p>
          )}
        </div>
        <aside className="card ts-list" aria-label={t("text.spanList")}>
          <h3>{t("text.spanList")}</h3>
          {sorted.length === 0 && <p className="muted small">{t("text.noSpans")}</p>}
          <ul data-testid="span-list">
            {sorted.map((s) => {
              const label = labelOf.get(s.label);
              const phrase = sliceCodePoints(store.text, s);
              return (
                <li
                  key={s.id}
                  className={s.id === snap.selectedId ? "is-selected" : undefined}
                  data-testid="span-item"
                  data-label={s.label}
                  data-range={`${s.start}-${s.end}`}
                  style={{ "--c": label?.color } as CSSProperties}
                >
                  <button type="button" className="ts-list-pick" onClick={() => store.select(s.id)}>
                    <span className="swatch" aria-hidden="true" />
                    <span className="ts-phrase">{phrase}</span>
                    <span className="muted small">{label?.name ?? s.label}</span>
                  </button>
                  <button
                    type="button"
                    className="ts-list-delete"
                    disabled={locked}
                    aria-label={t("text.deleteSpan", { text: phrase })}
                    title={t("text.deleteSpan", { text: phrase })}
                    onClick={() => store.deleteSpan(s.id)}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        </aside>
      </div>
      <p className="canvas-help">{t("text.spanHelp")}</p>
    </section>
  );
}

/** What a refused span was refused for, in words. */
function NoticeText({ notice, text }: { notice: SpanNotice; text: string }) {
  const { t } = useTranslation();
  switch (notice.reason) {
    case "overlap":
      return <span>{t("text.overlap", { text: sliceCodePoints(text, notice.conflict) })}</span>;
    case "duplicate":
      return <span>{t("text.duplicate", { text: sliceCodePoints(text, notice.conflict) })}</span>;
    case "no-label":
      return <span>{t("text.noLabel")}</span>;
    case "invalid":
      return <span>{t("text.invalid")}</span>;
  }
}
