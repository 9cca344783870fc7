import { describe, expect, it } from "vitest";
import type { Ranking } from "../../protocol/results.ts";
import { csvField, formatDuration, rankingCsv, rankingFileName } from "./ranking-export.ts";

const ranking = (over: Partial<Ranking> = {}): Ranking => ({
  region: { id: "r1", no: 1, nameZh: "北京", nameEn: "Beijing" },
  stage: { id: "s1", name: "预赛" },
  group: "STUDENT",
  teamRule: "mean",
  generatedAt: "2021-10-16T00:00:00.000Z",
  rows: [],
  teams: [],
  ...over,
});

describe("formatDuration", () => {
  it("shows mm:ss under an hour and h:mm:ss from an hour, nothing when unknown", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(425)).toBe("07:05");
    expect(formatDuration(3599)).toBe("59:59");
    expect(formatDuration(3600)).toBe("1:00:00");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(null)).toBe("");
  });
});

describe("csvField", () => {
  it("quotes by RFC 4180 only when needed", () => {
    expect(csvField("张三")).toBe("张三");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField(85.5)).toBe("85.5");
    expect(csvField(null)).toBe("");
  });

  it("keeps a text cell from being read as a formula", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@a")).toBe("'@a");
  });
});

describe("rankingCsv", () => {
  it("starts with the BOM and ends every line with CRLF", () => {
    const bytes = rankingCsv(
      ranking({
        rows: [
          {
            rank: 1,
            contestantId: "c1",
            name: "王芳",
            ticketNumber: "T1",
            organisation: null,
            group: "STUDENT",
            team: null,
            theory: 25,
            practical: 60,
            total: 85,
            seconds: 3000,
            status: "SCORED",
          },
        ],
      }),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe("1,王芳,T1,,学生组,,25,60,85,50:00");
    expect(lines[2]).toBe("");
  });
});

describe("rankingFileName", () => {
  it("names the region and the group in Chinese", () => {
    expect(rankingFileName(ranking(), "xlsx")).toBe("北京-学生组-排名.xlsx");
    expect(rankingFileName(ranking({ group: "EMPLOYEE" }), "csv")).toBe("北京-职工组-排名.csv");
    const odd = ranking({ region: { id: "r", no: 3, nameZh: "辽宁/吉林", nameEn: "x" } });
    expect(rankingFileName(odd, "csv")).toBe("辽宁_吉林-学生组-排名.csv");
  });
});
