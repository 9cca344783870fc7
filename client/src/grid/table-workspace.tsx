// The table-cleaning workspace: a keyboard-driven grid (only the rows in view are rendered, so a
// table of thousands of rows stays fast), row marks, fill-missing per column and a problems filter.
import {
  type KeyboardEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useTranslation } from "react-i18next";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";
import { duplicateHints, type FillStrategy, isMissing, tableCounts } from "./table-ops.ts";
import type { TableStore } from "./table-store.ts";

const ROW_HEIGHT = 30;
/** Buttons inside the grid do not take the focus, so its keys (D, I, Ctrl+Z...) keep working. */
const keepGridFocus = (e: { preventDefault(): void }) => e.preventDefault();
const OVERSCAN = 8;

export function TableWorkspace({ task, item, editor: store, locked }: WorkspaceProps<TableStore>) {
  const { t } = useTranslation();
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const gridRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(480);
  const [fillCol, setFillCol] = useState<number | null>(null);

  useEffect(() => {
    store.setEnabled(!locked);
  }, [store, locked]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the visible rows follow the snapshot
  const visible = useMemo(() => store.visibleRows(), [store, snap.rows, snap.marks, snap.problemsOnly]);
  const hints = useMemo(() => duplicateHints(snap.rows), [snap.rows]);
  const counts = useMemo(
    () => tableCounts(store.given, snap.rows, snap.marks),
    [store, snap.rows, snap.marks],
  );

  useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewHeight(el.clientHeight));
    observer.observe(el);
    setViewHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // The active cell stays in view when keys move it.
  useLayoutEffect(() => {
    const el = gridRef.current;
    const at = visible.indexOf(snap.active.row);
    if (!el || at < 0) return;
    const top = at * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight - header)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight + header;
  }, [snap.active.row, visible]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== gridRef.current) return; // the cell editor handles its own keys
    if (store.keyDown(e)) e.preventDefault();
  };
  const onEditorKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter" && e.key !== "Tab" && e.key !== "Escape") return;
    e.preventDefault();
    store.keyDown(e);
    gridRef.current?.focus();
  };

  return (
    <section className="workspace table-workspace" aria-label={task.title}>
      <WorkspaceHead
        task={task}
        item={item}
        positionText={t("grid.itemOf", { n: item.position, total: task.items.length })}
      />
      <div className="toolbar">
        <div className="table-counts" data-testid="table-counts">
          <span>
            {t("grid.marked")} <strong data-testid="table-marked">{counts.marked}</strong>
          </span>
          <span>
            {t("grid.edited")} <strong data-testid="table-edited">{counts.edited}</strong>
          </span>
          <span>
            {t("grid.missing")} <strong data-testid="table-missing">{counts.missing}</strong>
          </span>
        </div>
        <div className="toolbar-actions">
          <label className="checkbox-inline">
            <input
              type="checkbox"
              data-testid="table-problems-only"
              checked={snap.problemsOnly}
              onChange={(e) => store.setProblemsOnly(e.target.checked)}
            />
            {t("grid.problemsOnly")}
          </label>
          <HistoryButtons
            history={{
              undo: () => {
                store.undo();
                gridRef.current?.focus();
              },
              redo: () => {
                store.redo();
                gridRef.current?.focus();
              },
            }}
            state={snap}
            disabled={locked}
            testIdPrefix="table-"
          />
        </div>
      </div>
      {fillCol !== null && !locked && (
        <FillPanel
          column={store.header[fillCol] ?? ""}
          onApply={(strategy) => {
            store.fillMissing(fillCol, strategy);
            setFillCol(null);
            gridRef.current?.focus();
          }}
          onClose={() => setFillCol(null)}
        />
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a scrolling, virtualised grid around a table: only its rows in view exist */}
      <div
        ref={gridRef}
        className="table-scroll"
        role="grid"
        aria-label={task.title}
        aria-readonly={locked}
        tabIndex={0}
        data-testid="table-grid"
        onKeyDown={onGridKey}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <table className="table-grid" style={{ minWidth: `calc(7.5rem + ${store.header.length} * 7rem)` }}>
          <thead>
            <tr>
              <th className="table-rowhead" scope="col">
                #
              </th>
              {store.header.map((h, col) => (
                <th key={h} scope="col" title={h}>
                  <span className="table-colname">{h}</span>
                  {!locked && (
                    <button
                      type="button"
                      className="btn btn-tiny"
                      data-testid={`fill-${col}`}
                      onMouseDown={keepGridFocus}
                      title={t("grid.fillTitle")}
                      onClick={() => setFillCol(col)}
                    >
                      {t("grid.fill")}
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr className="table-spacer" style={{ height: first * ROW_HEIGHT }} />}
            {visible.slice(first, last).map((row) => {
              const cells = snap.rows[row] ?? [];
              const mark = snap.marks[row] ?? null;
              const hint = hints.get(row);
              return (
                <tr
                  key={row}
                  className={mark ? `is-marked is-${mark}` : undefined}
                  data-testid={`row-${row}`}
                  data-mark={mark ?? ""}
                  aria-rowindex={row + 2}
                >
                  <th className="table-rowhead" scope="row">
                    <span>{row + 1}</span>
                    <button
                      type="button"
                      className={`mark-btn${mark === "duplicate" ? " is-on" : ""}`}
                      data-testid={`mark-duplicate-${row}`}
                      onMouseDown={keepGridFocus}
                      aria-pressed={mark === "duplicate"}
                      title={t("grid.markDuplicate")}
                      disabled={locked}
                      onClick={() => store.toggleMark(row, "duplicate")}
                    >
                      {t("grid.duplicateShort")}
                    </button>
                    <button
                      type="button"
                      className={`mark-btn${mark === "invalid" ? " is-on" : ""}`}
                      data-testid={`mark-invalid-${row}`}
                      onMouseDown={keepGridFocus}
                      aria-pressed={mark === "invalid"}
                      title={t("grid.markInvalid")}
                      disabled={locked}
                      onClick={() => store.toggleMark(row, "invalid")}
                    >
                      {t("grid.invalidShort")}
                    </button>
                    {hint !== undefined && !mark && (
                      <span className="dup-hint" title={t("grid.duplicateHint", { row: hint + 1 })}>
                        ≈{hint + 1}
                      </span>
                    )}
                  </th>
                  {cells.map((cell, col) => {
                    const active = snap.active.row === row && snap.active.col === col;
                    const editing = snap.editing && snap.editing.row === row && snap.editing.col === col;
                    const edited = cell !== store.given[row]?.[col];
                    return (
                      <td
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed by the header
                        key={col}
                        aria-current={active ? "true" : undefined}
                        className={`${active ? "is-active" : ""}${isMissing(cell) ? " is-missing" : ""}${edited ? " is-edited" : ""}`}
                        data-testid={`cell-${row}-${col}`}
                        onMouseDown={() => store.setActive(row, col)}
                        onDoubleClick={() => store.startEdit({ row, col })}
                      >
                        {editing ? (
                          <input
                            className="cell-editor"
                            data-testid="cell-editor"
                            aria-label={store.header[col]}
                            // biome-ignore lint/a11y/noAutofocus: the editor opens on the contestant's key or double-click
                            autoFocus
                            value={snap.editing?.draft ?? ""}
                            onChange={(e) => store.setDraft(e.target.value)}
                            onKeyDown={onEditorKey}
                            onBlur={() => store.commitEdit()}
                          />
                        ) : (
                          cell
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {last < visible.length && (
              <tr className="table-spacer" style={{ height: (visible.length - last) * ROW_HEIGHT }} />
            )}
          </tbody>
        </table>
      </div>
      <p className="canvas-help">{t("grid.help")}</p>
    </section>
  );
}

function FillPanel({
  column,
  onApply,
  onClose,
}: {
  column: string;
  onApply: (s: FillStrategy) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<FillStrategy["kind"]>("value");
  const [value, setValue] = useState("");
  return (
    <form
      className="fill-panel card"
      data-testid="fill-panel"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(kind === "value" ? { kind, value } : { kind });
      }}
    >
      <strong>{t("grid.fillColumn", { column })}</strong>
      <select
        className="select"
        data-testid="fill-strategy"
        value={kind}
        onChange={(e) => setKind(e.target.value as FillStrategy["kind"])}
      >
        <option value="value">{t("grid.fillValue")}</option>
        <option value="mostFrequent">{t("grid.fillMostFrequent")}</option>
        <option value="above">{t("grid.fillAbove")}</option>
      </select>
      {kind === "value" && (
        <input
          className="input"
          data-testid="fill-value"
          // biome-ignore lint/a11y/noAutofocus: the panel opens to type this value
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t("grid.fillPlaceholder")}
        />
      )}
      <button type="submit" className="btn btn-small btn-primary" data-testid="fill-apply">
        {t("grid.fillApply")}
      </button>
      <button type="button" className="btn btn-small" onClick={onClose}>
        {t("grid.fillCancel")}
      </button>
    </form>
  );
}
