// A contestant process of the live benchmark: one /exam socket per contestant; on "save", each
// contestant saves a box document on a fixed schedule with a random phase, one new item per save,
// so every save raises the attempt's answered count by one (what the proctor's side matches on).
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { mulberry32 } from "../../core/random.ts";
import type { Ack, SaveAnswerResult } from "../../protocol/index.ts";
import { firstAnswer } from "../deadline/documents.ts";
import type { Counts, FromContestants, LiveContestant, ToContestants } from "./messages.ts";

type Init = Extract<ToContestants, { type: "init" }>;
type Save = Extract<ToContestants, { type: "save" }>;

interface Contestant extends LiveContestant {
  socket: Socket | null;
  /** Saves acknowledged in this count (the attempt's answered items, as far as this client knows). */
  answered: number;
  inflight: boolean;
  timer: NodeJS.Timeout | null;
}

const send = (m: FromContestants) => process.send?.(m);
const bump = (c: Counts, key: string) => {
  c[key] = (c[key] ?? 0) + 1;
};
const epochMs = () => performance.timeOrigin + performance.now();

let init: Init;
let rand: () => number = Math.random;
let people: Contestant[] = [];
let saving = false;
let closing = false;

async function pool<T>(list: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length) await fn(list[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, lane));
}

const phase = {
  saves: [] as number[],
  ackMs: [] as number[],
  ackRecent: [] as number[],
  refused: {} as Counts,
  sent: 0,
  acked: 0,
  timeouts: 0,
  disconnects: 0,
  skipped: 0,
};

function connect(c: Contestant, baseUrl: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = io(`${baseUrl}/exam`, {
      transports: ["websocket"],
      extraHeaders: { cookie: c.cookie },
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    const timer = setTimeout(() => {
      socket.close();
      resolve("CONNECT_TIMEOUT");
    }, 60_000);
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
      if (c.socket === socket) c.socket = null;
      if (saving && !closing) phase.disconnects++;
    });
  });
}

async function connectAll(baseUrl: string, concurrency: number): Promise<void> {
  closing = true;
  for (const c of people) {
    c.socket?.disconnect();
    c.socket = null;
  }
  closing = false;
  const t0 = performance.now();
  const failed: Counts = {};
  let ok = 0;
  await pool(people, concurrency, async (c) => {
    const err = await connect(c, baseUrl);
    if (err) bump(failed, err);
    else ok++;
  });
  send({ type: "connected", ok, failed, ms: performance.now() - t0 });
}

function saveOnce(c: Contestant): void {
  const socket = c.socket;
  // One save at a time per contestant: the next item only once the previous one is acknowledged.
  if (!socket || c.inflight) {
    phase.skipped++;
    return;
  }
  const item = init.items[c.answered % init.items.length] as Init["items"][number];
  const expected = c.answered + 1;
  const req = {
    attemptId: c.attemptId,
    target: { kind: "item" as const, id: item.id },
    revision: 1,
    data: { boxes: firstAnswer(rand, item, item.truth) },
  };
  c.inflight = true;
  phase.sent++;
  const sentAt = epochMs();
  const at = phase.saves.length;
  phase.saves.push(c.index, expected, sentAt, 0, 0);
  socket
    .timeout(init.ackTimeoutMs)
    .emit("answer:save", req, (err: Error | null, res: Ack<SaveAnswerResult> | undefined) => {
      const ms = epochMs() - sentAt;
      c.inflight = false;
      if (err || !res) {
        phase.timeouts++;
        return;
      }
      if (res.data && !res.data.duplicate) {
        c.answered = expected;
        phase.saves[at + 3] = 1;
        phase.saves[at + 4] = sentAt + ms;
        phase.acked++;
        phase.ackMs.push(Math.round(ms * 100) / 100);
        phase.ackRecent.push(ms);
        return;
      }
      bump(phase.refused, res.data ? "DUPLICATE" : (res.error?.code ?? "UNKNOWN"));
    });
}

async function saveAll(s: Save): Promise<void> {
  Object.assign(phase, {
    saves: [],
    ackMs: [],
    ackRecent: [],
    refused: {},
    sent: 0,
    acked: 0,
    timeouts: 0,
    disconnects: 0,
    skipped: 0,
  });
  if (s.resetCount) for (const c of people) c.answered = 0;
  saving = true;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const tick = setInterval(() => {
    send({
      type: "tick",
      sent: phase.sent,
      acked: phase.acked,
      errors: Object.values(phase.refused).reduce((a, b) => a + b, 0) + phase.timeouts + phase.disconnects,
      ackRecentMs: phase.ackRecent,
    });
    phase.ackRecent = [];
  }, 1000);
  // Every contestant on a fixed schedule (no drift): start + phase + k × interval.
  for (const c of people) {
    let at = s.startMs + rand() * s.intervalMs;
    const step = () => {
      if (at >= s.stopMs) return;
      c.timer = setTimeout(
        () => {
          saveOnce(c);
          at += s.intervalMs;
          step();
        },
        Math.max(0, at - Date.now()),
      );
    };
    step();
  }
  await new Promise((r) => setTimeout(r, Math.max(0, s.stopMs - Date.now())));
  // Every save sent gets its ack or its timeout.
  while (people.some((c) => c.inflight)) await new Promise((r) => setTimeout(r, 50));
  clearInterval(tick);
  loop.disable();
  saving = false;
  const cpu = process.cpuUsage(cpu0);
  send({
    type: "result",
    saves: phase.saves,
    ackMs: phase.ackMs,
    refused: phase.refused,
    timeouts: phase.timeouts,
    disconnects: phase.disconnects,
    skipped: phase.skipped,
    cpuS: (cpu.user + cpu.system) / 1e6,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  });
}

function closeAll(): void {
  closing = true;
  for (const c of people) {
    if (c.timer) clearTimeout(c.timer);
    c.socket?.disconnect();
  }
  send({ type: "closed" });
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
    people = m.contestants.map((c) => ({ ...c, socket: null, answered: 0, inflight: false, timer: null }));
  } else if (m.type === "connect") connectAll(m.baseUrl, m.concurrency).catch(fail);
  else if (m.type === "save") saveAll(m).catch(fail);
  else if (m.type === "close") closeAll();
});
// The benchmark stops the run; a Ctrl+C in the terminal must not leave this process behind.
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
