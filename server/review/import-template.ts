// The import template a host downloads: the header row and one example row, as XLSX or as CSV with
// a UTF-8 BOM (without it, Excel and WPS open the Chinese headers garbled).
import ExcelJS from "exceljs";
import { idNumberCheckChar } from "../../protocol/contest.ts";
import { IMPORT_COLUMNS, type ImportField } from "../../protocol/review.ts";

const EXAMPLE_ID = `11010520000101001${idNumberCheckChar("11010520000101001")}`;

const EXAMPLE: Record<ImportField, string> = {
  name: "张三",
  idNumber: EXAMPLE_ID,
  phone: "13800138000",
  group: "学生",
  organisation: "示例职业技术学院",
  field: "人工智能技术应用",
  team: "示例队",
  leader: "是",
};

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("报名表");
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.field,
    width: c.field === "idNumber" ? 22 : c.field === "organisation" ? 28 : 14,
    // ID numbers and phone numbers as text: as numbers, Excel rounds an ID number's last digits away.
    style: c.field === "idNumber" || c.field === "phone" ? { numFmt: "@" } : {},
  }));
  sheet.addRow(EXAMPLE);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function templateCsv(): Buffer {
  const lines = [
    IMPORT_COLUMNS.map((c) => csvCell(c.zh)).join(","),
    IMPORT_COLUMNS.map((c) => csvCell(EXAMPLE[c.field])).join(","),
  ];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}
