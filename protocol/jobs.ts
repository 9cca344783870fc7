// BullMQ job names and payloads: one typed union shared by the server and the workers.
import { z } from "zod";

export const QUEUE_NAME = "labelarena";

export const jobSchemas = {
  "score-attempt": z.object({ attemptId: z.string().min(1) }).strict(),
  "close-attempt": z.object({ attemptId: z.string().min(1) }).strict(),
  /** Periodic: closes overdue attempts and re-queues unscored ones whose job was lost. */
  sweep: z.object({}).strict(),
} as const;

export type JobName = keyof typeof jobSchemas;
export type JobData<N extends JobName> = z.infer<(typeof jobSchemas)[N]>;
