import { describe, expect, it } from "vitest";
import { idNumberCheckChar } from "../../protocol/contest.ts";
import type { SheetRow } from "./import-parse.ts";
import { foldHeader, type ImportContext, planImport, readDraftRows } from "./import-rows.ts";

/** A valid ID number for person `n` (born 2000-01-01). */
function id(n: number): string {
  const first17 = `11010520000101${String(n).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

function sheet(header: string[], ...rows: string[][]): SheetRow[] {
  return [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));
}

const HEADER = ["姓名", "身份证号", "手机", "组别", "单位", "专业", "队名", "队长"];
const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({
  settings: { teamMinSize: 1, teamMaxSize: 3, teamsMaySpanOrganisations: false },
  existingIdNumbers: new Set(),
  existingTeamNames: new Set(),
  labels: {},
  ...over,
});

function check(s: SheetRow[], c = ctx()) {
  const { drafts, errors } = readDraftRows(s);
  return planImport(drafts, c, errors);
}

describe("foldHeader", () => {
  it("folds width, case, spaces, underscores, stars and bracketed notes", () => {
    expect(foldHeader(" ID_Number ")).toBe(foldHeader("id number"));
    expect(foldHeader("姓名*")).toBe("姓名");
    expect(foldHeader("身份证号（必填）")).toBe("身份证号");
  });
});

describe("readDraftRows and planImport", () => {
  it("takes good rows in English headers in any order, ignoring unknown columns", () => {
    const r = check(
      sheet(
        ["note", "group", "name", "id_number", "phone", "field", "organisation"],
        ["x", "STUDENT", "Li", id(1).toLowerCase(), "13800138000", "AI", "A College"],
        ["", "职工组", "Wang", `${id(2)}`, "139 0013 8000", "Data", "B Co"],
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan?.records.map((x) => [x.row, x.group, x.phone])).toEqual([
      [2, "STUDENT", "13800138000"],
      [3, "EMPLOYEE", "13900138000"],
    ]);
  });

  it("folds full-width digits and a lower-case x in the ID number", () => {
    const full = id(3).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const r = check(sheet(HEADER, ["Li", full, "13800138000", "学生", "A", "AI", "", ""]));
    expect(r.errors).toEqual([]);
    expect(r.plan?.records[0]?.idNumber).toBe(id(3));
  });

  it("finds the header below a title row", () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ["2026年人工智能训练师大赛报名表"] },
      { row: 2, cells: HEADER },
      { row: 3, cells: ["Li", id(40), "13800138000", "学生", "A", "AI", "", ""] },
    ];
    const r = check(rows);
    expect(r.errors).toEqual([]);
    expect(r.plan?.records.map((x) => x.row)).toEqual([3]);
  });

  it("names each missing required column", () => {
    const r = check(sheet(["姓名", "手机", "组别", "单位"], ["Li", "13800138000", "学生", "A"]));
    expect(r.errors.map((e) => e.column)).toEqual(["身份证号", "专业"]);
  });

  it("reports every bad row and cell", () => {
    const bad = `${id(4).slice(0, 17)}${id(4).endsWith("0") ? "1" : "0"}`;
    const r = check(
      sheet(
        HEADER,
        ["Li", bad, "13800138000", "学生", "A", "AI", "", ""],
        ["", id(5), "12345", "老师", "A", "AI", "", ""],
        ["Wu", id(5), "13800138000", "学生", "A", "AI", "", "maybe"],
      ),
    );
    expect(r.plan).toBeNull();
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "身份证号"],
      [3, "姓名"],
      [3, "手机"],
      [3, "组别"],
      [4, "身份证号"],
      [4, "队长"],
    ]);
    expect(r.errors.find((e) => e.row === 4 && e.column === "身份证号")?.message).toMatch(/row 3/);
  });

  it("refuses an ID number the contest has already", () => {
    const r = check(
      sheet(HEADER, ["Li", id(6), "13800138000", "学生", "A", "AI", "", ""]),
      ctx({ existingIdNumbers: new Set([id(6)]) }),
    );
    expect(r.errors[0]?.message).toMatch(/already registered/);
  });

  it("forms teams by name with one leader, one school and one group", () => {
    const r = check(
      sheet(
        HEADER,
        ["A1", id(10), "13800138000", "学生", "甲学院", "AI", "T1", "否"],
        ["A2", id(11), "13800138000", "学生", "甲 学院", "AI", "T1", "是"],
        ["B1", id(12), "13800138000", "职工", "乙公司", "AI", "T2", "是"],
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan?.teams.map((t) => t.name)).toEqual(["T1", "T2"]);
    expect(r.plan?.records.map((x) => [x.team, x.leader])).toEqual([
      [0, false],
      [0, true],
      [1, true],
    ]);
  });

  it("makes the first row the leader when there is no leader column", () => {
    const r = check(
      sheet(
        HEADER.slice(0, 7),
        ["A1", id(13), "13800138000", "学生", "甲", "AI", "T"],
        ["A2", id(14), "13800138000", "学生", "甲", "AI", "T"],
      ),
    );
    expect(r.plan?.records.map((x) => x.leader)).toEqual([true, false]);
  });

  it("refuses a team across schools, of mixed groups, too big, without or with two leaders", () => {
    const r = check(
      sheet(
        HEADER,
        ["A1", id(20), "13800138000", "学生", "甲", "AI", "T1", "是"],
        ["A2", id(21), "13800138000", "学生", "乙", "AI", "T1", "否"],
        ["A3", id(22), "13800138000", "职工", "甲", "AI", "T1", "是"],
        ["A4", id(23), "13800138000", "学生", "甲", "AI", "T1", "否"],
        ["B1", id(24), "13800138000", "学生", "丙", "AI", "T2", "否"],
      ),
    );
    const msgs = r.errors.map((e) => `${e.row} ${e.column}: ${e.message}`);
    expect(msgs).toEqual([
      expect.stringMatching(/^2 队名: .*4 member/),
      expect.stringMatching(/^3 单位: .*不得跨校/),
      expect.stringMatching(/^4 组别: .*mixes groups/),
      expect.stringMatching(/^4 队长: .*more than one leader/),
      expect.stringMatching(/^6 队长: .*no leader/),
    ]);
  });

  it("lets a team span schools when the settings allow it", () => {
    const r = check(
      sheet(
        HEADER,
        ["A1", id(30), "13800138000", "学生", "甲", "AI", "T1", "是"],
        ["A2", id(31), "13800138000", "学生", "乙", "AI", "T1", "否"],
      ),
      ctx({ settings: { teamMinSize: 1, teamMaxSize: 3, teamsMaySpanOrganisations: true } }),
    );
    expect(r.errors).toEqual([]);
  });

  it("asks for a team when teams have at least two members", () => {
    const r = check(
      sheet(HEADER, ["A1", id(32), "13800138000", "学生", "甲", "AI", "", ""]),
      ctx({ settings: { teamMinSize: 2, teamMaxSize: 3, teamsMaySpanOrganisations: false } }),
    );
    expect(r.errors[0]).toMatchObject({ row: 2, column: "队名" });
  });

  it("refuses a team name the region has already", () => {
    const r = check(
      sheet(HEADER, ["A1", id(33), "13800138000", "学生", "甲", "AI", "Old", "是"]),
      ctx({ existingTeamNames: new Set(["Old"]) }),
    );
    expect(r.errors[0]?.message).toMatch(/already exists/);
  });
});
