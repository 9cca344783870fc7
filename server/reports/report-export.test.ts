import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Ranking, RankingRow } from "../../protocol/results.ts";
import { CERTIFICATE_HEADERS, certificateCells, certificatesFile, finalistCells } from "./report-export.ts";

function row(rank: number, name: string, total: number, status: RankingRow["status"] = "SCORED"): RankingRow {
  return {
    rank,
    contestantId: name,
    name,
    ticketNumber: name,
    organisation: "学院",
    group: "STUDENT",
    team: null,
    theory: 0,
    practical: total,
    total,
    seconds: 60,
    status,
  };
}

const ranking: Ranking = {
  region: { id: "r", no: 1, nameZh: "北/京", nameEn: "Beijing" },
  stage: { id: "s", name: "预赛" },
  group: "STUDENT",
  teamRule: "mean",
  generatedAt: "2021-10-16T00:00:00.000Z",
  rows: [
    ...Array.from({ length: 10 }, (_, i) => row(i + 1, `选手${i + 1}`, 100 - i)),
    row(0, "=HYPERLINK(1)", 0, "ABSENT"),
  ],
  teams: [],
};

describe("certificate list cells", () => {
  it("shows rank, name, organisation, team, total and the award, unranked rows without either", () => {
    const cells = certificateCells(ranking);
    expect(cells[0]).toEqual([1, "选手1", "学院", "", 100, "一等奖 FIRST"]);
    expect(cells[2]).toEqual([3, "选手3", "学院", "", 98, "二等奖 SECOND"]);
    expect(cells[5]?.[5]).toBe("三等奖 THIRD");
    expect(cells[6]?.[5]).toBe("");
    expect(cells[10]).toEqual(["缺考 Absent", "=HYPERLINK(1)", "学院", "", null, ""]);
  });

  it("CSV: BOM, CRLF, a formula-like name defused; a safe file name", async () => {
    const file = await certificatesFile(ranking, "csv", new Date(0));
    expect(file.fileName).toBe("北_京-学生组-证书名单.csv");
    const text = file.bytes.toString("utf8");
    expect(text.startsWith(`\uFEFF${CERTIFICATE_HEADERS.join(",")}\r\n`)).toBe(true);
    expect(text).toContain("\r\n缺考 Absent,'=HYPERLINK(1),学院,,,\r\n");
  });

  it("XLSX: one sheet, totals as numbers", async () => {
    const file = await certificatesFile(ranking, "xlsx", new Date(0));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("证书名单 Certificates") as ExcelJS.Worksheet;
    expect(sheet.getRow(2).getCell(5).value).toBe(100);
    expect(sheet.getRow(2).getCell(6).value).toBe("一等奖 FIRST");
  });
});

describe("finalist cells", () => {
  it("lists the region rank and both tickets; a finalist without snapshot scores shows blanks", () => {
    const base = {
      contestantId: "c",
      name: "张伟",
      ticketNumber: "210100000001",
      organisation: null,
      group: "EMPLOYEE" as const,
      team: { id: "t", name: "星火队" },
      region: { id: "r", no: 1, nameZh: "北京", nameEn: "Beijing" },
      finalTicketNumber: "210199999999",
    };
    expect(
      finalistCells({ ...base, regionRank: 2, theory: 20, practical: 60, total: 80, seconds: 3725 }),
    ).toEqual([
      2,
      "北京",
      "张伟",
      "",
      "职工组",
      "星火队",
      20,
      60,
      80,
      "1:02:05",
      "210100000001",
      "210199999999",
    ]);
    expect(
      finalistCells({
        ...base,
        regionRank: null,
        theory: null,
        practical: null,
        total: null,
        seconds: null,
      }).slice(6, 10),
    ).toEqual([null, null, null, ""]);
  });
});
