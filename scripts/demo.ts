// `npm run demo`: PostgreSQL and Redis (Docker Compose if needed), database, migrations, demo seed,
// client build, then the server and the worker as child processes until Ctrl+C. Also exports the
// small process supervisor that scripts/dev.ts uses.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig } from "../core/config.ts";
import { DEMO_ACCOUNTS } from "../prisma/demo-accounts.ts";
import { ensureDatabase, ensureServices, ServiceError } from "./services.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const VITE_CLI = path.join(ROOT, "node_modules/vite/bin/vite.js");
/** How long children get to stop after SIGINT/SIGTERM before they are killed (the worker drains jobs). */
const STOP_GRACE_MS = 40_000;

export interface Command {
  file: string;
  args: string[];
}

export const tsx = (...args: string[]): Command => ({ file: process.execPath, args: [TSX_CLI, ...args] });
export const vite = (...args: string[]): Command => ({ file: process.execPath, args: [VITE_CLI, ...args] });

export const say = (line: string) => console.log(`\x1b[36m[labelarena]\x1b[0m ${line}`);

/** A preparation step or long-running process that failed; its own output already says why. */
export class StepError extends Error {
  override name = "StepError";
}

/**
 * Runs one-shot steps and long-running children with inherited stdio. SIGINT/SIGTERM are forwarded
 * to every child (a second Ctrl+C kills them); when a long-running child stops on its own, the
 * others are stopped too.
 */
export class Supervisor {
  private readonly children = new Map<ChildProcess, Promise<void>>();
  private readonly longRunning = new Set<ChildProcess>();
  private stopRequested = false;
  private stopRequestedAt = 0;
  private failure: number | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    const onSignal = (signal: NodeJS.Signals) => {
      // Interrupted while this process itself works (e.g. waiting for PostgreSQL): nothing to stop.
      if (this.children.size === 0 && !this.stopRequested) process.exit(130);
      this.stop(signal === "SIGINT" ? "SIGINT" : "SIGTERM", true);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  private spawnChild(cmd: Command): ChildProcess {
    // Own process group: a Ctrl+C in the terminal reaches only this process, which forwards it once
    // (tsx relays it to the script), and a forced stop can kill the whole group.
    const child = spawn(cmd.file, cmd.args, {
      cwd: ROOT,
      env: this.env,
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    }).then(() => {
      this.children.delete(child);
    });
    this.children.set(child, exited);
    return child;
  }

  /** Runs a command to completion; throws StepError when it fails or is interrupted. */
  run(title: string, cmd: Command): Promise<void> {
    if (this.stopRequested) return Promise.reject(new StepError("stopped"));
    say(`${title}…`);
    return new Promise((resolve, reject) => {
      const child = this.spawnChild(cmd);
      child.once("error", (e) => reject(new StepError(`${title} could not start: ${e.message}`)));
      child.once("exit", (code, signal) => {
        if (code === 0) resolve();
        else reject(new StepError(`${title} failed (${signal ?? `exit code ${code}`}).`));
      });
    });
  }

  /** Starts a long-running process; `wait()` resolves once all of them have exited. */
  start(name: string, cmd: Command): ChildProcess {
    const child = this.spawnChild(cmd);
    this.longRunning.add(child);
    const ended = (how: string, code: number) => {
      if (!this.longRunning.delete(child)) return;
      if (!this.stopRequested) {
        say(`The ${name} stopped (${how}); stopping the rest.`);
        this.failure = code === 0 ? 1 : code;
        this.stop("SIGTERM");
      }
    };
    child.once("error", (e) => ended(`could not start: ${e.message}`, 1));
    child.once("exit", (code, signal) => ended(signal ?? `exit code ${code}`, code ?? 1));
    return child;
  }

  /** Whether `child` (started with `start`) is still running. */
  running(child: ChildProcess): boolean {
    return this.longRunning.has(child);
  }

  /** Forwards `signal` to every child; after a grace period (or a second Ctrl+C) kills them. */
  stop(signal: "SIGINT" | "SIGTERM", fromUser = false): void {
    if (this.stopRequested) {
      // One Ctrl+C can arrive several times within milliseconds (the terminal signals the whole
      // process group, and npm and tsx relay it too): only a later, deliberate one kills.
      if (fromUser && signal === "SIGINT" && Date.now() - this.stopRequestedAt > 1000) {
        say("Killing the remaining processes.");
        this.killAll();
      }
      return;
    }
    this.stopRequested = true;
    this.stopRequestedAt = Date.now();
    if (fromUser) say("Stopping (press Ctrl+C again to kill)…");
    for (const child of this.children.keys()) child.kill(signal);
    setTimeout(() => this.killAll(), STOP_GRACE_MS).unref();
  }

  private killAll(): void {
    for (const child of this.children.keys()) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }
  }

