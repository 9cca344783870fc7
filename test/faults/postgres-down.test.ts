// PostgreSQL unreachable for 25 s right after a burst of submits (every connection cut, new ones
// refused, through a proxy in front of it): every attempt still ends scored, with no process
// restarted by hand, and none of them twice.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../core/platform/db.ts";
import { DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import {
  freePort,
  type Spawned,
  spawnEntry,
  TcpProxy,
  viaPort,
  waitForHealth,
  waitUntil,
} from "../helpers/processes.ts";
import { Client, deleteKeys, REDIS_URL } from "../helpers/stack.ts";

const CONTESTANTS = 30;
const DEFAULT_TASK = { ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22, 33, 44, 55] };
const OUTAGE_MS = 25_000;
const PREFIX = `test-fault-pg-${randomBytes(4).toString("hex")}`;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let fx: ExamFixture;
let proxy: TcpProxy;
let port: number;
const procs: Spawned[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  // Polygon and skeleton tasks make each score take a moment, so the outage begins mid-scoring.
  fx = await newExamFixture(db, {
    contestants: CONTESTANTS,
    tasks: [DEFAULT_TASK, demoTask("POLYGONS", 8), demoTask("KEYPOINTS", 8)],
  });
  proxy = new TcpProxy(Number(new URL(database.url).port || 5432));
  const proxied = viaPort(database.url, await proxy.listen());
  port = await freePort();
  const env = {
    DATABASE_URL: proxied,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    SESSION_SECRET: "fault-test-secret-0123456789",
    LOG_LEVEL: "warn",
  };
  procs.push(spawnEntry("server/main.ts", { ...env, PORT: String(port) }));
  procs.push(
    spawnEntry("workers/main.ts", { ...env, SWEEP_SECONDS: "3", LOG_LEVEL: "info", WORKER_CONCURRENCY: "2" }),
  );
  await waitForHealth(`http://127.0.0.1:${port}`);
  await procs[1]?.waitFor(/LabelArena worker started/);
});

afterAll(async () => {
  for (const p of procs) await p.kill();
  await proxy?.close();
  await db?.$disconnect();
  await database?.drop();
  await deleteKeys(`${PREFIX}:*`);
});

describe("PostgreSQL down for 25 s after a burst of submits", () => {
  it("scores every attempt once PostgreSQL is back, each exactly once", async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
    const itemId = fx.items[0]?.id ?? "";
    const clients: Client[] = [];
    for (const c of fx.contestants) {
      const client = new Client(baseUrl);
      expect((await client.login(c.ticket, PASSWORD)).status).toBe(200);
      expect((await client.post(`/api/attempts/${c.attemptId}/start`)).status).toBe(200);
      const saved = await client.put(`/api/attempts/${c.attemptId}/answers`, {
        target: { kind: "item", id: itemId },
        revision: 1,
        data: { boxes: [{ id: "b1", label: "car", x: 10, y: 20, w: 30, h: 40 }] },
      });
      expect(saved.status).toBe(200);
      clients.push(client);
    }
    const submits = await Promise.all(
      fx.contestants.map((c, i) => clients[i]?.post(`/api/attempts/${c.attemptId}/submit`)),
    );
    expect(submits.map((s) => s?.status)).toEqual(fx.contestants.map(() => 200));

    proxy.cut();
    const ids = fx.contestants.map((c) => c.attemptId);
    const scoredBeforeOutage = await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } });
    // The outage began with scoring under way.
    expect(scoredBeforeOutage).toBeLessThan(CONTESTANTS);
    // A save during the outage is refused as UNAVAILABLE (a 503 to retry), not a 500.
    const during = await clients[0]?.put(`/api/attempts/${fx.contestants[0]?.attemptId}/answers`, {
      target: { kind: "item", id: itemId },
      revision: 2,
      data: { boxes: [] },
    });
    expect(during?.status).toBe(503);
    expect(during?.body.error?.code).toBe("UNAVAILABLE");
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // Nothing could be written meanwhile.
    expect(await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })).toBe(scoredBeforeOutage);
    proxy.restore();

    await waitUntil(
      async () => (await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })) === CONTESTANTS,
      60_000,
      "every attempt scored after the outage",
    );
    const versions = await db.scoreVersion.groupBy({
      by: ["attemptId"],
      where: { attemptId: { in: ids } },
      _count: { _all: true },
    });
    expect(versions.map((v) => v._count._all)).toEqual(ids.map(() => 1));
    // The server serves again without a restart.
    expect((await clients[0]?.get("/api/attempts/mine"))?.status).toBe(200);
  });
});
