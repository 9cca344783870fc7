// Reading an uploaded sheet (XLSX or UTF-8 CSV, told apart by content, never by name) into rows of
// text cells with their row numbers as the sheet shows them.
import ExcelJS from "exceljs";
import { UnsupportedMediaTypeError } from "../../core/errors.ts";
import { inspectZip } from "../../core/storage/zip-guard.ts";

/** One line of the sheet: its 1-based row number and its cells as text (trimmed). */
export interface SheetRow {
  row: number;
  cells: string[];
  /** Columns whose cell held a number too large to be exact (an ID number typed as a number). */
  inexact?: Set<number>;
}

const SAVE_AS = "Save the sheet as XLSX or UTF-8 CSV and upload it again.";

export type SheetFormat = "xlsx" | "csv";

/** What the bytes are: an XLSX (a ZIP) or UTF-8 text; anything else is refused with a 415. */
export function sniffSheet(bytes: Uint8Array): SheetFormat {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return "xlsx";
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw new UnsupportedMediaTypeError(`This is an old Excel (.xls) file. ${SAVE_AS}`, { detected: "xls" });
  if (bytes.length === 0) throw new UnsupportedMediaTypeError(`The file is empty. ${SAVE_AS}`);
  // Excel's "Unicode text" is UTF-16, tab-separated.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new UnsupportedMediaTypeError(`This is UTF-16 text. ${SAVE_AS}`, { detected: "utf-16" });
  if (bytes.includes(0))
    throw new UnsupportedMediaTypeError(`This is not a spreadsheet. ${SAVE_AS}`, { detected: "binary" });
  const head = decodeUtf8(bytes.subarray(0, 512), false)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<") || head.startsWith("{") || head.startsWith("%pdf"))
    throw new UnsupportedMediaTypeError(`This is a web page or document, not a spreadsheet. ${SAVE_AS}`, {
      detected: head.startsWith("<") ? "html" : head.startsWith("{") ? "json" : "pdf",
    });
  return "csv";
}

function decodeUtf8(bytes: Uint8Array, fatal: boolean): string {
  return new TextDecoder("utf-8", { fatal, ignoreBOM: true }).decode(bytes);
}

/** Reads the sheet into rows (blank rows left out); a file that is neither is a 415. */
export async function readSheet(bytes: Uint8Array): Promise<SheetRow[]> {
  return sniffSheet(bytes) === "xlsx" ? readXlsx(bytes) : readCsv(bytes);
}

export function readCsv(bytes: Uint8Array): SheetRow[] {
  let text: string;
  try {
    text = decodeUtf8(bytes, true);
  } catch {
    // Excel's "CSV" on a Chinese Windows is GBK: the names would come out garbled.
    throw new UnsupportedMediaTypeError(`The CSV is not UTF-8 (it may be GBK). ${SAVE_AS}`, {
      detected: "not-utf8",
    });
  }
  return parseCsv(text.replace(/^\uFEFF/, ""));
}

/** RFC 4180: commas, double-quoted fields with "" for a quote, CRLF or LF line ends. */
export function parseCsv(text: string): SheetRow[] {
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  const endRow = () => {
    cells.push(cell.trim());
    if (cells.some((c) => c !== "")) rows.push({ row: line, cells });
    cells = [];
    cell = "";
    line++;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell.trim() === "") {
      cell = "";
      quoted = true;
    } else if (c === ",") {
      cells.push(cell.trim());
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else cell += c;
  }
  if (cell !== "" || cells.length > 0) endRow();
  return rows;
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  // A sheet of a thousand rows unpacks to a few megabytes; a zip bomb is refused before exceljs
  // inflates it.
  const problem = inspectZip(bytes, { maxEntries: 500, maxUnpackedBytes: 100_000_000, maxRatio: 300 });
  if (problem)
    throw new UnsupportedMediaTypeError(
      `The XLSX file is not a plain workbook (${problem.problem}). ${SAVE_AS}`,
      { detected: "zip", ...problem },
    );
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want its own Buffer flavour.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new UnsupportedMediaTypeError(`The file is a ZIP but not a readable XLSX workbook. ${SAVE_AS}`, {
      detected: "zip",
    });
  }
  // The first sheet only: a workbook's other sheets are notes, lists of schools and the like.
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    const inexact = new Set<number>();
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const value = cell.value;
      if (typeof value === "number" && !Number.isSafeInteger(value) && Math.abs(value) > 2 ** 53)
        inexact.add(col - 1);
      cells[col - 1] = cellText(value).trim();
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    if (cells.some((c) => c !== ""))
      rows.push({ row: row.number, cells, ...(inexact.size ? { inexact } : {}) });
  });
  return rows;
}

/** A cell's value as the text a person sees in it. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ("error" in value) return "";
  return "";
}
