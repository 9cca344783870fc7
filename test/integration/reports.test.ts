// Regional reports against the real server and PostgreSQL: a host submits the region's results of
// a stage only once every session is released and every appeal answered and its window closed; the
// submission snapshots both groups' rankings and locks the region's results (release, score changes)
// until the committee reopens it; the committee's table of 20 regions; the certificate list from
// the submitted snapshot read back cell by cell; and the committee's release of a session it runs.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { buildExam, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { Group } from "../../protocol/contest.ts";
import type { RegionReportDetail, RegionReportView, ReportSnapshot } from "../../protocol/reports.ts";
import type { Ranking, ReleaseState } from "../../protocol/results.ts";
import { assertScoresChangeable, reportLocked } from "../../server/results/locks.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2021-10-16T01:00:00Z");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const clock = new ManualClock(at(180));

let stack: Stack;
let regionA: string;
let regionB: string;
let stage: string;
let paper: string;
let sessionA: string;
let sessionB: string;
let committeeSession: string;
let passwordHash: string;
const attempts: Record<string, string> = {};

let admin: Client;
let hostA: Client;
let hostB: Client;
let proctorA: Client;
let judgeA: Client;
let contestant: Client;
let anonymous: Client;

interface Person {
  ticket: string;
  name: string;
  group?: Group;
  /** theory, practical, total; none: absent (never started). */
  score?: [number, number, number];
}

// Region A's students: ranks 1, 2, 2, 4, 5, 6, 7, 8, 9, 10 and one absent; one employee.
const PEOPLE: Person[] = [
  { ticket: "A001", name: "张伟", score: [28, 62, 90] },
  { ticket: "A002", name: "王芳", score: [25, 60, 85] },
  { ticket: "A003", name: "李娜", score: [25, 60, 85] },
  { ticket: "A004", name: "刘洋", score: [24, 56, 80] },
  { ticket: "A005", name: "陈静", score: [22, 53, 75] },
  { ticket: "A006", name: "杨磊", score: [20, 50, 70] },
  { ticket: "A007", name: "赵敏", score: [20, 45, 65] },
  { ticket: "A008", name: "黄强", score: [18, 42, 60] },
  { ticket: "A009", name: "周杰", score: [15, 40, 55] },
  { ticket: "A010", name: "吴刚", score: [15, 35, 50] },
  { ticket: "A011", name: "徐丽" },
  { ticket: "A012", name: "郑工", group: "EMPLOYEE", score: [20, 40, 60] },
];

async function addPerson(p: Person, regionId: string, sessionId: string): Promise<void> {
  const db = stack.db;
  const user = await db.user.create({ data: { name: p.name, passwordHash }, select: { id: true } });
  const c = await db.contestant.create({
    data: {
      userId: user.id,
      stageId: stage,
      regionId,
      group: p.group ?? "STUDENT",
      ticketNumber: p.ticket,
      organisation: "北京信息职业技术学院",
    },
    select: { id: true },
  });
  const attempt = await db.attempt.create({
    data: {
      contestantId: c.id,
      examSessionId: sessionId,
      status: p.score ? "SCORED" : "NOT_STARTED",
      startedAt: p.score ? START : null,
      deadlineAt: p.score ? at(120) : null,
      submittedAt: p.score ? at(60) : null,
    },
    select: { id: true },
  });
  attempts[p.ticket] = attempt.id;
  if (p.score) {
    const [theory, practical, total] = p.score;
    await db.scoreVersion.create({
      data: { attemptId: attempt.id, version: 1, scorerVersion: "test", theory, practical, total },
    });
  }
}

async function newSession(regionId: string | null, name: string): Promise<string> {
  const row = await stack.db.examSession.create({
    data: { stageId: stage, regionId, paperId: paper, name, startsAt: START, durationMinutes: 120 },
    select: { id: true },
  });
  return row.id;
}

