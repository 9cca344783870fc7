// The job queue: the one place that enqueues BullMQ jobs, with per-job options in one function.
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type JobData, type JobName, QUEUE_NAME } from "../../protocol/index.ts";

/** How many times a score job runs before it is given up (then the sweep decides what follows). */
export const SCORE_ATTEMPTS = 8;

/** The id of an attempt's score job in one scoring round: the same job however often it is queued. */
export function scoreJobId(attemptId: string, round: number): string {
  return `score-attempt_${attemptId}_r${round}`;
}

/** Deduplicating ids and retries for each job kind. */
export function jobOptions<N extends JobName>(name: N, data: JobData<N>): JobsOptions {
  switch (name) {
    case "score-attempt":
      return {
        jobId: scoreJobId(data.attemptId, data.round ?? 0),
        attempts: SCORE_ATTEMPTS,
        backoff: { type: "capped" },
        removeOnComplete: true,
        // Kept so that the sweep can tell why a job gave up, and Bull Board can show it.
        removeOnFail: { count: 5000 },
      };
    default:
      throw new Error(`no options for job ${name}`);
  }
}

/**
 * Retry delays: doubling from 1 s, never more than 10 s apart, so that an attempt is scored soon
 * after PostgreSQL comes back from an outage (BullMQ's built-in exponential backoff grows without
 * bound). Passed to the Worker as its `backoffStrategy`.
 */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}

export interface JobQueue {
  enqueue<N extends JobName>(name: N, data: JobData<N>): Promise<void>;
  /** Queues many jobs of one kind in one round trip. */
  enqueueMany<N extends JobName>(name: N, data: JobData<N>[]): Promise<void>;
  /**
   * Enqueues after a commit in PostgreSQL, where the sweep would redo the job anyway: never throws,
   * waits at most a moment, so a Redis outage cannot fail or hang a contestant's request.
   */
  enqueueAfterCommit<N extends JobName>(name: N, data: JobData<N>[]): Promise<boolean>;
  close(): Promise<void>;
}

export class BullJobQueue implements JobQueue {
  readonly queue: Queue;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly onLost: (name: JobName, err: unknown) => void = () => {},
    private readonly afterCommitTimeoutMs = 2000,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: `${prefix}:bull` });
    // A Redis outage is reported by the connection's owner; the queue must not crash the process.
    this.queue.on("error", () => {});
  }

  async enqueue<N extends JobName>(name: N, data: JobData<N>): Promise<void> {
    await this.queue.add(name, data, jobOptions(name, data));
  }

  async enqueueMany<N extends JobName>(name: N, data: JobData<N>[]): Promise<void> {
    if (data.length === 0) return;
    await this.queue.addBulk(data.map((d) => ({ name, data: d, opts: jobOptions(name, d) })));
  }

  async enqueueAfterCommit<N extends JobName>(name: N, data: JobData<N>[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Redis did not answer in time")), this.afterCommitTimeoutMs);
    });
    try {
      await Promise.race([this.enqueueMany(name, data), timeout]);
      return true;
    } catch (err) {
      this.onLost(name, err);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
