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
import { READY } from "./cluster-messages.ts";
import { setupPrimaryMetrics } from "./ops/cluster-metrics.ts";

/** A process that dies this soon after it started is not restarted in a loop. */
const STARTUP_MS = 10_000;

async function primary(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, "server-primary");
  // One clear line now, rather than every server process failing the same way.
  await assertPostgres(config.DATABASE_URL);
  await assertRedis(config.REDIS_URL);
  const count = config.WEB_CONCURRENCY ?? os.availableParallelism();

  cluster.setupPrimary({ exec: new URL("./main.ts", import.meta.url).pathname, serialization: "advanced" });
  setupPrimaryMetrics();
  const http = createServer();
  setupMaster(http, { loadBalancingMethod: "least-connection" });

  let stopping = false;
  const started = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on("exit", (worker, code, signal) => {
    const age = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) return;
    if (age < STARTUP_MS && code === 1) {
      // It says why on its own stderr; restarting it would only say it again.
      log.fatal({ pid: worker.process.pid, code }, "a server process could not start; stopping");
      void stop(1);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, "a server process died; starting another");
    fork();
  });
  // Listen once every process takes connections (a connection handed to one still loading would wait).
  const allReady = new Promise<void>((resolve) => {
    let ready = 0;
    const onMessage = (_w: unknown, m: unknown) => {
      if ((m as { type?: unknown })?.type !== READY) return;
      if (++ready < count) return;
      cluster.off("message", onMessage);
      resolve();
    };
    cluster.on("message", onMessage);
  });
  for (let i = 0; i < count; i++) fork();
  await allReady;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.PORT, () => resolve());
  });
  log.info(
    { port: config.PORT, processes: count },
    `LabelArena server listening on http://localhost:${config.PORT} (${count} processes)`,
  );

  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    http.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = Promise.all(
      workers.map((w) => new Promise((r) => (w.isDead() ? r(null) : w.once("exit", r)))),
    );
    for (const w of workers) w.process.kill("SIGTERM");
    const timer = setTimeout(() => {
      for (const w of workers) w.process.kill("SIGKILL");
    }, 20_000);
    await exited;
    clearTimeout(timer);
    process.exit(exitCode);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
}

if (!cluster.isPrimary)
  throw new Error("server/cluster.ts runs as the primary; its processes run server/main.ts");
primary().catch((e: unknown) => {
  if (e instanceof ConfigError || (e instanceof Error && /not reachable/.test(e.message)))
    console.error(e.message);
  else console.error(e);
  process.exit(1);
});
