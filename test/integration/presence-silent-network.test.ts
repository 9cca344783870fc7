// A contestant whose network goes silent — nothing closes the socket, packets simply stop, as when a
// cable is pulled or the Wi-Fi drops — is shown offline to the proctor by the server's own pings
// (SOCKET_PING_INTERVAL_MS + SOCKET_PING_TIMEOUT_MS, 4.5 s by default), not after Socket.IO's default
// 45 s. The contestant talks to the real server through a TCP relay that the test freezes.
import net from "node:net";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config.ts";
import type { AttemptState, PresenceEvent, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

/** Forwards bytes both ways until frozen; frozen, it holds every connection open and passes nothing. */
class FreezableRelay {
  private frozen = false;
  private readonly pairs: net.Socket[] = [];
  private readonly server: net.Server;
  port = 0;

  constructor(private readonly target: number) {
    this.server = net.createServer((inbound) => {
      const outbound = net.connect(this.target, "127.0.0.1");
      this.pairs.push(inbound, outbound);
      for (const [from, to] of [
        [inbound, outbound],
        [outbound, inbound],
      ] as const) {
        from.on("data", (chunk) => {
          if (!this.frozen) to.write(chunk);
        });
        from.on("error", () => to.destroy());
        from.on("close", () => to.destroy());
      }
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const addr = this.server.address();
    this.port = typeof addr === "object" && addr ? addr.port : 0;
  }

  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const s of this.pairs) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let stack: Stack;
let fx: ExamFixture;
let relay: FreezableRelay;
let proctorSocket: Socket;
let contestantSocket: Socket;

beforeAll(async () => {
  stack = await startStack({});
  fx = await newExamFixture(stack.db, { durationMinutes: 60, contestants: 1 });
  relay = new FreezableRelay(Number(new URL(stack.baseUrl).port));
  await relay.listen();
  const proctor = new Client(stack.baseUrl);
  await proctor.login(fx.proctor, PASSWORD);
  proctorSocket = proctor.socket("/proctor");
  await connected(proctorSocket);
  await emitAck<SessionRoster>(proctorSocket, "session:watch", { sessionId: fx.sessionId });
});
afterAll(async () => {
  proctorSocket?.disconnect();
  contestantSocket?.disconnect();
  await relay?.close();
  await stack?.stop();
});

describe("a contestant whose network goes silent", () => {
  it("uses pings short enough to notice within 5 s by default", () => {
    const config = loadConfig({});
    expect(config.SOCKET_PING_INTERVAL_MS + config.SOCKET_PING_TIMEOUT_MS).toBeLessThanOrEqual(5000);
  });

  it("is shown offline to the proctor although nothing closed the socket", async () => {
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const contestant = new Client(`http://127.0.0.1:${relay.port}`);
    await contestant.login("T-001", PASSWORD);
    expect((await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const online = nextEvent<PresenceEvent>(
      proctorSocket,
      "contestant:presence",
      (e) => e.attemptId === attemptId && e.connected,
    );
    contestantSocket = contestant.socket("/exam");
    await connected(contestantSocket);
    await online;

    const offline = nextEvent<PresenceEvent>(
      proctorSocket,
      "contestant:presence",
      (e) => e.attemptId === attemptId && !e.connected,
      // Generous for a busy machine, yet far below Socket.IO's default 45 s: with the old settings
      // this wait fails.
      20_000,
    );
    relay.freeze();
    expect(await offline).toMatchObject({ connected: false, presence: "offline" });
    const roster = (await emitAck<SessionRoster>(proctorSocket, "session:watch", { sessionId: fx.sessionId }))
      .data;
    expect(roster?.entries.find((e) => e.attemptId === attemptId)).toMatchObject({ connected: false });
  }, 30_000);
});
