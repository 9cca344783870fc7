// The worker process: scores attempts, closes them at their deadline, sweeps.
import cluster from "node:cluster";
import { runProcess } from "../core/platform/process.ts";
import { READY } from "../core/platform/supervisor.ts";
import { createWorkerApp } from "./worker.ts";

runProcess(
  "worker",
  async ({ config, db, clock, log }) => {
    const app = await createWorkerApp({ config, db, clock, log });
    // PostgreSQL is the source of truth: whatever it says is pending is queued again at start.
    const swept = await app.sweep();
    log.info(swept, "LabelArena worker started");
    // Run by workers/cluster.ts: tell the primary this process takes jobs.
    if (cluster.isWorker) process.send?.({ type: READY });
    return () => app.close();
  },
  30_000,
);
