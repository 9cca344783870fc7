// Releasing a session's results and reading a released result, against the real server and
// PostgreSQL: nothing is released while an attempt is pending, who may release and read, the
// contestant's own breakdown from the current score version, and the lobby's flag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { buildExam, createContestant, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { AttemptSummary } from "../../protocol/api.ts";
import type { AttemptResult, ReleaseState } from "../../protocol/results.ts";
import { scoreTaskItems } from "../../workers/processors/task-scoring.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2026-06-01T08:00:00Z");
const clock = new ManualClock(new Date("2026-06-01T08:10:00Z"));

let stack: Stack;
let regionA: string;
let regionB: string;
let sessionA: string;
let paperA: string;
const attempts: Record<string, string> = {};
const q: string[] = [];
const items: { id: string; taskId: string; truth: object; payload: object }[] = [];

let admin: Client;
let hostA: Client;
let hostB: Client;
let proctorA: Client;
let judgeA: Client;
let anonymous: Client;
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
    lateStartMinutes: 30,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "交并比（IoU）的计算方式是？",
        options: [
          { id: "A", text: "交集 ÷ 并集" },
          { id: "B", text: "并集 ÷ 交集" },
        ],
        key: { choice: "A" },
        points: 10,
      },
      { kind: "TRUE_FALSE", prompt: "标注框应紧贴目标。", options: [], key: { value: true }, points: 5 },
    ],
    tasks: [
      {
        title: "街景目标检测",
        instructions: "框出每一辆汽车。",
        labels: [{ id: "car", name: "汽车", color: "#f00" }],
        points: 100,
        sceneSeeds: [1, 2],
      },
    ],
  });
  sessionA = exam.sessionId;
  paperA = exam.paperId;
  for (const x of exam.questions) q.push(x.id);
  for (const it of exam.items) {
    const row = await stack.db.item.findUniqueOrThrow({ where: { id: it.id }, select: { payload: true } });
    items.push({ id: it.id, taskId: it.taskId, truth: it.groundTruth, payload: row.payload as object });
  }
  const passwordHash = await hashPassword(PASSWORD);
  for (const [ticket, name] of [
    ["T-001", "张伟"],
    ["T-002", "王芳"],
    ["T-003", "李娜"],
  ] as const) {
    const c = await createContestant(db, {
      stageId: exam.stageId,
      sessionId: sessionA,
      ticketNumber: ticket,
      password: PASSWORD,
      name,
      passwordHash,
    });
    attempts[ticket] = c.attemptId;
  }
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
  t1 = await signedIn("T-001");
  t2 = await signedIn("T-002");
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

const releasePath = (regionId = regionA, sessionId = sessionA) =>
  `/api/regions/${regionId}/sessions/${sessionId}/release`;
const myResultPath = (attemptId: string) => `/api/attempts/${attemptId}/results`;
const staffResultPath = (attemptId: string, regionId = regionA) =>
  `/api/regions/${regionId}/attempts/${attemptId}/results`;

async function setStatus(ticket: string, status: "IN_PROGRESS" | "FROZEN" | "SCORED" | "SCORING_FAILED") {
  await stack.db.attempt.update({
    where: { id: attempts[ticket] as string },
    data: { status, startedAt: START, deadlineAt: new Date(START.getTime() + 3600_000) },
  });
}

/** T-001's scores: an earlier version (not current) and the current one, with the breakdown. */
async function scoreT1(): Promise<void> {
  const db = stack.db;
  const attemptId = attempts["T-001"] as string;
  const sections = await db.section.findMany({
    where: { paperId: paperA },
    select: { id: true, kind: true },
  });
  const theory = sections.find((s) => s.kind === "THEORY")?.id as string;
  const practical = sections.find((s) => s.kind === "PRACTICAL")?.id as string;
  const taskId = items[0]?.taskId as string;
  await db.answer.create({
    data: {
      attemptId,
      questionId: q[0] as string,
      revision: 1,
      data: { choice: "A" },
      filled: true,
      savedAt: START,
    },
  });
  await db.answer.create({
    data: {
      attemptId,
      questionId: q[1] as string,
      revision: 1,
      data: { value: false },
      filled: true,
      savedAt: START,
    },
  });
  await db.scoreVersion.create({
    data: {
      attemptId,
      version: 1,
      scorerVersion: "old",
      theory: 1,
      practical: 1,
      total: 2,
      current: false,
      taskScores: {
        create: [{ taskId, sectionId: practical, earned: 1, possible: 100, items: [] }],
      },
    },
  });
  // Theory 10 of 15 → 30 × 10/15 = 20; practical 75 of 100 → 70 × 0.75 = 52.5.
  await db.scoreVersion.create({
    data: {
      attemptId,
      version: 2,
      scorerVersion: "1.2.3",
      theory: 20,
      practical: 52.5,
      total: 72.5,
      current: true,
      taskScores: {
        create: [
          {
            taskId: null,
            sectionId: theory,
            earned: 10,
            possible: 15,
            items: [
              { questionId: q[0], score: 1, earned: 10, points: 10 },
              { questionId: q[1], score: 0, earned: 0, points: 5 },
            ],
          },
          {
            taskId,
            sectionId: practical,
            earned: 75,
            possible: 100,
            items: [
              {
                id: items[0]?.id,
                score: 1,
                tp: 2,
                fp: 0,
                fn: 0,
                matches: [
                  { truth: "t-0", answer: "mine-0", iou: 0.9 },
                  { truth: "t-1", answer: "mine-1", iou: 0.75 },
                ],
              },
              {
                id: items[1]?.id,
                score: 0.5,
                tp: 1,
                fp: 1,
                fn: 1,
                matches: [{ truth: "t-0", answer: "mine-0", iou: 0.6 }],
              },
            ],
          },
        ],
      },
    },
  });
  await setStatus("T-001", "SCORED");
}

