// Practice sittings (issue 11) against the real server, PostgreSQL and Redis: the practice paper
// generated without downloads (a task of every kind, images stored as PNG, one paper however often
// asked), a practice session whose scored attempt its contestant reads at once without a release,
// and which never counts: not in rankings nor their export, not in the regional report's checks or
// snapshot, and never appealed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { buildExam, createContestant, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { AttemptSummary } from "../../protocol/api.ts";
import {
  IMAGE_TASK_KINDS,
  type PaperOption,
  PRACTICE_PAPER_TITLE,
  type SeatView,
  type SessionView,
  TASK_KINDS,
} from "../../protocol/index.ts";
import type { AppealList } from "../../protocol/judging.ts";
import type { RegionReportView, ReportSnapshot } from "../../protocol/reports.ts";
import type { AttemptResult, Ranking } from "../../protocol/results.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2026-06-01T08:00:00Z");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const clock = new ManualClock(at(10));
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let stack: Stack;
let regionA: string;
let regionB: string;
let stageId: string;
let realSession: string;
let practicePaper: PaperOption;
let practiceSession: SessionView;
const contestants: Record<string, { contestantId: string; real: string; practice?: string }> = {};

let admin: Client;
let hostA: Client;
let hostB: Client;
let proctorA: Client;
let t1: Client;
let t2: Client;

beforeAll(async () => {
  stack = await startStack({ clock });
  const db = stack.db;
  const regions = await upsertRegions(db);
  regionA = regions.get(1) ?? "";
  regionB = regions.get(2) ?? "";
  const exam = await buildExam(db, {
    regionId: regionA,
    sessionName: "北京预赛",
    startsAt: START,
    durationMinutes: 60,
    questions: [
      { kind: "TRUE_FALSE", prompt: "标注框应紧贴目标。", options: [], key: { value: true }, points: 10 },
    ],
    tasks: [],
  });
  stageId = exam.stageId;
  realSession = exam.sessionId;
  const passwordHash = await hashPassword(PASSWORD);
  for (const [ticket, name] of [
    ["P-001", "张伟"],
    ["P-002", "王芳"],
  ] as const) {
    const c = await createContestant(db, {
      stageId,
      sessionId: realSession,
      ticketNumber: ticket,
      password: PASSWORD,
      name,
      passwordHash,
    });
    contestants[ticket] = { contestantId: c.contestantId, real: c.attemptId };
  }
  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR", string | undefined][] = [
    ["admin", "ADMIN", undefined],
    ["host-a", "REGION_HOST", regionA],
    ["host-b", "REGION_HOST", regionB],
    ["proctor-a", "PROCTOR", regionA],
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
  t1 = await signedIn("P-001");
  t2 = await signedIn("P-002");
}, 60_000);
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

const practicePaperPath = (regionId = regionA) => `/api/regions/${regionId}/practice-paper`;

/** A current score for the attempt (theory only: the scorer's own work is tested elsewhere). */
async function score(attemptId: string, total: number): Promise<void> {
  const db = stack.db;
  await db.attempt.update({
    where: { id: attemptId },
    data: { status: "SCORED", startedAt: at(1), submittedAt: at(30), deadlineAt: at(61) },
  });
  const attempt = await db.attempt.findUniqueOrThrow({
    where: { id: attemptId },
    select: { examSession: { select: { paperId: true } } },
  });
  const theory = await db.section.findFirstOrThrow({
    where: { paperId: attempt.examSession.paperId, kind: "THEORY" },
    select: { id: true },
  });
  await db.scoreVersion.create({
    data: {
      attemptId,
      version: 1,
      scorerVersion: "test",
      theory: total,
      practical: 0,
      total,
      current: true,
      taskScores: {
        create: [{ taskId: null, sectionId: theory.id, earned: total, possible: 100, items: [] }],
      },
    },
  });
}

