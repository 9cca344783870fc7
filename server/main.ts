// The server process: HTTP, Socket.IO and the built client.

import { runProcess } from "../core/platform/process.ts";
import { createApp } from "./app.ts";

runProcess("server", async ({ config, db, clock, log }) => {
  const app = createApp({ config, db, clock, log });
  const port = await app.listen(config.PORT);
  log.info({ port }, `LabelArena server listening on http://localhost:${port}`);
  return () => app.close();
});
