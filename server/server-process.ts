// The life of one server process (see main.ts): the app on its own port, or as one of the cluster's
// processes behind server/cluster.ts.
import cluster from "node:cluster";
import { setupWorker } from "@socket.io/sticky";
import { runProcess } from "../core/platform/process.ts";
import { READY } from "../core/platform/supervisor.ts";
import { createApp } from "./app.ts";
import { warmUpSavePath } from "./exams/warm-up.ts";

/** `ready` runs once Socket.IO takes connections from the cluster's primary. */
export function startServerProcess(ready: () => void): void {
  runProcess("server", async ({ config, db, clock, log }) => {
    const app = createApp({ config, db, clock, log });
    warmUpSavePath();
    if (cluster.isWorker) {
      setupWorker(app.io);
      ready();
      process.send?.({ type: READY });
      log.info({ worker: cluster.worker?.id }, "server process ready");
    } else {
      const port = await app.listen(config.PORT);
      log.info({ port }, `LabelArena server listening on http://localhost:${port}`);
    }
    return () => app.close();
  });
}
