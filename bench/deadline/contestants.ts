// A contestant process of the deadline benchmark: opens one /exam socket per contestant, starts the
// attempts over HTTP, then saves a box document every interval with a random phase, timing each ack.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { mulberry32 } from "../../core/random.ts";
import type { Ack, SaveAnswerResult } from "../../protocol/index.ts";
import { type BenchBox, editAnswer, firstAnswer } from "./documents.ts";
import type { Counts, FromContestants, ToContestants } from "./messages.ts";

type Init = Extract<ToContestants, { type: "init" }>;
type Save = Extract<ToContestants, { type: "save" }>;

interface Contestant {
  attemptId: string;
  cookie: string;
  socket: Socket | null;
  /** The latest document and revision per item index. */
  docs: (BenchBox[] | null)[];
  revisions: number[];
  inflight: Set<number>;
  timer: NodeJS.Timeout | null;
}

const send = (m: FromContestants) => process.send?.(m);
const bump = (c: Counts, key: string) => {
  c[key] = (c[key] ?? 0) + 1;
};
const CLOSING = new Set(["DEADLINE_PASSED", "ATTEMPT_CLOSED"]);

let init: Init;
let rand: () => number = Math.random;
let people: Contestant[] = [];
let closing = false;

const stats = {
  sent: 0,
  acked: 0,
  duplicates: 0,
  lateRefused: 0,
  refused: {} as Counts,
  timeouts: 0,
  disconnects: 0,
  disconnectsAfterRun: 0,
  skipped: 0,
  inflight: 0,
  closedEvents: 0,
  lastClosedAtMs: null as number | null,
};
const latencies: number[] = [];
const sentAtS: number[] = [];
let recent: number[] = [];
const ackedTriples: number[] = [];
let saving = false;

/** Runs `fn` over `list` with at most `limit` at a time. */
async function pool<T>(list: T[], limit: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const i = next++;
      await fn(list[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, lane));
}

function connect(c: Contestant): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = io(`${init.baseUrl}/exam`, {
      transports: ["websocket"],
      extraHeaders: { cookie: c.cookie },
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    // Socket.IO waits for a namespace's CONNECT without a time limit: this one says where it stuck.
    let engineOpen = false;
    socket.io.once("open", () => {
      engineOpen = true;
    });
    const timer = setTimeout(() => {
      socket.close();
      resolve(
        engineOpen
          ? "CONNECT_TIMEOUT (transport open, no namespace CONNECT)"
          : "CONNECT_TIMEOUT (no transport)",
      );
    }, init.ackTimeoutMs * 3);
    socket.once("connect", () => {
      clearTimeout(timer);
      c.socket = socket;
      resolve(null);
    });
    socket.once("connect_error", (e: Error & { data?: { code?: string } }) => {
      clearTimeout(timer);
      socket.close();
      resolve(e.data?.code ?? e.message);
    });
    socket.on("disconnect", () => {
      c.socket = null;
      if (closing) return;
      // During the run a lost socket is an error; after it (the score wait) it is reported apart.
      if (saving) stats.disconnects++;
      else stats.disconnectsAfterRun++;
    });
    socket.on("attempt:closed", () => {
      stats.closedEvents++;
      stats.lastClosedAtMs = Date.now();
    });
  });
}

async function connectAll(): Promise<void> {
  const t0 = performance.now();
  const failed: Counts = {};
  let ok = 0;
  await pool(people, init.connectConcurrency, async (c) => {
    const err = await connect(c);
    if (err) bump(failed, err);
    else ok++;
  });
  send({ type: "connected", ok, failed, ms: performance.now() - t0 });
}

