// What the metrics read at scrape time: BullMQ job counts from Redis, attempts by status from
// PostgreSQL, and this process's sockets. The one ops module that touches the queue and Prisma.
import type { Queue } from "bullmq";
import type { Server } from "socket.io";
import type { Db } from "../../core/platform/db.ts";
import { AttemptStatus } from "../../prisma/generated/enums.ts";
import { NAMESPACES } from "../../protocol/index.ts";
import type { MetricSources } from "./metrics.ts";

export const QUEUE_STATES = ["waiting", "active", "delayed", "failed", "prioritized", "completed"] as const;

export function metricSources(parts: { queue: Queue; db: Db; io: Server }): MetricSources {
  const { queue, db, io } = parts;
  return {
    jobCounts: () => queue.getJobCounts(...QUEUE_STATES),
    async attemptCounts() {
      const rows = await db.attempt.groupBy({ by: ["status"], _count: { _all: true } });
      // Every status is reported, so an alert on SCORING_FAILED > 0 has a series from the start.
      const counts: Record<string, number> = Object.fromEntries(
        Object.values(AttemptStatus).map((s) => [s, 0]),
      );
      for (const r of rows) counts[r.status] = r._count._all;
      return counts;
    },
    sockets: () => ({
      [NAMESPACES.exam]: io.of(NAMESPACES.exam).sockets.size,
      [NAMESPACES.proctor]: io.of(NAMESPACES.proctor).sockets.size,
    }),
  };
}
