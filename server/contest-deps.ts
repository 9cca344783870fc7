// What the contest administration's services share: the database, the clock, settings, the file
// store and a source of randomness (crypto by default; the demo seed passes a seeded one).
import { randomInt } from "node:crypto";
import type { Redis } from "ioredis";
import type { Config } from "../core/config.ts";
import type { JobQueue } from "../core/jobs/queue.ts";
import type { Clock } from "../core/platform/clock.ts";
import type { Db } from "../core/platform/db.ts";
import type { Logger } from "../core/platform/logger.ts";
import type { BlobStore } from "../core/storage/blob-store.ts";

/** An integer in [0, max): unpredictable in production. */
export type RandomInt = (max: number) => number;

export const cryptoRandomInt: RandomInt = (max) => randomInt(max);

export interface ContestDeps {
  db: Db;
  clock: Clock;
  config: Config;
  store: BlobStore;
  log: Logger;
  random: RandomInt;
  /** Shared counters (the public routes' limits); absent in scripts, which need none. */
  redis?: Redis;
  /** Score jobs (re-scoring after an adjustment or an appeal); absent in scripts: the sweep queues them. */
  queue?: JobQueue;
}
