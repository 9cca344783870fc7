// Scoring that cannot get stuck: a real failure moves the attempt to SCORING_FAILED (the proctors
// are told, an admin retries it as a new round), a job that gave up during an outage is started
// again by the sweep, two scorers racing on one attempt write one version, and a start racing an
// extension keeps the extension.
import { type Job, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreJobId } from "../../core/jobs/queue.ts";
import { createSql } from "../../core/platform/sql.ts";
import { QUEUE_NAME, type SessionRoster } from "../../protocol/index.ts";
import { PaperCache, scoreAttempt } from "../../workers/processors/score-attempt.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { waitUntil } from "../helpers/processes.ts";
import {
  Client,
  connected,
  emitAck,
  nextEvent,
  REDIS_URL,
  type Stack,
  startStack,
} from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;

beforeAll(async () => {
  stack = await startStack({ worker: true, timers: false });
  fx = await newExamFixture(stack.db, { contestants: 6 });
});
afterAll(async () => {
  await stack?.stop();
});

async function freeze(attemptId: string): Promise<void> {
  const t = new Date();
  await stack.db.attempt.update({
    where: { id: attemptId },
    data: { status: "FROZEN", startedAt: t, deadlineAt: t, submittedAt: t, closedBy: "CONTESTANT" },
  });
}

async function signedIn(login: string): Promise<Client> {
  const c = new Client(stack.baseUrl);
  expect((await c.login(login, PASSWORD)).status).toBe(200);
  return c;
}

