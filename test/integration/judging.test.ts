// The judges' review, adjustments, re-scoring and truth correction (issue 10), against the real
// server, PostgreSQL and the real score worker: who may see and change what, the review with the
// truth and the versions side by side, an adjustment written by the worker as a new version (the old
// one kept), a withdrawal, a corrected truth re-scored, and the refusals (bad input, not scored,
// report submitted, results released) that leave everything as it was.
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
import type {
  AttemptReview,
  JudgeAttemptRow,
  JudgeSessionRow,
  RescoreResult,
} from "../../protocol/judging.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { waitUntil } from "../helpers/processes.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2026-06-01T08:00:00Z");
const clock = new ManualClock(new Date("2026-06-01T10:00:00Z"));

type Box = { id: string; label: string; x: number; y: number; w: number; h: number };

let stack: Stack;
let regionA: string;
let regionB: string;
let stageA: string;
let sessionA: string;
let sessionA2: string;
const q: string[] = [];
const items: { id: string; taskId: string; truth: { boxes: Box[] } }[] = [];
let otherItem: string;
let otherTask: string;
const attempts: Record<string, string> = {};

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
        kind: "SINGLE_CHOICE" as const,
        prompt: "交并比（IoU）的计算方式是？",
        options: [
          { id: "A", text: "交集 ÷ 并集" },
          { id: "B", text: "并集 ÷ 交集" },
        ],
        key: { choice: "A" },
        points: 10,
      },
      {
        kind: "TRUE_FALSE" as const,
        prompt: "标注框应紧贴目标。",
        options: [],
        key: { value: true },
        points: 5,
      },
    ],
    tasks: [{ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 12] }],
  };
  const exam = await buildExam(db, { ...spec, sessionName: "北京预赛 上午" });
  stageA = exam.stageId;
  sessionA = exam.sessionId;
  for (const x of exam.questions) q.push(x.id);
  for (const it of exam.items)
    items.push({ id: it.id, taskId: it.taskId, truth: it.groundTruth as { boxes: Box[] } });
  // Another session of region A with its own paper.
  const exam2 = await buildExam(db, { ...spec, sessionName: "北京预赛 下午" });
  sessionA2 = exam2.sessionId;
  otherItem = exam2.items[0]?.id as string;
  otherTask = exam2.items[0]?.taskId as string;

  const passwordHash = await hashPassword(PASSWORD);
  for (const [ticket, name, seat] of [
    ["T-001", "张伟", "A10"],
    ["T-002", "王芳", "A2"],
    ["T-003", "李娜", null],
  ] as const) {
    const r = await createContestant(db, {
      stageId: exam.stageId,
      sessionId: sessionA,
      ticketNumber: ticket,
      password: PASSWORD,
      name,
      passwordHash,
      ...(seat ? { seat } : {}),
    });
    attempts[ticket] = r.attemptId;
  }
  const staff: [
    string,
    "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE",
    { regionId?: string; examSessionId?: string },
  ][] = [
    ["admin", "ADMIN", {}],
    ["judge-all", "JUDGE", {}],
    ["judge-a", "JUDGE", { regionId: regionA }],
    ["judge-b", "JUDGE", { regionId: regionB }],
    ["judge-s2", "JUDGE", { examSessionId: sessionA2 }],
    ["host-a", "REGION_HOST", { regionId: regionA }],
    ["proctor-a", "PROCTOR", { regionId: regionA }],
  ];
  for (const [username, role, scope] of staff)
    await createStaff(db, { username, name: username, role, password: PASSWORD, passwordHash, ...scope });
  for (const login of [...staff.map((s) => s[0]), "T-001", "T-002"]) {
    const client = new Client(stack.baseUrl);
    expect((await client.login(login, PASSWORD)).status).toBe(200);
    clients[login] = client;
  }
  clients.anonymous = new Client(stack.baseUrl);

  // T-001: question 1 right, question 2 wrong, item 1 exact, item 2 left empty.
  // T-002: question 1 wrong, item 1 empty, item 2 exact. T-003 never starts.
  const exact = (i: number) => ({ boxes: items[i]?.truth.boxes.map((b, j) => ({ ...b, id: `mine-${j}` })) });
  await saveAnswers(attempts["T-001"] as string, [
    { questionId: q[0] as string, data: { choice: "A" } },
    { questionId: q[1] as string, data: { value: false } },
    { itemId: items[0]?.id as string, data: exact(0) },
  ]);
  await saveAnswers(attempts["T-002"] as string, [
    { questionId: q[0] as string, data: { choice: "B" } },
    { itemId: items[1]?.id as string, data: exact(1) },
  ]);
  await scoreByWorker([attempts["T-001"] as string, attempts["T-002"] as string]);
});
afterAll(async () => {
  await stack?.stop();
});

