// Redis restarted empty in the middle of an exam (it keeps nothing on disk): saves carry on, and
// every attempt is still frozen at its deadline and scored, with no process restarted by hand.
import { randomBytes } from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../core/platform/db.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import {
  freePort,
  hasRedisServer,
  OwnRedis,
  type Spawned,
  spawnEntry,
  waitForHealth,
  waitUntil,
} from "../helpers/processes.ts";
import { Client } from "../helpers/stack.ts";

const CONTESTANTS = 20;
/** Time from the fixture's creation to the deadline: enough to sign in, start and save. */
const DEADLINE_IN_MS = 25_000;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let fx: ExamFixture;
let redis: OwnRedis;
let port: number;
const procs: Spawned[] = [];

beforeAll(async () => {
  if (!hasRedisServer())
    throw new Error("redis-server is needed for this test (Debian: apt-get install redis-server)");
  redis = new OwnRedis(await freePort());
  await redis.start();
  database = await createTestDatabase();
  db = createDb(database.url);
  port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `test-fault-redis-${randomBytes(4).toString("hex")}`,
    SESSION_SECRET: "fault-test-secret-0123456789",
    LOG_LEVEL: "warn",
  };
  procs.push(spawnEntry("server/main.ts", { ...env, PORT: String(port) }));
  procs.push(spawnEntry("workers/main.ts", { ...env, SWEEP_SECONDS: "3" }));
  await waitForHealth(`http://127.0.0.1:${port}`);
  fx = await newExamFixture(db, {
    contestants: CONTESTANTS,
    durationMinutes: 1,
    now: new Date(Date.now() + DEADLINE_IN_MS),
  });
});

afterAll(async () => {
  for (const p of procs) await p.kill();
  await redis?.kill();
  await db?.$disconnect();
  await database?.drop();
});

describe("Redis restarted empty mid-exam", () => {
  it("still freezes every attempt at its deadline and scores it", async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
    const itemId = fx.items[0]?.id ?? "";
    const sockets: Socket[] = [];
    let revision = 0;
    const saveAll = async () => {
      revision++;
      const acks = await Promise.all(
        sockets.map((s, i) =>
          s.timeout(10_000).emitWithAck("answer:save", {
            attemptId: fx.contestants[i]?.attemptId,
            target: { kind: "item", id: itemId },
            revision,
            data: { boxes: [{ id: `b${revision}`, label: "car", x: 10, y: 20, w: 30, h: 40 }] },
          }),
        ),
      );
      return acks as { data?: { revision: number }; error?: { code: string } }[];
    };
    for (const c of fx.contestants) {
      const client = new Client(baseUrl);
      expect((await client.login(c.ticket, PASSWORD)).status).toBe(200);
      expect((await client.post(`/api/attempts/${c.attemptId}/start`)).status).toBe(200);
      const socket = ioClient(`${baseUrl}/exam`, {
        transports: ["websocket"],
        extraHeaders: { cookie: client.cookie },
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
        forceNew: true,
      });
      sockets.push(socket);
    }
    await waitUntil(() => sockets.every((s) => s.connected), 30_000, "sockets connected");
    expect((await saveAll()).every((a) => a.data?.revision === 1)).toBe(true);

    await redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    const deadline = (await db.attempt.findFirstOrThrow({ where: { id: fx.contestants[0]?.attemptId } }))
      .deadlineAt;
    expect(deadline?.getTime()).toBeGreaterThan(Date.now());

    // Saves need PostgreSQL only.
    expect((await saveAll()).every((a) => a.data?.revision === 2)).toBe(true);

    const ids = fx.contestants.map((c) => c.attemptId);
    await waitUntil(
      async () => (await db.attempt.count({ where: { id: { in: ids }, status: "SCORED" } })) === CONTESTANTS,
      (deadline?.getTime() ?? 0) - Date.now() + 30_000,
      "every attempt scored",
    );
    const rows = await db.attempt.findMany({
      where: { id: { in: ids } },
      select: { closedBy: true, submittedAt: true },
    });
    for (const r of rows) {
      expect(r.closedBy).toBe("DEADLINE");
      expect(r.submittedAt?.getTime()).toBe(deadline?.getTime());
    }
    expect(await db.answer.count({ where: { attemptId: { in: ids }, revision: 2 } })).toBe(CONTESTANTS);
    for (const s of sockets) s.disconnect();
  });
});
