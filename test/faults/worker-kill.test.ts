// kill -9 of the worker while it scores: the jobs it held come back to the next worker, and every
// attempt ends with exactly one score version.
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../core/platform/db.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import { QUEUE_NAME } from "../../protocol/index.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture } from "../helpers/factories.ts";
import { type Spawned, spawnEntry, waitUntil } from "../helpers/processes.ts";
import { deleteKeys, REDIS_URL } from "../helpers/stack.ts";

const ATTEMPTS = 40;
const PREFIX = `test-fault-wrk-${randomBytes(4).toString("hex")}`;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let fx: ExamFixture;
let worker: Spawned | null = null;
let redis: Redis;
let queue: Queue;

function startWorker(): Spawned {
  return spawnEntry("workers/main.ts", {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: "info",
    WORKER_CONCURRENCY: "4",
    // A killed worker's jobs are taken over after this long.
    WORKER_LOCK_MS: "3000",
    SWEEP_SECONDS: "2",
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  // Polygon tasks make each score take a moment, so the kill lands while jobs are running.
  fx = await newExamFixture(db, {
    contestants: ATTEMPTS,
    tasks: [demoTask("POLYGONS", 6), demoTask("KEYPOINTS", 6)],
  });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue(QUEUE_NAME, { connection: redis, prefix: `${PREFIX}:bull` });
});

afterAll(async () => {
  await worker?.kill();
  await queue?.close();
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await deleteKeys(`${PREFIX}:*`);
});

describe("kill -9 of the worker mid-score", () => {
  it("scores every attempt exactly once after a new worker takes over", async () => {
    const ids = fx.contestants.map((c) => c.attemptId);
    const now = new Date();
    // Submitted answers: polygons copied from nothing, a few boxes, so the scorers have work.
    await db.attempt.updateMany({
      where: { id: { in: ids } },
      data: { status: "FROZEN", startedAt: now, deadlineAt: now, submittedAt: now, closedBy: "CONTESTANT" },
    });
    worker = startWorker();
    // The worker queues the frozen attempts itself at start (PostgreSQL says they are pending).
    await waitUntil(async () => (await queue.getActiveCount()) > 0, 60_000, "score jobs running");
    expect(await worker.kill("SIGKILL")).toBeNull();
    const scoredBeforeKill = await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } });
    expect(scoredBeforeKill).toBeLessThan(ATTEMPTS);

    worker = startWorker();
    await waitUntil(
      async () => (await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })) === ATTEMPTS,
      90_000,
      "every attempt scored",
    );
    const versions = await db.scoreVersion.groupBy({
      by: ["attemptId"],
      where: { attemptId: { in: ids } },
      _count: { _all: true },
    });
    expect(versions).toHaveLength(ATTEMPTS);
    for (const v of versions) expect(v._count._all).toBe(1);
    expect(await db.attempt.count({ where: { id: { in: ids }, status: "SCORING_FAILED" } })).toBe(0);
  });
});
