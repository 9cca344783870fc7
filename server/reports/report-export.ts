// The finalists' list and a region's certificate list as files (issue 10), like the rankings'
// exports (results/ranking-export.ts, whose cell helpers they share): XLSX by exceljs, and CSV as
// UTF-8 with a BOM and CRLF line ends so Excel and WPS read the Chinese. Serialisation only, no I/O.
import ExcelJS from "exceljs";
import type { Award, Finalist } from "../../protocol/reports.ts";
import type { Ranking } from "../../protocol/results.ts";
import {
  csvField,
  formatDuration,
  GROUP_ZH,
  type RankingExport,
  UNRANKED_LABEL,
} from "../results/ranking-export.ts";
import { AWARD_ZH, certificateAwards } from "./awards.ts";

type Cell = string | number | null;

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_MEDIA_TYPE = "text/csv; charset=utf-8";

export const FINALISTS_SHEET = "决赛名单 Finalists";
export const CERTIFICATES_SHEET = "证书名单 Certificates";

export const FINALIST_HEADERS = [
  "赛区名次 Region rank",
  "赛区 Region",
  "姓名 Name",
  "单位 Organisation",
  "组别 Group",
  "参赛队 Team",
  "理论 Theory",
  "实操 Practical",
  "总分 Total",
  "用时 Time",
  "预赛准考证号 Preliminary ticket",
  "决赛准考证号 Final ticket",
] as const;

export const CERTIFICATE_HEADERS = [
  "名次 Rank",
  "姓名 Name",
  "单位 Organisation",
  "参赛队 Team",
  "总分 Total",
  "奖项 Award",
] as const;

/** A finalist of the export: the scores of the submitted snapshot (null when none was found). */
export type FinalistExportRow = Omit<
  Finalist,
  "theory" | "practical" | "total" | "seconds" | "regionRank"
> & {
  regionRank: number | null;
  theory: number | null;
  practical: number | null;
  total: number | null;
  seconds: number | null;
};

export function finalistCells(f: FinalistExportRow): Cell[] {
  return [
    f.regionRank,
    f.region.nameZh,
    f.name,
    f.organisation ?? "",
    GROUP_ZH[f.group],
    f.team?.name ?? "",
    f.theory,
    f.practical,
    f.total,
    formatDuration(f.seconds),
    f.ticketNumber,
    f.finalTicketNumber ?? "",
  ];
}

/** The certificate list's rows of a region × group ranking, each with its award (awards.ts). */
export function certificateCells(ranking: Ranking): Cell[][] {
  const awards = certificateAwards(ranking.rows);
  return ranking.rows.map((r, i) => {
    const award: Award | null = awards[i] ?? null;
    const ranked = r.status === "SCORED";
    return [
      r.status === "SCORED" ? r.rank : UNRANKED_LABEL[r.status],
      r.name,
      r.organisation ?? "",
      r.team?.name ?? "",
      ranked ? r.total : null,
      award ? `${AWARD_ZH[award]} ${award}` : "",
    ];
  });
}

async function xlsx(
  sheetName: string,
  headers: readonly string[],
  numberColumns: number[],
  rows: Cell[][],
  created: Date,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "LabelArena";
  workbook.created = created;
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({
    header,
    width: i === 0 ? 14 : 18,
    style: numberColumns.includes(i) ? { numFmt: "0.00" } : { numFmt: "@" },
  }));
  // The rank column holds numbers and labels: general format, so a rank stays a number.
  sheet.getColumn(1).numFmt = "General";
  sheet.getRow(1).font = { bold: true };
  for (const cells of rows) sheet.addRow(cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csv(headers: readonly string[], rows: Cell[][]): Buffer {
  const lines = [headers, ...rows].map((cells) => cells.map(csvField).join(","));
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/** Characters a file system refuses become "_". */
function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
}

/** e.g. 全国预赛-决赛名单.xlsx */
export async function finalistsFile(
  stageName: string,
  rows: FinalistExportRow[],
  format: "xlsx" | "csv",
  created: Date,
): Promise<RankingExport> {
  const cells = rows.map(finalistCells);
  return {
    bytes:
      format === "xlsx"
        ? await xlsx(FINALISTS_SHEET, FINALIST_HEADERS, [6, 7, 8], cells, created)
        : csv(FINALIST_HEADERS, cells),
    mediaType: format === "xlsx" ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE,
    fileName: `${safeName(stageName)}-决赛名单.${format}`,
  };
}

/** e.g. 北京-学生组-证书名单.csv */
export async function certificatesFile(
  ranking: Ranking,
  format: "xlsx" | "csv",
  created: Date,
): Promise<RankingExport> {
  const cells = certificateCells(ranking);
  return {
    bytes:
      format === "xlsx"
        ? await xlsx(CERTIFICATES_SHEET, CERTIFICATE_HEADERS, [4], cells, created)
        : csv(CERTIFICATE_HEADERS, cells),
    mediaType: format === "xlsx" ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE,
    fileName: `${safeName(ranking.region.nameZh)}-${GROUP_ZH[ranking.group]}-证书名单.${format}`,
  };
}
