// BullMQ job names and payloads: one typed union shared by the server and the workers.
// Closing attempts at their deadline is not a job: the worker finds overdue attempts in PostgreSQL
// every second, so nothing about a deadline has to survive in Redis.
import { z } from "zod";

export const QUEUE_NAME = "labelarena";

export const jobSchemas = {
  /**
   * Scores a frozen attempt. `round` is the attempt's scoring round (Attempt.scoringRound): a retry
   * after a failure is a new round, hence a new job id, even while the failed job is still kept.
   */
  "score-attempt": z
    .object({ attemptId: z.string().min(1).max(64), round: z.number().int().min(0).default(0) })
    .strict(),
} as const;

export type JobName = keyof typeof jobSchemas;
export type JobData<N extends JobName> = z.input<(typeof jobSchemas)[N]>;
