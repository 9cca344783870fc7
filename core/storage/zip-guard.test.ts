import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { zip } from "../../test/helpers/zip.ts";
import { inspectZip } from "./zip-guard.ts";

const LIMITS = { maxEntries: 100, maxUnpackedBytes: 50_000_000, maxRatio: 200 };

describe("inspectZip", () => {
  it("passes a real workbook", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("报名").addRow(["姓名", "身份证号"]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(inspectZip(bytes, LIMITS)).toBeNull();
  });

  it("refuses an archive that unpacks to far more than it weighs", () => {
    const bomb = zip([{ name: "xl/worksheets/sheet1.xml", body: Buffer.alloc(60_000_000, 0x20) }]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(inspectZip(bomb, LIMITS)?.problem).toBe("too-large");
    expect(inspectZip(bomb, { ...LIMITS, maxUnpackedBytes: 1e9 })).toMatchObject({ problem: "ratio" });
  });

  it("refuses too many entries, names that climb out, and what is not a ZIP", () => {
    const many = zip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, body: Buffer.from("x") })));
    expect(inspectZip(many, LIMITS)).toEqual({ problem: "too-many-entries", entries: 101 });
    expect(inspectZip(zip([{ name: "../../etc/x", body: Buffer.from("x") }]), LIMITS)?.problem).toBe(
      "unsafe-name",
    );
    expect(inspectZip(Buffer.from("PK\x03\x04 not really"), LIMITS)).toEqual({ problem: "not-a-zip" });
  });
});
