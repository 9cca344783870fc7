// The messages between the live benchmark and its contestant processes (over the fork IPC channel).
import type { ImageSize } from "../deadline/documents.ts";
import type { LiveItem } from "./seed.ts";

export interface LiveContestant {
  /** Index of the contestant in the whole run (the proctor's side matches on it). */
  index: number;
  attemptId: string;
  cookie: string;
}

export type ToContestants =
  | {
      type: "init";
      contestants: LiveContestant[];
      items: (ImageSize & Pick<LiveItem, "id" | "truth">)[];
      /** Seeds this process's PRNG, so two processes do not make the same documents. */
      seed: number;
      ackTimeoutMs: number;
    }
  /** Opens every socket to this server's /exam (closing any from a previous phase). */
  | { type: "connect"; baseUrl: string; concurrency: number }
  | {
      type: "save";
      /** Local epoch milliseconds: the first save of each contestant falls in [startMs, startMs + intervalMs). */
      startMs: number;
      stopMs: number;
      intervalMs: number;
      /** Starts each contestant's count of answered items again at 0 (a server with no database). */
      resetCount: boolean;
    }
  | { type: "close" };

export type Counts = Record<string, number>;

export type FromContestants =
  | { type: "connected"; ok: number; failed: Counts; ms: number }
  | { type: "tick"; sent: number; acked: number; errors: number; ackRecentMs: number[] }
  | {
      type: "result";
      /**
       * Saves as flat quintuples: contestant index, the answered count the save brings the attempt
       * to, the epoch time it was sent (ms, fractional), 1 if acknowledged as saved (else 0), and the
       * epoch time of the acknowledgement (0 if none).
       */
      saves: number[];
      ackMs: number[];
      refused: Counts;
      timeouts: number;
      disconnects: number;
      skipped: number;
      cpuS: number;
      loopDelayP99Ms: number;
    }
  | { type: "closed" };
