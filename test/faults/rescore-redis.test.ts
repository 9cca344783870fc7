// A judge's adjustment whose score job Redis lost (issue 10): the attempt goes back to FROZEN in
// PostgreSQL and its job is queued after the commit; here no worker runs and the queue's keys are
// then deleted, as a Redis restarted empty would lose them. A worker started afterwards finds
// nothing in Redis; its sweep re-queues the FROZEN attempt from PostgreSQL alone, and the new score
// version is written with the adjustment.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreJobId } from "../../core/jobs/queue.ts";
import { systemClock } from "../../core/platform/clock.ts";
import {
  buildExam,
  createContestant,
  createStaff,
  DEFAULT_BOX_TASK,
  upsertRegions,
} from "../../prisma/seed/builders.ts";
import type { AttemptReview } from "../../protocol/judging.ts";
import { createWorkerApp, type WorkerApp } from "../../workers/worker.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { waitUntil } from "../helpers/processes.ts";
import { Client, deleteKeys, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let worker: WorkerApp | null = null;
let attemptId: string;
let itemId: string;

function startWorker(): Promise<WorkerApp> {
  return createWorkerApp({
    config: stack.config,
    db: stack.db,
    clock: systemClock,
    log: pino({ level: "silent" }),
    timers: false,
  });
}

async function scored(versions: number): Promise<boolean> {
  const a = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId }, select: { status: true } });
  return a.status === "SCORED" && (await stack.db.scoreVersion.count({ where: { attemptId } })) >= versions;
}

beforeAll(async () => {
  stack = await startStack();
  const db = stack.db;
  const regionA = (await upsertRegions(db)).get(1) ?? "";
  const start = new Date(Date.now() - 2 * 3600_000);
  const exam = await buildExam(db, {
    regionId: regionA,
    startsAt: start,
    durationMinutes: 60,
    questions: [],
    tasks: [{ ...DEFAULT_BOX_TASK, sceneSeeds: [31, 32] }],
  });
  itemId = exam.items[1]?.id as string;
  const contestant = await createContestant(db, {
    stageId: exam.stageId,
    sessionId: exam.sessionId,
    ticketNumber: "T-901",
    password: PASSWORD,
    name: "周杰",
  });
  attemptId = contestant.attemptId;
  await createStaff(db, {
    username: "judge-a",
    name: "judge-a",
    role: "JUDGE",
    regionId: regionA,
    password: PASSWORD,
  });
  await db.attempt.update({
    where: { id: attemptId },
    data: {
      status: "FROZEN",
      startedAt: start,
      deadlineAt: start,
      submittedAt: start,
      closedBy: "CONTESTANT",
    },
  });
  // The first scoring, by a worker that then stops.
  worker = await startWorker();
  await worker.sweep();
  await waitUntil(() => scored(1), 30_000, "the first scoring");
  await worker.close();
  worker = null;
});

afterAll(async () => {
  await worker?.close();
  await stack?.stop();
});

describe("a re-score whose job Redis lost", () => {
  it("is queued again by the sweep from PostgreSQL and written as a new version", async () => {
    const judge = new Client(stack.baseUrl);
    expect((await judge.login("judge-a", PASSWORD)).status).toBe(200);
    const res = await judge.post<AttemptReview>(`/api/judge/attempts/${attemptId}/adjustments`, {
      subject: { itemId },
      score: 0.5,
      reason: "真值漏标",
    });
    expect(res.status, res.text).toBe(202);
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({ status: "FROZEN", scoringRound: 1 });
    const queue = stack.app.queue.queue;
    // The job was queued after the commit; no worker took it.
    expect(await queue.getJobState(scoreJobId(attemptId, 1))).toBe("waiting");

    // Redis loses the queue (a restart without persistence).
    await deleteKeys(`${stack.config.REDIS_PREFIX}:bull:*`);
    expect(await queue.getJobState(scoreJobId(attemptId, 1))).toBe("unknown");

    worker = await startWorker();
    // Nothing in Redis: the attempt waits FROZEN, with its adjustment, in PostgreSQL.
    expect((await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe("FROZEN");
    const report = await worker.sweep();
    expect(report).toMatchObject({ requeued: 1 });
    await waitUntil(() => scored(2), 30_000, "the re-score after the sweep");

    const versions = await stack.db.scoreVersion.findMany({
      where: { attemptId },
      orderBy: { version: "asc" },
      include: { taskScores: true },
    });
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const line = ((versions[1]?.taskScores[0]?.items ?? []) as { id: string }[]).find((l) => l.id === itemId);
    expect(line).toMatchObject({ score: 0.5, adjusted: { scorer: 0, reason: "真值漏标" } });
    // Nothing was drawn: half of one item of two.
    expect(versions[1]?.practical).toBeCloseTo(70 * 0.25, 6);
    expect(versions[0]?.practical).toBe(0);
  });
});
