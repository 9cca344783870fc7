// A contestant whose network goes silent (nothing closes the socket, packets simply stop, as when a
// cable is pulled or the Wi-Fi drops) is shown offline to the proctor within SOCKET_SILENT_AFTER_MS
// (4.5 s by default), not after Socket.IO's default 45 s; a contestant who is quiet but connected is
// never dropped, because the server's pings are answered (server/live/silence-watch.ts). Contestants
// talk to the real server through a TCP relay that the tests freeze, over WebSocket and long polling.
import net from "node:net";
import { io as ioClient, type Socket } from "socket.io-client";
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

type Transport = "websocket" | "polling";

/** A venue: a stack, its exam, a proctor watching, and a relay per contestant to freeze. */
class Venue {
  stack!: Stack;
  fx!: ExamFixture;
  proctor!: Socket;
  readonly relays: FreezableRelay[] = [];
  readonly sockets: Socket[] = [];

  async start(env: Record<string, string>, contestants: number): Promise<void> {
    this.stack = await startStack({ env });
    this.fx = await newExamFixture(this.stack.db, { durationMinutes: 60, contestants });
    const proctor = new Client(this.stack.baseUrl);
    await proctor.login(this.fx.proctor, PASSWORD);
    this.proctor = proctor.socket("/proctor");
    await connected(this.proctor);
    await emitAck<SessionRoster>(this.proctor, "session:watch", { sessionId: this.fx.sessionId });
  }

  /** Contestant `n` (0-based) starts and opens the exam socket through a relay of their own. */
  async join(n: number, transport: Transport) {
    const attemptId = this.fx.contestants[n]?.attemptId ?? "";
    const relay = new FreezableRelay(Number(new URL(this.stack.baseUrl).port));
    await relay.listen();
    this.relays.push(relay);
    const contestant = new Client(`http://127.0.0.1:${relay.port}`);
    await contestant.login(`T-${String(n + 1).padStart(3, "0")}`, PASSWORD);
    expect((await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const online = nextEvent<PresenceEvent>(
      this.proctor,
      "contestant:presence",
      (e) => e.attemptId === attemptId && e.connected,
    );
    const socket = ioClient(`http://127.0.0.1:${relay.port}/exam`, {
      transports: [transport],
      extraHeaders: { cookie: contestant.cookie },
      reconnection: false,
      forceNew: true,
    });
    this.sockets.push(socket);
    await connected(socket);
    await online;
    return { attemptId, relay, socket };
  }

  offline(attemptId: string, ms: number) {
    return nextEvent<PresenceEvent>(
      this.proctor,
      "contestant:presence",
      (e) => e.attemptId === attemptId && !e.connected,
      ms,
    );
  }

  async stop(): Promise<void> {
    this.proctor?.disconnect();
    for (const s of this.sockets) s.disconnect();
    for (const r of this.relays) await r.close();
    await this.stack?.stop();
  }
}

describe("a contestant whose network goes silent, with the default settings", () => {
  const venue = new Venue();
  beforeAll(() => venue.start({}, 2));
  afterAll(() => venue.stop());

  it("is noticed within 5 s by default", () => {
    const config = loadConfig({});
    // The watch walks its connections every 250 ms.
    expect(config.SOCKET_SILENT_AFTER_MS + 250).toBeLessThanOrEqual(5000);
    expect(config.SOCKET_PING_AFTER_MS).toBeLessThan(config.SOCKET_SILENT_AFTER_MS);
  });

  for (const [n, transport] of [
    [0, "websocket"],
    [1, "polling"],
  ] as const)
    it(`is shown offline to the proctor although nothing closed the socket (${transport})`, async () => {
      const { attemptId, relay } = await venue.join(n, transport);
      // Generous for a busy machine, yet far below Socket.IO's default 45 s: with those settings
      // this wait fails.
      const offline = venue.offline(attemptId, 20_000);
      const frozenAt = Date.now();
      relay.freeze();
      expect(await offline).toMatchObject({ connected: false, presence: "offline" });
      console.log(`${transport}: offline shown ${Date.now() - frozenAt} ms after the network went silent`);
      const roster = (
        await emitAck<SessionRoster>(venue.proctor, "session:watch", { sessionId: venue.fx.sessionId })
      ).data;
      expect(roster?.entries.find((e) => e.attemptId === attemptId)).toMatchObject({ connected: false });
    }, 30_000);
});

describe("a contestant who is quiet but connected", () => {
  // Short settings, so that a few seconds of quiet are many times the silence that closes a socket.
  const venue = new Venue();
  beforeAll(() => venue.start({ SOCKET_PING_AFTER_MS: "300", SOCKET_SILENT_AFTER_MS: "800" }, 2));
  afterAll(() => venue.stop());

  it("stays connected while sending nothing, over WebSocket and long polling; frozen, is dropped", async () => {
    const joined = [await venue.join(0, "websocket"), await venue.join(1, "polling")];
    const presence: PresenceEvent[] = [];
    venue.proctor.on("contestant:presence", (e: PresenceEvent) => presence.push(e));
    const reasons: string[] = [];
    for (const j of joined) j.socket.on("disconnect", (reason) => reasons.push(reason));

    // Five times the silence that closes a socket, with nothing sent by either contestant: only the
    // server's pings and their answers cross the relays.
    await new Promise((r) => setTimeout(r, 4000));
    expect(reasons).toEqual([]);
    expect(joined.map((j) => j.socket.connected)).toEqual([true, true]);
    expect(presence.filter((e) => !e.connected)).toEqual([]);

    // The same contestants, their networks gone: both dropped, as the proctor sees.
    const offline = joined.map((j) => venue.offline(j.attemptId, 15_000));
    for (const j of joined) j.relay.freeze();
    for (const o of await Promise.all(offline)) expect(o).toMatchObject({ connected: false });
  }, 40_000);
});
