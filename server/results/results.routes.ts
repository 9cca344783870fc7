// Rankings and their export under /api/regions/:regionId (issue 10, first part); the release of a
// session's results and a released result with its breakdown (issue 10, second part).
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import { rankingQuerySchema, releaseRequestSchema } from "../../protocol/results.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf } from "../http/middleware.ts";
import { contentDisposition } from "../registration/evidence-type.ts";
import { AttemptResultService } from "./attempt-result.service.ts";
import type { RankingExport } from "./ranking-export.ts";
import { ReleaseService } from "./release.service.ts";
import { assertSeesRankings, ResultsService } from "./results.service.ts";

const regionParams = z.object({ regionId: idSchema });
const sessionParams = z.object({ regionId: idSchema, sessionId: idSchema });
const regionAttemptParams = z.object({ regionId: idSchema, attemptId: idSchema });
const attemptParams = z.object({ attemptId: idSchema });

/** The principal, the region and the query; who may not see the region is refused first. */
function rankingRequest(req: Request) {
  const actor = principalOf(req);
  const { regionId } = parse(regionParams, { regionId: req.params.regionId });
  assertSeesRankings(actor, regionId);
  return { actor, regionId, query: parse(rankingQuerySchema, req.query) };
}

function sendFile(res: Response, file: RankingExport): void {
  res.setHeader("Content-Type", file.mediaType);
  res.setHeader("Content-Disposition", contentDisposition(file.fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "private, no-store");
  res.send(file.bytes);
}

/** JSON and file routes (the exports are GETs), mounted after the JSON body parser. */
export function resultsRoutes(deps: ContestDeps): Router {
  const results = new ResultsService(deps);
  const release = new ReleaseService(deps);
  const attemptResults = new AttemptResultService(deps);
  const r = Router();
  const base = "/regions/:regionId";

  r.get(`${base}/rankings`, async (req, res) => {
    const { actor, regionId, query } = rankingRequest(req);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await results.ranking(actor, regionId, query));
  });
  r.get(`${base}/rankings.xlsx`, async (req, res) => {
    const { actor, regionId, query } = rankingRequest(req);
    sendFile(res, await results.export(actor, regionId, query, "xlsx"));
  });
  r.get(`${base}/rankings.csv`, async (req, res) => {
    const { actor, regionId, query } = rankingRequest(req);
    sendFile(res, await results.export(actor, regionId, query, "csv"));
  });

  r.get(`${base}/sessions/:sessionId/release`, async (req, res) => {
    const actor = principalOf(req);
    const { regionId, sessionId } = parse(sessionParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await release.state(actor, regionId, sessionId));
  });
  r.post(`${base}/sessions/:sessionId/release`, async (req, res) => {
    const actor = principalOf(req);
    const { regionId, sessionId } = parse(sessionParams, req.params);
    const body = parse(releaseRequestSchema, req.body ?? {});
    ok(res, await release.release(actor, regionId, sessionId, body));
  });
  r.get(`${base}/attempts/:attemptId/results`, async (req, res) => {
    const actor = principalOf(req);
    const { regionId, attemptId } = parse(regionAttemptParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await attemptResults.ofRegion(actor, regionId, attemptId));
  });
  r.get("/attempts/:attemptId/results", async (req, res) => {
    const actor = principalOf(req);
    const { attemptId } = parse(attemptParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await attemptResults.mine(actor, attemptId));
  });
  return r;
}
