// Bull Board over the app's BullMQ queue, for admins: read the jobs, retry failed ones, nothing else.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { NextFunction, Request, Response } from "express";
import { ForbiddenError } from "../../core/errors.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

/** The board's Express app (page, static assets, JSON API), to be mounted at `basePath`. */
export function queueBoard(queue: Queue, basePath = QUEUE_BOARD_PATH) {
  const server = new ExpressAdapter();
  server.setBasePath(basePath);
  createBullBoard({
    // Bull Board's read-only mode also hides retries, so writes are narrowed by readMostly below.
    queues: [new BullMQAdapter(queue, { allowRetries: true })],
    serverAdapter: server,
    options: { uiConfig: { boardTitle: "LabelArena jobs" } },
  });
  return server.getRouter();
}

/** Retrying one job, or every failed job of a queue: the only writes an admin may make here. */
const ALLOWED_WRITES = /^\/api\/queues\/[^/]+\/(?:[^/]+\/retry|retry\/failed)\/?$/;

/**
 * Lets reads through and the retry routes; refuses pausing, cleaning, emptying, adding, promoting
 * and editing jobs: the queue is driven by PostgreSQL's state, and those would bypass it.
 */
export function readMostly(req: Request, _res: Response, next: NextFunction): void {
  const reads = req.method === "GET" || req.method === "HEAD";
  if (!reads && !(req.method === "PUT" && ALLOWED_WRITES.test(req.path)))
    throw new ForbiddenError("The queue board only shows jobs and retries failed ones.");
  next();
}
