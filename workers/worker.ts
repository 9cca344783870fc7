// The worker process's parts: one BullMQ worker that scores attempts, the timers that freeze
// attempts at their deadline and recover scoring from PostgreSQL, and pushes to the proctors through
// the Socket.IO Redis emitter.
import { Emitter } from "@socket.io/redis-emitter";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { AttemptCloser } from "../core/attempts/attempt-closer.ts";
import { FAILED_FOR_GOOD, ScoringRecovery } from "../core/attempts/scoring-recovery.ts";
import { AttemptSweeper, type SweepReport } from "../core/attempts/sweeper.ts";
import type { Config } from "../core/config.ts";
import { BullJobQueue, cappedBackoff, SCORE_ATTEMPTS } from "../core/jobs/queue.ts";
import { Broadcaster } from "../core/live/broadcaster.ts";
import type { Clock } from "../core/platform/clock.ts";
import type { Db } from "../core/platform/db.ts";
import type { Logger } from "../core/platform/logger.ts";
import { createRedis } from "../core/platform/redis.ts";
import { createSql } from "../core/platform/sql.ts";
import { isTransientError } from "../core/platform/transient-errors.ts";
import { type JobName, jobSchemas, QUEUE_NAME } from "../protocol/index.ts";
import { AttemptNotScorableError, PaperCache, scoreAttempt } from "./processors/score-attempt.ts";
import { ScoringInputError } from "./scoring/index.ts";

export interface WorkerDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Whether to run the deadline and sweep timers (tests drive `sweep()` themselves). */
  timers?: boolean;
}

export interface WorkerApp {
  worker: Worker;
  closer: AttemptCloser;
  recovery: ScoringRecovery;
  /** Freezes overdue attempts and recovers scoring now, as the timers do. */
  sweep(): Promise<SweepReport>;
  close(): Promise<void>;
}

export async function createWorkerApp({
  config,
  db,
  clock,
  log,
  timers = true,
}: WorkerDeps): Promise<WorkerApp> {
  const queueConn = createRedis(config.REDIS_URL, "worker-queue");
  const workerConn = createRedis(config.REDIS_URL, "worker");
  const emitterConn = createRedis(config.REDIS_URL, "worker-emitter");
  for (const r of [queueConn, workerConn, emitterConn])
    r.on("error", (err) => log.warn({ err: err.message }, "redis error"));
  const prefix = `${config.REDIS_PREFIX}:bull`;
  const queue = new BullJobQueue(queueConn, config.REDIS_PREFIX, (name, err) =>
    log.warn({ job: name, err: String(err) }, "job not queued; the sweep will queue it"),
  );
  const broadcaster = new Broadcaster(new Emitter(emitterConn, { key: `${config.REDIS_PREFIX}:socket.io` }));
  const closer = new AttemptCloser(db, queue, broadcaster, clock, log, config.SAVE_GRACE_MS);
  const recovery = new ScoringRecovery(db, queue, broadcaster, clock, log);
  const sweeper = new AttemptSweeper(
    closer,
    recovery,
    log,
    config.CLOSE_TICK_MS,
    config.SWEEP_SECONDS * 1000,
  );
  const papers = new PaperCache(db);
  // Plain connections for reading answers and writing scores, one per job running at once.
  const sql = createSql(config.DATABASE_URL, config.WORKER_CONCURRENCY);

  const scoreJob = async (job: Job) => {
    const { attemptId, round } = jobSchemas["score-attempt"].parse(job.data);
    try {
      const scored = await scoreAttempt(sql, papers, attemptId, round > 0);
      if (scored) {
        broadcaster.toSession(scored.sessionId, "attempt:scored", scored);
        log.info({ attemptId, total: scored.score.total }, "attempt scored");
      }
      return scored?.score ?? null;
    } catch (e) {
      // An outage is retried for as long as it lasts: BullMQ's retries first, then the sweep.
      if (isTransientError(e)) throw e;
      const message = e instanceof Error ? e.message : String(e);
      const hopeless = e instanceof ScoringInputError || e instanceof AttemptNotScorableError;
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? SCORE_ATTEMPTS);
      if (!hopeless && !lastTry) throw e;
      // Flag it in PostgreSQL now; if that fails too, the sweep reads the reason from the failed job.
      await recovery
        .markFailed(attemptId, round, message)
        .catch((err) => log.warn({ attemptId, err: String(err) }, "could not flag the failed scoring yet"));
      throw new UnrecoverableError(`${FAILED_FOR_GOOD}${message}`);
    }
  };

  // A handler for every job name, checked by the type: adding a job without a handler fails to compile.
  const handlers: { [N in JobName]: (job: Job) => Promise<unknown> } = { "score-attempt": scoreJob };

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      if (!jobSchemas[job.name as JobName].safeParse(job.data).success)
        throw new UnrecoverableError(`malformed ${job.name} payload`);
      return handler(job);
    },
    {
      connection: workerConn,
      prefix,
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(config.WORKER_LOCK_MS / 2)),
      // A job whose worker died more than this often is failed; the sweep starts it again.
      maxStalledCount: 2,
      settings: { backoffStrategy: cappedBackoff },
    },
  );
  worker.on("failed", (job, err) =>
    log.warn({ job: job?.name, id: job?.id, attempt: job?.attemptsMade, err: err.message }, "job failed"),
  );
  worker.on("error", (err) => log.error({ err: err.message }, "worker error"));
  if (timers) sweeper.start();

  return {
    worker,
    closer,
    recovery,
    sweep: () => sweeper.sweep(),
    async close() {
      await sweeper.stop();
      await worker.close();
      await queue.close();
      await sql.end();
      for (const r of [queueConn, workerConn, emitterConn]) r.disconnect();
    },
  };
}
