// Rankings and their export under /api/regions/:regionId (issue 10, first part).
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import { rankingQuerySchema } from "../../protocol/results.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf } from "../http/middleware.ts";
import { contentDisposition } from "../registration/evidence-type.ts";
import type { RankingExport } from "./ranking-export.ts";
import { assertSeesRankings, ResultsService } from "./results.service.ts";

const regionParams = z.object({ regionId: idSchema });

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
  return r;
}
