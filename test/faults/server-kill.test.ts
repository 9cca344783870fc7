// kill -9 of the server while 50 contestants save: every save that was acknowledged is in
// PostgreSQL, and every contestant's page carries on saving once a server is back.
import { randomBytes } from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../core/platform/db.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { freePort, type Spawned, spawnEntry, waitForHealth, waitUntil } from "../helpers/processes.ts";
import { Client, deleteKeys, REDIS_URL } from "../helpers/stack.ts";

const CONTESTANTS = 50;
const PREFIX = `test-fault-srv-${randomBytes(4).toString("hex")}`;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let fx: ExamFixture;
let port: number;
let server: Spawned | null = null;

function startServer(): Spawned {
  return spawnEntry("server/main.ts", {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    PORT: String(port),
    SESSION_SECRET: "fault-test-secret-0123456789",
    LOG_LEVEL: "warn",
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  fx = await newExamFixture(db, { contestants: CONTESTANTS, questions: [] });
  port = await freePort();
  server = startServer();
  await waitForHealth(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  await server?.kill();
  await db?.$disconnect();
  await database?.drop();
  await deleteKeys(`${PREFIX}:*`);
});

/** One contestant's page: saves one item as fast as acks come back, over a reconnecting socket. */
class Saver {
  revision = 0;
  acked = 0;
  ackedAfterRestart = 0;
  restarted = false;
  private running = true;
  private readonly socket: Socket;

  constructor(
    baseUrl: string,
    cookie: string,
    private readonly attemptId: string,
    private readonly itemId: string,
  ) {
    this.socket = ioClient(`${baseUrl}/exam`, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
    });
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (!this.socket.connected) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const revision = ++this.revision;
      const data = { boxes: [{ id: `b${revision}`, label: "car", x: 10, y: 20, w: 30, h: 40 }] };
      try {
        const ack = (await this.socket.timeout(3000).emitWithAck("answer:save", {
          attemptId: this.attemptId,
          target: { kind: "item", id: this.itemId },
          revision,
          data,
        })) as { data?: { revision: number } };
        if (ack.data) {
          this.acked = Math.max(this.acked, ack.data.revision);
          if (this.restarted) this.ackedAfterRestart++;
        }
      } catch {
        // no ack: the save may or may not be committed, and is not counted as acknowledged
      }
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
    }
  }

  stop(): void {
    this.running = false;
    this.socket.disconnect();
  }
}

describe("kill -9 of the server while contestants save", () => {
  it("loses no acknowledged save, and the pages carry on once a server is back", async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
    const itemId = fx.items[0]?.id ?? "";
    const savers: Saver[] = [];
    for (const c of fx.contestants) {
      const client = new Client(baseUrl);
      expect((await client.login(c.ticket, PASSWORD)).status).toBe(200);
      expect((await client.post(`/api/attempts/${c.attemptId}/start`)).status).toBe(200);
      savers.push(new Saver(baseUrl, client.cookie, c.attemptId, itemId));
    }
    await waitUntil(() => savers.every((s) => s.acked >= 3), 60_000, "every contestant saving");

    const killedAt = savers.map((s) => s.acked);
    expect(await server?.kill("SIGKILL")).toBeNull();
    // Really gone: nothing answers on its port.
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    for (const s of savers) s.restarted = true;
    server = startServer();
    await waitForHealth(baseUrl);
    await waitUntil(() => savers.every((s) => s.ackedAfterRestart >= 3), 60_000, "every page saving again");
    for (const s of savers) s.stop();

    // Every contestant went on past what was acknowledged before the kill.
    savers.forEach((s, i) => {
      expect(s.acked).toBeGreaterThan(killedAt[i] ?? 0);
    });
    const rows = await db.answer.findMany({
      where: { itemId, attemptId: { in: fx.contestants.map((c) => c.attemptId) } },
      select: { attemptId: true, revision: true, data: true },
    });
    const byAttempt = new Map(rows.map((r) => [r.attemptId, r]));
    fx.contestants.forEach((c, i) => {
      const row = byAttempt.get(c.attemptId);
      const acked = savers[i]?.acked ?? 0;
      expect(row?.revision, `attempt ${c.attemptId}`).toBeGreaterThanOrEqual(acked);
      // The stored document is the one of the stored revision.
      expect((row?.data as { boxes: { id: string }[] } | undefined)?.boxes[0]?.id).toBe(`b${row?.revision}`);
    });
  });
});
