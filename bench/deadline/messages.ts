// The messages between the deadline benchmark and its contestant processes (over the fork IPC channel).
import type { ImageSize } from "./documents.ts";
import type { SeededContestant, SeededItem } from "./seed.ts";

export type ToContestants =
  | {
      type: "init";
      baseUrl: string;
      contestants: SeededContestant[];
      items: (ImageSize & Pick<SeededItem, "id" | "truth">)[];
      /** Seeds this process's PRNG, so two processes do not make the same documents. */
      seed: number;
      ackTimeoutMs: number;
      connectConcurrency: number;
    }
  | { type: "start"; concurrency: number }
  | {
      type: "save";
      /** On this machine's clock (the server's clock minus the measured offset). */
      steadyStartMs: number;
      stopMs: number;
      deadlineMs: number;
      intervalMs: number;
    }
  | { type: "close" };

export type Counts = Record<string, number>;

export type FromContestants =
  | { type: "connected"; ok: number; failed: Counts; ms: number }
  | { type: "started"; ok: number; failed: Counts; latenciesMs: number[] }
  | {
      type: "tick";
      sent: number;
      acked: number;
      errors: number;
      timeouts: number;
      inflight: number;
      /** Latencies of the acks since the previous tick. */
      recentMs: number[];
    }
  | {
      type: "result";
      sent: number;
      acked: number;
      duplicates: number;
      /** Refused with DEADLINE_PASSED / ATTEMPT_CLOSED, but sent at or after the deadline. */
      lateRefused: number;
      /** Error code → count, for refusals that count as errors. */
      refused: Counts;
      timeouts: number;
      disconnects: number;
      /** Saves not sent because the contestant's socket was gone. */
      skipped: number;
      latenciesMs: number[];
      /** For each latency, when its save was sent: seconds after the start of the steady phase. */
      sentAtS: number[];
      /** Acked saves as flat triples: contestant index (within this process), item index, revision. */
      ackedTriples: number[];
      cpuSteadyS: number;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | {
      type: "closed";
      closedEvents: number;
      /** Local time of the last attempt:closed, or null if none came. */
      lastClosedAtMs: number | null;
      cpuTotalS: number;
      disconnectsAfterRun: number;
    };
