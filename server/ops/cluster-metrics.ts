// Metrics across cluster workers: the primary aggregates every worker's registry with prom-client's
// AggregatorRegistry and sends the text to the worker whose /metrics was requested, over IPC.
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { MetricsUnavailableError } from "./errors.ts";

const REQUEST = "labelarena:metrics";
const REPLY = "labelarena:metrics:reply";
/** Above prom-client's own 5 s limit in the primary, so its error arrives before ours fires. */
const WORKER_WAIT_MS = 6000;

interface MetricsReply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

function isMessage(m: unknown, type: string): m is { type: string; id: number } {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === type;
}

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

let primaryReady = false;

/**
 * In the cluster primary, once (before or after forking): answers workers' requests for the whole
 * cluster's metrics. Every forked worker must be a server process, or each scrape waits for it.
 */
export function setupPrimaryMetrics(): void {
  if (!cluster.isPrimary) throw new Error("setupPrimaryMetrics() belongs in the cluster primary.");
  if (primaryReady) return;
  primaryReady = true;
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker: Worker, message: unknown) => {
    if (!isMessage(message, REQUEST)) return;
    const { id } = message;
    aggregator.clusterMetrics().then(
      (text) => send(worker, { type: REPLY, id, text }),
      (err: unknown) =>
        send(worker, { type: REPLY, id, error: err instanceof Error ? err.message : "unknown" }),
    );
  });
}

function send(worker: Worker, reply: MetricsReply): void {
  // A worker that died while the others answered has no one left to read the reply.
  if (!worker.isConnected()) return;
  try {
    worker.send(reply);
  } catch {
    // the channel closed between the check and the send
  }
}

const waiting = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();
let nextId = 0;
let listening = false;

function listenForReplies(): void {
  if (listening) return;
  listening = true;
  process.on("message", (m: unknown) => {
    if (!isMessage(m, REPLY)) return;
    const reply = m as MetricsReply;
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.text !== undefined) w.resolve(reply.text);
    else w.reject(new MetricsUnavailableError(reply.error ?? "no answer"));
  });
}

/** In a cluster worker: offers `registry` to the primary's aggregation. One registry per process. */
export function shareWithPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one installs prom-client's listener that answers the primary's collection requests.
  new AggregatorRegistry();
  listenForReplies();
}

/** In a cluster worker: the whole cluster's metrics text, from the primary. */
export function clusterMetricsText(waitMs = WORKER_WAIT_MS): Promise<string> {
  const sendToPrimary = process.send?.bind(process);
  if (!sendToPrimary) return Promise.reject(new MetricsUnavailableError("no cluster primary"));
  listenForReplies();
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(
        new MetricsUnavailableError("the cluster primary did not answer (is setupPrimaryMetrics() called?)"),
      );
    }, waitMs);
    timer.unref();
    waiting.set(id, {
      resolve: (text) => {
        clearTimeout(timer);
        resolve(text);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
    sendToPrimary({ type: REQUEST, id });
  });
}
