// Dates and times for people, in the interface's language: months written so that no reader takes
// the day for the month ("2026年12月3日 14:05", "3 Dec 2026, 14:05"), 24-hour clock. Shared by the
// proctor's console and the contestant's pages.

/** The Intl locale of an interface language ("zh-CN", "en", "en-US" → "en-GB": day before month). */
export function intlLocale(lang: string): string {
  return lang.toLowerCase().startsWith("en") ? "en-GB" : "zh-CN";
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, kind: "dateTime" | "time" | "date", timeZone?: string): Intl.DateTimeFormat {
  const key = `${lang}|${kind}|${timeZone ?? ""}`;
  let f = cache.get(key);
  if (!f) {
    const en = intlLocale(lang) === "en-GB";
    const date: Intl.DateTimeFormatOptions = {
      year: "numeric",
      month: en ? "short" : "long",
      day: "numeric",
    };
    const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    const options =
      kind === "dateTime"
        ? { ...date, ...time }
        : kind === "date"
          ? date
          : { ...time, second: "2-digit" as const };
    f = new Intl.DateTimeFormat(intlLocale(lang), { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

function parse(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026年12月3日 14:05" / "3 Dec 2026, 14:05"; "—" for nothing or an invalid date. */
export function formatDateTimeFor(
  value: string | number | Date | null | undefined,
  lang: string,
  timeZone?: string,
): string {
  const d = parse(value);
  return d ? formatter(lang, "dateTime", timeZone).format(d) : "—";
}

/** "2026年12月3日" / "3 Dec 2026". */
export function formatDateFor(
  value: string | number | Date | null | undefined,
  lang: string,
  timeZone?: string,
): string {
  const d = parse(value);
  return d ? formatter(lang, "date", timeZone).format(d) : "—";
}

/** "14:05:09" in either language. */
export function formatClockFor(
  value: string | number | Date | null | undefined,
  lang: string,
  timeZone?: string,
): string {
  const d = parse(value);
  return d ? formatter(lang, "time", timeZone).format(d) : "—";
}

/**
 * How long ago, short: "2 s ago" / "2 秒前", "3 min ago", "1 h ago". `nowMs` and the moment are
 * on the same (server) clock; a moment in the future counts as now.
 */
export function formatAgo(value: string | number | null | undefined, nowMs: number, lang: string): string {
  const d = parse(value);
  if (!d) return "—";
  const s = Math.max(0, Math.floor((nowMs - d.getTime()) / 1000));
  const en = intlLocale(lang) === "en-GB";
  if (s < 60) return en ? `${s} s ago` : `${s} 秒前`;
  const m = Math.floor(s / 60);
  if (m < 60) return en ? `${m} min ago` : `${m} 分钟前`;
  const h = Math.floor(m / 60);
  return en ? `${h} h ago` : `${h} 小时前`;
}