  /** Stops every child and resolves once they have all exited. */
  async shutdown(): Promise<void> {
    this.stop("SIGTERM");
    await Promise.all(this.children.values());
  }

  /**
   * Resolves once every child has exited: 0 after a requested stop, otherwise the exit code of the
   * long-running child that stopped first.
   */
  async wait(): Promise<number> {
    while (this.children.size > 0) await Promise.all(this.children.values());
    return this.failure ?? 0;
  }
}

/** Fails early when something else already listens on the port (e.g. a demo still running). */
export async function assertPortFree(port: number, envName = "PORT"): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse)
    throw new ServiceError(
      `Port ${port} is already in use (another LabelArena still running?). Stop that process or set ${envName}.`,
    );
}

/** Polls GET `url` until it answers 2xx; gives up when `alive()` turns false or after `timeoutMs`. */
export async function waitForHttp(url: string, alive: () => boolean, timeoutMs = 90_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && alive()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The demo accounts as an aligned table, for the banners. */
export function accountsTable(): string[] {
  const rows = [
    ["role", "login", "password", "note"],
    ...DEMO_ACCOUNTS.map((a) => [a.role, a.login, a.password, a.note]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join("   "));
}

export function banner(lines: string[]): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes to measure width
  const width = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, "").length;
  const rule = "─".repeat(Math.min(100, Math.max(...lines.map(width)) + 2));
  console.log(`\n\x1b[32m${rule}\x1b[0m`);
  for (const line of lines) console.log(` ${line}`);
  console.log(`\x1b[32m${rule}\x1b[0m\n`);
}

export type Config = ReturnType<typeof loadConfig>;

/** Makes sure services and database exist, then migrates and seeds. */
export async function prepare(sup: Supervisor, config: Config): Promise<void> {
  await ensureServices({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL, log: say });
  await ensureDatabase(config.DATABASE_URL, say);
  await sup.run("Applying database migrations", tsx("prisma/migrate.ts", "deploy"));
  await sup.run("Seeding the demo contest", tsx("prisma/seed.ts"));
}

/** Shared `main` wrapper: clean one-line errors, children stopped on failure. */
export async function runMain(body: (sup: Supervisor, config: Config) => Promise<number>): Promise<void> {
  let sup: Supervisor | undefined;
  try {
    const config = loadConfig();
    sup = new Supervisor({
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      PORT: String(config.PORT),
    });
    process.exitCode = await body(sup, config);
  } catch (e) {
    if (sup?.stopping && e instanceof StepError) {
      process.exitCode = 130; // interrupted during a step
    } else {
      const known = e instanceof ConfigError || e instanceof ServiceError || e instanceof StepError;
      console.error(
        `\x1b[31m[labelarena]\x1b[0m ${known ? e.message : e instanceof Error ? e.stack : String(e)}`,
      );
      process.exitCode = 1;
    }
    await sup?.shutdown();
  }
  process.exit(process.exitCode ?? 0);
}

async function demo(sup: Supervisor, config: Config): Promise<number> {
  await assertPortFree(config.PORT);
  await prepare(sup, config);
  await sup.run("Building the client", vite("build"));

  say("Starting the server (one process per core) and the worker…");
  const server = sup.start("server", tsx("server/cluster.ts"));
  sup.start("worker", tsx("workers/cluster.ts"));
  const ready = await waitForHttp(`http://127.0.0.1:${config.PORT}/api/time`, () => sup.running(server));
  if (!ready) {
    if (!sup.stopping)
      throw new StepError(`The server did not answer on http://localhost:${config.PORT}/api/time.`);
    return sup.wait();
  }
  banner([
    `LabelArena is running: \x1b[1mhttp://localhost:${config.PORT}\x1b[0m`,
    "",
    "Demo accounts:",
    ...accountsTable().map((l) => `  ${l}`),
    "",
    "The interface is in Chinese by default, with a switch to English. Press Ctrl+C to stop.",
  ]);
  return sup.wait();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runMain(demo);
}
