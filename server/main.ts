// The server process: HTTP, Socket.IO and the built client. Shuts down gracefully on SIGTERM.

import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { systemClock } from "./platform/clock.ts";
import { assertPostgres, assertRedis } from "./platform/connectivity.ts";
import { createDb } from "./platform/db.ts";
import { createLogger } from "./platform/logger.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "server");
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const db = createDb(config.DATABASE_URL);
  const app = createApp({ config, db, clock: systemClock, log });
  const port = await app.listen(config.PORT);
  log.info({ port }, `LabelArena server listening on http://localhost:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await db.$disconnect();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e: unknown) => {
  // Configuration and connectivity problems get one clear line, not a stack trace.
  if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
    console.error(e.message);
  else console.error(e);
  process.exit(1);
});
