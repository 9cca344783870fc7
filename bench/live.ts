// Benchmark: a venue's proctor console at scale. 5,000 contestant sockets of one session each save a
// new item every 10 s (500 saves/s), one proctor watches; measured: from a contestant's save to the
// proctor receiving the attempt's new progress (coalescing included), the server's CPU and memory,
// and the proctor's messages per second. Three phases in one run: one server process; two server
// processes sharing rooms through the Redis adapter (contestants on one, the proctor on the other);
// a bare Socket.IO relay with no database (the baseline). Progress lines, then one JSON line.
// `--quick`: a smoke run (200 sockets, a save every 2 s, a few seconds per phase). Options: `opt`.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { io as ioClient, type Socket } from "socket.io-client";
import { createDb } from "../core/platform/db.ts";
import { createBenchDatabase, deleteRedisKeys, newRedisPrefix, REDIS_URL } from "./deadline/database.ts";
import { cpuBetween, snapshot } from "./deadline/monitor.ts";
import { freePort } from "./deadline/stack.ts";
import { ContestantProcesses } from "./live/clients.ts";
import type { Counts, LiveContestant } from "./live/messages.ts";
import { cpuPct, matchSaves, ProgressLog, percentile, round, usageOf } from "./live/metrics.ts";
import { seedLive } from "./live/seed.ts";
import { type NodeProcess, startNode, tail, waitReady } from "./live/servers.ts";

const quick = process.argv.includes("--quick");
const num = (name: string, full: number, smoke: number) => {
  const v = process.env[name];
  if (v === undefined || v === "") return quick ? smoke : full;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${v}"`);
  return n;
};

const opt = {
  contestants: num("BENCH_CONTESTANTS", 5000, 200),
  intervalMs: num("BENCH_SAVE_INTERVAL_MS", 10_000, 2000),
  /** Seconds measured per phase, after the warm-up. */
  durationS: num("BENCH_DURATION_S", 25, 6),
  /** Seconds of saving before the measurement starts in each phase (every contestant saves once). */
  warmupS: num("BENCH_WARMUP_S", 5, 2),
  /** Contestant processes: one Node process driving 5,000 sockets on a 2-core machine skews its timings. */
  clientProcesses: num("BENCH_CLIENT_PROCESSES", 2, 1),
  connectConcurrency: num("BENCH_CONNECT_CONCURRENCY", 80, 20),
  ackTimeoutMs: num("BENCH_ACK_TIMEOUT_MS", 10_000, 10_000),
  phases: (process.env.BENCH_PHASES ?? "one,two,echo").split(",").map((s) => s.trim()),
  keepDb: process.env.BENCH_KEEP_DB === "1",
};

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const epochMs = () => performance.timeOrigin + performance.now();
const loadavg = () => os.loadavg().map((l) => round(l, 2));
const addCounts = (into: Counts, from: Counts) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};
const sum = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);

