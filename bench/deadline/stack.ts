// Runs the system the README's way for the deadline benchmark: `npm run start:server` and
// `npm run start:worker` as child processes, each in its own process group with its own log file.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface Service {
  name: string;
  child: ChildProcess;
  /** The process group: npm, the shell, tsx and every process the script forks (cluster workers). */
  pgid: number;
  logFile: string;
  /** Set when the process ended before we asked it to. */
  exited: { code: number | null; signal: string | null } | null;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function startService(name: string, script: string, env: NodeJS.ProcessEnv, logDir: string): Service {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, "a");
  // detached: a group of its own, so stopping it reaches every process the script starts, and a
  // Ctrl+C in the terminal reaches only the benchmark, which then stops the services in order.
  const child = spawn("npm", ["run", "--silent", script], {
    env,
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`${name} did not start`);
  let stopping = false;
  const service: Service = {
    name,
    child,
    pgid,
    logFile,
    exited: null,
    async stop() {
      if (stopping) return;
      stopping = true;
      // The whole group, npm included; then wait for every process in it to finish its graceful
      // stop (their own grace is 15 to 30 s), since npm may exit before the node processes under it.
      signalGroup(pgid, "SIGTERM");
      const until = Date.now() + 35_000;
      while (groupAlive(pgid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      signalGroup(pgid, "SIGKILL");
    },
  };
  child.once("exit", (code, signal) => {
    if (!stopping) service.exited = { code, signal };
  });
  return service;
}

/** Whether any process of the group is still there (field 5 of /proc/<pid>/stat is the group). */
function groupAlive(pgid: number): boolean {
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
    } catch {
      // ended while we looked
    }
  }
  return false;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/** Waits until GET /api/health answers 200, or fails with the tail of the service's log. */
export async function waitHealthy(baseUrl: string, services: Service[], timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const s of services)
      if (s.exited)
        throw new Error(`${s.name} exited during start (${JSON.stringify(s.exited)}):\n${tail(s)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`no healthy server at ${baseUrl} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function tail(s: Service, lines = 30): string {
  try {
    return fs.readFileSync(s.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** What a service wrote to its log at warn level or above (pino JSON lines), summarised. */
export function logSummary(s: Service): { warn: number; error: number; other: number; samples: string[] } {
  const counts = { warn: 0, error: 0, other: 0 };
  const seen = new Map<string, number>();
  let text = "";
  try {
    text = fs.readFileSync(s.logFile, "utf8");
  } catch {
    return { ...counts, samples: [] };
  }
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let key: string;
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; err?: unknown };
      const level = j.level ?? 0;
      if (level >= 50) counts.error++;
      else if (level >= 40) counts.warn++;
      else counts.other++;
      key = `${level >= 50 ? "error" : level >= 40 ? "warn" : "info"}: ${j.msg ?? ""} ${
        j.err ? JSON.stringify(j.err).slice(0, 200) : ""
      }`.trim();
    } catch {
      counts.other++;
      key = `text: ${line.slice(0, 200)}`;
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const samples = [...seen.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, n]) => `${n}× ${k}`);
  return { ...counts, samples };
}
