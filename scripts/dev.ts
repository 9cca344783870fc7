// `npm run dev`: PostgreSQL and Redis (Docker Compose if needed), database, migrations and demo seed,
// then the server and the worker under `tsx watch` and the Vite dev server (port 5173, which
// proxies /api and /socket.io to the server) until Ctrl+C.
import {
  accountsTable,
  assertPortFree,
  banner,
  type Config,
  prepare,
  runMain,
  type Supervisor,
  say,
  tsx,
  vite,
  waitForHttp,
} from "./demo.ts";

const VITE_PORT = 5173;

async function dev(sup: Supervisor, config: Config): Promise<number> {
  await assertPortFree(config.PORT);
  await assertPortFree(VITE_PORT, "the port in vite.config.ts");
  await prepare(sup, config);

  say("Starting the server and the worker (tsx watch) and the Vite dev server…");
  const server = sup.start("server", tsx("watch", "--clear-screen=false", "server/main.ts"));
  sup.start("worker", tsx("watch", "--clear-screen=false", "workers/main.ts"));
  sup.start("Vite dev server", vite("--clearScreen", "false"));
  // Under `tsx watch` a server that fails to start waits for the next edit, so don't give up on it.
  const ready = await waitForHttp(`http://127.0.0.1:${config.PORT}/api/time`, () => sup.running(server));
  if (sup.stopping) return sup.wait();
  if (ready)
    banner([
      `Open \x1b[1mhttp://localhost:${VITE_PORT}\x1b[0m (Vite, hot reload; /api and /socket.io go to the server on port ${config.PORT}).`,
      "The server and the worker restart when their files change.",
      "",
      "Demo accounts:",
      ...accountsTable().map((l) => `  ${l}`),
      "",
      "Press Ctrl+C to stop.",
    ]);
  else
    say(
      `The server has not answered on port ${config.PORT} yet; see its output above. Still watching for changes.`,
    );
  return sup.wait();
}

await runMain(dev);
