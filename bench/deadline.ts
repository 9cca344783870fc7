// Benchmark: 2,000 contestants of one session autosaving box documents over their sockets until a
// shared deadline, then the time until every attempt is scored; the server and worker run as the
// README runs them. Progress lines, then one JSON line. Options: see `opt` below (env variables).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import { createDb, type Db } from "../core/platform/db.ts";
import { ContestantProcesses, percentile } from "./deadline/clients.ts";
import { createBenchDatabase, deleteRedisKeys, newRedisPrefix, REDIS_URL } from "./deadline/database.ts";
import type { Counts } from "./deadline/messages.ts";
import {
  cpuBetween,
  type Groups,
  PgWaitSampler,
  serverProcesses,
  snapshot,
  writeCounters,
} from "./deadline/monitor.ts";
import { seedBench } from "./deadline/seed.ts";
import { freePort, logSummary, type Service, startService, waitHealthy } from "./deadline/stack.ts";

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${v}"`);
  return n;
};

const opt = {
  contestants: num("BENCH_CONTESTANTS", 2000),
  intervalMs: num("BENCH_SAVE_INTERVAL_MS", 2000),
  /** Seconds of steady saving, everyone connected and started, before the deadline. */
  durationS: num("BENCH_DURATION_S", 60),
  items: num("BENCH_ITEMS", 10),
  keepDb: process.env.BENCH_KEEP_DB === "1",
  /** Contestant processes; one Node process on a shared 2-core machine skews its own ack timings. */
  clientProcesses: num("BENCH_CLIENT_PROCESSES", 2),
  /** Clients stop saving this long before the deadline (on the server's clock). */
  stopMarginMs: num("BENCH_STOP_MARGIN_MS", 500),
  ackTimeoutMs: num("BENCH_ACK_TIMEOUT_MS", 10_000),
  startConcurrency: num("BENCH_START_CONCURRENCY", 8),
  connectConcurrency: num("BENCH_CONNECT_CONCURRENCY", 20),
  scoreTimeoutS: num("BENCH_SCORE_TIMEOUT_S", 300),
};

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const round = (n: number | null, digits = 1) =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
const addCounts = (into: Counts, from: Counts) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};
const loadavg = () => os.loadavg().map((l) => round(l, 2));

// Everything that must be undone, whatever happens: filled in as the run goes.
const undo: { name: string; fn: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | null = null;
/** Undoes everything once; a second caller (a signal during a failure) waits for the same work. */
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

/** The server's clock minus this machine's, from the fastest of a few GET /api/time. */
async function clockOffset(baseUrl: string): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const sent = Date.now();
    const res = await fetch(`${baseUrl}/api/time`);
    const body = (await res.json()) as { data: { serverNow: string } };
    const received = Date.now();
    const rtt = received - sent;
    if (rtt < best.rtt) best = { rtt, offset: Date.parse(body.data.serverNow) - (sent + received) / 2 };
  }
  return best.offset;
}