describe("the practice paper", () => {
  it("is generated for the region's host or an admin only", async () => {
    expectError(await hostB.post(practicePaperPath()), 404, "NOT_FOUND");
    expectError(await proctorA.post(practicePaperPath()), 403, "FORBIDDEN");
    expectError(await t1.post(practicePaperPath()), 403, "FORBIDDEN");
    expect(await stack.db.paper.count({ where: { title: PRACTICE_PAPER_TITLE } })).toBe(0);
  });

  it("has a task of every kind and a few theory questions, its images stored as PNG", async () => {
    const res = await hostA.post<PaperOption>(practicePaperPath());
    expect(res.status, res.text).toBe(201);
    practicePaper = res.body.data as PaperOption;
    expect(practicePaper.title).toBe(PRACTICE_PAPER_TITLE);
    expect(practicePaper.title).toContain("练习卷");
    expect(practicePaper.tasks).toBe(TASK_KINDS.length);
    expect(practicePaper.questions).toBeGreaterThanOrEqual(3);

    const tasks = await stack.db.task.findMany({
      where: { section: { paperId: practicePaper.id } },
      select: { kind: true, items: { select: { mediaType: true, media: true, groundTruth: true } } },
    });
    expect(new Set(tasks.map((t) => t.kind))).toEqual(new Set(TASK_KINDS));
    for (const t of tasks) {
      expect(t.items.length, t.kind).toBeGreaterThan(0);
      for (const item of t.items) {
        expect(item.groundTruth, t.kind).not.toBeNull();
        if (IMAGE_TASK_KINDS.includes(t.kind)) {
          expect(item.mediaType, t.kind).toBe("image/png");
          expect(
            Buffer.from(item.media ?? [])
              .subarray(0, 8)
              .equals(PNG_MAGIC),
            t.kind,
          ).toBe(true);
        }
        expect(item.mediaType ?? "", t.kind).not.toContain("svg");
      }
    }
    const papers = await hostA.get<PaperOption[]>("/api/papers");
    expect(papers.body.data).toContainEqual(practicePaper);
  });

  it("is generated once: a second call, from any region, returns the same paper", async () => {
    const again = await hostA.post<PaperOption>(practicePaperPath());
    expect(again.status, again.text).toBe(200);
    expect(again.body.data).toEqual(practicePaper);
    const fromB = await admin.post<PaperOption>(practicePaperPath(regionB));
    expect(fromB.status, fromB.text).toBe(200);
    expect(fromB.body.data).toEqual(practicePaper);
    expect(await stack.db.paper.count({ where: { title: PRACTICE_PAPER_TITLE } })).toBe(1);
    const audits = await stack.db.auditEntry.count({ where: { action: "paper.practice.create" } });
    expect(audits).toBe(1);
  });
});

describe("a practice session", () => {
  it("is created with practice: true; other sessions say practice: false", async () => {
    const res = await hostA.post<SessionView>(`/api/regions/${regionA}/sessions`, {
      stageId,
      venueId: null,
      paperId: practicePaper.id,
      name: "练习场 Practice",
      startsAt: at(-60).toISOString(),
      durationMinutes: 60,
      lateStartMinutes: 60,
      practice: true,
    });
    expect(res.status, res.text).toBe(201);
    practiceSession = res.body.data as SessionView;
    expect(practiceSession).toMatchObject({ practice: true, paper: { id: practicePaper.id } });
    const real = await hostA.get<SessionView>(`/api/regions/${regionA}/sessions/${realSession}`);
    expect(real.body.data?.practice).toBe(false);
    // The flag may change while no one is seated, and back.
    const path = `/api/regions/${regionA}/sessions/${practiceSession.id}`;
    const off = await hostA.request<SessionView>("PATCH", path, { practice: false });
    expect(off.body.data?.practice, off.text).toBe(false);
    const on = await hostA.request<SessionView>("PATCH", path, { practice: true });
    expect(on.body.data?.practice, on.text).toBe(true);
  });

  it("seats contestants already seated in the real session of the stage", async () => {
    const ids = Object.values(contestants).map((c) => c.contestantId);
    const res = await hostA.put<SeatView[]>(`/api/regions/${regionA}/sessions/${practiceSession.id}/seats`, {
      seats: ids.map((contestantId, i) => ({ contestantId, seat: `P${i + 1}` })),
    });
    expect(res.status, res.text).toBe(200);
    for (const view of res.body.data ?? []) {
      expect(view.seatedElsewhere).toBeNull();
      const c = Object.values(contestants).find((x) => x.contestantId === view.contestantId);
      if (c && view.attemptId) c.practice = view.attemptId;
    }
    expect(contestants["P-001"]?.practice).toBeTruthy();
    expect(contestants["P-002"]?.practice).toBeTruthy();
    // Seated, the sitting stays practice (the seating rule depends on it).
    const flip = await hostA.request("PATCH", `/api/regions/${regionA}/sessions/${practiceSession.id}`, {
      practice: false,
    });
    expectError(flip, 409, "CONFLICT");
  });

  it("shows a scored attempt's result to its contestant at once, with no release", async () => {
    const p1 = contestants["P-001"]?.practice as string;
    const p2 = contestants["P-002"]?.practice as string;
    // P-002 has not been scored yet: no result, and the lobby does not link one.
    expectError(await t2.get(`/api/attempts/${p2}/results`), 409, "CONFLICT");
    await score(p1, 88);
    const lobby = await t1.get<AttemptSummary[]>("/api/attempts/mine");
    expect(lobby.status, lobby.text).toBe(200);
    const byId = new Map((lobby.body.data ?? []).map((a) => [a.id, a]));
    expect(byId.get(p1)).toMatchObject({ practice: true, resultsReleased: true, status: "SCORED" });
    expect(byId.get(contestants["P-001"]?.real as string)).toMatchObject({
      practice: false,
      resultsReleased: false,
    });
    const lobby2 = await t2.get<AttemptSummary[]>("/api/attempts/mine");
    expect(lobby2.body.data?.find((a) => a.id === p2)).toMatchObject({
      practice: true,
      resultsReleased: false,
    });

    const result = await t1.get<AttemptResult>(`/api/attempts/${p1}/results`);
    expect(result.status, result.text).toBe(200);
    expect(result.body.data).toMatchObject({ attemptId: p1, total: 88, session: { releasedAt: null } });
    // Another contestant's practice result is still "not found".
    expectError(await t2.get(`/api/attempts/${p1}/results`), 404, "NOT_FOUND");
    await score(p2, 99);
  });

  it("refuses appeals", async () => {
    const p1 = contestants["P-001"]?.practice as string;
    const question = await stack.db.question.findFirstOrThrow({
      where: { section: { paperId: practicePaper.id } },
      select: { id: true },
    });
    const res = await t1.post(`/api/attempts/${p1}/appeals`, {
      subject: { questionId: question.id },
      message: "练习题的答案我有疑问",
    });
    expectError(res, 409, "CONFLICT");
    expect(await stack.db.appeal.count()).toBe(0);
    const list = await t1.get<AppealList>(`/api/attempts/${p1}/appeals`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.data).toMatchObject({ open: false, appeals: [] });
  });
});

