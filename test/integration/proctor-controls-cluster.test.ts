// Two server processes behind the Redis adapter, the proctor on one and the contestant on the other:
// presence, progress, a pause and a message acknowledgement cross between them, and a process killed
// without closing its sockets has its contestant shown offline by the other process's heartbeat sweep.
import { randomBytes } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../core/platform/db.ts";
import type {
  AttemptNotice,
  AttemptState,
  ContestantProgress,
  PresenceBeats,
  PresenceEvent,
  ProctorMessage,
  SaveAnswerResult,
  SessionRoster,
} from "../../protocol/index.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { freePort, type Spawned, spawnEntry, waitForHealth } from "../helpers/processes.ts";
import { Client, connected, deleteKeys, emitAck, nextEvent, REDIS_URL } from "../helpers/stack.ts";

const PREFIX = `test-proctor-two-${randomBytes(4).toString("hex")}`;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let fx: ExamFixture;
const servers: Spawned[] = [];
let urlA: string;
let urlB: string;
let ps: Socket;
let cs: Socket;
let attemptId: string;

async function start(): Promise<string> {
  const port = await freePort();
  servers.push(
    spawnEntry("server/main.ts", {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
      PORT: String(port),
      SESSION_SECRET: "two-process-secret-0123456789",
      LOG_LEVEL: "warn",
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return url;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  fx = await newExamFixture(db, { contestants: 2, questions: [] });
  attemptId = fx.contestants[0]?.attemptId ?? "";
  [urlA, urlB] = await Promise.all([start(), start()]);
  const proctor = new Client(urlA);
  await proctor.login(fx.proctor, PASSWORD);
  ps = proctor.socket("/proctor");
  await connected(ps);
  expect((await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data).toBeTruthy();
}, 120_000);

afterAll(async () => {
  ps?.disconnect();
  cs?.disconnect();
  for (const s of servers) await s.kill();
  await db?.$disconnect();
  await database?.drop();
  await deleteKeys(`${PREFIX}:*`);
});

describe("proctor on one process, contestant on the other", () => {
  it("carries presence, progress, a pause and a message acknowledgement across processes", async () => {
    const contestant = new Client(urlB);
    await contestant.login(fx.contestants[0]?.ticket ?? "", PASSWORD);
    expect((await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const online = nextEvent<PresenceEvent>(
      ps,
      "contestant:presence",
      (e) => e.attemptId === attemptId && e.connected,
    );
    cs = contestant.socket("/exam");
    await connected(cs);
    expect((await online).presence).toBe("exam");

    const progress = nextEvent<ContestantProgress>(
      ps,
      "contestant:progress",
      (e) => e.attemptId === attemptId && e.answered === 1,
    );
    const saved = await emitAck<SaveAnswerResult>(cs, "answer:save", {
      attemptId,
      target: { kind: "item", id: fx.items[0]?.id ?? "" },
      revision: 1,
      data: { boxes: [{ id: "b1", label: "car", x: 10, y: 20, w: 30, h: 40 }] },
    });
    expect(saved.error).toBeUndefined();
    expect((await progress).total).toBeGreaterThan(1);

    const paused = nextEvent<AttemptNotice>(cs, "attempt:notice", (n) => n.kind === "paused");
    expect(
      (await emitAck(ps, "attempt:pause", { attemptId, reason: "Check the seat" })).error,
    ).toBeUndefined();
    expect((await paused).state.pausedAt).toBeTruthy();
    const refused = await emitAck(cs, "answer:save", {
      attemptId,
      target: { kind: "item", id: fx.items[0]?.id ?? "" },
      revision: 2,
      data: { boxes: [] },
    });
    expect(refused.error?.code).toBe("ATTEMPT_PAUSED");
    const resumed = nextEvent<AttemptNotice>(cs, "attempt:notice", (n) => n.kind === "resumed");
    expect((await emitAck(ps, "attempt:resume", { attemptId, reason: "Done" })).error).toBeUndefined();
    expect((await resumed).state.pausedAt).toBeNull();

    const message = nextEvent<ProctorMessage>(cs, "proctor:message", (m) => m.text === "Raise your hand");
    await emitAck(ps, "message:send", { sessionId: fx.sessionId, attemptId, text: "Raise your hand" });
    const m = await message;
    const acked = nextEvent<{ messageId: string; attemptId: string }>(
      ps,
      "message:acked",
      (e) => e.messageId === m.id,
    );
    expect((await emitAck(cs, "message:ack", { messageId: m.id })).error).toBeUndefined();
    expect((await acked).attemptId).toBe(attemptId);
  }, 60_000);

  it("sends the heartbeat batch once per period, from one of the two processes", async () => {
    const batches: PresenceBeats[] = [];
    const onBeats = (b: PresenceBeats) => batches.push(b);
    ps.on("presence:beats", onBeats);
    await expect.poll(() => batches.length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    ps.off("presence:beats", onBeats);
    for (const b of batches) {
      expect(b.sessionId).toBe(fx.sessionId);
      expect(b.beats.map(([id]) => id)).toEqual([attemptId]);
    }
    // Both processes sweep every 2 s, but the per-session claim (SET NX PX 4.5 s) lets one send:
    // never two batches of the same period.
    const ats = batches.map((b) => Date.parse(b.at));
    for (let i = 1; i < ats.length; i++)
      expect((ats[i] as number) - (ats[i - 1] as number)).toBeGreaterThanOrEqual(4000);
  }, 60_000);

  it("shows the contestant offline when their process dies without closing the socket", async () => {
    const offline = nextEvent<PresenceEvent>(
      ps,
      "contestant:presence",
      (e) => e.attemptId === attemptId && !e.connected,
      30_000,
    );
    // SIGKILL: no disconnect is ever sent; only the missing heartbeats tell.
    await servers[1]?.kill("SIGKILL");
    const e = await offline;
    expect(e.presence).toBe("offline");
    expect(e.lastSeenAt).toBeTruthy();
    const roster = await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId });
    expect(roster.data?.entries.find((x) => x.attemptId === attemptId)?.connected).toBe(false);
  }, 60_000);
});
