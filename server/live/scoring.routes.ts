// HTTP routes for scoring that failed for good: an admin retries it as a new scoring round.
import { Router } from "express";
import { z } from "zod";
import type { ScoringRecovery } from "../../core/attempts/scoring-recovery.ts";
import { idSchema, retryScoringRequestSchema } from "../../protocol/index.ts";
import { ok, parse, principalOf, requireAdmin } from "../http/middleware.ts";

const idParam = z.object({ id: idSchema });

export function scoringRoutes(recovery: ScoringRecovery): Router {
  const r = Router();
  r.post("/attempts/:id/retry-scoring", requireAdmin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { reason } = parse(retryScoringRequestSchema, req.body);
    ok(res, await recovery.retry(principalOf(req).userId, id, reason));
  });
  return r;
}
