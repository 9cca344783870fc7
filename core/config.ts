// Process configuration from environment variables, parsed once with zod.
import { z } from "zod";

const DEV_SECRET = "labelarena-development-secret-change-me";

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
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /**
   * Bearer token of the Prometheus scraper for /metrics. Unset: admins and requests from the machine
   * itself (loopback) may read the metrics; set: admins and holders of the token. Empty counts as unset.
   */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  /** Seconds between sweeps for attempts whose deadline passed or whose score job was lost. */
  SWEEP_SECONDS: z.coerce.number().positive().default(15),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.SESSION_SECRET === DEV_SECRET) {
    throw new ConfigError("SESSION_SECRET must be set in production.");
  }
  return parsed.data;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}
