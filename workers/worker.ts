// The worker process's parts: one BullMQ worker whose handlers cover every job name, the periodic
// sweep, and pushes to the proctors through the Socket.IO Redis emitter.
import { Emitter } from "@socket.io/redis-emitter";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { AttemptCloser } from "../core/attempts/attempt-closer.ts";
import type { Config } from "../core/config.ts";
import { BullJobQueue } from "../core/jobs/queue.ts";
import { Broadcaster } from "../core/live/broadcaster.ts";
import type { Clock } from "../core/platform/clock.ts";
import type { Db } from "../core/platform/db.ts";
import type { Logger } from "../core/platform/logger.ts";
import { createRedis } from "../core/platform/redis.ts";
import { type JobName, jobSchemas, QUEUE_NAME } from "../protocol/index.ts";
import { AttemptNotScorableError, scoreAttempt } from "./processors/score-attempt.ts";
import { ScoringInputError } from "./scoring/index.ts";

export interface WorkerDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  concurrency?: number;
}

export interface WorkerApp {
  worker: Worker;
  closer: AttemptCloser;
  /** Closes overdue attempts and re-queues lost score jobs, as on every sweep. */
  sweep(): Promise<{ closed: number; requeued: number }>;
  close(): Promise<void>;
}

export async function createWorkerApp({
  config,
  db,
  clock,
  log,
  concurrency = 4,
}: WorkerDeps): Promise<WorkerApp> {
  const queueConn = createRedis(config.REDIS_URL, "worker-queue");
  const workerConn = createRedis(config.REDIS_URL, "worker");
  const emitterConn = createRedis(config.REDIS_URL, "worker-emitter");
  for (const r of [queueConn, workerConn, emitterConn])
    r.on("error", (err) => log.warn({ err: err.message }, "redis error"));
  const prefix = `${config.REDIS_PREFIX}:bull`;
  const queue = new BullJobQueue(queueConn, config.REDIS_PREFIX, () => clock.now());
  const broadcaster = new Broadcaster(new Emitter(emitterConn, { key: `${config.REDIS_PREFIX}:socket.io` }));
  const closer = new AttemptCloser(db, queue, broadcaster, clock, log);

  // A handler for every job name, checked by the type: adding a job without a handler fails to compile.
  const handlers: { [N in JobName]: (data: unknown) => Promise<unknown> } = {
    "score-attempt": async (data) => {
      const { attemptId } = jobSchemas["score-attempt"].parse(data);
      const scored = await scoreAttempt(db, attemptId);
      if (scored) {
        broadcaster.toSession(scored.sessionId, "attempt:scored", scored);
        log.info({ attemptId, total: scored.score.total }, "attempt scored");
      }
      return scored?.score ?? null;
    },
    "close-attempt": async (data) => {
      const { attemptId } = jobSchemas["close-attempt"].parse(data);
      return closer.freeze(attemptId, "DEADLINE");
    },
    sweep: async () => closer.sweep(),
  };

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      const parsed = jobSchemas[job.name as JobName].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`malformed ${job.name} payload`);
      try {
        return await handler(parsed.data);
      } catch (e) {
        // Bad truth or an impossible state will not improve with retries.
        if (e instanceof ScoringInputError || e instanceof AttemptNotScorableError)
          throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    { connection: workerConn, prefix, concurrency },
  );
  worker.on("failed", (job, err) =>
    log.error({ job: job?.name, id: job?.id, err: err.message }, "job failed"),
  );
  worker.on("error", (err) => log.error({ err: err.message }, "worker error"));

  await queue.queue.upsertJobScheduler(
    "sweep",
    { every: config.SWEEP_SECONDS * 1000 },
    { name: "sweep", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );

  return {
    worker,
    closer,
    sweep: () => closer.sweep(),
    async close() {
      await worker.close();
      await queue.close();
      for (const r of [queueConn, workerConn, emitterConn]) r.disconnect();
    },
  };
}
