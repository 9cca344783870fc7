// Live rankings of a region against the real server and PostgreSQL: the order and its tie-breaks,
// unscored rows last, teams by rule, the group filter, who may see them, and the XLSX and CSV
// exports read back and compared with the JSON ranking.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../core/platform/passwords.ts";
import { buildExam, createContestant, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { Ranking, RankingRow } from "../../protocol/results.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let regionA: string;
let regionB: string;
let stageA: string;
let stageB: string;
let sessionA: string;
let contestId: string;
let passwordHash: string;
const ids: Record<string, string> = {};
const teams: Record<string, string> = {};

let admin: Client;
let hostA: Client;
let hostB: Client;
let proctorA: Client;
let judgeA: Client;
let judgeB: Client;
let contestant: Client;
let anonymous: Client;

const XINGHUO = "星火队";
const START = new Date("2021-10-16T01:00:00Z");
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);

interface Person {
  key: string;
  name: string;
  group?: "EMPLOYEE" | "STUDENT";
  team?: string;
  /** theory, practical, total of the current score (status SCORED); earlier versions not current. */
  score?: [number, number, number];
  earlier?: [number, number, number];
  status?: "NOT_STARTED" | "IN_PROGRESS" | "FROZEN" | "SCORED" | "SCORING_FAILED";
  seconds?: number;
  /** Closed by the deadline: no submittedAt, the time runs to deadlineAt. */
  byDeadline?: boolean;
  noAttempt?: boolean;
  registration?: "APPROVED" | "WITHDRAWN";
  regionId?: string;
  stageId?: string;
  sessionId?: string;
}

// Student group of region A. Expected: 张伟 1; 王芳 2 (practical beats 李娜); 李娜 3; 刘洋 4 (time
// beats 陈静); 陈静 5; 杨磊, 赵敏 6 (all equal; 赵敏's total carries float noise); 黄强 8; then
// 周杰, 吴刚 (pending), 徐丽, 孙涛 (absent).
const PEOPLE: Person[] = [
  { key: "s01", name: "张伟", team: "星火队", score: [28, 62, 90], seconds: 3600 },
  { key: "s02", name: "王芳", team: "启明队", score: [25, 60, 85], seconds: 3000 },
  { key: "s03", name: "李娜", score: [27, 58, 85], seconds: 2000 },
  { key: "s04", name: "刘洋", team: "星火队", score: [24, 56, 80], seconds: 2000 },
  { key: "s05", name: "陈静", team: "启明队", score: [24, 56, 80], seconds: 2500 },
  { key: "s06", name: "杨磊", score: [22.5, 52.5, 75], seconds: 1800, byDeadline: true },
  { key: "s07", name: "赵敏", score: [22.5, 52.5, 75.00000000001], seconds: 1800 },
  { key: "s08", name: "黄强", score: [20, 50, 70], earlier: [29, 70, 99], seconds: 1800 },
  { key: "s09", name: "周杰", team: "未来队", status: "IN_PROGRESS", seconds: 600 },
  { key: "s10", name: "吴刚", status: "SCORING_FAILED", seconds: 900 },
  { key: "s11", name: "徐丽", team: "星火队", status: "NOT_STARTED" },
  { key: "s12", name: "孙涛", team: "未来队", noAttempt: true },
  { key: "s13", name: "退赛者", score: [30, 70, 100], seconds: 100, registration: "WITHDRAWN" },
  { key: "e01", name: "郑工", group: "EMPLOYEE", score: [20, 40, 60], seconds: 4000 },
];