async function saveAnswers(
  attemptId: string,
  answers: { questionId?: string; itemId?: string; data: object }[],
): Promise<void> {
  for (const a of answers)
    await stack.db.answer.create({
      data: { attemptId, ...a, revision: 1, filled: true, savedAt: START },
    });
}

/** Freezes the attempts as a submit would and lets the sweep queue them to the real worker. */
async function scoreByWorker(ids: string[]): Promise<void> {
  await stack.db.attempt.updateMany({
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
    async () =>
      (await stack.db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })) === ids.length,
    20_000,
    "the first scoring",
  );
}

/** Waits (polling PostgreSQL) until the attempt is scored again with at least `versions` versions. */
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

function expectError(res: HttpResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  if (code) expect(res.body.error?.code, res.text).toBe(code);
}

const reviewPath = (attemptId: string, query = "") => `/api/judge/attempts/${attemptId}/review${query}`;
const adjustPath = (attemptId: string) => `/api/judge/attempts/${attemptId}/adjustments`;
const rescorePath = (sessionId = sessionA) => `/api/judge/sessions/${sessionId}/rescore`;
const truthPath = (itemId: string) => `/api/admin/items/${itemId}/truth`;

/** What a refused change must leave as it was. */
async function snapshot() {
  const db = stack.db;
  return {
    adjustments: await db.scoreAdjustment.findMany({ orderBy: { at: "asc" } }),
    attempts: await db.attempt.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, scoringRound: true },
    }),
    versions: await db.scoreVersion.count(),
    truths: await db.groundTruth.findMany({ orderBy: { itemId: "asc" } }),
    audit: await db.auditEntry.count(),
  };
}

