// The server process: HTTP, Socket.IO and the built client.

import { systemClock } from "../core/platform/clock.ts";
import { runProcess } from "../core/platform/process.ts";
import { createApp } from "./app.ts";

runProcess("server", async ({ config, db, log }) => {
  const app = createApp({ config, db, clock: systemClock, log });
  const port = await app.listen(config.PORT);
  log.info({ port }, `LabelArena server listening on http://localhost:${port}`);
  return () => app.close();
});
