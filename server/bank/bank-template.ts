// The bank import template the committee downloads: the header row ("编号 code" …) and one example
// row of each kind, as XLSX or as CSV with a UTF-8 BOM (without it Excel and WPS garble the Chinese).
import ExcelJS from "exceljs";
import { BANK_COLUMNS, type BankField } from "../../protocol/bank.ts";

export const BANK_TEMPLATE_ROWS: Partial<Record<BankField, string>>[] = [
  {
    code: "DC-0001",
    kind: "单选",
    topic: "图像标注",
    prompt: "目标检测标注中，矩形框应当如何贴合目标？",
    optionA: "紧贴目标的最外侧边缘",
    optionB: "留出约 20% 的边距",
    optionC: "只框住目标的中心部分",
    optionD: "与图像边缘对齐",
    answer: "A",
    points: "0.5",
  },
  {
    code: "DC-0002",
    kind: "多选",
    topic: "质量控制",
    prompt: "下列哪些做法有助于提高标注一致性？",
    optionA: "编写清晰的标注规范",
    optionB: "对标注员进行培训与考核",
    optionC: "随机抽检并反馈",
    optionD: "不同标注员各自理解规范",
    answer: "ABC",
    points: "1",
    scoring: "all-or-nothing",
  },
  {
    code: "DC-0003",
    kind: "判断",
    topic: "数据安全",
    prompt: "含有个人身份信息的数据在标注前应进行脱敏处理。",
    answer: "对",
    points: "0.5",
  },
];

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const headerOf = (c: (typeof BANK_COLUMNS)[number]) => `${c.zh} ${c.en}`;

export async function bankTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("题库");
  sheet.columns = BANK_COLUMNS.map((c) => ({
    header: headerOf(c),
    key: c.field,
    width: c.field === "prompt" ? 40 : c.field.startsWith("option") ? 22 : 14,
    // Codes, answers and points as text: Excel would otherwise turn "0001" into 1.
    style: { numFmt: "@" },
  }));
  for (const row of BANK_TEMPLATE_ROWS) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function bankTemplateCsv(): Buffer {
  const lines = [
    BANK_COLUMNS.map((c) => csvCell(headerOf(c))).join(","),
    ...BANK_TEMPLATE_ROWS.map((r) => BANK_COLUMNS.map((c) => csvCell(r[c.field] ?? "")).join(",")),
  ];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}
