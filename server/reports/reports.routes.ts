// Regional reports, advancement, finalists' and certificates' exports, and the committee's release of
// the sessions it runs (issue 10): protocol/reports.ts. Thin: each route parses its path, query and
// body and hands them to one service method.
import { type Response, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import {
  advancementEnrolSchema,
  advancementPreviewSchema,
  certificatesQuerySchema,
  committeeReleaseParamsSchema,
  finalistsExportQuerySchema,
  reopenReportSchema,
  submitReportSchema,
} from "../../protocol/reports.ts";
import { releaseRequestSchema } from "../../protocol/results.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf, requireAdmin } from "../http/middleware.ts";
import { contentDisposition } from "../registration/evidence-type.ts";
import type { RankingExport } from "../results/ranking-export.ts";
import { ReleaseService } from "../results/release.service.ts";
import { AdvancementService } from "./advancement.service.ts";
import { ReportsService } from "./reports.service.ts";

const regionStageParams = z.object({ regionId: idSchema, stageId: idSchema });
const regionParams = z.object({ regionId: idSchema });
const stageParams = z.object({ stageId: idSchema });

function sendFile(res: Response, file: RankingExport): void {
  res.setHeader("Content-Type", file.mediaType);
  res.setHeader("Content-Disposition", contentDisposition(file.fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "private, no-store");
  res.send(file.bytes);
}

/** JSON and file routes (the exports are GETs), mounted after the JSON body parser. */
export function reportsRoutes(deps: ContestDeps): Router {
  const reports = new ReportsService(deps);
  const advancement = new AdvancementService(deps);
  const release = new ReleaseService(deps);
  const r = Router();

  // The region's side: its host (and judges, reading) and the committee.
  r.get("/regions/:regionId/reports/:stageId", async (req, res) => {
    const actor = principalOf(req);
    const { regionId, stageId } = parse(regionStageParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await reports.view(actor, regionId, stageId));
  });
  r.post("/regions/:regionId/reports/:stageId/submit", async (req, res) => {
    const actor = principalOf(req);
    const { regionId, stageId } = parse(regionStageParams, req.params);
    const body = parse(submitReportSchema, req.body ?? {});
    ok(res, await reports.submit(actor, regionId, stageId, body));
  });
  for (const format of ["xlsx", "csv"] as const)
    r.get(`/regions/:regionId/certificates.${format}`, async (req, res) => {
      const actor = principalOf(req);
      const { regionId } = parse(regionParams, req.params);
      const query = parse(certificatesQuerySchema, req.query);
      sendFile(res, await reports.certificates(actor, regionId, query, format));
    });

  // The national committee: admins only (each route on its own, so other modules' /admin paths
  // are not answered here).
  r.get("/admin/stages/:stageId/reports", requireAdmin, async (req, res) => {
    const { stageId } = parse(stageParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await reports.committeeList(stageId));
  });
  r.get("/admin/stages/:stageId/reports/:regionId", requireAdmin, async (req, res) => {
    const { regionId, stageId } = parse(regionStageParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await reports.committeeDetail(stageId, regionId));
  });
  r.post("/admin/stages/:stageId/reports/:regionId/reopen", requireAdmin, async (req, res) => {
    const { regionId, stageId } = parse(regionStageParams, req.params);
    const body = parse(reopenReportSchema, req.body ?? {});
    ok(res, await reports.reopen(principalOf(req), stageId, regionId, body));
  });
  r.post("/admin/stages/:stageId/advancement/preview", requireAdmin, async (req, res) => {
    const { stageId } = parse(stageParams, req.params);
    const body = parse(advancementPreviewSchema, req.body ?? {});
    ok(res, await advancement.preview(stageId, body.rule));
  });
  r.post("/admin/stages/:stageId/advancement/enrol", requireAdmin, async (req, res) => {
    const { stageId } = parse(stageParams, req.params);
    const body = parse(advancementEnrolSchema, req.body ?? {});
    ok(res, await advancement.enrol(principalOf(req), stageId, body));
  });
  for (const format of ["xlsx", "csv"] as const)
    r.get(`/admin/stages/:stageId/finalists.${format}`, requireAdmin, async (req, res) => {
      const { stageId } = parse(stageParams, req.params);
      const { finalStageId } = parse(finalistsExportQuerySchema, req.query);
      sendFile(res, await advancement.finalistsExport(principalOf(req), stageId, finalStageId, format));
    });
  r.get("/admin/sessions/:sessionId/release", requireAdmin, async (req, res) => {
    const { sessionId } = parse(committeeReleaseParamsSchema, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await release.committeeState(principalOf(req), sessionId));
  });
  r.post("/admin/sessions/:sessionId/release", requireAdmin, async (req, res) => {
    const { sessionId } = parse(committeeReleaseParamsSchema, req.params);
    const body = parse(releaseRequestSchema, req.body ?? {});
    ok(res, await release.committeeRelease(principalOf(req), sessionId, body));
  });
  return r;
}