// Everything that must be undone, whatever happens: filled in as the run goes.
const undo: { name: string; fn: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const u of undo.reverse()) {
      try {
        await u.fn();
      } catch (e) {
        log(`cleanup: ${u.name} failed: ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    log(`${signal}: stopping and cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });

interface PhaseFigures {
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  matched: number;
  missing: number;
  save_errors: number;
  connect_failed: number;
  saves_per_s: number | null;
  ack_p50_ms: number | null;
  ack_p99_ms: number | null;
  server_cpu_pct: number | null;
  server_rss_mb: number | null;
  proctor_msgs_per_s: number | null;
  proctor_loop_delay_p99_ms: number | null;
  client_cpu_pct: number | null;
  /** From the acknowledgement of a save to its progress at the proctor: what the fan-out adds. */
  after_ack_p50_ms: number | null;
  after_ack_p99_ms: number | null;
  /** Where the machine's CPU went while measuring, percent of one core (others: other people's work). */
  cpu_pct: Record<string, number>;
  machine_load: (number | null)[];
}

/** The proctor's socket: watches the session and notes when each answered count first arrives. */
async function watchAs(url: string, cookie: string, sessionId: string, index: Map<string, number>) {
  const progress = new ProgressLog();
  let messages = 0;
  const socket: Socket = ioClient(`${url}/proctor`, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  socket.onAny(() => messages++);
  socket.on("contestant:progress", (e: { attemptId: string; answered: number }) => {
    const i = index.get(e.attemptId);
    if (i !== undefined) progress.seen(i, e.answered, epochMs());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const watch = (await socket.timeout(30_000).emitWithAck("session:watch", { sessionId })) as {
    error?: unknown;
  };
  if (watch.error) throw new Error(`session:watch refused: ${JSON.stringify(watch.error)}`);
  return { socket, progress, messages: () => messages };
}

async function runPhase(
  name: string,
  clients: ContestantProcesses,
  contestantUrl: string,
  proctorUrl: string,
  servers: NodeProcess[],
  watchArgs: { cookie: string; sessionId: string; index: Map<string, number>; dbName: string },
  resetCount: boolean,
): Promise<PhaseFigures> {
  const proctor = await watchAs(proctorUrl, watchArgs.cookie, watchArgs.sessionId, watchArgs.index);
  const connectT0 = Date.now();
  clients.broadcast({
    type: "connect",
    baseUrl: contestantUrl,
    concurrency: Math.max(1, Math.ceil(opt.connectConcurrency / clients.children.length)),
  });
  const connected = await clients.collect("connected", 600_000);
  const connectFailed: Counts = {};
  for (const c of connected) addCounts(connectFailed, c.failed);
  log(
    `${name}: ${connected.reduce((s, c) => s + c.ok, 0)}/${opt.contestants} contestant sockets on ${contestantUrl} ` +
      `in ${((Date.now() - connectT0) / 1000).toFixed(1)} s, proctor on ${proctorUrl}` +
      (sum(connectFailed) ? `; failed: ${JSON.stringify(connectFailed)}` : ""),
  );
  await sleep(1000);

  const startMs = Date.now() + 500;
  const fromMs = startMs + opt.warmupS * 1000;
  const stopMs = fromMs + opt.durationS * 1000;
  clients.broadcast({ type: "save", startMs, stopMs, intervalMs: opt.intervalMs, resetCount });
  const pids = servers.map((s) => s.pid);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  await sleep(fromMs - Date.now());
  loop.enable();
  const u0 = usageOf(pids);
  const c0 = usageOf(clients.pids);
  const groups = {
    serverPgid: servers[0]?.pid ?? -1,
    workerPgid: servers[1]?.pid ?? -1,
    benchPid: process.pid,
    clientPids: clients.pids,
    dbName: watchArgs.dbName,
  };
  const s0 = snapshot();
  const m0 = proctor.messages();
  let rssMax = u0.rssMb;
  let last = { u: u0, m: m0, at: Date.now() };
  const report = setInterval(() => {
    const u = usageOf(pids);
    rssMax = Math.max(rssMax, u.rssMb);
    const m = proctor.messages();
    const ticks = clients.ticks.filter((t) => t !== null);
    const recent = ticks.flatMap((t) => t.ackRecentMs).sort((a, b) => a - b);
    log(
      `${name}: acked ${ticks.reduce((s, t) => s + t.acked, 0)}, errors ${ticks.reduce((s, t) => s + t.errors, 0)}, ` +
        `last-second ack p99 ${round(percentile(recent, 0.99))} ms | proctor ${((m - last.m) / ((Date.now() - last.at) / 1000)).toFixed(0)} msgs/s | ` +
        `server cpu ${cpuPct(last.u, u).toFixed(0)}% rss ${u.rssMb.toFixed(0)} MB | load ${loadavg()[0]}`,
    );
    last = { u, m, at: Date.now() };
  }, 5000);
  await sleep(stopMs - Date.now());
  clearInterval(report);
  const u1 = usageOf(pids);
  const c1 = usageOf(clients.pids);
  const cpu = cpuBetween(s0, snapshot(), groups);
  const m1 = proctor.messages();
  loop.disable();
  rssMax = Math.max(rssMax, u1.rssMb);
  const results = await clients.collect("result", opt.ackTimeoutMs + 60_000);
  // The last saves' progress: a moment for it to arrive (saves after stopMs are not counted).
  await sleep(2000);
  proctor.socket.disconnect();

  const saves = results.flatMap((r) => r.saves);
  const matched = matchSaves(saves, proctor.progress, fromMs, stopMs);
  const ack = results.flatMap((r) => r.ackMs).sort((a, b) => a - b);
  const refused: Counts = {};
  for (const r of results) addCounts(refused, r.refused);
  const errors =
    sum(refused) + results.reduce((s, r) => s + r.timeouts + r.disconnects, 0) + matched.notAcked;
  if (process.env.BENCH_TRACE_DIR) traceSaves(name, saves, proctor.progress, fromMs, stopMs);
  const lat = matched.latenciesMs;
  const seconds = (stopMs - fromMs) / 1000;
  const figures: PhaseFigures = {
    p50_ms: round(percentile(lat, 0.5)),
    p95_ms: round(percentile(lat, 0.95)),
    p99_ms: round(percentile(lat, 0.99)),
    max_ms: round(lat.at(-1) ?? null),
    matched: lat.length,
    missing: matched.missing,
    save_errors: errors,
    connect_failed: sum(connectFailed),
    saves_per_s: round((lat.length + matched.missing + matched.notAcked) / seconds),
    ack_p50_ms: round(percentile(ack, 0.5)),
    ack_p99_ms: round(percentile(ack, 0.99)),
    server_cpu_pct: round(cpuPct(u0, u1)),
    server_rss_mb: round(rssMax),
    proctor_msgs_per_s: round((m1 - m0) / seconds),
    proctor_loop_delay_p99_ms: round(loop.percentile(99) / 1e6),
    client_cpu_pct: round(cpuPct(c0, c1)),
    after_ack_p50_ms: round(percentile(matched.afterAckMs, 0.5)),
    after_ack_p99_ms: round(percentile(matched.afterAckMs, 0.99)),
    cpu_pct: {
      server: cpu.server + cpu.worker,
      postgres: round(cpu.pg_bench_db + cpu.pg_aux) ?? 0,
      redis: cpu.redis,
      clients: cpu.clients,
      bench: cpu.bench,
      others: round(cpu.pg_other_db + cpu.other) ?? 0,
      machine_busy: cpu.machine_busy,
    },
    machine_load: loadavg(),
  };
  log(
    `${name}: save → progress p50 ${figures.p50_ms} p95 ${figures.p95_ms} p99 ${figures.p99_ms} max ${figures.max_ms} ms ` +
      `over ${figures.matched} saves (${figures.saves_per_s}/s), missing ${figures.missing}, errors ${errors}` +
      (sum(refused) ? ` ${JSON.stringify(refused)}` : "") +
      `; ack p99 ${figures.ack_p99_ms} ms; server cpu ${figures.server_cpu_pct}% rss ${figures.server_rss_mb} MB; ` +
      `proctor ${figures.proctor_msgs_per_s} msgs/s; after the ack p50 ${figures.after_ack_p50_ms} p99 ${figures.after_ack_p99_ms} ms; ` +
      `cpu% ${JSON.stringify(figures.cpu_pct)}`,
  );
  return figures;
}

/**
 * BENCH_TRACE_DIR: per 100 ms of the measured window (by sending time), the saves sent, the slowest
 * acknowledgement and the slowest save → progress, as CSV: to see whether the tail is a few stalls
 * or spread out.
 */
function traceSaves(
  name: string,
  saves: readonly number[],
  progress: ProgressLog,
  fromMs: number,
  toMs: number,
) {
  const buckets = new Map<number, { n: number; ack: number; lat: number }>();
  for (let i = 0; i + 4 < saves.length; i += 5) {
    const sentAt = saves[i + 2] as number;
    if (sentAt < fromMs || sentAt >= toMs || saves[i + 3] !== 1) continue;
    const at = progress.reached(saves[i] as number, saves[i + 1] as number);
    const k = Math.floor((sentAt - fromMs) / 100);
    const b = buckets.get(k) ?? { n: 0, ack: 0, lat: 0 };
    b.n++;
    b.ack = Math.max(b.ack, (saves[i + 4] as number) - sentAt);
    if (at !== null) b.lat = Math.max(b.lat, at - sentAt);
    buckets.set(k, b);
  }
  const dir = path.resolve(process.env.BENCH_TRACE_DIR ?? ".");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/\W+/g, "-")}.csv`);
  const rows = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  fs.writeFileSync(
    file,
    `t_ms,saves,max_ack_ms,max_latency_ms\n${rows.map(([k, b]) => `${k * 100},${b.n},${round(b.ack)},${round(b.lat)}`).join("\n")}\n`,
  );
  log(`trace: ${file}`);
}

async function main(): Promise<Record<string, unknown>> {
  const n = opt.contestants;
  const procs = Math.max(1, Math.min(opt.clientProcesses, n));
  // Each contestant saves a new item each time: enough items for every database phase.
  const perPhase = Math.ceil(((opt.warmupS + opt.durationS) * 1000) / opt.intervalMs) + 2;
  const items = perPhase * opt.phases.filter((p) => p !== "echo").length + 2;
  log(
    `live benchmark${quick ? " (quick)" : ""}: ${n} contestants, a save every ${opt.intervalMs} ms each ` +
      `(${Math.round((n * 1000) / opt.intervalMs)} saves/s), ${opt.warmupS} s warm-up + ${opt.durationS} s measured ` +
      `per phase (${opt.phases.join(", ")}), ${procs} contestant process(es); ${os.availableParallelism()} cores, ` +
      `load ${loadavg().join(" ")}`,
  );

  const database = await createBenchDatabase();
  undo.push({
    name: "drop database",
    fn: async () => {
      if (opt.keepDb) log(`kept database ${database.name} (BENCH_KEEP_DB=1): ${database.url}`);
      else await database.drop();
    },
  });
  const prefix = newRedisPrefix();
  undo.push({ name: "delete Redis keys", fn: () => deleteRedisKeys(prefix) });
  const db = createDb(database.url, 4);
  undo.push({ name: "disconnect", fn: () => db.$disconnect() });
  const secret = randomBytes(24).toString("hex");
  const seeded = await seedLive(db, { contestants: n, items, sessionSecret: secret, now: new Date() });
  log(`database ${database.name}: ${n} contestants in progress, ${items} box items; Redis prefix ${prefix}`);

  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "labelarena-bench-live-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SESSION_SECRET: secret,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    NODE_ENV: "production",
    // BENCH_PROFILE_DIR: a V8 CPU profile of every server process, written when it stops.
    ...(process.env.BENCH_PROFILE_DIR
      ? {
          BENCH_PROFILE_DIR: path.resolve(process.env.BENCH_PROFILE_DIR),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.resolve("bench/deadline/cpu-profile.cjs")}`,
        }
      : {}),
  };
  const running: NodeProcess[] = [];
  undo.push({ name: "stop servers", fn: () => Promise.all(running.map((s) => s.stop())) });
  const start = async (name: string, entry: string, ready = "/api/health") => {
    const p = startNode(name, entry, await freePort(), env, logDir);
    running.push(p);
    await waitReady(p, ready);
    return p;
  };
  const stopAll = async () => {
    const list = running.splice(0);
    const crashed = list
      .filter((p) => p.exited)
      .map((p) => `${p.name} ${JSON.stringify(p.exited)}\n${tail(p)}`);
    await Promise.all(list.map((p) => p.stop()));
    if (crashed.length) throw new Error(`server ended during the run: ${crashed.join("\n")}`);
  };

  const contestants: LiveContestant[] = seeded.contestants.map((c, index) => ({ index, ...c }));
  const index = new Map(contestants.map((c) => [c.attemptId, c.index]));
  const clients = new ContestantProcesses(procs);
  undo.push({ name: "contestant processes", fn: () => clients.stop() });
  for (let p = 0; p < procs; p++)
    clients.send(p, {
      type: "init",
      contestants: contestants.slice(Math.floor((p * n) / procs), Math.floor(((p + 1) * n) / procs)),
      items: seeded.items,
      seed: 2000 + p,
      ackTimeoutMs: opt.ackTimeoutMs,
    });
  const watch = { cookie: seeded.proctorCookie, sessionId: seeded.sessionId, index, dbName: database.name };
  log(`server logs in ${logDir}`);

  const out: Record<string, PhaseFigures> = {};
  for (const phase of opt.phases) {
    if (phase === "one") {
      const a = await start("server-a", "server/main.ts");
      out.one = await runPhase("one server", clients, a.baseUrl, a.baseUrl, [a], watch, false);
    } else if (phase === "two") {
      const a = await start("server-a", "server/main.ts");
      const b = await start("server-b", "server/main.ts");
      out.two = await runPhase("two servers", clients, a.baseUrl, b.baseUrl, [a, b], watch, false);
    } else if (phase === "echo") {
      const e = await start("echo", "bench/live/echo-server.ts", "/health");
      out.echo = await runPhase("bare relay", clients, e.baseUrl, e.baseUrl, [e], watch, true);
    } else throw new Error(`unknown phase "${phase}" (one, two, echo)`);
    await stopAll();
  }
  clients.broadcast({ type: "close" });
  await clients.collect("closed", 30_000).catch(() => []);

  const one = out.one;
  const errors = Object.values(out).reduce((s, f) => s + f.save_errors + f.missing + f.connect_failed, 0);
  return {
    p50_ms: one?.p50_ms ?? null,
    p95_ms: one?.p95_ms ?? null,
    p99_ms: one?.p99_ms ?? null,
    server_cpu_pct: one?.server_cpu_pct ?? null,
    server_rss_mb: one?.server_rss_mb ?? null,
    proctor_msgs_per_s: one?.proctor_msgs_per_s ?? null,
    two_nodes_p99_ms: out.two?.p99_ms ?? null,
    baseline_echo_p99_ms: out.echo?.p99_ms ?? null,
    saves_per_s: one?.saves_per_s ?? null,
    errors,
    contestants: n,
    save_interval_ms: opt.intervalMs,
    measured_s_per_phase: opt.durationS,
    phases: out,
    cores: os.availableParallelism(),
  };
}

let figures: Record<string, unknown>;
let code = 0;
try {
  figures = await main();
} catch (e) {
  log(`FAILED: ${(e as Error).stack ?? e}`);
  figures = { error: String((e as Error).message ?? e).slice(0, 1000) };
  code = 1;
}
await cleanup();
console.log(JSON.stringify(figures));
process.exit(code);
