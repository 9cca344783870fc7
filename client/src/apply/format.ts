// Dates and sizes on the registration pages: months spelled out so that no reader can take the day for
// the month, and moments in the contest's time zone, named.
import type { Language } from "../i18n/index.ts";

const locale = (lang: Language) => (lang === "en" ? "en-GB" : "zh-CN");

/** The contest runs on China Standard Time: its windows and sittings are given in it, and say so. */
export const CONTEST_TIME_ZONE = "Asia/Shanghai";

/** "2026年12月3日 17:00（北京时间）" / "3 Dec 2026, 17:00 Beijing time". */
export function formatMoment(iso: string, lang: Language): string {
  const text = new Date(iso).toLocaleString(locale(lang), {
    year: "numeric",
    month: lang === "en" ? "short" : "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: CONTEST_TIME_ZONE,
  });
  return lang === "en" ? `${text} Beijing time` : `${text}（北京时间）`;
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
