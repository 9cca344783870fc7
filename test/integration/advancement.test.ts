// Advancement to the final against the real server and PostgreSQL: the preview under quota and
// top-N rules from submitted reports only (ties at the cut, overrides, missing regions), nothing
// written by a preview, enrolment in the final stage on the finalists' own accounts (idempotent,
// audited), and the finalists' list exported and read back cell by cell.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { buildExam, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { Group } from "../../protocol/contest.ts";
import type { AdvancementPreview, AdvancementRule, EnrolResult, Finalist } from "../../protocol/reports.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2021-10-16T01:00:00Z");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const clock = new ManualClock(at(180));

let stack: Stack;
let stage: string;
let finalStage: string;
let otherFinal: string;
let contestId: string;
let team: string;
const regions: Record<string, string> = {};
const contestants: Record<string, { id: string; userId: string }> = {};

let admin: Client;
let hostA: Client;
let anonymous: Client;

interface Person {
  key: string;
  name: string;
  region: "A" | "B" | "C";
  group?: Group;
  total?: number;
  practical?: number;
  team?: boolean;
}

// A: students 90, 80, 80 (tied on 2), 70, one absent; employees 60, 50. B: students 95, 80 (tied with
// A's 80s on total, practical and time), 40; one employee 65. C: a student of 100 — C's report is
// reopened, so C advances nobody.
const PEOPLE: Person[] = [
  { key: "a1", name: "张伟", region: "A", total: 90, team: true },
  { key: "a2", name: "王芳", region: "A", total: 80, practical: 50 },
  { key: "a3", name: "李娜", region: "A", total: 80, practical: 50 },
  { key: "a4", name: "刘洋", region: "A", total: 70 },
  { key: "a5", name: "徐丽", region: "A" },
  { key: "ae1", name: "郑工", region: "A", group: "EMPLOYEE", total: 60 },
  { key: "ae2", name: "钱工", region: "A", group: "EMPLOYEE", total: 50 },
  { key: "b1", name: "孙强", region: "B", total: 95 },
  { key: "b2", name: "周敏", region: "B", total: 80, practical: 50 },
  { key: "b3", name: "吴刚", region: "B", total: 40 },
  { key: "be1", name: "冯工", region: "B", group: "EMPLOYEE", total: 65 },
  { key: "c1", name: "陈静", region: "C", total: 100 },
];
const REGION_NO = { A: 1, B: 2, C: 3 } as const;