describe("what a practice sitting never counts in", () => {
  const rankingPath = (ext = "") => `/api/regions/${regionA}/rankings${ext}?stageId=${stageId}&group=STUDENT`;

  it("the rankings and their export rank the real attempts only", async () => {
    await score(contestants["P-001"]?.real as string, 50);
    const res = await hostA.get<Ranking>(rankingPath());
    expect(res.status, res.text).toBe(200);
    const rows = res.body.data?.rows ?? [];
    // P-002 sat only the practice (scored 99): absent from the real one, not ranked on 99.
    expect(rows.map((r) => [r.ticketNumber, r.status, r.total])).toEqual([
      ["P-001", "SCORED", 50],
      ["P-002", "ABSENT", 0],
    ]);
    const csv = await hostA.get(rankingPath(".csv"));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("P-001");
    expect(csv.text).not.toMatch(/\b(88|99)\b/);
  });

  it("the report is submitted with the practice session unreleased, its snapshot without practice", async () => {
    // P-002 never started the real sitting: it is released once its late start has gone by.
    clock.set(at(40));
    const release = await hostA.post(`/api/regions/${regionA}/sessions/${realSession}/release`);
    expect(release.status, release.text).toBe(200);
    const view = await hostA.get<RegionReportView>(`/api/regions/${regionA}/reports/${stageId}`);
    expect(view.body.data).toMatchObject({ sessions: { total: 1, released: 1 } });
    clock.set(at(40 + 61));
    const submit = await hostA.post(`/api/regions/${regionA}/reports/${stageId}/submit`);
    expect(submit.status, submit.text).toBe(200);
    const report = await stack.db.regionReport.findFirstOrThrow({ select: { snapshot: true } });
    const snapshot = report.snapshot as unknown as ReportSnapshot;
    const rows = snapshot.rankings.flatMap((r) => r.rows);
    expect(rows.map((r) => [r.ticketNumber, r.total])).toEqual([
      ["P-001", 50],
      ["P-002", 0],
    ]);
    // Practice stays unreleased, and its contestant still reads the result.
    const practice = await stack.db.examSession.findUniqueOrThrow({
      where: { id: practiceSession.id },
      select: { resultsReleasedAt: true },
    });
    expect(practice.resultsReleasedAt).toBeNull();
    const p1 = contestants["P-001"]?.practice as string;
    expect((await t1.get(`/api/attempts/${p1}/results`)).status).toBe(200);
  });
});
