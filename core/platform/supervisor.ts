// A primary process that runs `count` copies of an entry point with Node's cluster module: it
// replaces a copy that dies (but stops everything when one cannot even start, which would only fail
// again), and on SIGTERM or SIGINT stops them all and waits for them. Used by `npm run start:server`
// and `npm run start:worker`.
import cluster from "node:cluster";
import type { Logger } from "./logger.ts";

/** What a copy sends the primary once it does its work (takes connections, takes jobs). */
export const READY = "labelarena:ready";

/** A copy that dies this soon after it started, with exit code 1, could not start at all. */
const STARTUP_MS = 10_000;

export interface Supervisor {
  /** Resolves once every copy has sent `{ type: READY }`. */
  ready: Promise<void>;
  /** Called before the copies are told to stop (the server closes its port). */
  onStop(fn: () => void): void;
}

export function supervise(opts: {
  exec: string;
  count: number;
  log: Logger;
  /** What a copy is called in the log ("server process", "worker process"). */
  what: string;
  /** Node and V8 flags for each copy, after this process's own (tsx's loader). */
  nodeFlags?: readonly string[];
}): Supervisor {
  const { count, log, what } = opts;
  cluster.setupPrimary({
    exec: opts.exec,
    serialization: "advanced",
    execArgv: [...process.execArgv, ...(opts.nodeFlags ?? [])],
  });
  let stopping = false;
  const beforeStop: (() => void)[] = [];
  const started = new Map<number, number>();
  const fork = () => started.set(cluster.fork().id, Date.now());

  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    for (const fn of beforeStop) fn();
    const copies = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = Promise.all(
      copies.map((w) => new Promise((r) => (w.isDead() ? r(null) : w.once("exit", r)))),
    );
    for (const w of copies) w.process.kill("SIGTERM");
    const timer = setTimeout(() => {
      for (const w of copies) w.process.kill("SIGKILL");
    }, 30_000);
    await exited;
    clearTimeout(timer);
    process.exit(exitCode);
  };

  cluster.on("exit", (copy, code, signal) => {
    const age = Date.now() - (started.get(copy.id) ?? 0);
    started.delete(copy.id);
    if (stopping) return;
    if (age < STARTUP_MS && code === 1) {
      // It says why on its own stderr; starting it again would only say it again.
      log.fatal({ pid: copy.process.pid, code }, `a ${what} could not start; stopping`);
      void stop(1);
      return;
    }
    log.error({ pid: copy.process.pid, code, signal }, `a ${what} died; starting another`);
    fork();
  });
  const ready = new Promise<void>((resolve) => {
    let n = 0;
    const onMessage = (_w: unknown, m: unknown) => {
      if ((m as { type?: unknown })?.type !== READY) return;
      if (++n < count) return;
      cluster.off("message", onMessage);
      resolve();
    };
    cluster.on("message", onMessage);
  });
  for (let i = 0; i < count; i++) fork();
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  return { ready, onStop: (fn) => beforeStop.push(fn) };
}
