// Process configuration from environment variables, parsed once with zod.
import { z } from "zod";

const DEV_SECRET = "labelarena-development-secret-change-me";

/** `entry` as a normalised origin when it is one (http or https, no path, query or credentials). */
function asOrigin(entry: string): string | null {
  try {
    const u = new URL(entry);
    const bare = u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
    return bare && (u.protocol === "http:" || u.protocol === "https:") ? u.origin : null;
  } catch {
    return null;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/labelarena"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379/0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().min(16).default(DEV_SECRET),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Prefix of every Redis key the app writes (queues, socket adapter); lets tests share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("la"),
  /** Where the built client lives; the server serves it when the folder exists. */
  CLIENT_DIR: z.string().default("dist/client"),
  /** Where uploaded files (registration evidence) are kept when the store is the local disk. */
  MEDIA_DIR: z.string().default("data/media"),
  /**
   * Origins besides the app's own whose pages may send state-changing requests and open sockets,
   * comma separated (`https://admin.example.org,https://exam.example.org`). Empty: the app's own only.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const raw of value.split(",")) {
        const entry = raw.trim();
        if (!entry) continue;
        const origin = asOrigin(entry);
        if (origin) origins.push(origin);
        else ctx.addIssue({ code: "custom", message: `not an origin (scheme://host[:port]): ${entry}` });
      }
      return origins;
    }),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /**
   * Bearer token of the Prometheus scraper for /metrics. Unset: admins and requests from the machine
   * itself (loopback) may read the metrics; set: admins and holders of the token. Empty counts as unset.
   */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  /** Wrong passwords in a row (within a day) that lock an account's sign-in. */
  LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(1000).default(8),
  /** How long a locked account stays locked unless a proctor lifts it. */
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Wrong passwords one network address may send per window; generous, as a venue shares one NAT address. */
  LOGIN_ADDRESS_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(300),
  LOGIN_ADDRESS_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Seconds between sweeps that re-queue or flag attempts whose score job was lost or failed. */
  SWEEP_SECONDS: z.coerce.number().positive().default(15),
  /** Milliseconds between the worker's checks for attempts past their deadline (closed from PostgreSQL). */
  CLOSE_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** A save that reaches the server this many milliseconds after the deadline is still taken. */
  SAVE_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Save statements a server process runs at once (each its own connection); saves arriving meanwhile share the next one. */
  SAVE_WRITERS: z.coerce.number().int().min(1).max(32).default(2),
  /** Connections to PostgreSQL per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Worker processes `npm run start:worker` runs (default: one per core). */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /** Score jobs a worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** How long a worker holds a job before another may take it over (a killed worker's jobs come back after this). */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Server processes `npm run start:server` runs (default: one per core). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** Per contestant: saves allowed in a burst, and saves per second sustained (a large save counts more). */
  SAVE_BURST: z.coerce.number().positive().default(60),
  SAVE_RATE_PER_S: z.coerce.number().positive().default(10),
  /**
   * A contestant whose network goes silent (a cable pulled, Wi-Fi gone; nothing closes the socket) is
   * shown offline within SOCKET_SILENT_AFTER_MS (+ a quarter second): a connection heard from nothing
   * for SOCKET_PING_AFTER_MS gets a WebSocket ping, which the browser answers by itself, and one quiet
   * for SOCKET_SILENT_AFTER_MS is closed. See server/live/silence-watch.ts.
   */
  SOCKET_PING_AFTER_MS: z.coerce.number().int().min(200).max(60_000).default(2500),
  SOCKET_SILENT_AFTER_MS: z.coerce.number().int().min(500).max(120_000).default(4500),
  /**
   * Socket.IO's own heartbeat (engine.io ping packets answered by the page's JavaScript), kept at its
   * defaults: the pages use it to notice a server that went away.
   */
  SOCKET_PING_INTERVAL_MS: z.coerce.number().int().min(500).max(120_000).default(25_000),
  SOCKET_PING_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(20_000),
  /**
   * Media and uploads in an S3-compatible store (AWS S3, MinIO, Ceph) instead of MEDIA_DIR: set
   * S3_ENDPOINT and S3_BUCKET (and the keys); unset, the local disk is used. See docs/MEDIA.md.
   */
  S3_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(3).max(63).optional()),
  S3_PREFIX: z.string().default(""),
  S3_ACCESS_KEY_ID: z.string().default(""),
  S3_SECRET_ACCESS_KEY: z.string().default(""),
  /** Bucket in the host name (AWS) rather than the path (MinIO). */
  S3_VIRTUAL_HOSTED: z.enum(["0", "1", "true", "false"]).default("0"),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (Boolean(parsed.data.S3_ENDPOINT) !== Boolean(parsed.data.S3_BUCKET)) {
    throw new ConfigError("S3_ENDPOINT and S3_BUCKET are set together (or neither, for the local disk).");
  }
  if (parsed.data.SOCKET_PING_AFTER_MS >= parsed.data.SOCKET_SILENT_AFTER_MS) {
    throw new ConfigError("SOCKET_PING_AFTER_MS must be shorter than SOCKET_SILENT_AFTER_MS.");
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.SESSION_SECRET === DEV_SECRET) {
    throw new ConfigError("SESSION_SECRET must be set in production.");
  }
  return parsed.data;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}