beforeAll(async () => {
  stack = await startStack({ clock });
  const db = stack.db;
  const ids = await upsertRegions(db);
  for (const [k, no] of Object.entries(REGION_NO)) regions[k] = ids.get(no) ?? "";
  const exam = await buildExam(db, {
    stageName: "2021 省级预赛",
    sessionName: "委员会场次",
    startsAt: START,
    durationMinutes: 120,
    questions: [],
    tasks: [],
  });
  stage = exam.stageId;
  contestId = exam.contestId;
  finalStage = (
    await db.stage.create({
      data: { contestId, kind: "FINAL", name: "2021 全国总决赛" },
      select: { id: true },
    })
  ).id;
  const other = await db.contest.create({ data: { name: "另一届", year: 2022 }, select: { id: true } });
  otherFinal = (
    await db.stage.create({
      data: { contestId: other.id, kind: "FINAL", name: "2022 决赛" },
      select: { id: true },
    })
  ).id;
  team = (
    await db.team.create({
      data: {
        contestId,
        regionId: regions.A as string,
        name: "星火队",
        group: "STUDENT",
        organisation: "北京信息职业技术学院",
      },
      select: { id: true },
    })
  ).id;
  const passwordHash = await hashPassword(PASSWORD);
  const sessions: Record<string, string> = {};
  for (const k of ["A", "B", "C"])
    sessions[k] = (
      await db.examSession.create({
        data: {
          stageId: stage,
          regionId: regions[k] as string,
          paperId: exam.paperId,
          name: `${k} 预赛`,
          startsAt: START,
          durationMinutes: 120,
        },
        select: { id: true },
      })
    ).id;
  for (const [i, p] of PEOPLE.entries()) {
    const user = await db.user.create({ data: { name: p.name, passwordHash }, select: { id: true } });
    const c = await db.contestant.create({
      data: {
        userId: user.id,
        stageId: stage,
        regionId: regions[p.region] as string,
        group: p.group ?? "STUDENT",
        ticketNumber: `P${String(i + 1).padStart(3, "0")}`,
        organisation: `${p.region} 学院`,
        teamId: p.team ? team : null,
      },
      select: { id: true },
    });
    contestants[p.key] = { id: c.id, userId: user.id };
    const scored = p.total !== undefined;
    const attempt = await db.attempt.create({
      data: {
        contestantId: c.id,
        examSessionId: sessions[p.region] as string,
        status: scored ? "SCORED" : "NOT_STARTED",
        startedAt: scored ? START : null,
        deadlineAt: scored ? at(120) : null,
        submittedAt: scored ? at(60) : null,
      },
      select: { id: true },
    });
    if (p.total !== undefined) {
      const practical = p.practical ?? p.total * 0.7;
      await db.scoreVersion.create({
        data: {
          attemptId: attempt.id,
          version: 1,
          scorerVersion: "test",
          theory: p.total - practical,
          practical,
          total: p.total,
        },
      });
    }
  }
  await createStaff(db, {
    username: "admin",
    name: "admin",
    role: "ADMIN",
    password: PASSWORD,
    passwordHash,
  });
  await createStaff(db, {
    username: "host-a",
    name: "host-a",
    role: "REGION_HOST",
    regionId: regions.A as string,
    password: PASSWORD,
    passwordHash,
  });
  admin = await signedIn("admin");
  hostA = await signedIn("host-a");
  anonymous = new Client(stack.baseUrl);

  // Every session released; once the appeal windows close A, B and C submit, and C is reopened.
  for (const k of ["A", "B", "C"]) {
    const res = await admin.post(`/api/regions/${regions[k]}/sessions/${sessions[k]}/release`);
    expect(res.status, res.text).toBe(200);
  }
  clock.set(at(240));
  for (const k of ["A", "B", "C"]) {
    const res = await admin.post(`/api/regions/${regions[k]}/reports/${stage}/submit`);
    expect(res.status, res.text).toBe(200);
  }
  const reopened = await admin.post(`/api/admin/stages/${stage}/reports/${regions.C}/reopen`, {
    reason: "成绩待复核",
  });
  expect(reopened.status, reopened.text).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

async function signedIn(login: string): Promise<Client> {
  const c = new Client(stack.baseUrl);
  expect((await c.login(login, PASSWORD)).status).toBe(200);
  return c;
}

function expectError(res: HttpResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  if (code) expect(res.body.error?.code).toBe(code);
}

const previewPath = (stageId = stage) => `/api/admin/stages/${stageId}/advancement/preview`;
const enrolPath = (stageId = stage) => `/api/admin/stages/${stageId}/advancement/enrol`;

async function preview(rule: unknown): Promise<AdvancementPreview> {
  const res = await admin.post<AdvancementPreview>(previewPath(), { rule });
  expect(res.status, res.text).toBe(200);
  return res.body.data as AdvancementPreview;
}

const keyOf = (f: Finalist) => Object.entries(contestants).find(([, c]) => c.id === f.contestantId)?.[0];
const keys = (p: { finalists: Finalist[] }) => p.finalists.map(keyOf);

async function download(c: Client, path: string) {
  const res = await fetch(stack.baseUrl + path, { headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

describe("the advancement preview", () => {
  it("refuses bad rules with 400, non-admins with 403, and a final stage as the source", async () => {
    for (const rule of [
      { kind: "quota", perRegionGroup: 0 },
      { kind: "quota", perRegionGroup: 2, overrides: [{ regionId: regions.A, group: "STUDENT", quota: -1 }] },
      { kind: "quota", perRegionGroup: 1.5 },
      { kind: "top", n: 0 },
      { kind: "top", n: 2, extra: true },
      { kind: "best", n: 2 },
      "quota",
      null,
    ])
      expectError(await admin.post(previewPath(), { rule }), 400, "VALIDATION_FAILED");
    expectError(await admin.post(previewPath(), {}), 400, "VALIDATION_FAILED");
    expectError(
      await admin.post(previewPath("no-such-stage"), { rule: { kind: "top", n: 1 } }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await admin.post(previewPath(finalStage), { rule: { kind: "top", n: 1 } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await hostA.post(previewPath(), { rule: { kind: "top", n: 1 } }), 403, "FORBIDDEN");
    expectError(await anonymous.post(previewPath(), { rule: { kind: "top", n: 1 } }), 401, "UNAUTHENTICATED");
  });

  it("quota: ranks up to the quota in each region × group, a tie at the cut taking both", async () => {
    const p = await preview({ kind: "quota", perRegionGroup: 2 });
    expect(keys(p)).toEqual(["be1", "ae1", "ae2", "b1", "a1", "a2", "a3", "b2"]);
    expect(p.stage).toEqual({ id: stage, name: "2021 省级预赛" });
    expect(p.rule).toEqual({ kind: "quota", perRegionGroup: 2, overrides: [] });
    const a3 = p.finalists.find((f) => keyOf(f) === "a3");
    expect(a3).toMatchObject({
      name: "李娜",
      group: "STUDENT",
      region: { id: regions.A, no: 1, nameZh: "北京" },
      regionRank: 2,
      total: 80,
      practical: 50,
      seconds: 3600,
      organisation: "A 学院",
      finalTicketNumber: null,
    });
    expect(p.finalists.find((f) => keyOf(f) === "a1")?.team).toEqual({ id: team, name: "星火队" });
    // C (reopened) and the 17 regions without a report are missing; C's 100 advances nobody.
    expect(p.missingRegions).toHaveLength(18);
    expect(p.missingRegions[0]).toMatchObject({ id: regions.C, no: 3, status: "REOPENED" });
    expect(p.missingRegions.slice(1).every((r) => r.status === "NOT_SUBMITTED")).toBe(true);
    expect(p.finalists.map((f) => f.name)).not.toContain("陈静");
  });

  it("quota: overrides for one region and group", async () => {
    const p = await preview({
      kind: "quota",
      perRegionGroup: 2,
      overrides: [
        { regionId: regions.B, group: "STUDENT", quota: 1 },
        { regionId: regions.A, group: "EMPLOYEE", quota: 0 },
      ],
    });
    expect(keys(p)).toEqual(["be1", "b1", "a1", "a2", "a3"]);
  });

  it("top: the best n per group or overall, by the rankings' order, ties at the cut all in", async () => {
    expect(keys(await preview({ kind: "top", n: 2 }))).toEqual(["be1", "ae1", "b1", "a1"]);
    // Third place of the students is a three-way tie across regions (80, practical 50, 1:00:00).
    expect(keys(await preview({ kind: "top", n: 3, perGroup: true }))).toEqual([
      "be1",
      "ae1",
      "ae2",
      "b1",
      "a1",
      "a2",
      "a3",
      "b2",
    ]);
    expect(keys(await preview({ kind: "top", n: 2, perGroup: false }))).toEqual(["b1", "a1"]);
  });

  it("writes nothing", async () => {
    const before = [await stack.db.contestant.count(), await stack.db.auditEntry.count()];
    await preview({ kind: "quota", perRegionGroup: 5 });
    expect([await stack.db.contestant.count(), await stack.db.auditEntry.count()]).toEqual(before);
  });
});

describe("enrolment in the final", () => {
  const rule: AdvancementRule = { kind: "quota", perRegionGroup: 2, overrides: [] };

  it("needs the FINAL stage of the same contest and a reason", async () => {
    const body = { rule, reason: "按赛区名额晋级" };
    expectError(await admin.post(enrolPath(), { ...body, finalStageId: "no-such-stage" }), 404, "NOT_FOUND");
    expectError(await admin.post(enrolPath(), { ...body, finalStageId: stage }), 400, "VALIDATION_FAILED");
    expectError(
      await admin.post(enrolPath(), { ...body, finalStageId: otherFinal }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await admin.post(enrolPath(), { rule, finalStageId: finalStage }), 400, "VALIDATION_FAILED");
    expectError(await hostA.post(enrolPath(), { ...body, finalStageId: finalStage }), 403, "FORBIDDEN");
    expect(await stack.db.contestant.count({ where: { stageId: finalStage } })).toBe(0);
  });

  it("creates final-stage contestants on the same accounts, with new tickets, audited", async () => {
    const res = await admin.post<EnrolResult>(enrolPath(), {
      rule,
      finalStageId: finalStage,
      reason: "按赛区名额晋级",
    });
    expect(res.status, res.text).toBe(200);
    const r = res.body.data as EnrolResult;
    expect(r.enrolled).toBe(8);
    expect(r.alreadyEnrolled).toBe(0);
    expect(keys(r)).toEqual(["be1", "ae1", "ae2", "b1", "a1", "a2", "a3", "b2"]);
    for (const f of r.finalists) expect(f.finalTicketNumber).toMatch(new RegExp(`^210${f.region.no}\\d{8}$`));
    expect(new Set(r.finalists.map((f) => f.finalTicketNumber)).size).toBe(8);

    const finals = await stack.db.contestant.findMany({ where: { stageId: finalStage } });
    expect(finals).toHaveLength(8);
    for (const f of finals) {
      const from = await stack.db.contestant.findUniqueOrThrow({ where: { id: f.advancedFromId as string } });
      expect(f).toMatchObject({
        userId: from.userId,
        group: from.group,
        teamId: from.teamId,
        organisation: from.organisation,
        regionId: from.regionId,
        initialPasswordSealed: null,
      });
      expect(f.ticketNumber).not.toBe(from.ticketNumber);
      expect(r.finalists.find((x) => x.contestantId === from.id)?.finalTicketNumber).toBe(f.ticketNumber);
    }
    const a1Final = finals.find((f) => f.advancedFromId === contestants.a1?.id);
    expect(a1Final).toMatchObject({ userId: contestants.a1?.userId, teamId: team });
    // The finalist signs in with the new ticket and their own password: one account, both entries.
    const finalist = new Client(stack.baseUrl);
    expect((await finalist.login(a1Final?.ticketNumber as string, PASSWORD)).status).toBe(200);
    const accounts = await stack.db.contestant.count({ where: { userId: contestants.a1?.userId } });
    expect(accounts).toBe(2);

    const audits = await stack.db.auditEntry.findMany({ where: { action: "advancement.enrol" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ reason: "按赛区名额晋级", target: `stage:${finalStage}` });
    expect(audits[0]?.details).toMatchObject({ stageId: stage, finalStageId: finalStage, enrolled: 8 });
  });

  it("is idempotent: a second enrolment adds nobody twice, a wider rule only the new ones", async () => {
    const again = await admin.post<EnrolResult>(enrolPath(), {
      rule,
      finalStageId: finalStage,
      reason: "再次确认",
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body.data).toMatchObject({ enrolled: 0, alreadyEnrolled: 8 });
    expect(await stack.db.contestant.count({ where: { stageId: finalStage } })).toBe(8);
    const wider = await admin.post<EnrolResult>(enrolPath(), {
      rule: { kind: "quota", perRegionGroup: 3 },
      finalStageId: finalStage,
      reason: "扩大名额",
    });
    expect(wider.body.data).toMatchObject({ enrolled: 1, alreadyEnrolled: 8 });
    expect(await stack.db.contestant.count({ where: { stageId: finalStage } })).toBe(9);
    const p = await preview({ kind: "quota", perRegionGroup: 3 });
    expect(p.finalists.every((f) => f.finalTicketNumber !== null)).toBe(true);
    expect(p.finalists.find((f) => keyOf(f) === "b3")?.finalTicketNumber).toMatch(/^2102\d{8}$/);
  });
});

const FINALIST_HEADERS = [
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
];

describe("the finalists' list", () => {
  async function expectedRows(): Promise<(string | number)[][]> {
    const p = await preview({ kind: "quota", perRegionGroup: 3 });
    return p.finalists.map((f) => [
      f.regionRank,
      f.region.nameZh,
      f.name,
      f.organisation ?? "",
      f.group === "STUDENT" ? "学生组" : "职工组",
      f.team?.name ?? "",
      f.theory,
      f.practical,
      f.total,
      "1:00:00",
      f.ticketNumber,
      f.finalTicketNumber ?? "",
    ]);
  }

  it("is for admins, with the final stage given", async () => {
    expectError(await hostA.get(`/api/admin/stages/${stage}/finalists.csv?finalStageId=${finalStage}`), 403);
    expectError(await admin.get(`/api/admin/stages/${stage}/finalists.csv`), 400, "VALIDATION_FAILED");
    expectError(await admin.get(`/api/admin/stages/${stage}/finalists.csv?finalStageId=${otherFinal}`), 400);
  });

  it("XLSX: the enrolled finalists, read back cell by cell", async () => {
    const want = await expectedRows();
    expect(want).toHaveLength(9);
    const res = await download(admin, `/api/admin/stages/${stage}/finalists.xlsx?finalStageId=${finalStage}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("2021 省级预赛-决赛名单.xlsx")}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("决赛名单 Finalists") as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(FINALIST_HEADERS);
    expect(sheet.rowCount).toBe(want.length + 1);
    for (const [i, row] of want.entries())
      for (const [j, cell] of row.entries())
        expect(sheet.getRow(i + 2).getCell(j + 1).value ?? "", `${i + 2}:${j + 1}`).toEqual(cell);
    expect(sheet.getRow(2).getCell(3).value).toBe("冯工");
    expect(sheet.getRow(2).getCell(2).value).toBe("河北");
  });

  it("CSV: UTF-8 with a BOM, the same rows, audited", async () => {
    const want = await expectedRows();
    const res = await download(admin, `/api/admin/stages/${stage}/finalists.csv?finalStageId=${finalStage}`);
    expect(res.status).toBe(200);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.bytes.toString("utf8").slice(1));
    expect(rows[0]).toEqual(FINALIST_HEADERS);
    expect(rows.slice(1)).toEqual(want.map((r) => r.map(String)));
    const audits = await stack.db.auditEntry.findMany({ where: { action: "finalists.export" } });
    expect(audits.map((a) => (a.details as { format: string }).format)).toEqual(["xlsx", "csv"]);
  });
});
