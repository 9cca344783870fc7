import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantSchema, sessionRequestSchema } from "../../../protocol/index.ts";
import { formatInstant, fromLocalInput, issuesOf, sortRows, toLocalInput } from "./values.ts";

const savedTz = process.env.TZ;
beforeAll(() => {
  // A zone with an offset, so a lost offset shows.
  process.env.TZ = "Asia/Shanghai";
});
afterAll(() => {
  process.env.TZ = savedTz;
});

describe("fromLocalInput", () => {
  it("gives the typed wall time with this zone's offset, which the protocol takes", () => {
    const iso = fromLocalInput("2026-09-01T09:30");
    expect(iso).toBe("2026-09-01T09:30:00+08:00");
    expect(instantSchema.safeParse(iso).success).toBe(true);
    expect(Date.parse(iso)).toBe(Date.UTC(2026, 8, 1, 1, 30));
  });
  it("leaves an empty input empty", () => {
    expect(fromLocalInput("")).toBe("");
  });
});

describe("toLocalInput", () => {
  it("shows an instant in this zone and round-trips to the same moment", () => {
    expect(toLocalInput("2026-09-01T01:30:00Z")).toBe("2026-09-01T09:30");
    expect(Date.parse(fromLocalInput(toLocalInput("2026-12-31T23:15:00-05:00")))).toBe(
      Date.parse("2026-12-31T23:15:00-05:00"),
    );
  });
  it("is empty for nothing", () => {
    expect(toLocalInput(null)).toBe("");
  });
});

describe("formatInstant", () => {
  it("writes year, month, day, 24-hour time and the zone", () => {
    const zh = formatInstant("2026-09-01T13:05:00+08:00", "zh-CN");
    expect(zh).toContain("2026");
    expect(zh).toContain("13:05");
    expect(zh).toMatch(/GMT\+8|UTC\+8|CST/);
    const en = formatInstant("2026-09-01T13:05:00+08:00", "en");
    expect(en).toContain("13:05");
    expect(en).toMatch(/Sep/);
    expect(formatInstant(null, "en")).toBe("—");
  });
});

describe("issuesOf", () => {
  it("names each field's first message by its path, null when valid", () => {
    const body = {
      stageId: "s1",
      venueId: null,
      paperId: "p1",
      name: "Session",
      startsAt: "2026-09-01T09:00:00+08:00",
      durationMinutes: 60,
      lateStartMinutes: 90,
    };
    expect(issuesOf(sessionRequestSchema, body)).toEqual({
      lateStartMinutes: "Late start fits in the duration.",
    });
    expect(issuesOf(sessionRequestSchema, { ...body, lateStartMinutes: 30 })).toBeNull();
  });
});

describe("sortRows", () => {
  const rows = [
    { no: 10, name: "重庆" },
    { no: 2, name: "河北" },
    { no: 1, name: "北京" },
    { no: 3, name: null },
  ];
  const columns = [
    { key: "no", value: (r: (typeof rows)[number]) => r.no },
    { key: "name", value: (r: (typeof rows)[number]) => r.name },
  ];
  it("sorts numbers as numbers, either way", () => {
    expect(sortRows(rows, columns, "", { key: "no", dir: 1 }, "zh-CN").map((r) => r.no)).toEqual([
      1, 2, 3, 10,
    ]);
    expect(sortRows(rows, columns, "", { key: "no", dir: -1 }, "zh-CN").map((r) => r.no)).toEqual([
      10, 3, 2, 1,
    ]);
  });
  it("puts empty cells last", () => {
    expect(sortRows(rows, columns, "", { key: "name", dir: 1 }, "zh-CN").at(-1)?.no).toBe(3);
  });
  it("filters on any column's text, and keeps the order without a sort", () => {
    expect(sortRows(rows, columns, "北京", null, "zh-CN").map((r) => r.no)).toEqual([1]);
    expect(sortRows(rows, columns, "1", null, "zh-CN").map((r) => r.no)).toEqual([10, 1]);
  });
});
