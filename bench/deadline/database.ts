// The deadline benchmark's own PostgreSQL database and Redis key prefix: created, migrated, dropped.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";

const run = promisify(execFile);

/** A database on the server that can create and drop others (the tests' admin URL by default). */
export const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database with every migration applied, the way `npm run db:migrate` applies them. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `labelarena_bench_deadline_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const db: BenchDatabase = {
    name,
    url: urlFor(name),
    // FORCE: a server process that did not stop in time must not keep the database alive.
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
  try {
    await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/migrate.ts", "deploy"], {
      env: { ...process.env, DATABASE_URL: db.url },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    await db.drop().catch(() => {});
    const out = e as { stdout?: string; stderr?: string };
    throw new Error(`migrating ${name} failed:\n${out.stderr ?? ""}${out.stdout ?? ""}`);
  }
  return db;
}

export function newRedisPrefix(): string {
  return `bench-deadline-${randomBytes(5).toString("hex")}`;
}

/** Deletes the keys under this run's prefix only, never anyone else's. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
