// Appeals (issue 10) against the real server, PostgreSQL and score worker: a contestant appeals an
// item or question of their own released result within the window, once per subject; a judge
// answers it once; an accepted appeal re-scores the attempt (after the release) and the contestant's
// result shows the new score, readable all the while the attempt is being scored again. Outside
// the window, before the release, for someone else's attempt or while the report is submitted the
// appeal is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import {
  buildExam,
  createContestant,
  createStaff,
  DEFAULT_BOX_TASK,
  upsertRegions,
} from "../../prisma/seed/builders.ts";
import type { AppealList, AppealView, AttemptReview, JudgeAppealRow } from "../../protocol/judging.ts";
import type { AttemptResult } from "../../protocol/results.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { waitUntil } from "../helpers/processes.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2026-06-01T08:00:00Z");
const RELEASE = new Date("2026-06-01T12:00:00Z");
const WINDOW_MINUTES = 30;
const clock = new ManualClock(new Date("2026-06-01T10:00:00Z"));

type Box = { id: string; label: string; x: number; y: number; w: number; h: number };

let stack: Stack;
let regionA: string;
let regionB: string;
let stageA: string;
let sessionA: string;
const q: string[] = [];
const items: { id: string; truth: { boxes: Box[] } }[] = [];
let otherItem: string;
const attempts: Record<string, string> = {};
const users: Record<string, string> = {};
const clients: Record<string, Client> = {};
const c = (name: string) => clients[name] as Client;

beforeAll(async () => {
  stack = await startStack({ clock, worker: true });
  const db = stack.db;
  const regions = await upsertRegions(db);
  regionA = regions.get(1) ?? "";
  regionB = regions.get(2) ?? "";
  const spec = {
    regionId: regionA,
    startsAt: START,
    durationMinutes: 60,
    questions: [
      {
        kind: "TRUE_FALSE" as const,
        prompt: "标注框应紧贴目标。",
        options: [],
        key: { value: true },
        points: 10,
      },
    ],
    tasks: [{ ...DEFAULT_BOX_TASK, sceneSeeds: [21, 22] }],
  };
  const exam = await buildExam(db, { ...spec, sessionName: "上海预赛" });
  await db.contest.update({
    where: { id: exam.contestId },
    data: { settings: { appealWindowMinutes: WINDOW_MINUTES } },
  });
  stageA = exam.stageId;
  sessionA = exam.sessionId;
  for (const x of exam.questions) q.push(x.id);
  for (const it of exam.items) items.push({ id: it.id, truth: it.groundTruth as { boxes: Box[] } });
  otherItem = (await buildExam(db, { ...spec, sessionName: "另一场" })).items[0]?.id as string;

  const passwordHash = await hashPassword(PASSWORD);
  for (const [ticket, name] of [
    ["T-101", "赵敏"],
    ["T-102", "钱进"],
    ["T-103", "孙丽"],
  ] as const) {
    const r = await createContestant(db, {
      stageId: exam.stageId,
      sessionId: sessionA,
      ticketNumber: ticket,
      password: PASSWORD,
      name,
      passwordHash,
    });
    attempts[ticket] = r.attemptId;
    users[ticket] = r.userId;
  }
  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE", string | undefined][] = [
    ["admin", "ADMIN", undefined],
    ["judge-a", "JUDGE", regionA],
    ["judge-b", "JUDGE", regionB],
    ["host-a", "REGION_HOST", regionA],
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
  for (const login of [...staff.map((s) => s[0]), "T-101", "T-102", "T-103"]) {
    const client = new Client(stack.baseUrl);
    expect((await client.login(login, PASSWORD)).status).toBe(200);
    clients[login] = client;
  }

  // T-101: the question wrong, item 1 exact, item 2 empty. T-102: everything empty. T-103 absent.
  const t101 = attempts["T-101"] as string;
  await db.answer.createMany({
    data: [
      {
        attemptId: t101,
        questionId: q[0],
        revision: 1,
        data: { value: false },
        filled: true,
        savedAt: START,
      },
      {
        attemptId: t101,
        itemId: items[0]?.id,
        revision: 1,
        data: { boxes: items[0]?.truth.boxes.map((b, j) => ({ ...b, id: `mine-${j}` })) },
        filled: true,
        savedAt: START,
      },
    ],
  });
  const ids = [t101, attempts["T-102"] as string];
  await db.attempt.updateMany({
    where: { id: { in: ids } },
    data: {
      status: "FROZEN",
      startedAt: START,
      deadlineAt: new Date(START.getTime() + 3600_000),
      submittedAt: START,
      closedBy: "CONTESTANT",
    },
  });
  await stack.worker?.sweep();
  await waitUntil(
    async () => (await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })) === ids.length,
    20_000,
    "the first scoring",
  );
});
afterAll(async () => {
  await stack?.stop();
});

