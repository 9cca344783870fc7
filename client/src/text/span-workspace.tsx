// The TEXT_SPANS item view: label palette with counts, the text with its spans, the list of spans.
// The browser's own selection picks the characters; SpanTool decides what it means.
import { type CSSProperties, type MouseEvent, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { isTextEntry } from "../canvas/keyboard.ts";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { charIndexAt, clearSelection, readSelection } from "./dom-selection.ts";
import { sliceCodePoints } from "./offsets.ts";
import type { SpanNotice, SpanStore } from "./span-store.ts";
import { SpanText } from "./span-text.tsx";
import { SpanTool } from "./span-tool.ts";
import { countByLabel, sortSpans } from "./spans.ts";
import { WorkspaceHead } from "./workspace-head.tsx";

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (CARET_KEYS.has(e.key) && !textRef.current?.contains(document.activeElement)) return;
      if (tool.keyDown(e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [tool]);

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

  const pickLabel = (id: string) => {
    if (selected) tool.relabelSelected(id);
    else store.setActiveLabel(id);
  };

  return (
    <section className="workspace text-workspace" aria-label={task.title}>
      <WorkspaceHead task={task} item={item} />
      <div className="toolbar">
        <div className="palette" role="toolbar" aria-label={t("text.labels")}>
          {task.labels.map((l, i) => {
            const current = selected ? selected.label === l.id : snap.activeLabel === l.id;
            return (
              <button
                key={l.id}
                type="button"
                className={`label-button${current ? " is-active" : ""}`}
                data-testid={`label-${l.id}`}
                aria-pressed={current}
                disabled={locked}
                style={{ "--label-color": l.color } as CSSProperties}
                onClick={() => pickLabel(l.id)}
              >
                <span className="swatch" aria-hidden="true" />
                <span>{l.name}</span>
                <span className="ts-count" data-testid={`count-${l.id}`}>
                  {counts.get(l.id) ?? 0}
                </span>
                {i < 9 && <kbd>{i + 1}</kbd>}
              </button>
            );
          })}
        </div>
        <div className="toolbar-actions">
          {task.options.allowOverlap && <span className="ts-rule muted">{t("text.overlapAllowed")}</span>}
          <span className="box-count-label">
            {t("text.spans")} <strong data-testid="span-count">{snap.spans.length}</strong>
          </span>
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
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid="delete-span"
            disabled={locked || !selected}
            onClick={() => tool.deleteSelected()}
            title="Delete"
          >
            {t("text.delete")}
          </button>
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