async function startAll(concurrency: number): Promise<void> {
  const failed: Counts = {};
  const latenciesMs: number[] = [];
  let ok = 0;
  await pool(people, concurrency, async (c) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${init.baseUrl}/api/attempts/${c.attemptId}/start`, {
        method: "POST",
        headers: { cookie: c.cookie, "content-type": "application/json" },
        body: "{}",
      });
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      if (res.ok) ok++;
      else bump(failed, `${res.status} ${body.error?.code ?? ""}`.trim());
    } catch (e) {
      bump(failed, String((e as Error).message));
    }
    latenciesMs.push(performance.now() - t0);
  });
  send({ type: "started", ok, failed, latenciesMs });
}

function saveOnce(c: Contestant, s: Save, ci: number): void {
  const socket = c.socket;
  if (!socket) {
    stats.skipped++;
    return;
  }
  // One save per item at a time, as the real client sends: pick an item with none in flight.
  const free: number[] = [];
  for (let i = 0; i < init.items.length; i++) if (!c.inflight.has(i)) free.push(i);
  if (free.length === 0) {
    stats.skipped++;
    return;
  }
  const ii = free[Math.floor(rand() * free.length)] as number;
  const item = init.items[ii] as Init["items"][number];
  const prev = c.docs[ii];
  const boxes = prev ? editAnswer(rand, item, prev) : firstAnswer(rand, item, item.truth);
  c.docs[ii] = boxes;
  const revision = (c.revisions[ii] ?? 0) + 1;
  c.revisions[ii] = revision;
  const req = {
    attemptId: c.attemptId,
    target: { kind: "item" as const, id: item.id },
    revision,
    data: { boxes },
  };
  c.inflight.add(ii);
  stats.sent++;
  stats.inflight++;
  const sentAt = Date.now();
  const t0 = performance.now();
  socket
    .timeout(init.ackTimeoutMs)
    .emit("answer:save", req, (err: Error | null, res: Ack<SaveAnswerResult> | undefined) => {
      const ms = performance.now() - t0;
      c.inflight.delete(ii);
      stats.inflight--;
      if (err || !res) {
        stats.timeouts++;
        return;
      }
      if (res.data) {
        stats.acked++;
        if (res.data.duplicate) stats.duplicates++;
        latencies.push(Math.round(ms * 100) / 100);
        sentAtS.push(Math.round((sentAt - s.steadyStartMs) / 100) / 10);
        recent.push(ms);
        ackedTriples.push(ci, ii, revision);
        return;
      }
      const code = res.error?.code ?? "UNKNOWN";
      if (CLOSING.has(code) && sentAt >= s.deadlineMs) stats.lateRefused++;
      else bump(stats.refused, code);
    });
}

async function saveAll(s: Save): Promise<void> {
  saving = true;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const tick = setInterval(() => {
    send({
      type: "tick",
      sent: stats.sent,
      acked: stats.acked,
      errors: Object.values(stats.refused).reduce((a, b) => a + b, 0) + stats.disconnects,
      timeouts: stats.timeouts,
      inflight: stats.inflight,
      recentMs: recent,
    });
    recent = [];
  }, 1000);
  // Every contestant on a fixed schedule (no drift): steadyStart + phase + k × interval.
  people.forEach((c, ci) => {
    let at = s.steadyStartMs + rand() * s.intervalMs;
    const step = () => {
      if (at >= s.stopMs) return;
      c.timer = setTimeout(
        () => {
          saveOnce(c, s, ci);
          at += s.intervalMs;
          step();
        },
        Math.max(0, at - Date.now()),
      );
    };
    step();
  });
  await new Promise((r) => setTimeout(r, Math.max(0, s.stopMs - Date.now())));
  // Every save sent gets its ack or its timeout.
  while (stats.inflight > 0) await new Promise((r) => setTimeout(r, 50));
  clearInterval(tick);
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  saving = false;
  send({
    type: "result",
    sent: stats.sent,
    acked: stats.acked,
    duplicates: stats.duplicates,
    lateRefused: stats.lateRefused,
    refused: stats.refused,
    timeouts: stats.timeouts,
    disconnects: stats.disconnects,
    skipped: stats.skipped,
    latenciesMs: latencies,
    sentAtS,
    ackedTriples,
    cpuSteadyS: (cpu.user + cpu.system) / 1e6,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
  });
}

function closeAll(): void {
  closing = true;
  for (const c of people) {
    if (c.timer) clearTimeout(c.timer);
    c.socket?.disconnect();
  }
  const cpu = process.cpuUsage();
  send({
    type: "closed",
    closedEvents: stats.closedEvents,
    lastClosedAtMs: stats.lastClosedAtMs,
    cpuTotalS: (cpu.user + cpu.system) / 1e6,
    disconnectsAfterRun: stats.disconnectsAfterRun,
  });
  setTimeout(() => process.exit(0), 200);
}

process.on("message", (m: ToContestants) => {
  const fail = (e: unknown) => {
    console.error(e);
    process.exit(1);
  };
  if (m.type === "init") {
    init = m;
    rand = mulberry32(m.seed);
    people = m.contestants.map((c) => ({
      ...c,
      socket: null,
      docs: m.items.map(() => null),
      revisions: m.items.map(() => 0),
      inflight: new Set(),
      timer: null,
    }));
    connectAll().catch(fail);
  } else if (m.type === "start") startAll(m.concurrency).catch(fail);
  else if (m.type === "save") saveAll(m).catch(fail);
  else if (m.type === "close") closeAll();
});
// The benchmark stops the run; a Ctrl+C in the terminal must not leave this process behind.
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
