// Pure helpers of the administration pages: dates for people and for <input type="datetime-local">,
// a schema's issues by field, and a table's filtering and sorting.
import type { ZodType } from "zod";

/**
 * A moment for people: year, month, day, 24-hour time and the zone, e.g. "2026/09/01 09:00 GMT+8";
 * in English the month is a word ("1 Sept 2026"), as 09/01 reads two ways there.
 */
export function formatInstant(iso: string | null | undefined, locale: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: locale.startsWith("zh") ? "2-digit" : "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(d);
}

/** A day for people, e.g. "2026/09/01" ("01 Sept 2026" in English). */
export function formatDay(iso: string | null | undefined, locale: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: locale.startsWith("zh") ? "2-digit" : "short",
    day: "2-digit",
  }).format(d);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** The value of an <input type="datetime-local"> for an instant, in this browser's zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * An <input type="datetime-local"> value as ISO 8601 with this browser's offset on that day,
 * e.g. "2026-09-01T09:00:00+08:00"; "" stays "" (the schema then says what is missing).
 */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** Messages of a schema's issues by dotted path ("" for the whole object); null when valid. */
export function issuesOf(schema: ZodType, value: unknown): Record<string, string> | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join(".");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Rows whose columns contain the filter text, sorted by one column (numbers as numbers, text by locale, empty last). */
export function sortRows<T>(
  rows: T[],
  columns: { key: string; value: (row: T) => string | number | null }[],
  filter: string,
  sort: { key: string; dir: 1 | -1 } | null,
  locale: string,
): T[] {
  const needle = filter.trim().toLowerCase();
  let out = needle
    ? rows.filter((r) =>
        columns.some((c) =>
          String(c.value(r) ?? "")
            .toLowerCase()
            .includes(needle),
        ),
      )
    : rows;
  const col = sort && columns.find((c) => c.key === sort.key);
  if (sort && col) {
    const collator = new Intl.Collator(locale, { numeric: true });
    out = [...out].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      const c =
        typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return c * sort.dir;
    });
  }
  return out;
}