async function statusCounts(db: Db, sessionId: string): Promise<Counts> {
  const rows = await db.$queryRaw<{ status: string; n: number }[]>`
    SELECT status::text AS status, count(*)::int AS n FROM "Attempt"
    WHERE "examSessionId" = ${sessionId} GROUP BY status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function main(): Promise<Record<string, unknown>> {
  const n = opt.contestants;
  const procs = Math.max(1, Math.min(opt.clientProcesses, n));
  log(
    `deadline benchmark: ${n} contestants, a save every ${opt.intervalMs} ms each, ${opt.durationS} s steady, ` +
      `${procs} contestant process(es); load ${loadavg().join(" ")}`,
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
  log(`database ${database.name} migrated; Redis prefix ${prefix}`);

  const db = createDb(database.url, 4);
  undo.push({ name: "disconnect", fn: () => db.$disconnect() });
  const secret = randomBytes(24).toString("hex");
  const seeded = await seedBench(db, {
    contestants: n,
    items: opt.items,
    sessionSecret: secret,
    now: new Date(),
  });
  log(`seeded ${n} contestants, ${seeded.items.length} box items`);

  // The system, the README's way, with whatever else the user set (WEB_CONCURRENCY, pool sizes…).
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "labelarena-bench-deadline-"));
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    SESSION_SECRET: secret,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    // BENCH_PROFILE_DIR: a V8 CPU profile of every server and worker process, written when it stops.
    ...(process.env.BENCH_PROFILE_DIR
      ? {
          BENCH_PROFILE_DIR: path.resolve(process.env.BENCH_PROFILE_DIR),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.resolve("bench/deadline/cpu-profile.cjs")}`,
        }
      : {}),
  };
  const services: Service[] = [];
  undo.push({ name: "stop services", fn: () => Promise.all(services.map((s) => s.stop())) });
  services.push(startService("server", "start:server", env, logDir));
  services.push(startService("worker", "start:worker", env, logDir));
  const [server, worker] = services as [Service, Service];
  await waitHealthy(baseUrl, services);
  const offsetMs = await clockOffset(baseUrl);
  const serverNow = () => Date.now() + offsetMs;
  log(`server healthy on ${baseUrl} (logs in ${logDir}); server clock offset ${offsetMs.toFixed(1)} ms`);

  // A proctor watching the session, as at a real venue: the scores arrive on this socket too.
  let scoredEvents = 0;
  let progressEvents = 0;
  const proctor: Socket = ioClient(`${baseUrl}/proctor`, {
    transports: ["websocket"],
    extraHeaders: { cookie: seeded.proctorCookie },
    reconnection: true,
  });
  undo.push({ name: "proctor socket", fn: async () => proctor.disconnect() });
  proctor.on("attempt:scored", () => scoredEvents++);
  proctor.on("contestant:progress", () => progressEvents++);
  await new Promise<void>((resolve, reject) => {
    proctor.once("connect", () => resolve());
    proctor.once("connect_error", reject);
  });
  const watch = (await proctor
    .timeout(10_000)
    .emitWithAck("session:watch", { sessionId: seeded.sessionId })) as {
    error?: unknown;
  };
  if (watch.error) throw new Error(`session:watch refused: ${JSON.stringify(watch.error)}`);

  const clients = new ContestantProcesses(procs);
  undo.push({ name: "contestant processes", fn: () => clients.stop() });
  const slices = Array.from({ length: procs }, (_, p) =>
    seeded.contestants.slice(Math.floor((p * n) / procs), Math.floor(((p + 1) * n) / procs)),
  );
  for (const [p, contestants] of slices.entries())
    clients.send(p, {
      type: "init",
      baseUrl,
      contestants,
      items: seeded.items,
      seed: 1000 + p,
      ackTimeoutMs: opt.ackTimeoutMs,
      connectConcurrency: Math.max(1, Math.ceil(opt.connectConcurrency / procs)),
    });
  const connected = await clients.collect("connected", 300_000);
  const connectFailed: Counts = {};
  for (const c of connected) addCounts(connectFailed, c.failed);
  const connectedOk = connected.reduce((s, c) => s + c.ok, 0);
  log(
    `${connectedOk}/${n} sockets connected in ${(Math.max(...connected.map((c) => c.ms)) / 1000).toFixed(1)} s` +
      (sum(connectFailed) ? `; failed: ${JSON.stringify(connectFailed)}` : ""),
  );

  // The deadline T: after the starts (budgeted) and the steady phase, on a whole second. The session
  // opens far enough before T that every start falls inside it; the late-start window spans it all.
  const startBudgetMs = 5000 + n * 20;
  const now = serverNow();
  const deadline = Math.ceil((now + startBudgetMs + opt.durationS * 1000) / 1000) * 1000;
  const durationMinutes = Math.ceil((deadline - now) / 60_000) + 1;
  await db.examSession.update({
    where: { id: seeded.sessionId },
    data: {
      startsAt: new Date(deadline - durationMinutes * 60_000),
      durationMinutes,
      lateStartMinutes: durationMinutes,
    },
  });
  log(`deadline T = ${new Date(deadline).toISOString()} (server clock); starting the attempts`);

  const startT0 = Date.now();
  clients.broadcast({ type: "start", concurrency: Math.max(1, Math.ceil(opt.startConcurrency / procs)) });
  const started = await clients.collect("started", startBudgetMs + 60_000);
  const startFailed: Counts = {};
  for (const s of started) addCounts(startFailed, s.failed);
  const startLat = started.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const startedRows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Attempt" WHERE "examSessionId" = ${seeded.sessionId}
      AND status = 'IN_PROGRESS' AND "deadlineAt" = ${new Date(deadline)}`;
  const inProgressAtT = startedRows[0]?.n ?? 0;
  log(
    `${started.reduce((s, x) => s + x.ok, 0)}/${n} attempts started in ${((Date.now() - startT0) / 1000).toFixed(1)} s ` +
      `(POST p50 ${round(percentile(startLat, 0.5))} ms, p99 ${round(percentile(startLat, 0.99))} ms); ` +
      `${inProgressAtT} in progress with deadlineAt = T` +
      (sum(startFailed) ? `; failed: ${JSON.stringify(startFailed)}` : ""),
  );

  // Steady phase: the last BENCH_DURATION_S before T (later if the starts overran their budget).
  const steadyStart = Math.max(deadline - opt.durationS * 1000, serverNow() + 500);
  const stopAt = deadline - opt.stopMarginMs;
  if (steadyStart >= stopAt - 1000) throw new Error("starting the attempts overran the deadline");
  await sleep(steadyStart - serverNow() - 300);
  const groups: Groups = {
    serverPgid: server.pgid,
    workerPgid: worker.pgid,
    benchPid: process.pid,
    clientPids: clients.pids,
    dbName: database.name,
  };
  clients.broadcast({
    type: "save",
    steadyStartMs: steadyStart - offsetMs,
    stopMs: stopAt - offsetMs,
    deadlineMs: deadline - offsetMs,
    intervalMs: opt.intervalMs,
  });
  await sleep(steadyStart - serverNow());
  const waits = new PgWaitSampler(database.url, database.name);
  await waits.start();
  undo.push({ name: "pg sampler", fn: () => waits.stop() });
  const cpuStart = snapshot();
  const writesStart = await writeCounters(db);
  const serverProcs = serverProcesses(server.pgid);
  log(`saving until T − ${opt.stopMarginMs} ms; ${serverProcs} server process(es)`);
  let last = { at: Date.now(), acked: 0, snap: cpuStart, writes: writesStart };
  const progress = setInterval(
    async () => {
      const ticks = clients.ticks.filter((t) => t !== null);
      const acked = ticks.reduce((s, t) => s + t.acked, 0);
      const recent = ticks.flatMap((t) => t.recentMs).sort((a, b) => a - b);
      const snap = snapshot();
      const cpu = cpuBetween(last.snap, snap, groups);
      const rate = (acked - last.acked) / ((Date.now() - last.at) / 1000);
      const writes = await writeCounters(db).catch(() => last.writes);
      const writeRate =
        (writes.answerWrites - last.writes.answerWrites) / ((writes.at - last.writes.at) / 1000);
      log(
        `T${((serverNow() - deadline) / 1000).toFixed(0)}s acked ${acked} (${rate.toFixed(0)}/s; ` +
          `answers written ${writeRate.toFixed(0)}/s) ` +
          `last-second p50 ${round(percentile(recent, 0.5))} p99 ${round(percentile(recent, 0.99))} ms, ` +
          `errors ${ticks.reduce((s, t) => s + t.errors, 0)}, timeouts ${ticks.reduce((s, t) => s + t.timeouts, 0)}, ` +
          `in flight ${ticks.reduce((s, t) => s + t.inflight, 0)} | cpu% server ${cpu.server} worker ${cpu.worker} ` +
          `clients ${cpu.clients} pg ${round(cpu.pg_bench_db + cpu.pg_aux)} redis ${cpu.redis} ` +
          `others ${round(cpu.pg_other_db + cpu.other + cpu.bench)} (busy ${cpu.machine_busy}/${os.availableParallelism() * 100}) | load ${loadavg()[0]}`,
      );
      last = { at: Date.now(), acked, snap, writes };
    },
    Number(process.env.BENCH_REPORT_MS ?? 5000),
  );
  const resultsPromise = clients.collect("result", deadline - serverNow() + opt.ackTimeoutMs + 60_000);
  await sleep(stopAt - serverNow());
  const cpuStop = snapshot();
  const writesStop = await writeCounters(db);
  const loadAtStop = loadavg();
  await waits.stop();
  const steadyCpu = cpuBetween(cpuStart, cpuStop, groups);
  clearInterval(progress);

  // After T: every attempt frozen by the deadline and scored; poll PostgreSQL.
  await sleep(deadline - serverNow());
  const results = await resultsPromise;
  const cpuAtT = snapshot();
  let allClosedS: number | null = null;
  let counts: Counts = {};
  let lastLog = 0;
  const scoreUntil = deadline + opt.scoreTimeoutS * 1000;
  for (;;) {
    counts = await statusCounts(db, seeded.sessionId);
    const open = (counts.IN_PROGRESS ?? 0) + (counts.FROZEN ?? 0);
    if (allClosedS === null && (counts.IN_PROGRESS ?? 0) === 0) allClosedS = (serverNow() - deadline) / 1000;
    if (Date.now() - lastLog > 2000) {
      lastLog = Date.now();
      log(`T+${((serverNow() - deadline) / 1000).toFixed(1)}s attempts ${JSON.stringify(counts)}`);
    }
    if (open === 0 || serverNow() > scoreUntil) break;
    await sleep(200);
  }
  const scoringCpu = cpuBetween(cpuAtT, snapshot(), groups);
  const scoredAll = (counts.IN_PROGRESS ?? 0) + (counts.FROZEN ?? 0) === 0 && !counts.SCORING_FAILED;
  const lastScore = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT max(sv."createdAt") AS at FROM "ScoreVersion" sv JOIN "Attempt" a ON a.id = sv."attemptId"
    WHERE a."examSessionId" = ${seeded.sessionId}`;
  const lastScoreAt = lastScore[0]?.at?.getTime() ?? null;
  const allScoredS = scoredAll && lastScoreAt !== null ? (lastScoreAt - deadline) / 1000 : null;
  log(
    scoredAll
      ? `all attempts scored; last score at T+${allScoredS?.toFixed(2)} s`
      : `NOT all attempts scored: ${JSON.stringify(counts)}`,
  );

  // Lost: an acked save whose revision (or a later one) PostgreSQL does not hold.
  const stored = await db.$queryRaw<{ attemptId: string; itemId: string; revision: number }[]>`
    SELECT a."attemptId", a."itemId", a.revision FROM "Answer" a JOIN "Attempt" t ON t.id = a."attemptId"
    WHERE t."examSessionId" = ${seeded.sessionId} AND a."itemId" IS NOT NULL`;
  const storedRev = new Map(stored.map((r) => [`${r.attemptId}|${r.itemId}`, r.revision]));
  let lost = 0;
  const maxAcked = new Map<string, number>();
  results.forEach((r, p) => {
    const slice = slices[p] ?? [];
    for (let k = 0; k < r.ackedTriples.length; k += 3) {
      const attemptId = slice[r.ackedTriples[k] as number]?.attemptId;
      const itemId = seeded.items[r.ackedTriples[k + 1] as number]?.id;
      const revision = r.ackedTriples[k + 2] as number;
      const key = `${attemptId}|${itemId}`;
      if ((storedRev.get(key) ?? 0) < revision) lost++;
      maxAcked.set(key, Math.max(maxAcked.get(key) ?? 0, revision));
    }
  });
  // Saves that timed out here but were committed: not lost, not acked, worth knowing.
  let storedBeyondAck = 0;
  for (const [key, rev] of storedRev) if (rev > (maxAcked.get(key) ?? 0)) storedBeyondAck++;

  clients.broadcast({ type: "close" });
  const closed = await clients.collect("closed", 30_000);
  const clientCpuTotal = closed.reduce((s, c) => s + c.cpuTotalS, 0);
  const lastClosed = Math.max(...closed.map((c) => c.lastClosedAtMs ?? 0));
  const closedEvents = closed.reduce((s, c) => s + c.closedEvents, 0);

  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  // The same without the first seconds, when every contestant's first save of the run arrives at
  // once on a cold server: an extra that shows the steady state, never instead of the figures above.
  const warmS = 10;
  const afterWarmUp = results
    .flatMap((r) => r.latenciesMs.filter((_, i) => (r.sentAtS[i] ?? 0) >= warmS))
    .sort((a, b) => a - b);
  const acked = results.reduce((s, r) => s + r.acked, 0);
  const refused: Counts = {};
  for (const r of results) addCounts(refused, r.refused);
  const timeouts = results.reduce((s, r) => s + r.timeouts, 0);
  const disconnects = results.reduce((s, r) => s + r.disconnects, 0);
  const saveErrors = sum(refused) + timeouts + disconnects;
  const setupErrors = sum(connectFailed) + sum(startFailed);
  const steadyS = (stopAt - steadyStart) / 1000;
  // What the server got done, acked in time or not: the saves PostgreSQL committed.
  const answerWrites = writesStop.answerWrites - writesStart.answerWrites;
  const commitSeconds = (writesStop.at - writesStart.at) / 1000;
  const cpuMsPerWrite = (pct: number) => round((pct * 10 * commitSeconds) / Math.max(1, answerWrites), 2);
  const serverLog = logSummary(server);
  const workerLog = logSummary(worker);
  for (const [name, s] of [
    ["server", serverLog],
    ["worker", workerLog],
  ] as const)
    if (s.samples.length)
      log(`${name} log (${s.error} error, ${s.warn} warn lines):\n  ${s.samples.join("\n  ")}`);
  const crashed = services.filter((s) => s.exited).map((s) => `${s.name} ${JSON.stringify(s.exited)}`);
  if (crashed.length) log(`services that ended by themselves: ${crashed.join(", ")}`);

  return {
    saves_per_s: round(acked / steadyS),
    ack_p50_ms: round(percentile(latencies, 0.5)),
    ack_p99_ms: round(percentile(latencies, 0.99)),
    errors: saveErrors + setupErrors,
    lost,
    all_scored_s: round(allScoredS, 2),
    contestants: n,
    duration_s: round(steadyS),
    sent: results.reduce((s, r) => s + r.sent, 0),
    acked,
    ack_max_ms: round(latencies.at(-1) ?? null),
    ack_p50_ms_after_10s: round(percentile(afterWarmUp, 0.5)),
    ack_p99_ms_after_10s: round(percentile(afterWarmUp, 0.99)),
    timeouts,
    disconnects,
    refused,
    connect_failed: connectFailed,
    start_failed: startFailed,
    late_refused: results.reduce((s, r) => s + r.lateRefused, 0),
    duplicates: results.reduce((s, r) => s + r.duplicates, 0),
    skipped: results.reduce((s, r) => s + r.skipped, 0),
    stored_beyond_ack: storedBeyondAck,
    attempts_at_end: counts,
    all_closed_s: round(allClosedS, 2),
    closed_events: closedEvents,
    last_closed_event_s: lastClosed ? round((lastClosed + offsetMs - deadline) / 1000, 2) : null,
    scored_events: scoredEvents,
    progress_events: progressEvents,
    server_processes: serverProcs,
    client_processes: procs,
    client_cpu_s: round(
      results.reduce((s, r) => s + r.cpuSteadyS, 0),
      2,
    ),
    client_cpu_total_s: round(clientCpuTotal, 2),
    client_loop_delay_p99_ms: round(Math.max(...results.map((r) => r.loopDelayP99Ms))),
    answers_written_per_s: round(answerWrites / commitSeconds),
    db_commits_per_s: round((writesStop.commits - writesStart.commits) / commitSeconds),
    cpu_ms_per_answer_written: {
      server: cpuMsPerWrite(steadyCpu.server),
      postgres: cpuMsPerWrite(steadyCpu.pg_bench_db + steadyCpu.pg_aux),
      clients: cpuMsPerWrite(steadyCpu.clients),
      redis: cpuMsPerWrite(steadyCpu.redis),
    },
    cpu_pct_steady: steadyCpu,
    cpu_pct_scoring: scoringCpu,
    pg_active_backends_steady: waits.summary(),
    load_avg_at_stop: loadAtStop,
    server_log: { error: serverLog.error, warn: serverLog.warn },
    worker_log: { error: workerLog.error, warn: workerLog.warn },
    services_crashed: crashed,
  };
}

let figures: Record<string, unknown>;
let code = 0;
try {
  figures = await main();
} catch (e) {
  log(`FAILED: ${(e as Error).stack ?? e}`);
  figures = { error: String((e as Error).message ?? e) };
  code = 1;
}
await cleanup();
console.log(JSON.stringify(figures));
process.exit(code);
