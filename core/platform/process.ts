// The life of a LabelArena process (server or worker): configuration, connectivity checks with one
// clear line when a service is missing, and a graceful stop on SIGTERM or SIGINT.
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { type Clock, DbClock } from "./clock.ts";
import { assertPostgres, assertRedis } from "./connectivity.ts";
import { createDb, type Db, readDbTime } from "./db.ts";
import { createLogger, type Logger } from "./logger.ts";

export interface ProcessParts {
  config: Config;
  db: Db;
  /** PostgreSQL's clock: every process judges deadlines by the same time. */
  clock: Clock;
  log: Logger;
}

/** Starts `start`, then calls the returned stop function once on SIGTERM/SIGINT and exits. */
export function runProcess(
  name: string,
  start: (parts: ProcessParts) => Promise<() => Promise<void>>,
  graceMs = 15_000,
): void {
  const main = async () => {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL, name);
    await assertPostgres(config.DATABASE_URL);
    await assertRedis(config.REDIS_URL);
    const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    const clock = await DbClock.start(() => readDbTime(db));
    if (Math.abs(clock.offset) > 1000)
      log.warn(
        { offsetMs: clock.offset },
        "this machine's clock differs from PostgreSQL's; deadlines follow PostgreSQL",
      );
    const stopParts = await start({ config, db, clock, log });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down");
      setTimeout(() => process.exit(1), graceMs).unref();
      await stopParts();
      clock.stop();
      await db.$disconnect();
      process.exit(0);
    };
    process.on("SIGTERM", () => void stop("SIGTERM"));
    process.on("SIGINT", () => void stop("SIGINT"));
  };
  main().catch((e: unknown) => {
    // Configuration and connectivity problems get one clear line, not a stack trace.
    if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
      console.error(e.message);
    else console.error(e);
    process.exit(1);
  });
}