function expectError(res: HttpResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  if (code) expect(res.body.error?.code, res.text).toBe(code);
}

const appealsPath = (attemptId: string) => `/api/attempts/${attemptId}/appeals`;
const answerPath = (appealId: string) => `/api/judge/appeals/${appealId}/answer`;
const resultPath = (attemptId: string) => `/api/attempts/${attemptId}/results`;

async function counts() {
  return {
    appeals: await stack.db.appeal.findMany({ orderBy: { filedAt: "asc" } }),
    adjustments: await stack.db.scoreAdjustment.count(),
    versions: await stack.db.scoreVersion.count(),
    frozen: await stack.db.attempt.count({ where: { status: "FROZEN" } }),
  };
}

async function waitForVersion(attemptId: string, versions: number): Promise<void> {
  await waitUntil(
    async () => {
      const a = await stack.db.attempt.findUniqueOrThrow({
        where: { id: attemptId },
        select: { status: true },
      });
      return (
        a.status === "SCORED" && (await stack.db.scoreVersion.count({ where: { attemptId } })) >= versions
      );
    },
    20_000,
    `version ${versions} of ${attemptId}`,
  );
}

let itemAppeal: AppealView;
let questionAppeal: AppealView;

describe("before the release", () => {
  it("refuses an appeal with 409 and lists none, with no window", async () => {
    const t101 = attempts["T-101"] as string;
    const res = await c("T-101").post(appealsPath(t101), {
      subject: { itemId: items[1]?.id },
      message: "我标了所有的车",
    });
    expectError(res, 409, "CONFLICT");
    const list = await c("T-101").get<AppealList>(appealsPath(t101));
    expect(list.status, list.text).toBe(200);
    expect(list.body.data).toEqual({ closesAt: null, open: false, appeals: [] });
    expect(await stack.db.appeal.count()).toBe(0);
  });
});

