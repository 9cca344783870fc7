// Bulk import of paper registrations against the real server and PostgreSQL: an XLSX and a CSV with
// Chinese headers import (the contestants sign in), a sheet with bad rows reports every row and
// writes nothing, a disguised file is a 415 and an oversize one a 413.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../core/platform/passwords.ts";
import { createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import { idNumberCheckChar } from "../../protocol/contest.ts";
import type { ImportResult, ImportRowError } from "../../protocol/review.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";
import { zip } from "../helpers/zip.ts";

let stack: Stack;
let contestId: string;
let stageId: string;
let stageOfB: string;
let regionA: string;
let host: Client;

beforeAll(async () => {
  stack = await startStack();
  const regions = await upsertRegions(stack.db);
  regionA = regions.get(3) as string;
  const regionB = regions.get(4) as string;
  const contest = await stack.db.contest.create({
    data: { name: "Import test", year: 2027 },
    select: { id: true },
  });
  contestId = contest.id;
  stageId = (
    await stack.db.stage.create({
      data: { contestId, kind: "PRELIMINARY", regionId: regionA, name: "Preliminary A" },
      select: { id: true },
    })
  ).id;
  stageOfB = (
    await stack.db.stage.create({
      data: { contestId, kind: "PRELIMINARY", regionId: regionB, name: "Preliminary B" },
      select: { id: true },
    })
  ).id;
  await createStaff(stack.db, {
    username: "hostA",
    name: "Host A",
    role: "REGION_HOST",
    regionId: regionA,
    password: PASSWORD,
    passwordHash: await hashPassword(PASSWORD),
  });
  host = new Client(stack.baseUrl);
  expect((await host.login("hostA", PASSWORD)).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

let people = 0;
/** A valid ID number nobody has used in this file: a birth day per person. */
function newIdNumber(): string {
  people++;
  const birth = new Date(Date.UTC(1990, 0, 1) + people * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, "");
  const first17 = `320102${birth}${String(people % 1000).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

async function upload<T>(
  bytes: Uint8Array,
  query = `?stageId=${stageId}`,
  type = "application/octet-stream",
) {
  const res = await fetch(`${stack.baseUrl}/api/regions/${regionA}/imports${query}`, {
    method: "POST",
    headers: { cookie: host.cookie, "content-type": type },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  let body: { data?: T; error?: { code: string; message: string; details?: unknown } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text };
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名单");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(",")).join("\r\n")}\r\n`, "utf8");
}

async function counts() {
  const db = stack.db;
  const [registrations, users, contestants, teams, audit] = await Promise.all([
    db.registration.count(),
    db.user.count(),
    db.contestant.count(),
    db.team.count(),
    db.auditEntry.count(),
  ]);
  return { registrations, users, contestants, teams, audit };
}

async function signsIn(ticket: string, password: string): Promise<void> {
  const c = new Client(stack.baseUrl);
  const res = await c.login(ticket, password);
  expect(res.status).toBe(200);
  expect((res.body.data as { roles: string[] }).roles).toEqual(["CONTESTANT"]);
}

describe("import", () => {
  it("imports an XLSX with English headers in another order, and its contestants sign in", async () => {
    const [a, b, c] = [newIdNumber(), newIdNumber(), newIdNumber()];
    const bytes = await xlsx([
      ["group", "Name", "ID Number", "phone", "organisation", "field", "team", "leader", "remarks"],
      ["STUDENT", "Li Lei", a, 13800138001, "Nanjing Polytechnic", "AI", "Sparks", "no", "x"],
      [
        "学生",
        "Han Meimei",
        b.toLowerCase(),
        "13800138002",
        "Nanjing  Polytechnic",
        "AI",
        "Sparks",
        "yes",
        "",
      ],
      ["职工", "Wang Gong", c, "13800138003", "Suzhou Data Co", "Labelling", "", "", ""],
    ]);
    const res = await upload<ImportResult>(bytes);
    expect(res.status, res.text).toBe(201);
    const result = res.body.data as ImportResult;
    expect(result.imported).toBe(3);
    expect(result.contestants.map((x) => [x.row, x.name])).toEqual([
      [2, "Li Lei"],
      [3, "Han Meimei"],
      [4, "Wang Gong"],
    ]);
    for (const x of result.contestants) expect(x.ticketNumber).toMatch(/^2703\d{8}$/);

    const regs = await stack.db.registration.findMany({
      where: { idNumber: { in: [a, b, c] } },
      include: { team: true, contestant: true },
      orderBy: { name: "asc" },
    });
    expect(regs).toHaveLength(3);
    for (const r of regs) {
      expect(r).toMatchObject({ status: "APPROVED", regionId: regionA, stageId, honours: [] });
      expect(r.accessCodeHash).toMatch(/^import:/);
      expect(r.contestant?.teamId ?? null).toBe(r.teamId);
    }
    const byName = new Map(regs.map((r) => [r.name, r]));
    expect(byName.get("Han Meimei")).toMatchObject({ teamLeader: true, basis: "STUDENT" });
    expect(byName.get("Li Lei")).toMatchObject({ teamLeader: false, phone: "13800138001" });
    expect(byName.get("Wang Gong")).toMatchObject({ teamId: null, group: "EMPLOYEE", basis: "EMPLOYEE_JOB" });
    expect(byName.get("Li Lei")?.team).toMatchObject({ name: "Sparks", group: "STUDENT", regionId: regionA });
    expect(byName.get("Han Meimei")?.teamId).toBe(byName.get("Li Lei")?.teamId);

    const audit = await stack.db.auditEntry.findFirst({
      where: { target: `region:${regionA}`, action: "registration.import" },
    });
    expect(audit?.details).toMatchObject({ imported: 3, teams: 1, stageId, format: "xlsx" });
    for (const x of result.contestants) await signsIn(x.ticketNumber, x.initialPassword);
  });

  it("imports a UTF-8 CSV with a BOM and Chinese headers; the first row leads when there is no leader column", async () => {
    const [a, b] = [newIdNumber(), newIdNumber()];
    const bytes = csv([
      ["姓名", "身份证号", "手机", "组别", "单位", "专业", "队名"],
      ["张伟", a, "13900139001", "学生组", "南京信息职业技术学院", "人工智能技术应用", "星火队"],
      ["李娜", b, "13900139002", "学生", "南京信息职业技术学院", "大数据技术", "星火队"],
    ]);
    const res = await upload<ImportResult>(bytes, `?stageId=${stageId}`, "text/csv");
    expect(res.status, res.text).toBe(201);
    const result = res.body.data as ImportResult;
    expect(result.contestants.map((x) => x.name)).toEqual(["张伟", "李娜"]);
    const leader = await stack.db.registration.findUniqueOrThrow({
      where: { contestId_idNumber: { contestId, idNumber: a } },
    });
    expect(leader).toMatchObject({ name: "张伟", teamLeader: true, organisation: "南京信息职业技术学院" });
    for (const x of result.contestants) await signsIn(x.ticketNumber, x.initialPassword);
  });

  it("imports 200 rows in one go (hashing outside the transaction)", { timeout: 90_000 }, async () => {
    const rows = [["姓名", "身份证号", "手机", "组别", "单位", "专业"]];
    for (let i = 0; i < 200; i++)
      rows.push([`选手${i}`, newIdNumber(), "13600136000", "职工", `单位${i}`, "数据标注"]);
    const res = await upload<ImportResult>(csv(rows));
    expect(res.status, res.text).toBe(201);
    expect(res.body.data?.imported).toBe(200);
    expect(new Set(res.body.data?.contestants.map((c) => c.ticketNumber)).size).toBe(200);
    const last = res.body.data?.contestants.at(-1);
    expect(last?.row).toBe(201);
    await signsIn(last?.ticketNumber ?? "", last?.initialPassword ?? "");
  });

  it("refuses a sheet with bad rows, reporting each row, and writes nothing", async () => {
    const existing = newIdNumber();
    const ok = await upload<ImportResult>(
      csv([
        ["姓名", "身份证号", "手机", "组别", "单位", "专业"],
        ["已导入", existing, "13700137000", "职工", "某公司", "数据标注"],
      ]),
    );
    expect(ok.status).toBe(201);

    const good = newIdNumber();
    const dup = newIdNumber();
    const badChecksum = `${good.slice(0, 17)}${good.endsWith("1") ? "2" : "1"}`;
    const before = await counts();
    const bytes = await xlsx([
      ["姓名", "身份证号", "手机", "组别", "单位", "专业", "队名", "队长"],
      ["错校验", badChecksum, "13800138000", "学生", "甲学院", "AI", "", ""],
      ["重复一", dup, "13800138000", "学生", "甲学院", "AI", "", ""],
      ["重复二", dup, "13800138000", "学生", "甲学院", "AI", "", ""],
      ["已存在", existing, "13800138000", "职工", "某公司", "AI", "", ""],
      ["队长", newIdNumber(), "13800138000", "学生", "甲学院", "AI", "跨校队", "是"],
      ["队员", newIdNumber(), "13800138000", "学生", "乙学院", "AI", "跨校队", "否"],
      ["怪组别", newIdNumber(), "13800138000", "教师组", "甲学院", "AI", "", ""],
    ]);
    const res = await upload(bytes);
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("IMPORT_REJECTED");
    const rows = rowErrors(res.body.error?.details);
    const seen = rows.map((r) => `${r.row} ${r.column}`);
    expect(seen).toEqual(["2 身份证号", "4 身份证号", "5 身份证号", "7 单位", "8 组别"]);
    expect(rows.find((r) => r.row === 4)?.message).toMatch(/row 3/);
    expect(rows.find((r) => r.row === 5)?.message).toMatch(/already registered/);
    expect(rows.find((r) => r.row === 7)?.message).toMatch(/不得跨校/);
    expect(rows.find((r) => r.row === 8)?.message).toMatch(/教师组/);
    expect(await counts()).toEqual(before);
  });

  it("names a missing required column", async () => {
    const before = await counts();
    const res = await upload(
      csv([
        ["姓名", "手机", "组别", "单位", "专业"],
        ["某人", "13800138000", "学生", "甲", "AI"],
      ]),
    );
    expect(res.status).toBe(422);
    expect(rowErrors(res.body.error?.details)).toEqual([
      { row: 1, column: "身份证号", message: expect.stringContaining("身份证号") },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("refuses a disguised file (HTML named .xlsx), a GBK CSV and an old .xls with a 415", async () => {
    const before = await counts();
    const html = Buffer.from(
      "<!DOCTYPE html><html><body><table><tr><td>姓名</td></tr></table></body></html>",
    );
    const res = await upload(html, `?stageId=${stageId}`, XLSX_TYPE);
    expect(res.status).toBe(415);
    expect(res.body.error?.message).toMatch(/XLSX or UTF-8 CSV/);
    expect((await upload(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x0a]))).status).toBe(415);
    expect((await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).status).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it("refuses a zip bomb dressed as an XLSX before unpacking it", async () => {
    const before = await counts();
    const bomb = zip([
      { name: "[Content_Types].xml", body: Buffer.from("<Types/>") },
      { name: "xl/worksheets/sheet1.xml", body: Buffer.alloc(200_000_000, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(1_000_000);
    const res = await upload(bomb, `?stageId=${stageId}`, XLSX_TYPE);
    expect(res.status).toBe(415);
    expect(res.body.error?.details).toMatchObject({ problem: "too-large" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a file over 5 MB with a 413", async () => {
    const res = await upload(Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("needs a stage of the region", async () => {
    const bytes = csv([["姓名"], ["x"]]);
    expect((await upload(bytes, "")).status).toBe(400);
    expect((await upload(bytes, "?stageId=nope")).status).toBe(404);
    expect((await upload(bytes, `?stageId=${stageOfB}`)).status).toBe(404);
  });
});

function rowErrors(details: unknown): ImportRowError[] {
  return (details as { rows?: ImportRowError[] } | undefined)?.rows ?? [];
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("templates", () => {
  it("downloads an XLSX template that imports as it is", async () => {
    const res = await fetch(`${stack.baseUrl}/api/regions/${regionA}/imports/template.xlsx`, {
      headers: { cookie: host.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX_TYPE);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; .*filename\*=UTF-8''/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const imported = await upload<ImportResult>(bytes);
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.data?.contestants.map((c) => c.name)).toEqual(["张三"]);
  });

  it("downloads a CSV template with a UTF-8 BOM and the Chinese headers", async () => {
    const res = await fetch(`${stack.baseUrl}/api/regions/${regionA}/imports/template.csv`, {
      headers: { cookie: host.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8").slice(1).split("\r\n")[0]).toBe(
      "姓名,身份证号,手机,组别,单位,专业,队名,队长",
    );
  });
});
