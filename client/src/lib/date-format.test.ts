// Unit tests of the locale-aware date helpers: a month no reader takes for the day, 24-hour clock.
import { describe, expect, it } from "vitest";
import { formatAgo, formatClockFor, formatDateFor, formatDateTimeFor, intlLocale } from "./date-format.ts";

const at = "2026-12-03T06:05:09.000Z"; // 14:05:09 in Asia/Shanghai

describe("date-format", () => {
  it("writes a date and time that reads one way in each language", () => {
    expect(formatDateTimeFor(at, "zh-CN", "Asia/Shanghai")).toBe("2026年12月3日 14:05");
    expect(formatDateTimeFor(at, "en", "Asia/Shanghai")).toBe("3 Dec 2026, 14:05");
    expect(formatDateFor(at, "en", "Asia/Shanghai")).toBe("3 Dec 2026");
    expect(formatDateFor(at, "zh-CN", "Asia/Shanghai")).toBe("2026年12月3日");
    expect(formatClockFor(at, "en", "Asia/Shanghai")).toBe("14:05:09");
    expect(formatClockFor(at, "zh-CN", "UTC")).toBe("06:05:09");
  });

  it("never writes the ambiguous 12/03/2026, and shows a dash for nothing", () => {
    for (const lang of ["en", "en-US", "zh-CN", "zh"]) {
      expect(formatDateTimeFor(at, lang, "UTC")).not.toMatch(/\d+\/\d+\/\d+/);
    }
    expect(intlLocale("en-US")).toBe("en-GB");
    expect(formatDateTimeFor(null, "en")).toBe("—");
    expect(formatDateTimeFor("not a date", "zh-CN")).toBe("—");
  });

  it("says how long ago, in seconds, minutes and hours", () => {
    const now = Date.parse(at);
    expect(formatAgo(new Date(now - 2_400).toISOString(), now, "en")).toBe("2 s ago");
    expect(formatAgo(new Date(now - 2_400).toISOString(), now, "zh-CN")).toBe("2 秒前");
    expect(formatAgo(new Date(now - 185_000).toISOString(), now, "en")).toBe("3 min ago");
    expect(formatAgo(new Date(now - 2 * 3600_000).toISOString(), now, "zh-CN")).toBe("2 小时前");
    expect(formatAgo(new Date(now + 5_000).toISOString(), now, "en")).toBe("0 s ago");
    expect(formatAgo(null, now, "en")).toBe("—");
  });
});
