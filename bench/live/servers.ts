// The processes the live benchmark measures: a LabelArena server process (`server/main.ts` run on
// its own, as one of the cluster's processes runs it, listening on its port) or the bare Socket.IO
// relay. Each is one node process with its own log file, so its CPU and memory are its own.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { serverNodeFlags } from "../../server/node-flags.ts";

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  logFile: string;
  /** Set when the process ended before we asked it to. */
  exited: { code: number | null; signal: string | null } | null;
  stop(): Promise<void>;
}

export function startNode(
  name: string,
  entry: string,
  port: number,
  env: NodeJS.ProcessEnv,
  logDir: string,
): NodeProcess {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, "a");
  // The flags `npm run start:server` gives its server processes, then BENCH_SERVER_FLAGS (e.g. --trace-gc).
  const flags = [
    ...(entry === "server/main.ts" ? serverNodeFlags(env) : []),
    ...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean),
  ];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", entry], {
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  let stopping = false;
  const proc: NodeProcess = {
    name,
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    logFile,
    exited: null,
    async stop() {
      if (stopping || child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await done;
      clearTimeout(timer);
    },
  };
  child.once("exit", (code, signal) => {
    if (!stopping) proc.exited = { code, signal };
  });
  return proc;
}

/** Waits until GET `path` answers 200, or fails with the tail of the process's log. */
export async function waitReady(p: NodeProcess, urlPath = "/api/health", timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (p.exited) throw new Error(`${p.name} exited during start (${JSON.stringify(p.exited)}):\n${tail(p)}`);
    try {
      const res = await fetch(`${p.baseUrl}${urlPath}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${p.name} not ready at ${p.baseUrl} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function tail(p: NodeProcess, lines = 30): string {
  try {
    return fs.readFileSync(p.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
