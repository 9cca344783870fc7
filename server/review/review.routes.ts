// Registration review and bulk import under /api/regions/:regionId (issue 9)
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import {
  approveRequestSchema,
  IMPORT_MAX_BYTES,
  importQuerySchema,
  registrationListQuerySchema,
  rejectRequestSchema,
} from "../../protocol/review.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { guardInput } from "../http/input-guard.ts";
import { ok, parse, principalOf } from "../http/middleware.ts";
import { contentDisposition } from "../registration/evidence-type.ts";
import { ImportService } from "./import.service.ts";
import { templateCsv, templateXlsx, XLSX_MEDIA_TYPE } from "./import-template.ts";
import { ReviewService } from "./review.service.ts";

const regionParams = z.object({ regionId: idSchema });
const registrationParams = z.object({ regionId: idSchema, id: idSchema });
const evidenceParams = z.object({ regionId: idSchema, id: idSchema, evidenceId: idSchema });

function sendFile(res: Response, bytes: Buffer, mediaType: string, fileName: string): void {
  res.setHeader("Content-Type", mediaType);
  res.setHeader("Content-Disposition", contentDisposition(fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "private, no-store");
  res.send(bytes);
}

/** JSON routes, mounted after the JSON body parser. */
export function reviewRoutes(deps: ContestDeps): Router {
  const review = new ReviewService(deps);
  const r = Router();

  r.get("/regions/:regionId/registrations", async (req, res) => {
    const { regionId } = parse(regionParams, req.params);
    const query = parse(registrationListQuerySchema, req.query);
    ok(res, await review.list(principalOf(req), regionId, query));
  });

  r.get("/regions/:regionId/registrations/:id", async (req, res) => {
    const { regionId, id } = parse(registrationParams, req.params);
    ok(res, await review.detail(principalOf(req), regionId, id));
  });

  r.get("/regions/:regionId/registrations/:id/evidence/:evidenceId", async (req, res) => {
    const { regionId, id, evidenceId } = parse(evidenceParams, req.params);
    const file = await review.evidence(principalOf(req), regionId, id, evidenceId);
    res.setHeader("Content-Type", file.mediaType);
    res.setHeader("Content-Disposition", contentDisposition(file.fileName));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-store");
    await new Promise<void>((resolve, reject) => {
      file.stream.once("error", reject);
      res.once("close", () => {
        file.stream.destroy();
        resolve();
      });
      file.stream.pipe(res);
    }).catch((err) => {
      // Headers may be out already: end the response rather than send an error body after bytes.
      deps.log.error({ err, evidenceId }, "evidence stream failed");
      if (!res.headersSent) throw err;
      res.destroy();
    });
  });

  r.post("/regions/:regionId/registrations/:id/approve", async (req, res) => {
    const { regionId, id } = parse(registrationParams, req.params);
    const body = parse(approveRequestSchema, req.body ?? {});
    ok(res, await review.approve(principalOf(req), regionId, id, body));
  });

  r.post("/regions/:regionId/registrations/:id/reject", async (req, res) => {
    const { regionId, id } = parse(registrationParams, req.params);
    const body = parse(rejectRequestSchema, req.body ?? {});
    ok(res, await review.reject(principalOf(req), regionId, id, body));
  });

  r.get("/regions/:regionId/imports/template.xlsx", async (req, res) => {
    const { regionId } = parse(regionParams, req.params);
    assertManagesRegion(principalOf(req), regionId);
    sendFile(res, await templateXlsx(), XLSX_MEDIA_TYPE, "报名导入模板.xlsx");
  });

  r.get("/regions/:regionId/imports/template.csv", (req, res) => {
    const { regionId } = parse(regionParams, req.params);
    assertManagesRegion(principalOf(req), regionId);
    sendFile(res, templateCsv(), "text/csv; charset=utf-8", "报名导入模板.csv");
  });

  return r;
}

/** Who may send a file is settled before its body is read: a stranger's 5 MB is never taken in. */
function managesRegion(req: Request, _res: Response, next: NextFunction): void {
  const { regionId } = parse(regionParams, req.params);
  assertManagesRegion(principalOf(req), regionId);
  next();
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function reviewUploadRoutes(deps: ContestDeps): Router {
  const imports = new ImportService(deps);
  const r = Router();
  r.post(
    "/regions/:regionId/imports",
    guardInput(),
    managesRegion,
    express.raw({ type: () => true, limit: IMPORT_MAX_BYTES }),
    async (req, res) => {
      const { regionId } = parse(regionParams, req.params);
      const { stageId } = parse(importQuerySchema, req.query);
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      ok(res, await imports.import(principalOf(req), { regionId, stageId, bytes }), 201);
    },
  );
  return r;
}