describe("releasing a session's results", () => {
  it("lets only the region's host and admins see and release it", async () => {
    expectError(await anonymous.get(releasePath()), 401, "UNAUTHENTICATED");
    expectError(await anonymous.post(releasePath()), 401, "UNAUTHENTICATED");
    expectError(await hostB.get(releasePath()), 404, "NOT_FOUND");
    expectError(await hostB.post(releasePath()), 404, "NOT_FOUND");
    for (const c of [proctorA, judgeA, t1]) {
      expectError(await c.get(releasePath()), 403, "FORBIDDEN");
      expectError(await c.post(releasePath()), 403, "FORBIDDEN");
    }
    // The session is region A's: asked under region B (by an admin), it does not exist.
    expectError(await admin.get(releasePath(regionB)), 404, "NOT_FOUND");
    const res = await hostA.get<ReleaseState>(releasePath());
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({
      sessionId: sessionA,
      releasedAt: null,
      releasedBy: null,
      attempts: { scored: 0, pending: 0, absent: 3 },
    });
  });

  it("refuses hostile ids and bodies with 400", async () => {
    for (const path of [
      releasePath(regionA, "x%00y"),
      releasePath(regionA, "a".repeat(65)),
      releasePath("r%00", sessionA),
    ]) {
      expectError(await hostA.get(path), 400);
      expectError(await hostA.post(path), 400);
    }
    expectError(await hostA.post(releasePath(), { reason: "x".repeat(501) }), 400, "VALIDATION_FAILED");
    expectError(await hostA.post(releasePath(), { extra: true }), 400, "VALIDATION_FAILED");
    expectError(await t1.get(myResultPath("x%00y")), 400);
    expectError(await t1.get(myResultPath("a".repeat(65))), 400);
    expectError(await hostA.get(staffResultPath("a".repeat(65))), 400);
  });

  it("refuses to release while an attempt is in progress, frozen or failed, or others may still start", async () => {
    // Nobody has started and the late-start window is still open.
    const early = await hostA.post(releasePath());
    expectError(early, 409, "CONFLICT");
    expect(early.body.error?.details).toMatchObject({ notStarted: 3 });
    clock.set(new Date(START.getTime() + 2 * 3600_000));

    await setStatus("T-002", "IN_PROGRESS");
    const inProgress = await hostA.post(releasePath());
    expectError(inProgress, 409, "CONFLICT");
    expect(inProgress.body.error?.details).toMatchObject({ inProgress: 1, frozen: 0, scoringFailed: 0 });
    await setStatus("T-002", "FROZEN");
    const frozen = await hostA.post(releasePath());
    expectError(frozen, 409, "CONFLICT");
    expect(frozen.body.error?.details).toMatchObject({ inProgress: 0, frozen: 1 });
    await setStatus("T-002", "SCORING_FAILED");
    expectError(await hostA.post(releasePath()), 409, "CONFLICT");
    const state = await hostA.get<ReleaseState>(releasePath());
    expect(state.body.data?.attempts).toEqual({ scored: 0, pending: 1, absent: 2 });
    const session = await stack.db.examSession.findUniqueOrThrow({ where: { id: sessionA } });
    expect(session.resultsReleasedAt).toBeNull();
  });

  it("shows the region's staff a result before release, and the contestant a 409", async () => {
    await scoreT1();
    const before = await t1.get(myResultPath(attempts["T-001"] as string));
    expectError(before, 409, "CONFLICT");
    expect(before.body.error?.message).toMatch(/not released yet/);
    const staff = await hostA.get<AttemptResult>(staffResultPath(attempts["T-001"] as string));
    expect(staff.status, staff.text).toBe(200);
    expect(staff.body.data?.session.releasedAt).toBeNull();
    expect(staff.body.data?.total).toBe(72.5);
    const lobby = await t1.get<AttemptSummary[]>("/api/attempts/mine");
    expect(lobby.body.data?.[0]).toMatchObject({ id: attempts["T-001"], resultsReleased: false });
  });

  it("releases once every attempt is scored or absent, audited, and again changes nothing", async () => {
    // T-002 is re-scored: a current score whose task line is the real scorer's output (item 1
    // labelled exactly, item 2 left empty), and no theory line.
    const truth1 = items[0]?.truth as { boxes: object[] };
    const real = scoreTaskItems("BOXES", { iouThreshold: 0.5 }, [
      {
        id: items[0]?.id as string,
        payload: items[0]?.payload,
        truth: truth1,
        answer: { boxes: truth1.boxes.map((b, j) => ({ ...b, id: `mine-${j}` })) },
      },
      { id: items[1]?.id as string, payload: items[1]?.payload, truth: items[1]?.truth, answer: null },
    ]);
    const practical = await stack.db.section.findFirstOrThrow({
      where: { paperId: paperA, kind: "PRACTICAL" },
    });
    await stack.db.scoreVersion.create({
      data: {
        attemptId: attempts["T-002"] as string,
        version: 1,
        scorerVersion: "1.2.3",
        theory: 0,
        practical: 35,
        total: 35,
        taskScores: {
          create: [
            {
              taskId: items[0]?.taskId as string,
              sectionId: practical.id,
              earned: 50,
              possible: 100,
              items: JSON.parse(JSON.stringify(real)),
            },
          ],
        },
      },
    });
    await setStatus("T-002", "SCORED");
    clock.set(new Date("2026-06-01T11:00:00Z"));
    const res = await hostA.post<ReleaseState>(releasePath(), { reason: "成绩复核完毕" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({
      sessionId: sessionA,
      releasedAt: "2026-06-01T11:00:00.000Z",
      releasedBy: "host-a",
      attempts: { scored: 2, pending: 0, absent: 1 },
    });
    const entries = await stack.db.auditEntry.findMany({ where: { action: "results.release" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ target: `session:${sessionA}`, reason: "成绩复核完毕" });
    expect(entries[0]?.details).toMatchObject({ sessionId: sessionA, scored: 2, absent: 1 });

    // Releasing again (another staff member, later) answers the same state and writes nothing.
    clock.set(new Date("2026-06-01T12:00:00Z"));
    const again = await admin.post<ReleaseState>(releasePath());
    expect(again.status, again.text).toBe(200);
    expect(again.body.data).toEqual(res.body.data);
    expect(await stack.db.auditEntry.count({ where: { action: "results.release" } })).toBe(1);
    expect((await hostA.get<ReleaseState>(releasePath())).body.data).toEqual(res.body.data);
  });
});

describe("a released result", () => {
  it("gives the contestant their own breakdown from the current score version", async () => {
    const res = await t1.get<AttemptResult>(myResultPath(attempts["T-001"] as string));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const r = res.body.data as AttemptResult;
    expect(r).toMatchObject({
      attemptId: attempts["T-001"],
      session: { id: sessionA, name: "北京预赛", releasedAt: "2026-06-01T11:00:00.000Z" },
      theory: 20,
      practical: 52.5,
      total: 72.5,
      weights: { theory: 30, practical: 70 },
      scorerVersion: "1.2.3",
    });
    expect(r.questions).toEqual([
      {
        questionId: q[0],
        position: 1,
        kind: "SINGLE_CHOICE",
        prompt: "交并比（IoU）的计算方式是？",
        points: 10,
        earned: 10,
        answer: { choice: "A" },
        key: { choice: "A" },
        adjusted: null,
      },
      {
        questionId: q[1],
        position: 2,
        kind: "TRUE_FALSE",
        prompt: "标注框应紧贴目标。",
        points: 5,
        earned: 0,
        answer: { value: false },
        key: { value: true },
        adjusted: null,
      },
    ]);
    expect(r.tasks).toEqual([
      {
        taskId: items[0]?.taskId,
        position: 1,
        kind: "BOXES",
        title: "街景目标检测",
        points: 100,
        earned: 75,
        items: [
          {
            itemId: items[0]?.id,
            position: 1,
            score: 1,
            matched: 2,
            missed: 0,
            extra: 0,
            overlaps: [0.9, 0.75],
            adjusted: null,
          },
          {
            itemId: items[1]?.id,
            position: 2,
            score: 0.5,
            matched: 1,
            missed: 1,
            extra: 1,
            overlaps: [0.6],
            adjusted: null,
          },
        ],
      },
    ]);
    // The breakdown agrees with the TaskScore rows and the weighted section totals.
    const rows = await stack.db.taskScore.findMany({
      where: { scoreVersion: { attemptId: attempts["T-001"] as string, current: true } },
    });
    const theoryEarned = r.questions.reduce((s, x) => s + x.earned, 0);
    const theoryPoints = r.questions.reduce((s, x) => s + x.points, 0);
    const taskEarned = r.tasks.reduce((s, t) => s + t.earned, 0);
    const taskPoints = r.tasks.reduce((s, t) => s + t.points, 0);
    expect(theoryEarned).toBe(rows.find((t) => t.taskId === null)?.earned);
    expect(taskEarned).toBe(rows.filter((t) => t.taskId !== null).reduce((s, t) => s + t.earned, 0));
    expect((r.weights.theory * theoryEarned) / theoryPoints).toBeCloseTo(r.theory, 4);
    expect((r.weights.practical * taskEarned) / taskPoints).toBeCloseTo(r.practical, 4);
    expect(r.theory + r.practical).toBeCloseTo(r.total, 4);
    // Counts and overlaps only: no ground truth, no shape ids of the matches.
    const truth = await stack.db.groundTruth.findUniqueOrThrow({ where: { itemId: items[0]?.id as string } });
    const box = (truth.data as { boxes: { x: number; y: number }[] }).boxes[0];
    expect(res.text).not.toContain('"truth"');
    expect(res.text).not.toContain("mine-0");
    expect(res.text).not.toContain("boxes");
    expect(box).toBeDefined();
  });

  it("is not found for another contestant's attempt, and for staff of another region", async () => {
    expectError(await t2.get(myResultPath(attempts["T-001"] as string)), 404, "NOT_FOUND");
    expectError(await t1.get(myResultPath("no-such-attempt")), 404, "NOT_FOUND");
    // Another contestant's 404 is the same answer as a missing attempt's.
    const other = await t2.get(myResultPath(attempts["T-001"] as string));
    const missing = await t2.get(myResultPath("no-such-attempt"));
    expect(other.body).toEqual(missing.body);
    expectError(await hostB.get(staffResultPath(attempts["T-001"] as string)), 404, "NOT_FOUND");
    expectError(await hostB.get(staffResultPath(attempts["T-001"] as string, regionB)), 404, "NOT_FOUND");
    expectError(await proctorA.get(staffResultPath(attempts["T-001"] as string)), 403, "FORBIDDEN");
    expectError(await t1.get(staffResultPath(attempts["T-001"] as string)), 403, "FORBIDDEN");
    expectError(await anonymous.get(myResultPath(attempts["T-001"] as string)), 401, "UNAUTHENTICATED");
    const adminView = await admin.get<AttemptResult>(staffResultPath(attempts["T-001"] as string));
    expect(adminView.status, adminView.text).toBe(200);
    expect(adminView.body.data?.total).toBe(72.5);
  });

  it("gives T-002 their own result, and an absent contestant a 409 (no score)", async () => {
    const r = await t2.get<AttemptResult>(myResultPath(attempts["T-002"] as string));
    expect(r.status, r.text).toBe(200);
    expect(r.body.data).toMatchObject({ attemptId: attempts["T-002"], total: 35 });
    // No theory line: every question is there, earning nothing; no answer of T-001's.
    expect(r.body.data?.questions.map((x) => [x.earned, x.answer])).toEqual([
      [0, null],
      [0, null],
    ]);
    // The real scorer's lines read back: exact boxes all matched with overlap 1, the empty item missed.
    const n1 = ((items[0]?.truth ?? { boxes: [] }) as { boxes: object[] }).boxes.length;
    const n2 = ((items[1]?.truth ?? { boxes: [] }) as { boxes: object[] }).boxes.length;
    expect(n1).toBeGreaterThan(0);
    expect(r.body.data?.tasks[0]).toMatchObject({ earned: 50, points: 100 });
    expect(r.body.data?.tasks[0]?.items).toEqual([
      expect.objectContaining({ score: 1, matched: n1, missed: 0, extra: 0, overlaps: Array(n1).fill(1) }),
      expect.objectContaining({ score: 0, matched: 0, missed: n2, extra: 0, overlaps: [] }),
    ]);
    expect(r.text).not.toContain("mine-0");
    const t3 = await signedIn("T-003");
    const absent = await t3.get(myResultPath(attempts["T-003"] as string));
    expectError(absent, 409, "CONFLICT");
    expect(absent.body.error?.details).toEqual({ status: "NOT_STARTED" });
  });

  it("flips the lobby's resultsReleased", async () => {
    const lobby = await t1.get<AttemptSummary[]>("/api/attempts/mine");
    expect(lobby.status, lobby.text).toBe(200);
    expect(lobby.body.data?.[0]).toMatchObject({ id: attempts["T-001"], resultsReleased: true });
  });
});
