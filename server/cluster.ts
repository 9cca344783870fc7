// The server on every core: `npm run start:server`. A primary process owns the port and hands each
// connection to one of WEB_CONCURRENCY server processes (default: one per core), keeping an
// HTTP long-polling Socket.IO session on the process that opened it (@socket.io/sticky); rooms are
// shared through the Redis adapter. A server process that dies is replaced; SIGTERM stops them all.
import cluster, { type Worker as ClusterWorker } from "node:cluster";
import { createServer } from "node:http";
import { Socket as NetSocket } from "node:net";
import os from "node:os";
import { setupMaster } from "@socket.io/sticky";
import { ConfigError, loadConfig } from "../core/config.ts";
import { assertPostgres, assertRedis } from "../core/platform/connectivity.ts";
import { createLogger } from "../core/platform/logger.ts";
import { supervise } from "../core/platform/supervisor.ts";
import { serverNodeFlags } from "./node-flags.ts";
import { setupPrimaryMetrics } from "./ops/cluster-metrics.ts";

/**
 * @socket.io/sticky reads a connection's first chunk here, then hands the socket itself to a server
 * process. Node keeps this process's copy of the socket reading, into a function that drops the
 * bytes, until the server process acknowledges the hand-over: under load that takes long enough for
 * the client's next WebSocket frame (the namespace CONNECT right after the handshake) to be read here
 * and lost, leaving the contestant's socket open and never connected (about 1 in 3,000). Reading
 * stops before the hand-over, so everything that follows reaches the server process.
 */
function stopReadingBeforeHandOver(copy: ClusterWorker): void {
  const send = copy.send.bind(copy) as (...args: unknown[]) => boolean;
  copy.send = ((...args: unknown[]) => {
    const handle = args[1];
    if (handle instanceof NetSocket) {
      const h = (handle as unknown as { _handle?: { reading?: boolean; readStop?: () => number } })._handle;
      if (h) {
        h.reading = false;
        h.readStop?.();
      }
    }
    return send(...args);
  }) as ClusterWorker["send"];
}

async function primary(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "server-primary");
  // One clear line now, rather than every server process failing the same way.
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const count = config.WEB_CONCURRENCY ?? os.availableParallelism();

  setupPrimaryMetrics();
  cluster.on("fork", stopReadingBeforeHandOver);
  const http = createServer();
  setupMaster(http, { loadBalancingMethod: "least-connection" });
  const copies = supervise({
    exec: new URL("./main.ts", import.meta.url).pathname,
    count,
    log,
    what: "server process",
    nodeFlags: serverNodeFlags(),
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