beforeAll(async () => {
  stack = await startStack({ clock });
  const db = stack.db;
  const regions = await upsertRegions(db);
  regionA = regions.get(1) ?? "";
  regionB = regions.get(2) ?? "";
  // A stage of every region (as the committee creates them); its first session is the committee's.
  const exam = await buildExam(db, {
    stageName: "2021 省级预赛",
    sessionName: "委员会场次",
    startsAt: START,
    durationMinutes: 120,
    questions: [],
    tasks: [],
  });
  stage = exam.stageId;
  paper = exam.paperId;
  committeeSession = exam.sessionId;
  sessionA = await newSession(regionA, "北京预赛");
  sessionB = await newSession(regionB, "河北预赛");
  passwordHash = await hashPassword(PASSWORD);
  for (const p of PEOPLE) await addPerson(p, regionA, sessionA);
  await addPerson({ ticket: "B001", name: "河北选手", score: [30, 60, 90] }, regionB, sessionB);
  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE", string | undefined][] = [
    ["admin", "ADMIN", undefined],
    ["host-a", "REGION_HOST", regionA],
    ["host-b", "REGION_HOST", regionB],
    ["proctor-a", "PROCTOR", regionA],
    ["judge-a", "JUDGE", regionA],
  ];
  for (const [username, role, regionId] of staff)
    await createStaff(db, {
      username,
      name: username,
      role,
      password: PASSWORD,
      passwordHash,
      ...(regionId ? { regionId } : {}),
    });
  admin = await signedIn("admin");
  hostA = await signedIn("host-a");
  hostB = await signedIn("host-b");
  proctorA = await signedIn("proctor-a");
  judgeA = await signedIn("judge-a");
  contestant = await signedIn("A001");
  anonymous = new Client(stack.baseUrl);
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

const reportPath = (regionId = regionA, stageId = stage) => `/api/regions/${regionId}/reports/${stageId}`;
const submitPath = (regionId = regionA) => `${reportPath(regionId)}/submit`;
const committeePath = (regionId?: string) =>
  `/api/admin/stages/${stage}/reports${regionId ? `/${regionId}` : ""}`;
const releasePath = (regionId: string, sessionId: string) =>
  `/api/regions/${regionId}/sessions/${sessionId}/release`;
const certificatesPath = (ext: string, query: string, regionId = regionA) =>
  `/api/regions/${regionId}/certificates.${ext}?${query}`;

async function detail(regionId = regionA): Promise<RegionReportDetail> {
  const res = await admin.get<RegionReportDetail>(committeePath(regionId));
  expect(res.status, res.text).toBe(200);
  return res.body.data as RegionReportDetail;
}

async function liveRanking(group: Group): Promise<Ranking> {
  const res = await hostA.get<Ranking>(`/api/regions/${regionA}/rankings?stageId=${stage}&group=${group}`);
  expect(res.status, res.text).toBe(200);
  return res.body.data as Ranking;
}

/** A file download: the bytes as sent. */
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

describe("a region's report", () => {
  it("is read by the region's host, its judges and admins; submitted by the host or an admin only", async () => {
    for (const c of [hostA, judgeA, admin]) {
      const res = await c.get<RegionReportView>(reportPath());
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get("cache-control")).toContain("no-store");
    }
    const view = (await hostA.get<RegionReportView>(reportPath())).body.data as RegionReportView;
    expect(view).toMatchObject({
      region: { id: regionA, no: 1, nameZh: "北京" },
      stage: { id: stage, name: "2021 省级预赛", kind: "PRELIMINARY" },
      status: "NOT_SUBMITTED",
      submittedAt: null,
      submittedBy: null,
      sessions: { total: 1, released: 0 },
      contestants: { total: 12, scored: 11 },
      openAppeals: 0,
      appealsCloseAt: null,
    });
    expectError(await hostB.get(reportPath()), 404, "NOT_FOUND");
    expectError(await proctorA.get(reportPath()), 403, "FORBIDDEN");
    expectError(await contestant.get(reportPath()), 403, "FORBIDDEN");
    expectError(await anonymous.get(reportPath()), 401, "UNAUTHENTICATED");
    expectError(await hostB.post(submitPath()), 404, "NOT_FOUND");
    expectError(await judgeA.post(submitPath()), 403, "FORBIDDEN");
    expectError(await proctorA.post(submitPath()), 403, "FORBIDDEN");
    expectError(await contestant.post(submitPath()), 403, "FORBIDDEN");
    expectError(await hostA.get(reportPath(regionA, "no-such-stage")), 404, "NOT_FOUND");
    expectError(await hostA.get(reportPath(regionA, "x%00y")), 400);
    expectError(await hostA.post(submitPath(), { extra: 1 }), 400, "VALIDATION_FAILED");
    expect(await stack.db.regionReport.count()).toBe(0);
  });

  it("keeps the committee's routes to admins", async () => {
    for (const c of [hostA, judgeA, proctorA, contestant]) {
      expectError(await c.get(committeePath()), 403, "FORBIDDEN");
      expectError(await c.get(committeePath(regionA)), 403, "FORBIDDEN");
      expectError(await c.post(`${committeePath(regionA)}/reopen`, { reason: "复核成绩" }), 403, "FORBIDDEN");
      expectError(await c.get(`/api/admin/sessions/${committeeSession}/release`), 403, "FORBIDDEN");
      expectError(await c.post(`/api/admin/sessions/${committeeSession}/release`), 403, "FORBIDDEN");
    }
    expectError(await anonymous.get(committeePath()), 401, "UNAUTHENTICATED");
  });

  it("cannot be submitted while a session of the stage is not released", async () => {
    const res = await hostA.post(submitPath());
    expectError(res, 409, "CONFLICT");
    expect(res.body.error?.details).toMatchObject({ unreleased: 1, openAppeals: 0, appealsCloseAt: null });
    expect(await stack.db.regionReport.count()).toBe(0);
  });

  it("cannot be submitted while an appeal is open, nor before the appeal window closes", async () => {
    expect((await hostA.post<ReleaseState>(releasePath(regionA, sessionA))).status).toBe(200);
    const appeal = await stack.db.appeal.create({
      data: {
        attemptId: attempts.A003 as string,
        subject: "question:q1",
        message: "我认为第一题答案有误",
        filedAt: at(190),
      },
    });
    const open = await hostA.post(submitPath());
    expectError(open, 409, "CONFLICT");
    // Released at START + 180 min; the window is 60 minutes by default.
    expect(open.body.error?.details).toMatchObject({
      unreleased: 0,
      openAppeals: 1,
      appealsCloseAt: at(240).toISOString(),
    });
    const view = (await hostA.get<RegionReportView>(reportPath())).body.data;
    expect(view).toMatchObject({
      sessions: { total: 1, released: 1 },
      openAppeals: 1,
      appealsCloseAt: at(240).toISOString(),
    });

    await stack.db.appeal.update({
      where: { id: appeal.id },
      data: { status: "REJECTED", answer: "答案无误", answeredAt: at(200) },
    });
    clock.set(new Date(at(240).getTime() - 1000));
    const windowOpen = await hostA.post(submitPath());
    expectError(windowOpen, 409, "CONFLICT");
    expect(windowOpen.body.error?.details).toMatchObject({
      openAppeals: 0,
      appealsCloseAt: at(240).toISOString(),
    });
    expect(await stack.db.regionReport.count()).toBe(0);
  });

  it("snapshots both groups' rankings on submission, audited; a second submission is refused", async () => {
    clock.set(at(240));
    const live = { EMPLOYEE: await liveRanking("EMPLOYEE"), STUDENT: await liveRanking("STUDENT") };
    const res = await hostA.post<RegionReportView>(submitPath(), { reason: "北京赛区预赛成绩上报" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({
      status: "SUBMITTED",
      submittedAt: at(240).toISOString(),
      submittedBy: "host-a",
      reopenedAt: null,
      contestants: { total: 12, scored: 11 },
    });
    const row = await stack.db.regionReport.findUniqueOrThrow({
      where: { stageId_regionId: { stageId: stage, regionId: regionA } },
    });
    expect(row.status).toBe("SUBMITTED");
    const snapshot = row.snapshot as unknown as ReportSnapshot;
    expect(snapshot.takenAt).toBe(at(240).toISOString());
    expect(snapshot.rankings.map((r) => r.group)).toEqual(["EMPLOYEE", "STUDENT"]);
    for (const r of snapshot.rankings) {
      const { generatedAt: _g, ...rest } = live[r.group];
      expect(r).toMatchObject(rest);
    }
    expect(snapshot.rankings[1]?.rows.map((r) => [r.name, r.rank])).toEqual([
      ["张伟", 1],
      ["王芳", 2],
      ["李娜", 2],
      ["刘洋", 4],
      ["陈静", 5],
      ["杨磊", 6],
      ["赵敏", 7],
      ["黄强", 8],
      ["周杰", 9],
      ["吴刚", 10],
      ["徐丽", 0],
    ]);
    const audits = await stack.db.auditEntry.findMany({ where: { action: "report.submit" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ reason: "北京赛区预赛成绩上报" });
    expect(audits[0]?.details).toMatchObject({ stageId: stage, regionId: regionA });

    expectError(await hostA.post(submitPath()), 409, "REPORT_LOCKED");
    expectError(await admin.post(submitPath()), 409, "REPORT_LOCKED");
    expect(await stack.db.auditEntry.count({ where: { action: "report.submit" } })).toBe(1);
  });

  it("locks the region's results: no release, no score change; another region is not locked", async () => {
    const late = await newSession(regionA, "北京预赛 补考");
    expectError(await hostA.post(releasePath(regionA, late)), 409, "REPORT_LOCKED");
    expectError(await admin.post(releasePath(regionA, late)), 409, "REPORT_LOCKED");
    const lateRow = await stack.db.examSession.findUniqueOrThrow({ where: { id: late } });
    expect(lateRow.resultsReleasedAt).toBeNull();
    expect(await reportLocked(stack.db, stage, regionA)).toBe(true);
    expect(await reportLocked(stack.db, stage, regionB)).toBe(false);
    await expect(assertScoresChangeable(stack.db, lateRow)).rejects.toMatchObject({ code: "REPORT_LOCKED" });
    // A judge's adjustment of a scored attempt of that (unreleased) session is refused the same way.
    await addPerson({ ticket: "A013", name: "补考生", score: [3, 7, 10] }, regionA, late);
    const adjust = await judgeA.post(`/api/judge/attempts/${attempts.A013}/adjustments`, {
      subject: { questionId: "q1" },
      score: 1,
      reason: "复核后给分",
    });
    expectError(adjust, 409, "REPORT_LOCKED");
    expect(await stack.db.auditEntry.count({ where: { action: "score.adjust" } })).toBe(0);
    // Region B has not reported: its host still releases.
    expect((await hostB.post<ReleaseState>(releasePath(regionB, sessionB))).status).toBe(200);
  });

  it("keeps the submitted snapshot when a score changes later", async () => {
    const before = await detail();
    const attemptId = attempts.A010 as string;
    await stack.db.scoreVersion.updateMany({ where: { attemptId }, data: { current: false } });
    await stack.db.scoreVersion.create({
      data: { attemptId, version: 2, scorerVersion: "test", theory: 30, practical: 69, total: 99 },
    });
    const live = await liveRanking("STUDENT");
    expect(live.rows[0]).toMatchObject({ name: "吴刚", rank: 1, total: 99 });
    const after = await detail();
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.snapshot?.rankings[1]?.rows.find((r) => r.name === "吴刚")).toMatchObject({
      rank: 10,
      total: 50,
    });
  });

  it("lists every region's report for the committee, by region no", async () => {
    const res = await admin.get<RegionReportView[]>(committeePath());
    expect(res.status, res.text).toBe(200);
    const rows = res.body.data as RegionReportView[];
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => r.region.no)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[0]).toMatchObject({
      region: { id: regionA },
      status: "SUBMITTED",
      submittedBy: "host-a",
      sessions: { total: 2, released: 1 },
      contestants: { total: 12, scored: 11 },
    });
    expect(rows[1]).toMatchObject({
      region: { id: regionB },
      status: "NOT_SUBMITTED",
      sessions: { total: 1, released: 1 },
      contestants: { total: 1, scored: 1 },
      appealsCloseAt: at(300).toISOString(),
    });
    expect(rows.slice(2).every((r) => r.status === "NOT_SUBMITTED" && r.sessions.total === 0)).toBe(true);
    expect(rows.every((r) => !("snapshot" in r))).toBe(true);
    const b = await detail(regionB);
    expect(b).toMatchObject({ status: "NOT_SUBMITTED", snapshot: null });
    expectError(await admin.get(`/api/admin/stages/no-such-stage/reports`), 404, "NOT_FOUND");
    expectError(await admin.get(committeePath("no-such-region")), 404, "NOT_FOUND");
  });
});

