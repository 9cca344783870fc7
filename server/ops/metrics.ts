// Prometheus metrics of a server process: saves and their ack latency, sockets, and gauges read at
// scrape time (queue depth, attempts by status), each read bounded so an outage never hangs a scrape.

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { AppError } from "../../core/errors.ts";
import type { ErrorCode } from "../../protocol/index.ts";
import { clusterMetricsText, isClusterWorker, shareWithPrimary } from "./cluster-metrics.ts";

export type SaveTransport = "socket" | "http";
/** How a save ended: committed, a retry of a committed revision, or the error code it was refused with. */
export type SaveResult = "saved" | "duplicate" | ErrorCode;

/** What the save paths call; tests that do not care pass `noopMetrics`. */
export interface SaveMetrics {
  saveAcked(result: SaveResult, seconds: number, transport: SaveTransport): void;
}

export const noopMetrics: SaveMetrics = { saveAcked() {} };

/** Runs one save and records its result and its time from the call to the moment it settles. */
export async function observeSave<T extends { duplicate: boolean }>(
  metrics: SaveMetrics,
  transport: SaveTransport,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await run();
    metrics.saveAcked(result.duplicate ? "duplicate" : "saved", seconds(), transport);
    return result;
  } catch (e) {
    // Unknown errors count as INTERNAL: the label set stays the closed list of protocol codes.
    metrics.saveAcked(e instanceof AppError ? e.code : "INTERNAL", seconds(), transport);
    throw e;
  }
}

/** Where the scrape-time gauges read from; each call may fail or hang, the registry bounds it. */
export interface MetricSources {
  /** BullMQ job counts by state. */
  jobCounts(): Promise<Record<string, number>>;
  /** Attempts by status, every status present (zero included). */
  attemptCounts(): Promise<Record<string, number>>;
  /** Sockets connected to this process, by namespace. */
  sockets(): Record<string, number>;
}

export interface ServerMetrics extends SaveMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The text a scrape gets: the whole cluster's when this process is a cluster worker. */
  render(): Promise<string>;
}

/** 1 ms to 5 s: a healthy ack takes a few milliseconds, a contestant notices above a second. */
export const SAVE_ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createServerMetrics(
  sources: MetricSources,
  opts: { readTimeoutMs?: number; cluster?: boolean } = {},
): ServerMetrics {
  const readTimeoutMs = opts.readTimeoutMs ?? 1500;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const saves = new Counter({
    name: "labelarena_saves_total",
    help: "Answer saves acknowledged, by result (saved, duplicate or the error code) and transport.",
    labelNames: ["result", "transport"] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: "labelarena_save_ack_seconds",
    help: "Seconds from a save arriving to its ack (or HTTP response) being sent.",
    labelNames: ["transport"] as const,
    buckets: SAVE_ACK_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "labelarena_sockets",
    help: "Connected Socket.IO clients, by namespace.",
    labelNames: ["namespace"] as const,
    registers: [registry],
    collect() {
      for (const [namespace, n] of Object.entries(sources.sockets())) this.set({ namespace }, n);
    },
  });

  // Every process reads the same Redis and PostgreSQL: across cluster workers the largest reading
  // is the freshest, a sum would multiply the queue by the number of processes. The three gauges
  // below are collected together in one scrape and share each read (boundedRead).
  const queueRead = boundedRead(sources.jobCounts, readTimeoutMs);
  const attemptsRead = boundedRead(sources.attemptCounts, readTimeoutMs);
  readingGauge(registry, queueRead, {
    name: "labelarena_queue_jobs",
    help: "Jobs in the BullMQ queue, by state (read from Redis at scrape time).",
    label: "state",
  });
  readingGauge(registry, attemptsRead, {
    name: "labelarena_attempts",
    help: "Attempts by status (read from PostgreSQL at scrape time).",
    label: "status",
  });
  new Gauge({
    name: "labelarena_metrics_source_up",
    help: "1 when this scrape could read the source (redis, postgres) in time, 0 when it could not.",
    labelNames: ["source"] as const,
    aggregator: "min",
    registers: [registry],
    async collect() {
      const [queue, attempts] = await Promise.all([queueRead(), attemptsRead()]);
      this.set({ source: "redis" }, queue ? 1 : 0);
      this.set({ source: "postgres" }, attempts ? 1 : 0);
    },
  });

  const inCluster = opts.cluster ?? isClusterWorker();
  if (inCluster) shareWithPrimary(registry);
  return {
    registry,
    contentType: registry.contentType,
    saveAcked(result, seconds, transport) {
      saves.inc({ result, transport });
      ackSeconds.observe({ transport }, seconds);
    },
    render: () => (inCluster ? clusterMetricsText() : registry.metrics()),
  };
}

/** A gauge of counts by one label, set from a bounded read at each scrape; "max" across workers. */
function readingGauge(
  registry: Registry,
  read: () => Promise<Record<string, number> | null>,
  spec: { name: string; help: string; label: string },
): void {
  new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: [spec.label],
    aggregator: "max",
    registers: [registry],
    async collect() {
      const counts = await read();
      // A failed read leaves no series rather than stale ones; labelarena_metrics_source_up says why.
      this.reset();
      for (const [value, n] of Object.entries(counts ?? {})) this.set({ [spec.label]: value }, n);
    },
  });
}

/**
 * Wraps a read so that it resolves within `ms` with its value, or null when it fails or is late.
 * Callers in the same scrape share one answer; a read still running from an earlier scrape is
 * awaited again instead of started twice, so an outage does not pile up queries.
 */
export function boundedRead<T>(read: () => Promise<T>, ms: number): () => Promise<T | null> {
  let running: Promise<T | null> | null = null;
  let answer: Promise<T | null> | null = null;
  return () => {
    if (answer) return answer;
    if (!running) {
      const current = Promise.resolve()
        .then(read)
        .then(
          (v) => v,
          () => null,
        );
      running = current;
      void current.finally(() => {
        if (running === current) running = null;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    const current = Promise.race([running, late]).finally(() => {
      clearTimeout(timer);
      if (answer === current) answer = null;
    });
    answer = current;
    return current;
  };
}
