// Judges' review, adjustments, re-scoring, truth correction and appeals (issue 10): protocol/judging.ts.
// The judge's routes are keyed by session, attempt and appeal; who may see each record is decided
// by the services (server/judging/access.ts), so a judge of another region learns nothing.
import { type Response, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import {
  adjustmentRequestSchema,
  appealAnswerSchema,
  appealListQuerySchema,
  appealRequestSchema,
  rescoreRequestSchema,
  truthCorrectionSchema,
} from "../../protocol/judging.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf, requireAdmin } from "../http/middleware.ts";
import { AdjustService } from "./adjust.service.ts";
import { AppealsService } from "./appeals.service.ts";
import { ReviewService } from "./review.service.ts";

const sessionParams = z.object({ sessionId: idSchema });
const attemptParams = z.object({ attemptId: idSchema });
const appealParams = z.object({ appealId: idSchema });
const itemParams = z.object({ itemId: idSchema });
const reviewQuery = z
  .object({
    version: z
      .string()
      .regex(/^[1-9][0-9]{0,8}$/, "a version number")
      .transform(Number)
      .optional(),
  })
  .strict();

/** Judges' pages show other people's scores and the truth: never cached. */
function noStore(res: Response): void {
  res.setHeader("Cache-Control", "private, no-store");
}

/**
 * The judges' routes under /api/judge, the committee's truth correction and the contestant's
 * appeals under /api/attempts/:attemptId/appeals (JSON routes: mounted after the body parser).
 */
export function judgingRoutes(deps: ContestDeps): Router {
  const reviews = new ReviewService(deps);
  const changes = new AdjustService(deps);
  const appeals = new AppealsService(deps);
  const r = Router();

  r.get("/judge/sessions", async (req, res) => {
    const actor = principalOf(req);
    noStore(res);
    ok(res, await reviews.sessions(actor));
  });
  r.get("/judge/sessions/:sessionId/attempts", async (req, res) => {
    const actor = principalOf(req);
    const { sessionId } = parse(sessionParams, req.params);
    noStore(res);
    ok(res, await reviews.attempts(actor, sessionId));
  });
  r.post("/judge/sessions/:sessionId/rescore", async (req, res) => {
    const actor = principalOf(req);
    const { sessionId } = parse(sessionParams, req.params);
    const body = parse(rescoreRequestSchema, req.body ?? {});
    ok(res, await changes.rescore(actor, sessionId, body), 202);
  });
  r.get("/judge/attempts/:attemptId/review", async (req, res) => {
    const actor = principalOf(req);
    const { attemptId } = parse(attemptParams, req.params);
    const { version } = parse(reviewQuery, req.query);
    noStore(res);
    ok(res, await reviews.review(actor, attemptId, version));
  });
  r.post("/judge/attempts/:attemptId/adjustments", async (req, res) => {
    const actor = principalOf(req);
    const { attemptId } = parse(attemptParams, req.params);
    const body = parse(adjustmentRequestSchema, req.body ?? {});
    ok(res, await changes.adjust(actor, attemptId, body), 202);
  });
  r.get("/judge/appeals", async (req, res) => {
    const actor = principalOf(req);
    const query = parse(appealListQuerySchema, req.query);
    noStore(res);
    ok(res, await appeals.forJudge(actor, query));
  });
  r.post("/judge/appeals/:appealId/answer", async (req, res) => {
    const actor = principalOf(req);
    const { appealId } = parse(appealParams, req.params);
    const body = parse(appealAnswerSchema, req.body ?? {});
    ok(res, await appeals.answer(actor, appealId, body));
  });
  r.put("/admin/items/:itemId/truth", requireAdmin, async (req, res) => {
    const actor = principalOf(req);
    const { itemId } = parse(itemParams, req.params);
    const body = parse(truthCorrectionSchema, req.body ?? {});
    ok(res, await changes.correctTruth(actor, itemId, body));
  });

  r.get("/attempts/:attemptId/appeals", async (req, res) => {
    const actor = principalOf(req);
    const { attemptId } = parse(attemptParams, req.params);
    noStore(res);
    ok(res, await appeals.list(actor, attemptId));
  });
  r.post("/attempts/:attemptId/appeals", async (req, res) => {
    const actor = principalOf(req);
    const { attemptId } = parse(attemptParams, req.params);
    const body = parse(appealRequestSchema, req.body ?? {});
    ok(res, await appeals.file(actor, attemptId, body), 201);
  });
  return r;
}