describe("the judge's lists and review", () => {
  it("lists the sessions each judge judges, with counts", async () => {
    const a = await c("judge-a").get<JudgeSessionRow[]>("/api/judge/sessions");
    expect(a.status, a.text).toBe(200);
    expect(a.body.data?.map((s) => s.id).sort()).toEqual([sessionA, sessionA2].sort());
    expect(a.body.data?.find((s) => s.id === sessionA)).toMatchObject({
      name: "北京预赛 上午",
      regionId: regionA,
      releasedAt: null,
      attempts: { scored: 2, pending: 0, absent: 1 },
      openAppeals: 0,
      reportLocked: false,
    });
    expect((await c("judge-b").get<JudgeSessionRow[]>("/api/judge/sessions")).body.data).toEqual([]);
    const s2 = await c("judge-s2").get<JudgeSessionRow[]>("/api/judge/sessions");
    expect(s2.body.data?.map((s) => s.id)).toEqual([sessionA2]);
    for (const who of ["admin", "judge-all"]) {
      const all = await c(who).get<JudgeSessionRow[]>("/api/judge/sessions");
      expect(all.body.data?.map((s) => s.id).sort()).toEqual([sessionA, sessionA2].sort());
    }
    for (const who of ["host-a", "proctor-a", "T-001"])
      expectError(await c(who).get("/api/judge/sessions"), 403, "FORBIDDEN");
    expectError(await c("anonymous").get("/api/judge/sessions"), 401, "UNAUTHENTICATED");
  });

  it("lists a session's attempts by seat then ticket, with the current figures", async () => {
    const res = await c("judge-a").get<JudgeAttemptRow[]>(`/api/judge/sessions/${sessionA}/attempts`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const rows = res.body.data as JudgeAttemptRow[];
    expect(rows.map((r) => [r.seat, r.contestant.ticketNumber, r.status])).toEqual([
      ["A2", "T-002", "SCORED"],
      ["A10", "T-001", "SCORED"],
      [null, "T-003", "NOT_STARTED"],
    ]);
    // T-001: theory 10 of 15 → 20; practical 1 of 2 items → 35.
    expect(rows[1]).toMatchObject({
      contestant: { name: "张伟", ticketNumber: "T-001" },
      version: 1,
      adjustments: 0,
      openAppeals: 0,
    });
    expect(rows[1]?.theory).toBeCloseTo(20, 6);
    expect(rows[1]?.practical).toBeCloseTo(35, 6);
    expect(rows[1]?.total).toBeCloseTo(55, 6);
    expect(rows[2]).toMatchObject({ total: null, theory: null, practical: null, version: null });
  });

  it("shows the judge every version, the answer and the truth of each item and question", async () => {
    const res = await c("judge-a").get<AttemptReview>(reviewPath(attempts["T-001"] as string));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const r = res.body.data as AttemptReview;
    expect(r).toMatchObject({
      attemptId: attempts["T-001"],
      status: "SCORED",
      contestant: { name: "张伟", ticketNumber: "T-001", group: "STUDENT" },
      session: { id: sessionA, name: "北京预赛 上午", releasedAt: null },
      adjustable: true,
      lockedBy: null,
      version: 1,
      adjustments: [],
      appeals: [],
    });
    expect(r.versions).toHaveLength(1);
    expect(r.versions[0]).toMatchObject({ version: 1, current: true });
    expect(r.versions[0]?.total).toBeCloseTo(55, 6);
    expect(r.questions.map((x) => [x.questionId, x.answer, x.key, x.earned, x.previousEarned])).toEqual([
      [q[0], { choice: "A" }, { choice: "A" }, 10, null],
      [q[1], { value: false }, { value: true }, 0, null],
    ]);
    const task = r.tasks[0];
    expect(task).toMatchObject({ taskId: items[0]?.taskId, position: 1, kind: "BOXES", points: 100 });
    expect(task?.earned).toBeCloseTo(50, 6);
    expect(task?.previousEarned).toBeNull();
    const [i1, i2] = task?.items ?? [];
    const n1 = items[0]?.truth.boxes.length ?? 0;
    expect(i1).toMatchObject({
      itemId: items[0]?.id,
      position: 1,
      mediaUrl: `/api/items/${items[0]?.id}/media`,
      truth: items[0]?.truth,
      previous: null,
      adjustment: null,
      appeal: null,
    });
    expect((i1?.answer as { boxes: Box[] } | undefined)?.boxes).toHaveLength(n1);
    expect(i1?.line).toMatchObject({ score: 1, tp: n1, fp: 0, fn: 0 });
    expect(i1?.line?.matches[0]).toMatchObject({ truth: "t1", answer: "mine-0" });
    expect(i2).toMatchObject({ itemId: items[1]?.id, answer: null, truth: items[1]?.truth });
    expect(i2?.line).toMatchObject({ score: 0, tp: 0, fn: items[1]?.truth.boxes.length });
    // The media the URL names is served to the judge.
    const media = await c("judge-a").get(i1?.mediaUrl as string);
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("image/png");
  });

  it("refuses others: 404 to judges and hosts elsewhere, 403 to proctors and contestants", async () => {
    const attemptId = attempts["T-001"] as string;
    const before = await snapshot();
    const body = { subject: { itemId: items[1]?.id }, score: 1, reason: "should not land" };
    for (const who of ["admin", "judge-all", "judge-a"])
      expect((await c(who).get(reviewPath(attemptId))).status).toBe(200);
    for (const who of ["judge-b", "judge-s2", "host-a"]) {
      expectError(await c(who).get(reviewPath(attemptId)), 404, "NOT_FOUND");
      expectError(await c(who).get(`/api/judge/sessions/${sessionA}/attempts`), 404, "NOT_FOUND");
      expectError(await c(who).post(adjustPath(attemptId), body), 404, "NOT_FOUND");
      expectError(await c(who).post(rescorePath(), { reason: "should not run" }), 404, "NOT_FOUND");
    }
    // The same answer as for a record that does not exist.
    const missing = await c("judge-b").get(reviewPath("no-such-attempt"));
    expect(missing.body).toEqual((await c("judge-b").get(reviewPath(attemptId))).body);
    expectError(await c("judge-a").get(`/api/judge/sessions/no-such-session/attempts`), 404, "NOT_FOUND");
    for (const who of ["proctor-a", "T-001", "T-002"]) {
      expectError(await c(who).get(reviewPath(attemptId)), 403, "FORBIDDEN");
      expectError(await c(who).get(`/api/judge/sessions/${sessionA}/attempts`), 403, "FORBIDDEN");
      expectError(await c(who).post(adjustPath(attemptId), body), 403, "FORBIDDEN");
      expectError(await c(who).post(rescorePath(), { reason: "should not run" }), 403, "FORBIDDEN");
    }
    expectError(await c("anonymous").get(reviewPath(attemptId)), 401, "UNAUTHENTICATED");
    expectError(await c("anonymous").post(adjustPath(attemptId), body), 401, "UNAUTHENTICATED");
    // The session judge judges its own session only.
    expect((await c("judge-s2").get(`/api/judge/sessions/${sessionA2}/attempts`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});

describe("adjustments", () => {
  it("refuses bad input with a 4xx and a code, changing nothing", async () => {
    const attemptId = attempts["T-001"] as string;
    const before = await snapshot();
    const judge = c("judge-a");
    const item = items[1]?.id as string;
    const raw = (text: string) => judge.request("POST", adjustPath(attemptId), undefined, text);
    // JSON has no NaN: the body does not parse.
    expectError(await raw(`{"subject":{"itemId":"${item}"},"score":NaN,"reason":"bad number"}`), 400);
    expectError(
      await raw(`{"subject":{"itemId":"${item}"},"score":0.5,"reason":"lone \\ud800 surrogate"}`),
      400,
      "VALIDATION_FAILED",
    );
    for (const body of [
      { subject: { itemId: item }, score: "0.5", reason: "a string share" },
      { subject: { itemId: item }, score: 1.5, reason: "more than all" },
      { subject: { itemId: item }, score: -0.1, reason: "less than none" },
      { subject: { itemId: item }, reason: "no score at all" },
      { subject: { itemId: item }, score: 0.5 },
      { subject: { itemId: item }, score: 0.5, reason: "x" },
      { subject: { itemId: item }, score: 0.5, reason: "nul \u0000 inside" },
      { subject: { itemId: item }, score: 0.5, reason: "extra field", extra: 1 },
      { subject: { itemId: item, questionId: q[0] }, score: 0.5, reason: "two subjects" },
      { subject: { itemId: "no-such-item" }, score: 0.5, reason: "unknown item" },
      { subject: { questionId: "no-such-question" }, score: 0.5, reason: "unknown question" },
      { subject: { itemId: otherItem }, score: 0.5, reason: "item of another paper" },
      { subject: { itemId: "x%00y" }, score: 0.5, reason: "hostile id" },
    ]) {
      const res = await judge.post(adjustPath(attemptId), body);
      expectError(res, 400, "VALIDATION_FAILED");
    }
    expectError(
      await judge.post(adjustPath("a".repeat(65)), { subject: { itemId: item }, score: 1, reason: "ok" }),
      400,
    );
    expectError(
      await judge.post(adjustPath("no-such-attempt"), { subject: { itemId: item }, score: 1, reason: "ok" }),
      404,
      "NOT_FOUND",
    );
    // Withdrawing where nothing is in force.
    expectError(
      await judge.post(adjustPath(attemptId), { subject: { itemId: item }, score: null, reason: "withdraw" }),
      409,
      "CONFLICT",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an attempt that has no score yet, or is being scored", async () => {
    const body = { subject: { itemId: items[0]?.id }, score: 0.5, reason: "not scored" };
    const before = await snapshot();
    const absent = await c("judge-a").post(adjustPath(attempts["T-003"] as string), body);
    expectError(absent, 409, "CONFLICT");
    expect(absent.body.error?.details).toEqual({ status: "NOT_STARTED" });
    await stack.db.attempt.update({ where: { id: attempts["T-002"] as string }, data: { status: "FROZEN" } });
    try {
      const frozen = await c("judge-a").post(adjustPath(attempts["T-002"] as string), body);
      expectError(frozen, 409, "CONFLICT");
      expect(frozen.body.error?.details).toEqual({ status: "FROZEN" });
    } finally {
      await stack.db.attempt.update({
        where: { id: attempts["T-002"] as string },
        data: { status: "SCORED" },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("is written by the worker as a new version, the old one kept, and the review shows what changed", async () => {
    const attemptId = attempts["T-001"] as string;
    clock.set(new Date("2026-06-01T10:05:00Z"));
    const res = await c("judge-a").post<AttemptReview>(adjustPath(attemptId), {
      subject: { itemId: items[1]?.id },
      score: 0.5,
      reason: "真值漏标了一辆车",
    });
    expect(res.status, res.text).toBe(202);
    const r = res.body.data as AttemptReview;
    expect(r.status).toBe("FROZEN");
    expect(r.adjustable).toBe(true);
    expect(r.lockedBy).toBeNull();
    expect(r.adjustments).toEqual([
      {
        id: expect.any(String),
        subject: { itemId: items[1]?.id },
        score: 0.5,
        reason: "真值漏标了一辆车",
        by: "judge-a",
        at: "2026-06-01T10:05:00.000Z",
        supersededAt: null,
        appealId: null,
      },
    ]);
    expect(r.tasks[0]?.items[1]?.adjustment?.score).toBe(0.5);
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row.scoringRound).toBe(1);

    await waitForVersion(attemptId, 2);
    const versions = await stack.db.scoreVersion.findMany({
      where: { attemptId },
      orderBy: { version: "asc" },
      include: { taskScores: true },
    });
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(versions[0]?.practical).toBeCloseTo(35, 6);
    // (1 + 0.5) / 2 of the task → 70 × 0.75.
    expect(versions[1]?.practical).toBeCloseTo(52.5, 6);
    const line = (
      (versions[1]?.taskScores.find((t) => t.taskId !== null)?.items ?? []) as { id: string }[]
    ).find((l) => l.id === items[1]?.id);
    expect(line).toMatchObject({ score: 0.5, adjusted: { scorer: 0, reason: "真值漏标了一辆车" } });

    const review = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data as AttemptReview;
    expect(review).toMatchObject({ status: "SCORED", version: 2, adjustable: true });
    expect(review.versions.map((v) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const item2 = review.tasks[0]?.items[1];
    expect(item2?.line).toMatchObject({ score: 0.5, adjusted: { scorer: 0, reason: "真值漏标了一辆车" } });
    expect(item2?.previous).toMatchObject({ score: 0 });
    expect(item2?.previous?.adjusted).toBeUndefined();
    expect(review.tasks[0]?.earned).toBeCloseTo(75, 6);
    expect(review.tasks[0]?.previousEarned).toBeCloseTo(50, 6);
    expect(review.questions[0]?.previousEarned).toBe(10);
    // An older version on request: the first, with nothing before it.
    const v1 = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId, "?version=1"))).body.data;
    expect(v1?.version).toBe(1);
    expect(v1?.tasks[0]?.items[1]?.line?.score).toBe(0);
    expect(v1?.tasks[0]?.items[1]?.previous).toBeNull();
    expectError(await c("judge-a").get(reviewPath(attemptId, "?version=9")), 404, "NOT_FOUND");
    expectError(await c("judge-a").get(reviewPath(attemptId, "?version=abc")), 400, "VALIDATION_FAILED");
    expectError(await c("judge-a").get(reviewPath(attemptId, "?version=1&x=2")), 400, "VALIDATION_FAILED");

    const audit = await stack.db.auditEntry.findMany({ where: { action: "score.adjust" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: `attempt:${attemptId}`, reason: "真值漏标了一辆车" });
    expect(audit[0]?.details).toMatchObject({ subject: `item:${items[1]?.id}`, old: 0, new: 0.5 });
    const list = await c("judge-a").get<JudgeAttemptRow[]>(`/api/judge/sessions/${sessionA}/attempts`);
    expect(list.body.data?.find((x) => x.attemptId === attemptId)).toMatchObject({
      version: 2,
      adjustments: 1,
    });
  });

  it("replaces the adjustment in force, then withdraws it and the scorer's share counts again", async () => {
    const attemptId = attempts["T-001"] as string;
    const subject = { questionId: q[1] };
    expect(
      (await c("judge-all").post(adjustPath(attemptId), { subject, score: 0.4, reason: "题意有歧义" }))
        .status,
    ).toBe(202);
    await waitForVersion(attemptId, 3);
    expect(
      (await c("judge-a").post(adjustPath(attemptId), { subject, score: 1, reason: "全部给分" })).status,
    ).toBe(202);
    await waitForVersion(attemptId, 4);
    let review = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data as AttemptReview;
    expect(review.questions[1]).toMatchObject({ earned: 5, previousEarned: 2 });
    expect(review.questions[1]?.adjustment).toMatchObject({ score: 1, reason: "全部给分", by: "judge-a" });
    const inForce = await stack.db.scoreAdjustment.findMany({
      where: { attemptId, subject: `question:${q[1]}` },
      orderBy: { at: "asc" },
    });
    expect(inForce.map((a) => [a.score, a.supersededAt === null])).toEqual([
      [0.4, false],
      [1, true],
    ]);

    const res = await c("judge-a").post(adjustPath(attemptId), { subject, score: null, reason: "撤回调整" });
    expect(res.status, res.text).toBe(202);
    await waitForVersion(attemptId, 5);
    review = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data as AttemptReview;
    expect(review.questions[1]).toMatchObject({ earned: 0, previousEarned: 5, adjustment: null });
    // The item's adjustment is still in force through every re-score.
    expect(review.tasks[0]?.items[1]?.line).toMatchObject({ score: 0.5 });
    expect(review.adjustments.filter((a) => a.supersededAt === null).map((a) => a.subject)).toEqual([
      { itemId: items[1]?.id },
    ]);
    expect(
      await stack.db.scoreAdjustment.count({
        where: { attemptId, subject: `question:${q[1]}`, supersededAt: null },
      }),
    ).toBe(0);
    const withdrawn = await stack.db.auditEntry.findFirst({
      where: { action: "score.adjust", reason: "撤回调整" },
    });
    expect(withdrawn?.details).toMatchObject({ old: 1, oldAdjustment: 1, new: null, withdrawn: true });
  });

  it("is refused while the region's report is submitted (REPORT_LOCKED), nothing changed", async () => {
    const attemptId = attempts["T-001"] as string;
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
      const before = await snapshot();
      const res = await c("judge-a").post(adjustPath(attemptId), {
        subject: { itemId: items[0]?.id },
        score: 0.5,
        reason: "locked",
      });
      expectError(res, 409, "REPORT_LOCKED");
      expectError(await c("judge-a").post(rescorePath(), { reason: "locked" }), 409, "REPORT_LOCKED");
      const review = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data;
      expect(review).toMatchObject({ adjustable: false, lockedBy: "REPORT_LOCKED" });
      // The judge's session list says so before anyone tries.
      const listed = (await c("judge-a").get<JudgeSessionRow[]>("/api/judge/sessions")).body.data;
      expect(listed?.find((s) => s.id === sessionA)?.reportLocked).toBe(true);
      expect(await snapshot()).toEqual(before);
      // Reopened by the committee: changes are allowed again.
      await stack.db.regionReport.updateMany({ where: { stageId: stageA }, data: { status: "REOPENED" } });
      const reopened = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data;
      expect(reopened).toMatchObject({ adjustable: true, lockedBy: null });
    } finally {
      await stack.db.regionReport.deleteMany({ where: { stageId: stageA } });
    }
  });
});

describe("a corrected truth and a session re-score", () => {
  it("lets only an admin correct a truth, refusing one the scorer cannot read", async () => {
    const item = items[0]?.id as string;
    const newTruth = { boxes: items[0]?.truth.boxes.slice(1) };
    const before = await snapshot();
    for (const who of ["judge-a", "judge-all", "host-a", "proctor-a", "T-001"])
      expectError(await c(who).put(truthPath(item), { data: newTruth, reason: "fix" }), 403, "FORBIDDEN");
    expectError(await c("anonymous").put(truthPath(item), { data: newTruth, reason: "fix" }), 401);
    const admin = c("admin");
    for (const data of [
      { boxes: "broken" },
      { boxes: [{ id: "t1", label: "car", x: 1, y: 1, w: -5, h: 3 }] },
      { polygons: [] },
      "text",
      42,
      [],
    ]) {
      const res = await admin.put(truthPath(item), { data, reason: "wrong shape" });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error?.message).toMatch(/truth/);
    }
    expectError(await admin.put(truthPath(item), { reason: "no data" }), 400, "VALIDATION_FAILED");
    expectError(
      await admin.put(truthPath(item), { data: null, reason: "null data" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await admin.put(truthPath(item), { data: newTruth }), 400, "VALIDATION_FAILED");
    expectError(await admin.put(truthPath(item), { data: newTruth, reason: "fix", extra: 1 }), 400);
    expectError(
      await admin.put(truthPath("no-such-item"), { data: newTruth, reason: "fix" }),
      404,
      "NOT_FOUND",
    );
    expectError(await admin.put(truthPath("x%00y"), { data: newTruth, reason: "fix" }), 400);
    // Absurd data: nested past the guard's depth, and a body over the JSON limit.
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expectError(await admin.put(truthPath(item), { data: deep, reason: "deep" }), 400, "VALIDATION_FAILED");
    const huge = { data: { boxes: [], pad: "x".repeat(5 * 1024 * 1024) }, reason: "huge" };
    expectError(await admin.put(truthPath(item), huge), 413, "PAYLOAD_TOO_LARGE");
    expect(await snapshot()).toEqual(before);
  });

  it("applies a corrected truth only when the session is re-scored, audited both times", async () => {
    const item = items[0]?.id as string;
    const removed = items[0]?.truth.boxes[0] as Box;
    const newTruth = { boxes: items[0]?.truth.boxes.slice(1) };
    const versionsBefore = await stack.db.scoreVersion.count();
    const res = await c("admin").put(truthPath(item), { data: newTruth, reason: "第一个框不是汽车" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({ itemId: item, taskId: items[0]?.taskId, data: newTruth });
    expect((await stack.db.groundTruth.findUniqueOrThrow({ where: { itemId: item } })).data).toEqual(
      newTruth,
    );
    const audit = await stack.db.auditEntry.findFirstOrThrow({ where: { action: "truth.correct" } });
    expect(audit).toMatchObject({ target: `item:${item}`, reason: "第一个框不是汽车" });
    expect(audit.details).toMatchObject({ old: items[0]?.truth, new: newTruth });
    // Nothing re-scored by itself.
    expect(await stack.db.scoreVersion.count()).toBe(versionsBefore);
    expect(await stack.db.attempt.count({ where: { status: "FROZEN" } })).toBe(0);
    const review = (await c("judge-a").get<AttemptReview>(reviewPath(attempts["T-001"] as string))).body.data;
    expect(review?.tasks[0]?.items[0]?.truth).toEqual(newTruth);

    expectError(await c("judge-a").post(rescorePath(), { reason: "r", taskId: otherTask }), 400);
    expectError(
      await c("judge-a").post(rescorePath(), { reason: "task of another paper", taskId: otherTask }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await c("judge-a").post(rescorePath("no-such-session"), { reason: "none" }),
      404,
      "NOT_FOUND",
    );
    const rescore = await c("judge-a").post<RescoreResult>(rescorePath(), {
      reason: "真值更正后重新评分",
      taskId: items[0]?.taskId,
    });
    expect(rescore.status, rescore.text).toBe(202);
    expect(rescore.body.data).toEqual({ requeued: 2 });
    const t1 = attempts["T-001"] as string;
    const t2 = attempts["T-002"] as string;
    await waitForVersion(t1, 6);
    await waitForVersion(t2, 2);
    const entry = await stack.db.auditEntry.findFirstOrThrow({ where: { action: "score.rescore" } });
    expect(entry).toMatchObject({ target: `session:${sessionA}`, reason: "真值更正后重新评分" });
    expect(entry.details).toMatchObject({ count: 2, taskId: items[0]?.taskId });

    // T-001 drew every box of item 1: against the corrected truth one of them is now extra.
    const after = (await c("judge-a").get<AttemptReview>(reviewPath(t1))).body.data as AttemptReview;
    const n = newTruth.boxes?.length ?? 0;
    const line = after.tasks[0]?.items[0];
    expect(line?.line).toMatchObject({ tp: n, fp: 1, fn: 0 });
    expect(line?.line?.score).toBeCloseTo((2 * n) / (2 * n + 1), 9);
    expect(line?.previous).toMatchObject({ score: 1, tp: n + 1, fp: 0 });
    expect(line?.line?.matches.map((m) => m.truth)).not.toContain(removed.id);
    // The adjustment of item 2 survives the re-score.
    expect(after.tasks[0]?.items[1]?.line).toMatchObject({ score: 0.5, adjusted: { scorer: 0 } });
    // T-002 never drew item 1: unchanged by the correction, but a new version all the same.
    const t2Versions = await stack.db.scoreVersion.findMany({
      where: { attemptId: t2 },
      orderBy: { version: "asc" },
    });
    expect(t2Versions.map((v) => v.current)).toEqual([false, true]);
    expect(t2Versions[1]?.total).toBeCloseTo(t2Versions[0]?.total as number, 9);
  });
});

describe("after the release", () => {
  it("refuses adjustments and re-scores with RESULTS_RELEASED, nothing changed", async () => {
    const released = await c("host-a").post(`/api/regions/${regionA}/sessions/${sessionA}/release`, {});
    expect(released.status, released.text).toBe(200);
    const before = await snapshot();
    const attemptId = attempts["T-001"] as string;
    const res = await c("judge-a").post(adjustPath(attemptId), {
      subject: { itemId: items[0]?.id },
      score: 1,
      reason: "too late",
    });
    expectError(res, 409, "RESULTS_RELEASED");
    expect(res.body.error?.details).toMatchObject({ sessionId: sessionA });
    expectError(await c("admin").post(rescorePath(), { reason: "too late" }), 409, "RESULTS_RELEASED");
    expect(await snapshot()).toEqual(before);
    const review = (await c("judge-a").get<AttemptReview>(reviewPath(attemptId))).body.data;
    expect(review).toMatchObject({ adjustable: false, lockedBy: "RESULTS_RELEASED" });
    expect(review?.session.releasedAt).toBe(clock.now().toISOString());
  });
});