const CERT_HEADERS = [
  "名次 Rank",
  "姓名 Name",
  "单位 Organisation",
  "参赛队 Team",
  "总分 Total",
  "奖项 Award",
];
const ORG = "北京信息职业技术学院";
// From the snapshot (吴刚 still 50): 10 ranked students, 10 % / 30 % / 60 %, the tie on 2 shares 二等奖.
const CERT_ROWS: (string | number | null)[][] = [
  [1, "张伟", ORG, "", 90, "一等奖 FIRST"],
  [2, "王芳", ORG, "", 85, "二等奖 SECOND"],
  [2, "李娜", ORG, "", 85, "二等奖 SECOND"],
  [4, "刘洋", ORG, "", 80, "三等奖 THIRD"],
  [5, "陈静", ORG, "", 75, "三等奖 THIRD"],
  [6, "杨磊", ORG, "", 70, "三等奖 THIRD"],
  [7, "赵敏", ORG, "", 65, ""],
  [8, "黄强", ORG, "", 60, ""],
  [9, "周杰", ORG, "", 55, ""],
  [10, "吴刚", ORG, "", 50, ""],
  ["缺考 Absent", "徐丽", ORG, "", null, ""],
];

describe("the certificate list", () => {
  it("is refused before the region's report is submitted, and to others", async () => {
    const q = `stageId=${stage}&group=STUDENT`;
    const notSubmitted = await hostB.get(certificatesPath("xlsx", q, regionB));
    expectError(notSubmitted, 409, "CONFLICT");
    expectError(await hostB.get(certificatesPath("csv", q)), 404, "NOT_FOUND");
    expectError(await proctorA.get(certificatesPath("csv", q)), 403, "FORBIDDEN");
    expectError(
      await hostA.get(certificatesPath("csv", `stageId=${stage}&group=NOBODY`)),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await hostA.get(certificatesPath("csv", `group=STUDENT`)), 400, "VALIDATION_FAILED");
  });

  it("XLSX: read back cell by cell, from the snapshot, with awards", async () => {
    const res = await download(hostA, certificatesPath("xlsx", `stageId=${stage}&group=STUDENT`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("北京-学生组-证书名单.xlsx")}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("证书名单 Certificates") as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(CERT_HEADERS);
    expect(sheet.rowCount).toBe(CERT_ROWS.length + 1);
    for (const [i, want] of CERT_ROWS.entries())
      for (const [j, cell] of want.entries())
        expect(
          sheet.getRow(i + 2).getCell(j + 1).value ?? (cell === "" ? "" : null),
          `${i + 2}:${j + 1}`,
        ).toEqual(cell);
    const audits = await stack.db.auditEntry.findMany({ where: { action: "certificates.export" } });
    expect(audits.at(-1)?.details).toMatchObject({
      stageId: stage,
      group: "STUDENT",
      format: "xlsx",
      rows: 11,
    });
  });

  it("CSV: UTF-8 with a BOM, the same rows; the employees' list separately", async () => {
    const res = await download(admin, certificatesPath("csv", `stageId=${stage}&group=STUDENT`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.bytes.toString("utf8").slice(1));
    expect(rows[0]).toEqual(CERT_HEADERS);
    expect(rows.slice(1)).toEqual(CERT_ROWS.map((r) => r.map((c) => (c === null ? "" : String(c)))));
    const employees = await download(hostA, certificatesPath("csv", `stageId=${stage}&group=EMPLOYEE`));
    // One ranked employee: 1 > 60 % of 1, no award.
    expect(parseCsv(employees.bytes.toString("utf8").slice(1)).slice(1)).toEqual([
      ["1", "郑工", ORG, "", "60", ""],
    ]);
  });
});

describe("reopening a report", () => {
  it("needs a reason, and a submitted report", async () => {
    expectError(await admin.post(`${committeePath(regionA)}/reopen`, {}), 400, "VALIDATION_FAILED");
    expectError(
      await admin.post(`${committeePath(regionA)}/reopen`, { reason: "x" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.post(`${committeePath(regionB)}/reopen`, { reason: "复核成绩" }),
      409,
      "CONFLICT",
    );
    expect(await stack.db.auditEntry.count({ where: { action: "report.reopen" } })).toBe(0);
  });

  it("unlocks the region's results, audited; the host submits again to lock them with a new snapshot", async () => {
    clock.set(at(250));
    const res = await admin.post<RegionReportDetail>(`${committeePath(regionA)}/reopen`, {
      reason: "吴刚成绩复核后更正",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({
      status: "REOPENED",
      reopenedAt: at(250).toISOString(),
      reopenedBy: "admin",
      reopenReason: "吴刚成绩复核后更正",
      submittedBy: "host-a",
    });
    expect(res.body.data?.snapshot?.takenAt).toBe(at(240).toISOString());
    const audits = await stack.db.auditEntry.findMany({ where: { action: "report.reopen" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ reason: "吴刚成绩复核后更正", target: `report:${stage}:${regionA}` });
    expectError(await admin.post(`${committeePath(regionA)}/reopen`, { reason: "再次" }), 409, "CONFLICT");
    expect((await hostA.get<RegionReportView>(reportPath())).body.data?.status).toBe("REOPENED");
    expect(await reportLocked(stack.db, stage, regionA)).toBe(false);
    expectError(await hostA.get(certificatesPath("csv", `stageId=${stage}&group=STUDENT`)), 409, "CONFLICT");

    // The late session can be released now; its appeal window then holds the resubmission back.
    const late = await stack.db.examSession.findFirstOrThrow({ where: { name: "北京预赛 补考" } });
    expect((await hostA.post<ReleaseState>(releasePath(regionA, late.id))).status).toBe(200);
    expectError(await hostA.post(submitPath()), 409, "CONFLICT");
    clock.set(at(310));
    // Two submissions at once (the host and an admin): one locks, the other finds it locked.
    const both = await Promise.all([hostA.post<RegionReportView>(submitPath()), admin.post(submitPath())]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body.error?.code).toBe("REPORT_LOCKED");
    const again = both.find((r) => r.status === 200) as HttpResult<RegionReportView>;
    expect(again.body.data).toMatchObject({ status: "SUBMITTED", submittedAt: at(310).toISOString() });
    const d = await detail();
    expect(d.snapshot?.takenAt).toBe(at(310).toISOString());
    expect(d.snapshot?.rankings[1]?.rows[0]).toMatchObject({ name: "吴刚", rank: 1, total: 99 });
    const submits = await stack.db.auditEntry.findMany({
      where: { action: "report.submit" },
      orderBy: { at: "asc" },
    });
    expect(submits).toHaveLength(2);
    expect(submits[1]?.details).toMatchObject({ resubmitted: true });
  });
});

describe("the committee's release of a session it runs", () => {
  const path = () => `/api/admin/sessions/${committeeSession}/release`;

  it("is found only for sessions without a region, by admins", async () => {
    const res = await admin.get<ReleaseState>(path());
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({
      sessionId: committeeSession,
      releasedAt: null,
      releasedBy: null,
      attempts: { scored: 0, pending: 0, absent: 0 },
    });
    expectError(await admin.get(`/api/admin/sessions/${sessionA}/release`), 404, "NOT_FOUND");
    expectError(await admin.post(`/api/admin/sessions/${sessionB}/release`), 404, "NOT_FOUND");
    expectError(await admin.get(releasePath(regionA, committeeSession)), 404, "NOT_FOUND");
    expectError(await admin.get(`/api/admin/sessions/x%00y/release`), 400);
    expectError(await admin.post(path(), { extra: true }), 400, "VALIDATION_FAILED");
  });

  it("refuses while an attempt is pending, then releases once, audited", async () => {
    const user = await stack.db.user.create({
      data: { name: "决赛选手", passwordHash },
      select: { id: true },
    });
    const c = await stack.db.contestant.create({
      data: { userId: user.id, stageId: stage, group: "STUDENT", ticketNumber: "N001" },
      select: { id: true },
    });
    const attempt = await stack.db.attempt.create({
      data: { contestantId: c.id, examSessionId: committeeSession, status: "FROZEN", startedAt: START },
      select: { id: true },
    });
    const refused = await admin.post(path());
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error?.details).toMatchObject({ frozen: 1 });
    await stack.db.attempt.update({ where: { id: attempt.id }, data: { status: "SCORED" } });
    const res = await admin.post<ReleaseState>(path(), { reason: "委员会场次成绩发布" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({
      sessionId: committeeSession,
      releasedAt: at(310).toISOString(),
      releasedBy: "admin",
      attempts: { scored: 1, pending: 0, absent: 0 },
    });
    const again = await admin.post<ReleaseState>(path());
    expect(again.body.data).toEqual(res.body.data);
    const audits = await stack.db.auditEntry.findMany({
      where: { action: "results.release", target: `session:${committeeSession}` },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ reason: "委员会场次成绩发布" });
    expect(audits[0]?.details).toMatchObject({ regionId: null, sessionId: committeeSession, scored: 1 });
  });
});
