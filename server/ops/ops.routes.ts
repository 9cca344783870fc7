// Operations routes outside /api: Prometheus metrics at /metrics and Bull Board at /admin/queues.
import type { Queue } from "bullmq";
import { type NextFunction, type Request, type Response, Router } from "express";
import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { AuthService } from "../auth/auth.service.ts";
import { readCookie, SESSION_COOKIE } from "../auth/session-cookie.ts";
import { notFound } from "../http/middleware.ts";
import { adminAccess, metricsAccess, type OpsAccess } from "./access.ts";
import type { ServerMetrics } from "./metrics.ts";
import { QUEUE_BOARD_PATH, queueBoard, readMostly } from "./queue-board.ts";

export interface OpsDeps {
  auth: AuthService;
  metrics: ServerMetrics;
  queue: Queue;
  /** METRICS_TOKEN: when set, the scraper's bearer token, and loopback alone no longer suffices. */
  metricsToken: string | undefined;
}

function enforce(access: OpsAccess, forbidden: string): void {
  // Anonymous callers see an unknown route: the ops surface is not advertised.
  if (access === "hidden") throw new NotFoundError("The route");
  if (access === "forbidden") throw new ForbiddenError(forbidden);
}

export function opsRoutes({ auth, metrics, queue, metricsToken }: OpsDeps): Router {
  const principalOf = (req: Request) => auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
  const r = Router();

  r.get("/metrics", async (req, res) => {
    const access = await metricsAccess({
      token: metricsToken,
      authorization: req.headers.authorization,
      ip: req.ip,
      principal: () => principalOf(req),
    });
    enforce(access, "The metrics are for administrators and the metrics scraper.");
    const text = await metrics.render();
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Type", metrics.contentType);
    res.send(text);
  });

  const adminsOnly = async (req: Request, _res: Response, next: NextFunction) => {
    enforce(adminAccess(await principalOf(req)), "The queue board is for administrators.");
    next();
  };
  r.use(QUEUE_BOARD_PATH, adminsOnly, readMostly, queueBoard(queue), notFound);
  return r;
}