async function addPerson(p: Person, i: number): Promise<void> {
  const db = stack.db;
  const regionId = p.regionId ?? regionA;
  const stageId = p.stageId ?? stageA;
  const group = p.group ?? "STUDENT";
  const user = await db.user.create({ data: { name: p.name, passwordHash }, select: { id: true } });
  const c = await db.contestant.create({
    data: {
      userId: user.id,
      stageId,
      regionId,
      group,
      ticketNumber: `R${String(i + 1).padStart(3, "0")}`,
      organisation: "北京信息职业技术学院",
      ...(p.team ? { teamId: teams[p.team] } : {}),
    },
    select: { id: true },
  });
  ids[p.key] = c.id;
  if (p.registration) {
    await db.registration.create({
      data: {
        contestId,
        stageId,
        regionId,
        group,
        basis: "STUDENT",
        status: p.registration,
        name: p.name,
        idNumber: `1101051949123${String(i).padStart(5, "0")}`,
        phone: "13800000000",
        organisation: "北京信息职业技术学院",
        organisationKey: "北京信息职业技术学院",
        field: "人工智能",
        accessCodeHash: `code-${p.key}`,
        submittedAt: START,
        contestantId: c.id,
      },
    });
  }
  if (p.noAttempt) return;
  const status = p.status ?? "SCORED";
  const started = status !== "NOT_STARTED";
  const attempt = await db.attempt.create({
    data: {
      contestantId: c.id,
      examSessionId: p.sessionId ?? sessionA,
      status,
      startedAt: started ? START : null,
      deadlineAt: started ? (p.byDeadline ? at(p.seconds ?? 0) : at(7200)) : null,
      submittedAt: started && !p.byDeadline && status !== "IN_PROGRESS" ? at(p.seconds ?? 0) : null,
    },
    select: { id: true },
  });
  const versions = [...(p.earlier ? [p.earlier] : []), ...(p.score ? [p.score] : [])];
  for (const [v, [theory, practical, total]] of versions.entries()) {
    await db.scoreVersion.create({
      data: {
        attemptId: attempt.id,
        version: v + 1,
        scorerVersion: "test",
        theory,
        practical,
        total,
        current: v === versions.length - 1,
      },
    });
  }
}