describe("scoring that fails for good", () => {
  it("moves the attempt to SCORING_FAILED, tells the proctors, and an admin's retry scores it", async () => {
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const item = fx.items[0];
    // A ground truth the scorer cannot read: retrying cannot help.
    const truth = await stack.db.groundTruth.findUniqueOrThrow({ where: { itemId: item?.id } });
    await stack.db.groundTruth.update({ where: { itemId: item?.id }, data: { data: { boxes: "broken" } } });

    const proctor = await signedIn(fx.proctor);
    const ps = proctor.socket("/proctor");
    await connected(ps);
    expect(
      (await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data,
    ).toBeTruthy();
    const failed = nextEvent<{ attemptId: string; error: string }>(
      ps,
      "attempt:scoring-failed",
      (e) => e.attemptId === attemptId,
    );
    await freeze(attemptId);
    await stack.worker?.sweep();
    expect((await failed).error).toMatch(/./);
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({ status: "SCORING_FAILED", scoringRound: 0 });
    expect(row.scoringError).toBeTruthy();
    const roster = await proctor.get<SessionRoster>(`/api/sessions/${fx.sessionId}/roster`);
    expect(roster.body.data?.entries.find((e) => e.attemptId === attemptId)).toMatchObject({
      status: "SCORING_FAILED",
      scoringError: row.scoringError,
    });

    // The sweep leaves it alone: no retry without a person.
    await stack.worker?.sweep();
    expect((await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe(
      "SCORING_FAILED",
    );

    // Only an admin retries, with a reason; a proctor or a contestant may not.
    const retry = (c: Client, body: unknown) => c.post(`/api/attempts/${attemptId}/retry-scoring`, body);
    expect((await retry(proctor, { reason: "truth fixed" })).status).toBe(403);
    const contestant = await signedIn(fx.contestants[0]?.ticket ?? "");
    expect((await retry(contestant, { reason: "truth fixed" })).status).toBe(403);
    const admin = await signedIn(fx.admin);
    expect((await retry(admin, {})).body.error?.code).toBe("VALIDATION_FAILED");

    await stack.db.groundTruth.update({ where: { itemId: item?.id }, data: { data: truth.data ?? {} } });
    const scored = nextEvent<{ attemptId: string }>(ps, "attempt:scored", (e) => e.attemptId === attemptId);
    const res = await retry(admin, { reason: "truth fixed" });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ round: 1 });
    await scored;
    const after = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(after).toMatchObject({ status: "SCORED", scoringRound: 1, scoringError: null });
    expect(await stack.db.scoreVersion.count({ where: { attemptId } })).toBe(1);
    const audit = await stack.db.auditEntry.findFirst({ where: { action: "attempt.retry-scoring" } });
    expect(audit).toMatchObject({ target: `attempt:${attemptId}`, reason: "truth fixed" });

    // A second retry finds nothing to retry.
    expect((await retry(admin, { reason: "again" })).body.error?.code).toBe("CONFLICT");
    ps.disconnect();
  });
});

describe("a score job that gave up during an outage", () => {
  it("is started again by the sweep and scores the attempt", async () => {
    const attemptId = fx.contestants[1]?.attemptId ?? "";
    // Pause the stack's worker, and let a worker that finds the database unreachable take the job.
    await stack.worker?.worker.pause();
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const outage = new Worker(
      QUEUE_NAME,
      async (_job: Job) => {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      },
      // Its retries come at once, so that it gives up quickly.
      {
        connection: conn,
        prefix: `${stack.config.REDIS_PREFIX}:bull`,
        settings: { backoffStrategy: () => 0 },
      },
    );
    try {
      await freeze(attemptId);
      await stack.worker?.sweep();
      const queue = stack.app.queue.queue;
      await waitUntil(async () => (await queue.getJobState(scoreJobId(attemptId, 0))) === "failed", 20_000);
      // Queued again, the same job id is still in the failed set: only a retry gets it going.
      await stack.app.queue.enqueue("score-attempt", { attemptId, round: 0 });
      expect(await queue.getJobState(scoreJobId(attemptId, 0))).toBe("failed");
    } finally {
      await outage.close();
      conn.disconnect();
    }
    stack.worker?.worker.resume();
    const report = await stack.worker?.sweep();
    expect(report).toMatchObject({ retried: 1, flagged: 0 });
    await waitUntil(
      async () =>
        (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status === "SCORED",
      20_000,
    );
    expect(await stack.db.scoreVersion.count({ where: { attemptId } })).toBe(1);
  });
});

describe("two scorers racing on one attempt", () => {
  it("write one score version", async () => {
    const attemptId = fx.contestants[2]?.attemptId ?? "";
    await freeze(attemptId);
    // Three connections, so the three scorings really run side by side.
    const sql = createSql(stack.config.DATABASE_URL, 3);
    const papers = new PaperCache(stack.db);
    try {
      const results = await Promise.all([1, 2, 3].map(() => scoreAttempt(sql, papers, attemptId)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    } finally {
      await sql.end();
    }
    expect(await stack.db.scoreVersion.count({ where: { attemptId } })).toBe(1);
    // And the database itself holds one current version per attempt.
    const current = await stack.db.scoreVersion.findFirstOrThrow({ where: { attemptId, current: true } });
    await expect(
      stack.db.scoreVersion.create({
        data: {
          attemptId,
          version: current.version + 1,
          scorerVersion: "test",
          theory: 0,
          practical: 0,
          total: 0,
          current: true,
        },
      }),
    ).rejects.toThrow(/Unique constraint/);
  });
});

describe("scoring an attempt that has a score already", () => {
  it("keeps the old version and makes the new one current", async () => {
    const attemptId = fx.contestants[3]?.attemptId ?? "";
    await freeze(attemptId);
    await stack.db.scoreVersion.create({
      data: { attemptId, version: 1, scorerVersion: "old", theory: 1, practical: 2, total: 3, current: true },
    });
    const sql = createSql(stack.config.DATABASE_URL, 1);
    try {
      expect(await scoreAttempt(sql, new PaperCache(stack.db), attemptId)).not.toBeNull();
    } finally {
      await sql.end();
    }
    const versions = await stack.db.scoreVersion.findMany({
      where: { attemptId },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => [v.version, v.scorerVersion === "old", v.current])).toEqual([
      [1, true, false],
      [2, false, true],
    ]);
    expect(await stack.db.taskScore.count({ where: { scoreVersionId: versions[1]?.id } })).toBeGreaterThan(0);
  });
});

describe("starting while a proctor extends", () => {
  it("keeps every extension in the deadline", async () => {
    const proctor = await signedIn(fx.proctor);
    const session = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    const end = session.startsAt.getTime() + session.durationMinutes * 60_000;
    for (const c of fx.contestants.slice(4, 6)) {
      const contestant = await signedIn(c.ticket);
      const [started, ...extended] = await Promise.all([
        contestant.post(`/api/attempts/${c.attemptId}/start`),
        proctor.post(`/api/attempts/${c.attemptId}/extend`, { minutes: 5, reason: "late bus" }),
        proctor.post(`/api/attempts/${c.attemptId}/extend`, { minutes: 7, reason: "power cut" }),
      ]);
      expect(started.status).toBe(200);
      for (const e of extended) expect(e.status).toBe(200);
      const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: c.attemptId } });
      expect(row.extensionSeconds).toBe(12 * 60);
      expect(row.deadlineAt?.getTime()).toBe(end + 12 * 60_000);
    }
  });
});
