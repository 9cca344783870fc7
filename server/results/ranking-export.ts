// A ranking as files the hosts open in Excel or WPS: XLSX (contestants and teams) and CSV (the
// contestants, UTF-8 with a BOM and CRLF, RFC 4180 quoting). Serialisation only, no I/O.
import ExcelJS from "exceljs";
import type { Group } from "../../protocol/contest.ts";
import type { Ranking, RankingRow, TeamRankingRow } from "../../protocol/results.ts";

export interface RankingExport {
  bytes: Buffer;
  mediaType: string;
  fileName: string;
}

export const GROUP_ZH: Record<Group, string> = { EMPLOYEE: "职工组", STUDENT: "学生组" };

/** What an unranked row shows in place of its rank. */
export const UNRANKED_LABEL: Record<Exclude<RankingRow["status"], "SCORED">, string> = {
  PENDING: "待评分 Pending",
  ABSENT: "缺考 Absent",
};

export const INDIVIDUAL_SHEET = "个人排名 Individual";
export const TEAM_SHEET = "团队排名 Teams";

export const INDIVIDUAL_HEADERS = [
  "名次 Rank",
  "姓名 Name",
  "准考证号 Ticket",
  "单位 Organisation",
  "组别 Group",
  "参赛队 Team",
  "理论 Theory",
  "实操 Practical",
  "总分 Total",
  "用时 Time",
] as const;

export const TEAM_HEADERS = [
  "名次 Rank",
  "参赛队 Team",
  "单位 Organisation",
  "成员 Members",
  "总分 Total",
  "实操 Practical",
  "用时 Time",
] as const;

const WIDTHS_INDIVIDUAL = [14, 14, 18, 30, 10, 18, 12, 12, 12, 12];
const WIDTHS_TEAM = [14, 18, 30, 36, 12, 12, 12];

/** m:ss under an hour ("07:05"), h:mm:ss from an hour ("1:02:03"); "" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

type Cell = string | number | null;

/** One contestant as cells: unranked rows show their status as the rank and no scores. */
export function individualCells(r: RankingRow): Cell[] {
  const ranked = r.status === "SCORED";
  return [
    r.status === "SCORED" ? r.rank : UNRANKED_LABEL[r.status],
    r.name,
    r.ticketNumber,
    r.organisation ?? "",
    GROUP_ZH[r.group],
    r.team?.name ?? "",
    ranked ? r.theory : null,
    ranked ? r.practical : null,
    ranked ? r.total : null,
    ranked ? formatDuration(r.seconds) : "",
  ];
}

/** One team as cells: a team with no scored member shows "待评分" and no scores. */
export function teamCells(t: TeamRankingRow): Cell[] {
  const ranked = t.rank > 0;
  return [
    ranked ? t.rank : UNRANKED_LABEL.PENDING,
    t.team.name,
    t.organisation,
    t.members.map((m) => m.name).join("、"),
    ranked ? t.total : null,
    ranked ? t.practical : null,
    ranked ? formatDuration(t.seconds) : "",
  ];
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  widths: number[],
  numberColumns: number[],
  rows: Cell[][],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({
    header,
    width: widths[i] ?? 12,
    style: numberColumns.includes(i) ? { numFmt: "0.00" } : { numFmt: "@" },
  }));
  // The rank column holds numbers and labels: general format, so a rank stays a number.
  sheet.getColumn(1).numFmt = "General";
  sheet.getRow(1).font = { bold: true };
  for (const cells of rows) sheet.addRow(cells);
}

export async function rankingXlsx(ranking: Ranking): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "LabelArena";
  workbook.created = new Date(ranking.generatedAt);
  addSheet(
    workbook,
    INDIVIDUAL_SHEET,
    INDIVIDUAL_HEADERS,
    WIDTHS_INDIVIDUAL,
    [6, 7, 8],
    ranking.rows.map(individualCells),
  );
  addSheet(workbook, TEAM_SHEET, TEAM_HEADERS, WIDTHS_TEAM, [4, 5], ranking.teams.map(teamCells));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * RFC 4180 quoting; a text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR)
 * gets a leading apostrophe, so a contestant's name can never run as one.
 */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The contestants' ranking (not the teams): UTF-8 with a BOM, CRLF line ends. */
export function rankingCsv(ranking: Ranking): Buffer {
  const lines = [INDIVIDUAL_HEADERS, ...ranking.rows.map(individualCells)].map((cells) =>
    cells.map(csvField).join(","),
  );
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/** e.g. 北京-学生组-排名.xlsx (characters a file system refuses become "_"). */
export function rankingFileName(ranking: Ranking, ext: "xlsx" | "csv"): string {
  const region = ranking.region.nameZh.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
  return `${region}-${GROUP_ZH[ranking.group]}-排名.${ext}`;
}