describe("within the window", () => {
  it("files the contestant's appeal, audited with the contestant as actor", async () => {
    clock.set(RELEASE);
    const released = await c("host-a").post(`/api/regions/${regionA}/sessions/${sessionA}/release`, {});
    expect(released.status, released.text).toBe(200);
    clock.set(new Date(RELEASE.getTime() + 10 * 60_000));
    const t101 = attempts["T-101"] as string;
    const res = await c("T-101").post<AppealView>(appealsPath(t101), {
      subject: { itemId: items[1]?.id },
      message: "  我标了所有的车  ",
    });
    expect(res.status, res.text).toBe(201);
    itemAppeal = res.body.data as AppealView;
    expect(itemAppeal).toEqual({
      id: expect.any(String),
      attemptId: t101,
      subject: { itemId: items[1]?.id },
      taskPosition: 1,
      itemPosition: 2,
      questionPosition: null,
      message: "我标了所有的车",
      status: "OPEN",
      filedAt: "2026-06-01T12:10:00.000Z",
      answer: null,
      answeredAt: null,
      score: null,
    });
    const q1 = await c("T-101").post<AppealView>(appealsPath(t101), {
      subject: { questionId: q[0] },
      message: "题目有歧义",
    });
    expect(q1.status, q1.text).toBe(201);
    questionAppeal = q1.body.data as AppealView;
    expect(questionAppeal).toMatchObject({ questionPosition: 1, taskPosition: null, itemPosition: null });
    const audit = await stack.db.auditEntry.findMany({
      where: { action: "appeal.file" },
      orderBy: { at: "asc" },
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: users["T-101"], target: `attempt:${t101}` });
    expect(audit[0]?.details).toMatchObject({ appealId: itemAppeal.id, subject: `item:${items[1]?.id}` });

    const list = await c("T-101").get<AppealList>(appealsPath(t101));
    expect(list.body.data).toEqual({
      closesAt: "2026-06-01T12:30:00.000Z",
      open: true,
      // In paper order: the question, then the task's item.
      appeals: [questionAppeal, itemAppeal],
    });
    expect(list.headers.get("cache-control")).toContain("no-store");
    // Nothing of the truth on the contestant's route.
    expect(list.text).not.toContain("truth");
    expect(list.text).not.toContain("boxes");
  });

  it("refuses a second appeal of a subject, other attempts, bad subjects and bad messages", async () => {
    const t101 = attempts["T-101"] as string;
    const before = await counts();
    const again = await c("T-101").post(appealsPath(t101), {
      subject: { itemId: items[1]?.id },
      message: "再申诉一次",
    });
    expectError(again, 409, "CONFLICT");
    // Someone else's attempt is "not found", for a contestant and for staff alike.
    for (const who of ["T-102", "judge-a", "admin"]) {
      expectError(
        await c(who).post(appealsPath(t101), { subject: { itemId: items[0]?.id }, message: "不是我的" }),
        404,
        "NOT_FOUND",
      );
      expectError(await c(who).get(appealsPath(t101)), 404, "NOT_FOUND");
    }
    const missing = await c("T-102").get(appealsPath("no-such-attempt"));
    expect(missing.body).toEqual((await c("T-102").get(appealsPath(t101))).body);
    expectError(await new Client(stack.baseUrl).get(appealsPath(t101)), 401, "UNAUTHENTICATED");
    // An absent contestant has no result to appeal.
    expectError(
      await c("T-103").post(appealsPath(attempts["T-103"] as string), {
        subject: { itemId: items[0]?.id },
        message: "缺考",
      }),
      409,
      "CONFLICT",
    );
    for (const body of [
      { subject: { itemId: "no-such-item" }, message: "未知" },
      { subject: { itemId: otherItem }, message: "另一份试卷" },
      { subject: { questionId: items[0]?.id }, message: "类型不对" },
      { subject: { itemId: items[0]?.id }, message: "" },
      { subject: { itemId: items[0]?.id }, message: "x".repeat(1001) },
      { subject: { itemId: items[0]?.id }, message: "控制\u0007字符" },
      { subject: { itemId: items[0]?.id }, message: "nul \u0000" },
      { subject: { itemId: items[0]?.id }, message: "extra", score: 1 },
      { message: "no subject" },
    ])
      expectError(await c("T-101").post(appealsPath(t101), body), 400, "VALIDATION_FAILED");
    expectError(
      await c("T-101").post(appealsPath("x%00y"), { subject: { itemId: items[0]?.id }, message: "m" }),
      400,
    );
    expect(await counts()).toEqual(before);
  });

  it("lists the appeals to the judges of the session only", async () => {
    const res = await c("judge-a").get<JudgeAppealRow[]>("/api/judge/appeals?status=OPEN");
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual([
      {
        ...itemAppeal,
        sessionId: sessionA,
        sessionName: "上海预赛",
        contestant: { name: "赵敏", ticketNumber: "T-101" },
      },
      {
        ...questionAppeal,
        sessionId: sessionA,
        sessionName: "上海预赛",
        contestant: { name: "赵敏", ticketNumber: "T-101" },
      },
    ]);
    const bySession = await c("admin").get<JudgeAppealRow[]>(`/api/judge/appeals?sessionId=${sessionA}`);
    expect(bySession.body.data?.map((a) => a.id)).toEqual([itemAppeal.id, questionAppeal.id]);
    expect(
      (await c("judge-a").get<JudgeAppealRow[]>("/api/judge/appeals?status=ACCEPTED")).body.data,
    ).toEqual([]);
    expect((await c("judge-b").get<JudgeAppealRow[]>("/api/judge/appeals")).body.data).toEqual([]);
    expectError(await c("judge-b").get(`/api/judge/appeals?sessionId=${sessionA}`), 404, "NOT_FOUND");
    for (const who of ["host-a", "proctor-a", "T-101"])
      expectError(await c(who).get("/api/judge/appeals"), 403, "FORBIDDEN");
    expectError(await c("judge-a").get("/api/judge/appeals?status=open"), 400, "VALIDATION_FAILED");
    expectError(await c("judge-a").get("/api/judge/appeals?other=1"), 400, "VALIDATION_FAILED");
    // The judges' landing page counts them.
    const sessions = await c("judge-a").get<{ id: string; openAppeals: number }[]>("/api/judge/sessions");
    expect(sessions.body.data?.find((s) => s.id === sessionA)?.openAppeals).toBe(2);
  });

  it("refuses filing and answering while the region's report is submitted", async () => {
    const admin = await stack.db.user.findUniqueOrThrow({ where: { username: "admin" } });
    await stack.db.regionReport.create({
      data: {
        stageId: stageA,
        regionId: regionA,
        status: "SUBMITTED",
        submittedAt: clock.now(),
        submittedById: admin.id,
        snapshot: {},
      },
    });
    try {
      const before = await counts();
      expectError(
        await c("T-102").post(appealsPath(attempts["T-102"] as string), {
          subject: { itemId: items[0]?.id },
          message: "报告已提交",
        }),
        409,
        "REPORT_LOCKED",
      );
      expectError(
        await c("judge-a").post(answerPath(itemAppeal.id), {
          decision: "ACCEPTED",
          score: 1,
          reason: "locked",
        }),
        409,
        "REPORT_LOCKED",
      );
      expectError(
        await c("judge-a").post(answerPath(questionAppeal.id), { decision: "REJECTED", reason: "locked" }),
        409,
        "REPORT_LOCKED",
      );
      expect(await counts()).toEqual(before);
    } finally {
      await stack.db.regionReport.deleteMany({ where: { stageId: stageA } });
    }
  });
});

