// Building blocks of the administration pages: sortable, filterable tables, the server's error with
// its code, field messages from the protocol's zod schemas, and unambiguous dates.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ZodType } from "zod";
import { ApiError } from "../lib/api.ts";
import { issuesOf, sortRows } from "./values.ts";

export { formatDay, formatInstant, fromLocalInput, issuesOf, toLocalInput } from "./values.ts";

/** Live validation against a protocol schema: issues of touched fields, and whether it may be sent. */
export function useValidation(
  schema: ZodType,
  value: unknown,
  /** Fields checked together (a refinement's message sits on one of them): typing in one shows the others'. */
  linked: string[][] = [],
) {
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const issues = useMemo(() => issuesOf(schema, value), [schema, value]);
  return {
    valid: issues === null,
    issues: issues ?? {},
    touch: (field: string) =>
      setTouched((s) => {
        const fields = [field, ...linked.filter((g) => g.includes(field)).flat()];
        if (fields.every((f) => s.has(f))) return s;
        const next = new Set(s);
        for (const f of fields) next.add(f);
        return next;
      }),
    /** The message to show under a field: only once the user has typed in it. */
    issue: (field: string) => {
      if (!issues) return undefined;
      if (!touched.has(field) && !touched.has("*")) return undefined;
      return issues[field];
    },
    touchAll: () => setTouched(new Set(["*"])),
    reset: () => setTouched(new Set()),
  };
}

export function FieldIssue({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <span className="field-issue" role="alert" id={id}>
      {message}
    </span>
  );
}

/** A labelled input with its issue below it. */
export function TextField({
  label,
  value,
  onChange,
  issue,
  type = "text",
  testId,
  hint,
  ...rest
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  issue?: string | undefined;
  type?: string;
  testId?: string;
  hint?: string;
  autoComplete?: string;
  min?: number;
  max?: number;
  step?: number | string;
  placeholder?: string;
  disabled?: boolean;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issue ? true : undefined}
        data-testid={testId}
        {...rest}
      />
      {hint && <span className="field-hint">{hint}</span>}
      <FieldIssue message={issue} />
    </label>
  );
}

/** The server's refusal: its message and its code (and what else it said, when it is short). */
export function ErrorBanner({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : "ERROR";
  const message =
    error instanceof ApiError && error.code === "NETWORK"
      ? t("errors.NETWORK")
      : error instanceof Error
        ? error.message
        : String(error);
  const rule =
    error instanceof ApiError && error.details && typeof error.details === "object"
      ? (error.details as { rule?: unknown }).rule
      : undefined;
  return (
    <div className="banner banner-error admin-error" role="alert" data-testid="server-error" data-code={code}>
      <span>
        {t("admin.refused")} {message} <code className="error-code">{code}</code>
        {typeof rule === "string" && <code className="error-code">{rule}</code>}
      </span>
      {onClose && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          {t("admin.dismiss")}
        </button>
      )}
    </div>
  );
}

export interface Column<T> {
  key: string;
  label: ReactNode;
  /** What the column sorts and filters by. */
  value: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
  className?: string;
  /** false for columns of buttons. */
  sortable?: boolean;
}

/** A table whose headers sort (click again to reverse) and whose rows a text box filters. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  filter = "",
  testId,
  rowTestId,
  onRowClick,
  selectedKey,
  empty,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filter?: string;
  testId?: string;
  rowTestId?: (row: T) => string;
  onRowClick?: (row: T) => void;
  selectedKey?: string | null;
  empty?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const shown = useMemo(
    () => sortRows(rows, columns, filter, sort, i18n.language),
    [rows, columns, filter, sort, i18n.language],
  );

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? (s.dir === 1 ? { key, dir: -1 } : null) : { key, dir: 1 }));

  return (
    <div className="table-wrap">
      <table className="roster admin-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                className={c.className}
                aria-sort={
                  c.sortable === false
                    ? undefined
                    : sort?.key === c.key
                      ? sort.dir === 1
                        ? "ascending"
                        : "descending"
                      : "none"
                }
              >
                {c.sortable === false ? (
                  <span className="sort-button">{c.label}</span>
                ) : (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => toggle(c.key)}
                    data-testid={testId ? `${testId}-sort-${c.key}` : undefined}
                    title={t("admin.sortBy")}
                  >
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {sort?.key === c.key ? (sort.dir === 1 ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const key = rowKey(r);
            return (
              <tr
                key={key}
                data-testid={rowTestId?.(r)}
                className={[onRowClick ? "clickable" : "", selectedKey === key ? "selected" : ""].join(" ")}
                onClick={onRowClick ? () => onRowClick(r) : undefined}
              >
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.render ? c.render(r) : (c.value(r) ?? "—")}
                  </td>
                ))}
              </tr>
            );
          })}
          {shown.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted table-empty">
                {empty ?? t("admin.noRows")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The text box over a table. */
export function FilterBox({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (v: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <input
      type="search"
      className="filter-box"
      placeholder={t("admin.filter")}
      aria-label={t("admin.filter")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
    />
  );
}

/** A select of filter options, "" meaning all. */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <label className="filter-select">
      <span>{label}</span>
      <select
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        <option value="">{t("admin.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A tab bar of links (sections are paths, so the back button and reloads keep the section). */
export function TabBar({
  tabs,
  active,
  hrefOf,
  onSelect,
}: {
  tabs: { key: string; label: string }[];
  active: string;
  hrefOf: (key: string) => string;
  onSelect: (key: string) => void;
}) {
  return (
    <nav className="tab-bar">
      {tabs.map((tab) => (
        <a
          key={tab.key}
          href={hrefOf(tab.key)}
          aria-current={tab.key === active ? "page" : undefined}
          className={tab.key === active ? "tab active" : "tab"}
          data-testid={`tab-${tab.key}`}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onSelect(tab.key);
          }}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}

/** Loads once and on demand: data, error and a reload. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return {
    ...state,
    reload: () => setTick((n) => n + 1),
    setData: (data: T) => setState((s) => ({ ...s, data })),
  };
}
