// The worker process: scores attempts, closes them at their deadline, sweeps; stops on SIGTERM.
import { ConfigError, loadConfig } from "../server/config.ts";
import { systemClock } from "../server/platform/clock.ts";
import { assertPostgres, assertRedis } from "../server/platform/connectivity.ts";
import { createDb } from "../server/platform/db.ts";
import { createLogger } from "../server/platform/logger.ts";
import { createWorkerApp } from "./worker.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "worker");
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const db = createDb(config.DATABASE_URL);
  const app = await createWorkerApp({ config, db, clock: systemClock, log });
  // PostgreSQL is the source of truth: whatever it says is pending is queued again at start.
  const swept = await app.sweep();
  log.info(swept, "LabelArena worker started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    await app.close();
    await db.$disconnect();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
    console.error(e.message);
  else console.error(e);
  process.exit(1);
});
