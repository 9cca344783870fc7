// Starts the real system for a test file: its own database, its own Redis key prefix, the server
// on port 0 and, when asked, the worker in the same process.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { io as ioClient, type Socket } from "socket.io-client";
import { type Config, loadConfig } from "../../core/config.ts";
import { type Clock, type ManualClock, systemClock } from "../../core/platform/clock.ts";
import { createDb, type Db } from "../../core/platform/db.ts";
import type { Ack } from "../../protocol/index.ts";
import { type App, createApp } from "../../server/app.ts";
import type { WorkerApp } from "../../workers/worker.ts";
import { createTestDatabase } from "./db.ts";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

export interface Stack {
  db: Db;
  config: Config;
  app: App;
  worker: WorkerApp | null;
  clock: Clock;
  baseUrl: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  clock?: ManualClock;
  worker?: boolean;
  /** Whether the worker runs its deadline and sweep timers (default: only with the real clock). */
  timers?: boolean;
  /** Settings over the test defaults, e.g. { METRICS_TOKEN }. */
  env?: Record<string, string>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase();
  // Uploaded files go to a folder of this stack's own, removed when it stops.
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-media-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: `test-${randomBytes(5).toString("hex")}`,
    SESSION_SECRET: "test-secret-test-secret",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SWEEP_SECONDS: "3600",
    // Tests save much faster than a person; the save limits have tests of their own.
    SAVE_BURST: "100000",
    SAVE_RATE_PER_S: "100000",
    MEDIA_DIR: mediaDir,
    ...(process.env.TEST_CLIENT_DIR ? { CLIENT_DIR: process.env.TEST_CLIENT_DIR } : {}),
    ...opts.env,
  });
  const clock: Clock = opts.clock ?? systemClock;
  const log = pino({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  const app = createApp({ config, db, clock, log });
  const port = await app.listen(0);
  // Imported only when needed: tests of the server alone do not load the scoring library.
  const worker = opts.worker
    ? await (await import("../../workers/worker.ts")).createWorkerApp({
        config,
        db,
        clock,
        log,
        timers: opts.timers ?? !opts.clock,
      })
    : null;
  return {
    db,
    config,
    app,
    worker,
    clock,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await worker?.close();
      await app.close();
      await db.$disconnect();
      await database.drop();
      await deleteKeys(`${config.REDIS_PREFIX}:*`);
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/** Deletes this test's Redis keys only, never the whole database. */
export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export interface HttpResult<T = unknown> {
  status: number;
  body: { data?: T; error?: { code: string; message: string; details?: unknown } };
  text: string;
  headers: Headers;
}

/** A small HTTP client that keeps the session cookie like a browser would. */
export class Client {
  cookie = "";
  /** Sees every response body, e.g. to check what a contestant was ever sent. */
  onResponse?: (text: string) => void;
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
  ): Promise<HttpResult<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0] ?? "";
    const text = await res.text();
    this.onResponse?.(text);
    let parsed: HttpResult<T>["body"] = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: an image or HTML
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>("POST", path, body ?? {});
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>("PUT", path, body);
  }

  async login(login: string, password: string): Promise<HttpResult> {
    return this.post("/api/auth/login", { login, password });
  }

  /** Opens a Socket.IO connection to a namespace with this client's cookie. */
  socket(namespace: "/exam" | "/proctor"): Socket {
    return ioClient(this.baseUrl + namespace, {
      transports: ["websocket"],
      extraHeaders: { cookie: this.cookie },
      reconnection: false,
      forceNew: true,
    });
  }
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => reject(e));
  });
}

export function emitAck<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Resolves with the first `event` whose payload satisfies `match`. */
export function nextEvent<T>(
  socket: Socket,
  event: string,
  match: (p: T) => boolean = () => true,
  ms = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}

/** Records every payload a socket receives, on every event. */
export function recordAll(socket: Socket): unknown[] {
  const seen: unknown[] = [];
  socket.onAny((event, ...args) => seen.push({ event, args }));
  return seen;
}
