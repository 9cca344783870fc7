// The server on every core: `npm run start:server`. A primary process owns the port and hands each
// connection to one of WEB_CONCURRENCY server processes (default: one per core), keeping an
// HTTP long-polling Socket.IO session on the process that opened it (@socket.io/sticky); rooms are
// shared through the Redis adapter. A server process that dies is replaced; SIGTERM stops them all.
import cluster from "node:cluster";
import { createServer } from "node:http";
import os from "node:os";
import { setupMaster } from "@socket.io/sticky";
import { ConfigError, loadConfig } from "../core/config.ts";
import { assertPostgres, assertRedis } from "../core/platform/connectivity.ts";
import { createLogger } from "../core/platform/logger.ts";
import { supervise } from "../core/platform/supervisor.ts";
import { setupPrimaryMetrics } from "./ops/cluster-metrics.ts";

async function primary(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "server-primary");
  // One clear line now, rather than every server process failing the same way.
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const count = config.WEB_CONCURRENCY ?? os.availableParallelism();

  setupPrimaryMetrics();
  const http = createServer();
  setupMaster(http, { loadBalancingMethod: "least-connection" });
  const copies = supervise({
    exec: new URL("./main.ts", import.meta.url).pathname,
    count,
    log,
    what: "server process",
  });
  copies.onStop(() => http.close());
  // Listen once every process takes connections (a connection handed to one still loading would wait).
  await copies.ready;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.PORT, () => resolve());
  });
  log.info(
    { port: config.PORT, processes: count },
    `LabelArena server listening on http://localhost:${config.PORT} (${count} processes)`,
  );
}

if (!cluster.isPrimary)
  throw new Error("server/cluster.ts runs as the primary; its processes run server/main.ts");
primary().catch((e: unknown) => {
  if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
    console.error(e.message);
  else console.error(e);
  process.exit(1);
});