describe("answering", () => {
  it("is for the session's judges: a proctor gets 403, a judge elsewhere 404, bad answers 400", async () => {
    const before = await counts();
    const accept = { decision: "ACCEPTED", score: 1, reason: "复核属实" };
    for (const who of ["proctor-a", "T-101"])
      expectError(await c(who).post(answerPath(itemAppeal.id), accept), 403, "FORBIDDEN");
    for (const who of ["judge-b", "host-a"])
      expectError(await c(who).post(answerPath(itemAppeal.id), accept), 404, "NOT_FOUND");
    expectError(await c("judge-a").post(answerPath("no-such-appeal"), accept), 404, "NOT_FOUND");
    for (const body of [
      { decision: "ACCEPTED", reason: "no score" },
      { decision: "ACCEPTED", score: 1.5, reason: "too much" },
      { decision: "ACCEPTED", score: "1", reason: "a string" },
      { decision: "REJECTED", score: 1, reason: "score on a rejection" },
      { decision: "MAYBE", reason: "unknown" },
      { decision: "REJECTED" },
    ])
      expectError(await c("judge-a").post(answerPath(itemAppeal.id), body), 400, "VALIDATION_FAILED");
    expect(await counts()).toEqual(before);
  });

  it("records a rejection once; a second answer is a 409", async () => {
    clock.set(new Date(RELEASE.getTime() + 20 * 60_000));
    const res = await c("judge-a").post<AppealView>(answerPath(questionAppeal.id), {
      decision: "REJECTED",
      reason: "答案无误",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({
      id: questionAppeal.id,
      status: "REJECTED",
      answer: "答案无误",
      answeredAt: "2026-06-01T12:20:00.000Z",
      score: null,
    });
    const before = await counts();
    expect(before.frozen).toBe(0);
    expectError(
      await c("judge-a").post(answerPath(questionAppeal.id), {
        decision: "ACCEPTED",
        score: 1,
        reason: "改判",
      }),
      409,
      "CONFLICT",
    );
    expect(await counts()).toEqual(before);
    const audit = await stack.db.auditEntry.findFirstOrThrow({ where: { action: "appeal.answer" } });
    expect(audit.details).toMatchObject({ appealId: questionAppeal.id, decision: "REJECTED" });
  });

  it("accepts an appeal after the release: the result stays readable while re-scored, then shows the new score", async () => {
    const t101 = attempts["T-101"] as string;
    const old = (await c("T-101").get<AttemptResult>(resultPath(t101))).body.data as AttemptResult;
    expect(old.tasks[0]?.items[1]?.score).toBe(0);
    // Hold the worker so that the attempt is seen while it waits to be scored again.
    await stack.worker?.worker.pause();
    let resumed = false;
    try {
      const res = await c("judge-a").post<AppealView>(answerPath(itemAppeal.id), {
        decision: "ACCEPTED",
        score: 0.8,
        reason: "真值漏标，酌情给分",
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({ status: "ACCEPTED", score: 0.8, answer: "真值漏标，酌情给分" });
      const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: t101 } });
      expect(row.status).toBe("FROZEN");
      const adjustment = await stack.db.scoreAdjustment.findFirstOrThrow({
        where: { appealId: itemAppeal.id },
      });
      expect(adjustment).toMatchObject({ attemptId: t101, subject: `item:${items[1]?.id}`, score: 0.8 });
      // The contestant's result is the old version meanwhile.
      const during = await c("T-101").get<AttemptResult>(resultPath(t101));
      expect(during.status, during.text).toBe(200);
      expect(during.body.data?.total).toBe(old.total);
      // A second answer is refused.
      expectError(
        await c("judge-a").post(answerPath(itemAppeal.id), { decision: "REJECTED", reason: "again" }),
        409,
        "CONFLICT",
      );
      stack.worker?.worker.resume();
      resumed = true;
      await waitForVersion(t101, 2);
    } finally {
      if (!resumed) stack.worker?.worker.resume();
    }
    const now = (await c("T-101").get<AttemptResult>(resultPath(t101))).body.data as AttemptResult;
    expect(now.tasks[0]?.items[1]?.score).toBe(0.8);
    // (1 + 0.8) / 2 of 100 points vs (1 + 0) / 2: practical 70 × 0.9 against 70 × 0.5.
    expect(now.practical).toBeCloseTo(63, 6);
    expect(now.total - old.total).toBeCloseTo(28, 6);
    // The contestant sees that the judges changed the item, from what, and why; the other item stands.
    expect(now.tasks[0]?.items[1]?.adjusted).toEqual({ scorer: 0, reason: expect.any(String) });
    expect(now.tasks[0]?.items[0]?.adjusted).toBeNull();
    const list = (await c("T-101").get<AppealList>(appealsPath(t101))).body.data as AppealList;
    expect(list.appeals.find((a) => a.id === itemAppeal.id)).toMatchObject({
      status: "ACCEPTED",
      score: 0.8,
    });
    const review = (await c("judge-a").get<AttemptReview>(`/api/judge/attempts/${t101}/review`)).body.data;
    expect(review?.tasks[0]?.items[1]?.appeal).toMatchObject({ id: itemAppeal.id, status: "ACCEPTED" });
    expect(review?.tasks[0]?.items[1]?.adjustment).toMatchObject({ appealId: itemAppeal.id, score: 0.8 });
    expect(review?.tasks[0]?.items[1]?.previous?.score).toBe(0);
    const audit = await stack.db.auditEntry.findFirstOrThrow({
      where: { action: "appeal.answer", details: { path: ["decision"], equals: "ACCEPTED" } },
    });
    expect(audit).toMatchObject({ target: `attempt:${t101}`, reason: "真值漏标，酌情给分" });
  });
});

describe("outside the window", () => {
  it("refuses an appeal with APPEAL_CLOSED and the closing time", async () => {
    const t102 = attempts["T-102"] as string;
    clock.set(new Date(RELEASE.getTime() + (WINDOW_MINUTES + 1) * 60_000));
    const before = await counts();
    const res = await c("T-102").post(appealsPath(t102), {
      subject: { itemId: items[0]?.id },
      message: "晚了一分钟",
    });
    expectError(res, 409, "APPEAL_CLOSED");
    expect(res.body.error?.details).toEqual({ closesAt: "2026-06-01T12:30:00.000Z" });
    expect(await counts()).toEqual(before);
    const list = await c("T-102").get<AppealList>(appealsPath(t102));
    expect(list.body.data).toEqual({ closesAt: "2026-06-01T12:30:00.000Z", open: false, appeals: [] });
    // The last moment of the window still counts.
    clock.set(new Date(RELEASE.getTime() + WINDOW_MINUTES * 60_000));
    // Two filings of one subject at once: one lands, the other is a 409.
    const filed = await Promise.all(
      [1, 2].map((n) =>
        c("T-102").post<AppealView>(appealsPath(t102), {
          subject: { itemId: items[0]?.id },
          message: `最后一刻 ${n}`,
        }),
      ),
    );
    expect(filed.map((r) => r.status).sort()).toEqual([201, 409]);
    const appeal = filed.find((r) => r.status === 201)?.body.data as AppealView;
    expect(await stack.db.appeal.count({ where: { attemptId: t102 } })).toBe(1);

    // Judges answer after the window too; two answers at once: one lands, the other is a 409.
    const answers = await Promise.all([
      c("judge-a").post(answerPath(appeal.id), { decision: "REJECTED", reason: "维持原判" }),
      c("admin").post(answerPath(appeal.id), { decision: "ACCEPTED", score: 1, reason: "改判" }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const row = await stack.db.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
    const adjustments = await stack.db.scoreAdjustment.count({ where: { appealId: appeal.id } });
    expect(adjustments).toBe(row.status === "ACCEPTED" ? 1 : 0);
    if (row.status === "ACCEPTED") await waitForVersion(t102, 2);
    expect(
      await stack.db.auditEntry.count({ where: { action: "appeal.answer", target: `attempt:${t102}` } }),
    ).toBe(1);
  });
});