beforeAll(async () => {
  stack = await startStack();
  const db = stack.db;
  const regions = await upsertRegions(db);
  regionA = regions.get(1) ?? "";
  regionB = regions.get(2) ?? "";
  const examA = await buildExam(db, {
    regionId: regionA,
    sessionName: "北京预赛",
    startsAt: START,
    durationMinutes: 120,
    questions: [],
    tasks: [],
  });
  stageA = examA.stageId;
  sessionA = examA.sessionId;
  contestId = examA.contestId;
  const examB = await buildExam(db, {
    regionId: regionB,
    sessionName: "河北预赛",
    startsAt: START,
    durationMinutes: 120,
    questions: [],
    tasks: [],
  });
  stageB = examB.stageId;
  passwordHash = await hashPassword(PASSWORD);
  for (const name of ["星火队", "启明队", "未来队"]) {
    teams[name] = (
      await db.team.create({
        data: { contestId, regionId: regionA, name, group: "STUDENT", organisation: "北京信息职业技术学院" },
        select: { id: true },
      })
    ).id;
  }
  for (const [i, p] of PEOPLE.entries()) await addPerson(p, i);
  // 李娜 also sat a second sitting of the stage, started later and not scored: the scored one counts.
  const sitting = await db.examSession.create({
    data: {
      stageId: stageA,
      regionId: regionA,
      paperId: examA.paperId,
      name: "北京预赛 补考",
      startsAt: at(86_400),
      durationMinutes: 120,
    },
    select: { id: true },
  });
  await db.attempt.create({
    data: {
      contestantId: ids.s03 as string,
      examSessionId: sitting.id,
      status: "IN_PROGRESS",
      startedAt: at(86_400),
      deadlineAt: at(86_400 + 7200),
    },
  });
  await addPerson(
    {
      key: "b01",
      name: "河北选手",
      score: [30, 70, 100],
      seconds: 60,
      regionId: regionB,
      stageId: stageB,
      sessionId: examB.sessionId,
    },
    90,
  );

  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE", string | undefined][] = [
    ["admin", "ADMIN", undefined],
    ["host-a", "REGION_HOST", regionA],
    ["host-b", "REGION_HOST", regionB],
    ["proctor-a", "PROCTOR", regionA],
    ["judge-a", "JUDGE", regionA],
    ["judge-b", "JUDGE", regionB],
  ];
  for (const [username, role, regionId] of staff) {
    await createStaff(db, {
      username,
      name: username,
      role,
      password: PASSWORD,
      passwordHash,
      ...(regionId ? { regionId } : {}),
    });
  }
  await createContestant(db, {
    stageId: stageB,
    sessionId: examB.sessionId,
    ticketNumber: "B900",
    password: PASSWORD,
    name: "考生",
    passwordHash,
  });
  admin = await signedIn("admin");
  hostA = await signedIn("host-a");
  hostB = await signedIn("host-b");
  proctorA = await signedIn("proctor-a");
  judgeA = await signedIn("judge-a");
  judgeB = await signedIn("judge-b");
  contestant = await signedIn("B900");
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

const rankingsPath = (regionId: string, query: string, ext = "") =>
  `/api/regions/${regionId}/rankings${ext}?${query}`;

async function ranking(c: Client, query = `stageId=${stageA}&group=STUDENT`): Promise<Ranking> {
  const res = await c.get<Ranking>(rankingsPath(regionA, query));
  expect(res.status, res.text).toBe(200);
  return res.body.data as Ranking;
}

/** A file download: the bytes as sent. */
async function download(c: Client, path: string) {
  const res = await fetch(stack.baseUrl + path, { headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const byKey = (rows: RankingRow[]) => Object.fromEntries(rows.map((r) => [r.contestantId, r]));

describe("the ranking of a region's stage and group", () => {
  it("orders by total, then practical, then time, equal rows sharing a rank (1, 2, 2, 4)", async () => {
    const r = await ranking(hostA);
    expect(r.region).toMatchObject({ id: regionA, no: 1, nameZh: "北京" });
    expect(r.stage.id).toBe(stageA);
    expect(r.group).toBe("STUDENT");
    expect(r.teamRule).toBe("mean");
    expect(r.rows.map((row) => [row.name, row.rank, row.status])).toEqual([
      ["张伟", 1, "SCORED"],
      ["王芳", 2, "SCORED"],
      ["李娜", 3, "SCORED"],
      ["刘洋", 4, "SCORED"],
      ["陈静", 5, "SCORED"],
      ["杨磊", 6, "SCORED"],
      ["赵敏", 6, "SCORED"],
      ["黄强", 8, "SCORED"],
      ["周杰", 0, "PENDING"],
      ["吴刚", 0, "PENDING"],
      ["徐丽", 0, "ABSENT"],
      ["孙涛", 0, "ABSENT"],
    ]);
    const rows = byKey(r.rows);
    expect(rows[ids.s01 as string]).toEqual({
      rank: 1,
      contestantId: ids.s01,
      name: "张伟",
      ticketNumber: "R001",
      organisation: "北京信息职业技术学院",
      group: "STUDENT",
      team: { id: teams[XINGHUO], name: XINGHUO },
      theory: 28,
      practical: 62,
      total: 90,
      seconds: 3600,
      status: "SCORED",
    });
    // Float noise is rounded away; a time closed by the deadline runs to it; the current score counts.
    expect(rows[ids.s07 as string]?.total).toBe(75);
    expect(rows[ids.s06 as string]?.seconds).toBe(1800);
    expect(rows[ids.s08 as string]).toMatchObject({ total: 70, practical: 50, theory: 20 });
    expect(rows[ids.s03 as string]).toMatchObject({ status: "SCORED", total: 85, seconds: 2000 });
    // Unranked rows: scores 0; a pending row keeps its time so far, an absent one has none.
    expect(rows[ids.s09 as string]).toMatchObject({ total: 0, seconds: 7200 });
    expect(rows[ids.s11 as string]).toMatchObject({ total: 0, seconds: null, team: { name: "星火队" } });
    expect(rows[ids.s12 as string]?.seconds).toBeNull();
    // A withdrawn registration is not a contestant any more; other groups and regions are apart.
    expect(r.rows.map((row) => row.contestantId)).not.toContain(ids.s13);
    expect(r.rows.map((row) => row.contestantId)).not.toContain(ids.e01);
    expect(r.rows.map((row) => row.contestantId)).not.toContain(ids.b01);
  });

  it("ranks teams by the contest's rule (mean, an absent member counting 0) or the query's", async () => {
    const mean = await ranking(judgeA);
    expect(mean.teams.map((t) => [t.team.name, t.rank, t.total, t.practical, t.seconds])).toEqual([
      ["启明队", 1, 82.5, 58, 2750],
      ["星火队", 2, 56.6667, 39.3333, null],
      ["未来队", 0, 0, 0, null],
    ]);
    expect(mean.teams[1]?.members).toEqual([
      { contestantId: ids.s01, name: "张伟", total: 90 },
      { contestantId: ids.s04, name: "刘洋", total: 80 },
      { contestantId: ids.s11, name: "徐丽", total: null },
    ]);
    expect(mean.teams[1]?.organisation).toBe("北京信息职业技术学院");

    const sum = await ranking(judgeA, `stageId=${stageA}&group=STUDENT&teamRule=sum`);
    expect(sum.teamRule).toBe("sum");
    expect(sum.teams.map((t) => [t.team.name, t.rank, t.total])).toEqual([
      ["星火队", 1, 170],
      ["启明队", 2, 165],
      ["未来队", 0, 0],
    ]);

    await stack.db.contest.update({
      where: { id: contestId },
      data: { settings: { teamRule: "best-two-mean" } },
    });
    try {
      const best = await ranking(admin);
      expect(best.teamRule).toBe("best-two-mean");
      expect(best.teams.map((t) => [t.team.name, t.rank, t.total, t.seconds])).toEqual([
        ["星火队", 1, 85, 2800],
        ["启明队", 2, 82.5, 2750],
        ["未来队", 0, 0, null],
      ]);
    } finally {
      await stack.db.contest.update({ where: { id: contestId }, data: { settings: {} } });
    }
  });

  it("filters by group", async () => {
    const employees = await ranking(hostA, `stageId=${stageA}&group=EMPLOYEE`);
    expect(employees.rows.map((r) => [r.name, r.rank, r.group])).toEqual([["郑工", 1, "EMPLOYEE"]]);
    expect(employees.teams).toEqual([]);
  });

  it("refuses bad queries with 400 and stages of other regions or none with 404", async () => {
    const base = `/api/regions/${regionA}/rankings`;
    expectError(await hostA.get(`${base}?group=STUDENT`), 400, "VALIDATION_FAILED");
    expectError(await hostA.get(`${base}?stageId=${stageA}&group=TEACHER`), 400, "VALIDATION_FAILED");
    expectError(await hostA.get(`${base}?stageId=${stageA}&group=STUDENT&teamRule=max`), 400);
    expectError(await hostA.get(`${base}?stageId=${stageA}&group=STUDENT&extra=1`), 400);
    expectError(await hostA.get(`${base}?stageId=${stageA}&stageId=${stageA}&group=STUDENT`), 400);
    expectError(await hostA.get(`${base}?stageId=a%00b&group=STUDENT`), 400);
    expectError(await hostA.get(`${base}.xlsx?group=STUDENT`), 400, "VALIDATION_FAILED");
    expectError(await hostA.get(`${base}?stageId=${stageB}&group=STUDENT`), 404, "NOT_FOUND");
    expectError(await hostA.get(`${base}?stageId=nope&group=STUDENT`), 404, "NOT_FOUND");
    expectError(await admin.get(`/api/regions/nope/rankings?stageId=${stageA}&group=STUDENT`), 404);
  });
});

describe("who sees a region's rankings", () => {
  const query = () => `stageId=${stageA}&group=STUDENT`;

  it("the admin, the region's host and its judges", async () => {
    for (const c of [admin, hostA, judgeA]) {
      expect((await c.get(rankingsPath(regionA, query()))).status).toBe(200);
      expect((await download(c, rankingsPath(regionA, query(), ".csv"))).status).toBe(200);
    }
    // The host of region B sees its own.
    const own = await hostB.get<Ranking>(rankingsPath(regionB, `stageId=${stageB}&group=STUDENT`));
    expect(own.body.data?.rows.map((r) => [r.name, r.rank])).toEqual([
      ["河北选手", 1],
      ["考生", 0],
    ]);
  });

  it("hosts and judges of another region get 404, as for no region; other staff and contestants 403", async () => {
    for (const ext of ["", ".xlsx", ".csv"]) {
      const path = rankingsPath(regionA, query(), ext);
      expectError(await hostB.get(path), 404, "NOT_FOUND");
      expectError(await judgeB.get(path), 404, "NOT_FOUND");
      expectError(await proctorA.get(path), 403, "FORBIDDEN");
      expectError(await contestant.get(path), 403, "FORBIDDEN");
      expectError(await anonymous.get(path), 401, "UNAUTHENTICATED");
    }
    // Refused before the query is read: a stranger learns nothing from a bad query either.
    expectError(await hostB.get(`/api/regions/${regionA}/rankings?bad=1`), 404);
  });
});

const GROUP_ZH = { EMPLOYEE: "职工组", STUDENT: "学生组" } as const;
const UNRANKED = { PENDING: "待评分 Pending", ABSENT: "缺考 Absent" } as const;

function mmss(s: number | null): string {
  if (s === null) return "";
  const h = Math.floor(s / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${m}:${sec}` : `${m}:${sec}`;
}

/** What a contestant's row should show, cell by cell, written out apart from the exporter. */
function expectedCells(r: RankingRow): (string | number | null)[] {
  const ranked = r.status === "SCORED";
  return [
    r.status === "SCORED" ? r.rank : UNRANKED[r.status],
    r.name,
    r.ticketNumber,
    r.organisation ?? "",
    GROUP_ZH[r.group],
    r.team?.name ?? "",
    ranked ? r.theory : null,
    ranked ? r.practical : null,
    ranked ? r.total : null,
    ranked ? mmss(r.seconds) : "",
  ];
}

const HEADERS = [
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
];

async function exportAudits(): Promise<{ format: string; actorId: string | null }[]> {
  const rows = await stack.db.auditEntry.findMany({
    where: { action: "rankings.export", target: `region:${regionA}` },
    orderBy: { at: "asc" },
    select: { actorId: true, details: true },
  });
  return rows.map((r) => ({ actorId: r.actorId, format: (r.details as { format: string }).format }));
}

/** RFC 4180 rows of a CSV text (quoted fields, doubled quotes, CRLF). */
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

describe("the exports", () => {
  it("XLSX: both sheets, read back cell by cell equal to the JSON ranking, audited", async () => {
    const before = (await exportAudits()).length;
    const json = await ranking(hostA);
    const res = await download(hostA, rankingsPath(regionA, `stageId=${stageA}&group=STUDENT`, ".xlsx"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("北京-学生组-排名.xlsx")}`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["个人排名 Individual", "团队排名 Teams"]);
    const sheet = workbook.getWorksheet("个人排名 Individual") as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(4).width).toBeGreaterThan(20);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.rowCount).toBe(json.rows.length + 1);
    for (const [i, row] of json.rows.entries()) {
      const cells = expectedCells(row);
      for (const [j, want] of cells.entries()) {
        const cell = sheet.getRow(i + 2).getCell(j + 1);
        expect(cell.value ?? (want === "" ? "" : null), `row ${i + 2} column ${j + 1}`).toEqual(want);
        if (typeof want === "number" && j >= 6) expect(cell.numFmt).toBe("0.00");
      }
    }
    expect(sheet.getRow(2).getCell(2).value).toBe("张伟");
    expect(sheet.getRow(2).getCell(10).value).toBe("1:00:00");
    expect(sheet.getRow(3).getCell(10).value).toBe("50:00");

    const teamSheet = workbook.getWorksheet("团队排名 Teams") as ExcelJS.Worksheet;
    expect(teamSheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((teamSheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "名次 Rank",
      "参赛队 Team",
      "单位 Organisation",
      "成员 Members",
      "总分 Total",
      "实操 Practical",
      "用时 Time",
    ]);
    for (const [i, t] of json.teams.entries()) {
      const ranked = t.rank > 0;
      const want = [
        ranked ? t.rank : UNRANKED.PENDING,
        t.team.name,
        t.organisation,
        t.members.map((m) => m.name).join("、"),
        ranked ? t.total : null,
        ranked ? t.practical : null,
        ranked ? mmss(t.seconds) : "",
      ];
      const got = want.map(
        (_, j) => teamSheet.getRow(i + 2).getCell(j + 1).value ?? (want[j] === "" ? "" : null),
      );
      expect(got).toEqual(want);
    }
    expect(teamSheet.getRow(3).getCell(4).value).toBe("张伟、刘洋、徐丽");

    const audits = await exportAudits();
    expect(audits.length).toBe(before + 1);
    expect(audits.at(-1)?.format).toBe("xlsx");
  });

  it("CSV: UTF-8 with a BOM and CRLF, parsing back to the JSON ranking's rows, audited", async () => {
    const before = (await exportAudits()).length;
    const json = await ranking(judgeA);
    const res = await download(judgeA, rankingsPath(regionA, `stageId=${stageA}&group=STUDENT`, ".csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("北京-学生组-排名.csv")}`,
    );
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.bytes.toString("utf8").slice(1);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1)).toEqual(
      json.rows.map((r) => expectedCells(r).map((c) => (c === null ? "" : String(c)))),
    );
    expect(rows[1]?.[1]).toBe("张伟");
    const audits = await exportAudits();
    expect(audits.length).toBe(before + 1);
    expect(audits.at(-1)?.format).toBe("csv");
  });
});
