// Real processes for the tests that kill them: the server and the worker started the README's way
// (their own entry points, their own environment), a Redis of the test's own that can be restarted
// empty, and a TCP proxy in front of PostgreSQL that can cut every connection and refuse new ones.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a TypeScript entry point (server/main.ts, workers/main.ts…) as its own process: node itself
 * with tsx's loader, as the Dockerfile runs it, so that killing this process kills the service (the
 * tsx command would put a process of its own in between, and a SIGKILL would leave the service
 * running).
 */
export function spawnEntry(entry: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exit,
    waitFor: (pattern, ms = 60_000) => waitUntil(() => pattern.test(out), ms, `${entry}: ${pattern}`),
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 30_000, what = "a condition") {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(baseUrl: string, ms = 60_000): Promise<void> {
  await waitUntil(
    async () => {
      try {
        return (await fetch(`${baseUrl}/api/health`)).ok;
      } catch {
        return false;
      }
    },
    ms,
    `${baseUrl}/api/health`,
  );
}

/** Whether a redis-server binary is on this machine (it is on these machines and in CI). */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

/** A Redis of the test's own, keeping nothing on disk: restarting it empties it, as in production. */
export class OwnRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitUntil(() => spawnSync("redis-cli", ["-p", String(this.port), "ping"]).status === 0, 10_000);
  }

  /** Kills it with SIGKILL: everything it held is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
}

/**
 * A TCP proxy in front of a service. `cut()` destroys every connection through it and refuses new
 * ones (what clients see when the service goes down); `restore()` lets them through again.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly open = new Set<net.Socket>();
  private down = false;
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = "127.0.0.1",
  ) {
    this.server = net.createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.open.add(s);
        s.on("close", () => this.open.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, "127.0.0.1", () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  cut(): void {
    this.down = true;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  restore(): void {
    this.down = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The same database URL, reached through `port` on localhost. */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}
