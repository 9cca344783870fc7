// Dates and sizes on the registration pages: spelled out so that no reader can take the day for the
// month, with the time zone named.
import type { Language } from "../i18n/index.ts";

const locale = (lang: Language) => (lang === "en" ? "en-GB" : "zh-CN");

/** "2026年12月3日 17:00 GMT+8" / "3 Dec 2026, 17:00 GMT+8". */
export function formatMoment(iso: string, lang: Language): string {
  return new Date(iso).toLocaleString(locale(lang), {
    year: "numeric",
    month: lang === "en" ? "short" : "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  });
}

/** A calendar day given as YYYY-MM-DD: "2020年9月1日" / "1 Sept 2020". */
export function formatDay(day: string, lang: Language): string {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString(locale(lang), {
    year: "numeric",
    month: lang === "en" ? "short" : "long",
    day: "numeric",
    timeZone: "UTC",
  });
}

/** "10 MB", "512 KB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
