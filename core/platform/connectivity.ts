// Clear start-up messages when PostgreSQL or Redis cannot be reached, instead of a stack trace.
import { Redis } from "ioredis";
import pg from "pg";

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ?? err.message ?? String(e);
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith("redis") ? 6379 : 5432)}`;
  } catch {
    return url;
  }
}

export async function assertPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${hostOf(url)} (${describe(e)}). Start PostgreSQL, or run ` +
        "`docker compose up -d postgres redis`, or set DATABASE_URL.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function assertRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(
      `Redis is not reachable at ${hostOf(url)} (${describe(e)}). Start Redis, or run ` +
        "`docker compose up -d postgres redis`, or set REDIS_URL.",
    );
  } finally {
    redis.disconnect();
  }
}
