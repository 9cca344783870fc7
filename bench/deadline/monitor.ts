// Where the machine's CPU goes during the deadline benchmark (per process group, from /proc) and
// what PostgreSQL's backends of the benchmark's database wait on (sampled from pg_stat_activity).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import type { Db } from "../../core/platform/db.ts";

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Proc {
  pid: number;
  comm: string;
  pgrp: number;
  ticks: number;
  cmdline: string;
}

export interface Groups {
  serverPgid: number;
  workerPgid: number;
  benchPid: number;
  clientPids: number[];
  dbName: string;
}

export type Group =
  | "server"
  | "worker"
  | "clients"
  | "bench"
  | "pg_bench_db"
  | "pg_other_db"
  | "pg_aux"
  | "redis"
  | "other";

interface Snapshot {
  at: number;
  procs: Map<number, Proc>;
  /** Machine-wide busy and total ticks from /proc/stat. */
  busy: number;
  total: number;
}

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" ");
      const ticks = Number(f[11]) + Number(f[12]);
      let cmdline = "";
      if (comm === "postgres" || comm === "node" || comm.startsWith("npm"))
        cmdline = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
      procs.set(Number(name), { pid: Number(name), comm, pgrp: Number(f[2]), ticks, cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return procs;
}

function readMachine(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((s, x) => s + x, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function snapshot(): Snapshot {
  return { at: Date.now(), procs: readProcs(), ...readMachine() };
}

function groupOf(p: Proc, g: Groups): Group {
  if (p.pgrp === g.serverPgid) return "server";
  if (p.pgrp === g.workerPgid) return "worker";
  if (g.clientPids.includes(p.pid)) return "clients";
  if (p.pid === g.benchPid) return "bench";
  if (p.comm === "postgres") {
    if (p.cmdline.includes(` ${g.dbName} `)) return "pg_bench_db";
    // A backend's title is "postgres: [cluster: ]user database host(port) state"; the rest serve everyone.
    if (/^postgres: (\S+: )?\S+ \S+ (\S+\(\d+\)|\[local\])/.test(p.cmdline)) return "pg_other_db";
    return "pg_aux";
  }
  if (p.comm === "redis-server") return "redis";
  return "other";
}

/** CPU per group between two snapshots, in percent of one core (200 = both cores of a 2-core machine). */
export function cpuBetween(a: Snapshot, b: Snapshot, g: Groups): Record<Group | "machine_busy", number> {
  const seconds = (b.at - a.at) / 1000;
  const out: Record<string, number> = {
    server: 0,
    worker: 0,
    clients: 0,
    bench: 0,
    pg_bench_db: 0,
    pg_other_db: 0,
    pg_aux: 0,
    redis: 0,
    other: 0,
  };
  for (const p of b.procs.values()) {
    const before = a.procs.get(p.pid);
    const delta = p.ticks - (before && before.comm === p.comm ? before.ticks : 0);
    const key = groupOf(p, g);
    out[key] = (out[key] ?? 0) + delta;
  }
  const pct = (ticks: number) => Math.round((ticks / CLK_TCK / seconds) * 1000) / 10;
  const result = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, pct(v)])) as Record<
    Group | "machine_busy",
    number
  >;
  // Machine-wide busy share in the same unit (percent of one core).
  const cores = (b.total - a.total) / CLK_TCK / seconds;
  result.machine_busy = Math.round(((b.busy - a.busy) / (b.total - a.total)) * cores * 1000) / 10;
  // "other" is what the machine did beyond the named groups: processes that came and went between
  // the snapshots (other people's test runs) and the kernel's own work are only seen this way.
  const named = Object.entries(result)
    .filter(([k]) => k !== "other" && k !== "machine_busy")
    .reduce((s, [, v]) => s + v, 0);
  result.other = Math.max(0, Math.round((result.machine_busy - named) * 10) / 10);
  return result;
}

/** CPU seconds a set of processes have used so far (children of the benchmark). */
export function cpuSecondsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // ended
    }
  }
  return ticks / CLK_TCK;
}

/**
 * The node processes that run the server's code: the tsx CLI wrapper and npm are left out, a
 * cluster's primary and its workers are counted.
 */
export function serverProcesses(pgid: number): number {
  let n = 0;
  for (const p of readProcs().values())
    if (
      p.pgrp === pgid &&
      p.comm === "node" &&
      p.cmdline.includes("server/main.ts") &&
      !p.cmdline.includes("tsx/dist/cli") &&
      !p.cmdline.includes(".bin/tsx")
    )
      n++;
  return n;
}

/** Samples pg_stat_activity of one database: how often backends were seen in each state and wait. */
export class PgWaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private client: pg.Client | null = null;

  constructor(
    private readonly url: string,
    private readonly dbName: string,
    private readonly everyMs = 500,
  ) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.url, application_name: "bench-deadline-monitor" });
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ key: string; n: number }>(
        `SELECT coalesce(state, '?') || ' / ' || coalesce(wait_event_type || ':' || wait_event, 'cpu') AS key,
                count(*)::int AS n
         FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'
         GROUP BY 1`,
        [this.dbName],
      );
      this.samples++;
      for (const r of rows) this.counts.set(r.key, (this.counts.get(r.key) ?? 0) + r.n);
    } catch {
      // a missed sample is no news
    } finally {
      this.busy = false;
    }
  }

  /** Mean number of backends per sample in each state / wait, busiest first. */
  summary(): Record<string, number> {
    const entries = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    return Object.fromEntries(
      entries.map(([k, v]) => [k, Math.round((v / Math.max(1, this.samples)) * 100) / 100]),
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}

/** Committed transactions of one database and the rows written to "Answer" (saves that committed). */
export async function writeCounters(db: Db): Promise<{ commits: number; answerWrites: number; at: number }> {
  const rows = await db.$queryRaw<{ commits: number; writes: number }[]>`
    SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::float8 AS commits,
           coalesce((SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'Answer'), 0)::float8
             AS writes`;
  return { commits: rows[0]?.commits ?? 0, answerWrites: rows[0]?.writes ?? 0, at: Date.now() };
}
