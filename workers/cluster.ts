// The worker on every core: `npm run start:worker` runs WORKER_PROCESSES worker processes (default:
// one per core), each taking score jobs and keeping deadlines; when a session's deadline frees
// thousands of attempts at once, scoring uses every core. A process that dies is replaced.
import cluster from "node:cluster";
import os from "node:os";
import { ConfigError, loadConfig } from "../core/config.ts";
import { assertPostgres, assertRedis } from "../core/platform/connectivity.ts";
import { createLogger } from "../core/platform/logger.ts";
import { supervise } from "../core/platform/supervisor.ts";

async function primary(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "worker-primary");
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const count = config.WORKER_PROCESSES ?? os.availableParallelism();
  const copies = supervise({
    exec: new URL("./main.ts", import.meta.url).pathname,
    count,
    log,
    what: "worker process",
  });
  await copies.ready;
  log.info({ processes: count }, `LabelArena worker started (${count} processes)`);
}

if (!cluster.isPrimary)
  throw new Error("workers/cluster.ts runs as the primary; its processes run workers/main.ts");
primary().catch((e: unknown) => {
  if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
    console.error(e.message);
  else console.error(e);
  process.exit(1);
});
