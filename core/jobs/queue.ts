// The job queue: the one place that enqueues BullMQ jobs, with per-job options in one function.
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type JobData, type JobName, QUEUE_NAME } from "../../protocol/index.ts";

/** Deduplicating ids, retries and delays for each job kind. */
export function jobOptions<N extends JobName>(
  name: N,
  data: JobData<N>,
  now: Date,
  runAt?: Date,
): JobsOptions {
  const base: JobsOptions = {
    attempts: 5,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  };
  switch (name) {
    case "score-attempt":
      return { ...base, jobId: `score-attempt_${data.attemptId}`, priority: 1 };
    case "close-attempt": {
      const delay = Math.max(0, (runAt?.getTime() ?? now.getTime()) - now.getTime());
      // One close job per deadline: an extension schedules a new one, the old one finds nothing to do.
      return { ...base, jobId: `close-attempt_${data.attemptId}_${runAt?.getTime() ?? 0}`, delay };
    }
    default:
      return base;
  }
}

export interface JobQueue {
  enqueue<N extends JobName>(name: N, data: JobData<N>, runAt?: Date): Promise<void>;
  /**
   * Enqueues after a commit in PostgreSQL, where the sweep would redo the job anyway: never throws,
   * waits at most a moment, so a Redis outage cannot fail or hang a contestant's request.
   */
  enqueueAfterCommit<N extends JobName>(name: N, data: JobData<N>, runAt?: Date): Promise<boolean>;
  close(): Promise<void>;
}

export class BullJobQueue implements JobQueue {
  readonly queue: Queue;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly now: () => Date,
    private readonly onLost: (name: JobName, err: unknown) => void = () => {},
    private readonly afterCommitTimeoutMs = 2000,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: `${prefix}:bull` });
  }

  async enqueue<N extends JobName>(name: N, data: JobData<N>, runAt?: Date): Promise<void> {
    await this.queue.add(name, data, jobOptions(name, data, this.now(), runAt));
  }

  async enqueueAfterCommit<N extends JobName>(name: N, data: JobData<N>, runAt?: Date): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("Redis did not answer in time")), this.afterCommitTimeoutMs);
    });
    try {
      await Promise.race([this.enqueue(name, data, runAt), timeout]);
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
