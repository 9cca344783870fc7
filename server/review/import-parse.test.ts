import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { UnsupportedMediaTypeError } from "../../core/errors.ts";
import { parseCsv, readSheet, sniffSheet } from "./import-parse.ts";
import { templateCsv, templateXlsx } from "./import-template.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("sniffSheet", () => {
  it("takes a ZIP as XLSX and UTF-8 text as CSV, whatever the name", () => {
    expect(sniffSheet(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe("xlsx");
    expect(sniffSheet(utf8("\uFEFF姓名,身份证号\n"))).toBe("csv");
  });

  it("refuses HTML, PDF, old .xls, binary and empty files with a 415", () => {
    for (const bytes of [
      utf8("  <!DOCTYPE html><html><body>姓名</body></html>"),
      utf8("%PDF-1.7\n"),
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]),
      Uint8Array.from([0xff, 0xfe, 0xd3, 0x59, 0x0d, 0x54]),
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]),
      new Uint8Array(0),
    ]) {
      expect(() => sniffSheet(bytes)).toThrow(UnsupportedMediaTypeError);
    }
  });
});

describe("readSheet", () => {
  it("refuses a CSV that is not UTF-8 (GBK)", async () => {
    // "姓名" in GBK
    await expect(readSheet(Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]))).rejects.toThrow(/UTF-8/);
  });

  it("refuses a ZIP that is not a workbook", async () => {
    await expect(readSheet(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(
      UnsupportedMediaTypeError,
    );
  });

  it("reads the XLSX template: header and example row, numbers as text", async () => {
    const rows = await readSheet(await templateXlsx());
    expect(rows[0]?.cells.slice(0, 3)).toEqual(["姓名", "身份证号", "手机"]);
    expect(rows[1]?.row).toBe(2);
    expect(rows[1]?.cells[0]).toBe("张三");
  });

  it("reads the CSV template with its BOM", async () => {
    const bytes = templateCsv();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await readSheet(bytes);
    expect(rows[0]?.cells[0]).toBe("姓名");
    expect(rows).toHaveLength(2);
  });

  it("flags an ID number stored as a number in an XLSX", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("s");
    ws.addRow(["姓名", "身份证号"]);
    // What Excel keeps when an ID number is typed into a number cell.
    ws.addRow(["张三", Number("110105200001010011")]);
    const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows[1]?.inexact?.has(1)).toBe(true);
  });
});

describe("parseCsv", () => {
  it("handles quotes, commas in quotes, CRLF, and keeps row numbers across blank lines", () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n c ,d\n');
    expect(rows).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 2, cells: ["x, y", 'say "hi"'] },
      { row: 4, cells: ["c", "d"] },
    ]);
  });

  it("reads a last line without a line end", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 2, cells: ["1", "2"] },
    ]);
  });
});
