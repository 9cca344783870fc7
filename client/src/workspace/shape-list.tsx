// The list of an item's shapes with counts per label: select, hide and lock from the list. Pure
// props, no store; only the rows in view are rendered, so thousands of shapes stay cheap.
import { type CSSProperties, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ShapeListEntry {
  id: string;
  /** The label id. */
  label: string;
  /** What is shown as its type: "box", "polygon", "point", "skeleton"… (shown as given). */
  kind: string;
  hidden: boolean;
  locked: boolean;
  selected: boolean;
}

export interface ShapeListLabel {
  id: string;
  name: string;
  color: string;
}

export interface ShapeListProps {
  shapes: readonly ShapeListEntry[];
  labels: readonly ShapeListLabel[];
  /** A click on a row; `additive` with Ctrl/⌘ or Shift (add to / remove from the selection). */
  onSelect: (id: string, additive: boolean) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  /** Read-only: rows still select (to look), the hide and lock buttons are disabled. */
  disabled?: boolean;
  /** Height of the scrolling list in px (default 280). */
  height?: number;
}

/** Row height in px: fixed, so the list renders only the rows in view. */
export const SHAPE_ROW_HEIGHT = 30;
const OVERSCAN = 8;

/**
 * A panel (testid `shape-list`) with a chip per label showing its count (`shape-count-<labelId>`,
 * click to show only that label, again to show all) and one row per shape (`shape-row-<id>`,
 * `data-selected` / `data-hidden` / `data-locked`) with hide (`shape-hide-<id>`) and lock
 * (`shape-lock-<id>`) toggles. Rows are numbered in document order. The first selected shape is
 * scrolled into view when the selection changes. Virtualized by fixed row height: pass all
 * shapes, even thousands.
 *
 * @example
 * <ShapeList shapes={snap.shapes.map((s) => ({ id: s.id, label: s.label, kind: "box",
 *   hidden: snap.hidden.has(s.id), locked: snap.locked.has(s.id), selected: snap.selectedIds.has(s.id) }))}
 *   labels={task.labels} onSelect={(id, add) => store.select(id, add)}
 *   onToggleHidden={(id) => store.toggleHidden(id)} onToggleLocked={(id) => store.toggleLocked(id)} />
 */
export function ShapeList(props: ShapeListProps) {
  const { shapes, labels, onSelect, onToggleHidden, onToggleLocked, disabled, height = 280 } = props;
  const { t } = useTranslation();
  const [filter, setFilter] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const s of shapes) m.set(s.label, (m.get(s.label) ?? 0) + 1);
    return m;
  }, [shapes]);
  const byId = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const rows = useMemo(
    () =>
      shapes
        .map((shape, index) => ({ shape, n: index + 1 }))
        .filter((r) => !filter || r.shape.label === filter),
    [shapes, filter],
  );

  const first = Math.max(0, Math.floor(scrollTop / SHAPE_ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / SHAPE_ROW_HEIGHT) + OVERSCAN);

  // The first selected shape comes into view when the selection changes (e.g. a click on the canvas).
  const firstSelected = rows.findIndex((r) => r.shape.selected);
  const selectedId = firstSelected >= 0 ? rows[firstSelected]?.shape.id : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the selected shape only
  useEffect(() => {
    const el = scroller.current;
    if (!el || firstSelected < 0) return;
    const top = firstSelected * SHAPE_ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + SHAPE_ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + SHAPE_ROW_HEIGHT - height;
  }, [selectedId]);

  return (
    <section className="shape-list" data-testid="shape-list" aria-label={t("nav.shapes.title")}>
      <div className="shape-list-head">
        <strong>{t("nav.shapes.title")}</strong>
        <span className="muted small" data-testid="shape-total">
          {t("nav.shapes.count", { count: shapes.length })}
        </span>
      </div>
      <div className="shape-counts">
        {labels.map((l) => (
          <button
            key={l.id}
            type="button"
            className={`shape-count${filter === l.id ? " is-active" : ""}`}
            data-testid={`shape-count-${l.id}`}
            data-count={counts.get(l.id) ?? 0}
            aria-pressed={filter === l.id}
            style={{ "--label-color": l.color } as CSSProperties}
            title={`${l.name} · ${counts.get(l.id) ?? 0}`}
            onClick={() => setFilter(filter === l.id ? null : l.id)}
          >
            <span className="swatch" aria-hidden="true" />
            <span className="shape-count-name">{l.name}</span>
            <strong>{counts.get(l.id) ?? 0}</strong>
          </button>
        ))}
      </div>
      {shapes.length === 0 ? (
        <p className="muted small shape-list-empty">{t("nav.shapes.empty")}</p>
      ) : (
        <div
          className="shape-rows"
          ref={scroller}
          style={{ height: Math.min(height, rows.length * SHAPE_ROW_HEIGHT) }}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        >
          <ul style={{ height: rows.length * SHAPE_ROW_HEIGHT }}>
            {rows.slice(first, last).map(({ shape: s, n }, i) => {
              const label = byId.get(s.label);
              return (
                <li
                  key={s.id}
                  className={`shape-row${s.selected ? " is-selected" : ""}${s.hidden ? " is-hidden" : ""}`}
                  data-testid={`shape-row-${s.id}`}
                  data-selected={s.selected}
                  data-hidden={s.hidden}
                  data-locked={s.locked}
                  style={
                    {
                      top: (first + i) * SHAPE_ROW_HEIGHT,
                      height: SHAPE_ROW_HEIGHT,
                      "--label-color": label?.color ?? "var(--muted)",
                    } as CSSProperties
                  }
                >
                  <button
                    type="button"
                    className="shape-row-main"
                    aria-pressed={s.selected}
                    title={`#${n} ${label?.name ?? s.label} · ${s.kind}`}
                    onClick={(e) => onSelect(s.id, e.ctrlKey || e.metaKey || e.shiftKey)}
                  >
                    <span className="swatch" aria-hidden="true" />
                    <span className="shape-row-n">#{n}</span>
                    <span className="shape-row-label">{label?.name ?? s.label}</span>
                    <span className="shape-row-kind muted">{s.kind}</span>
                  </button>
                  <button
                    type="button"
                    className={`icon-toggle${s.hidden ? " is-on" : ""}`}
                    data-testid={`shape-hide-${s.id}`}
                    aria-pressed={s.hidden}
                    disabled={disabled}
                    title={s.hidden ? t("nav.shapes.show") : t("nav.shapes.hide")}
                    aria-label={s.hidden ? t("nav.shapes.show") : t("nav.shapes.hide")}
                    onClick={() => onToggleHidden(s.id)}
                  >
                    {s.hidden ? "◌" : "◉"}
                  </button>
                  <button
                    type="button"
                    className={`icon-toggle${s.locked ? " is-on" : ""}`}
                    data-testid={`shape-lock-${s.id}`}
                    aria-pressed={s.locked}
                    disabled={disabled}
                    title={s.locked ? t("nav.shapes.unlock") : t("nav.shapes.lock")}
                    aria-label={s.locked ? t("nav.shapes.unlock") : t("nav.shapes.lock")}
                    onClick={() => onToggleLocked(s.id)}
                  >
                    {s.locked ? "🔒" : "🔓"}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}
