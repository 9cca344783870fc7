// Paper and task authoring (protocol/authoring.ts): papers, tasks, dataset imports, try-score.
// Admins only: everyone else gets 403, before any body is read.
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { z } from "zod";
import { PayloadTooLargeError } from "../../core/errors.ts";
import { DATASET_IMPORT_MAX_BYTES, idSchema } from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { guardInput } from "../http/input-guard.ts";
import { ok, parse, principalOf, requireAdmin } from "../http/middleware.ts";
import { DatasetImportService } from "./import.service.ts";
import { PapersService } from "./papers.service.ts";
import { TasksService } from "./tasks.service.ts";
import { TryScoreService } from "./try-score.service.ts";

const paperParams = z.object({ paperId: idSchema });
const taskParams = z.object({ taskId: idSchema });
const itemParams = z.object({ itemId: idSchema });

/** JSON routes (mounted after the body parser). */
export function authoringRoutes(deps: ContestDeps): Router {
  const papers = new PapersService(deps);
  const tasks = new TasksService(deps);
  const tryScore = new TryScoreService(deps);
  const r = Router();
  r.use("/admin", (req, res, next) => {
    // Only this router's paths: other /admin routes (the bank's) keep their own guards.
    if (/^\/(papers|tasks|items)(\/|$)/.test(req.path)) return requireAdmin(req, res, next);
    next();
  });

  r.get("/admin/papers", async (_req, res) => ok(res, await papers.list()));
  r.post("/admin/papers", async (req, res) => ok(res, await papers.create(principalOf(req), req.body), 201));
  r.get("/admin/papers/:paperId", async (req, res) => {
    ok(res, await papers.get(parse(paperParams, req.params).paperId));
  });
  r.patch("/admin/papers/:paperId", async (req, res) => {
    const { paperId } = parse(paperParams, req.params);
    ok(res, await papers.update(principalOf(req), paperId, req.body));
  });

  r.post("/admin/papers/:paperId/tasks", async (req, res) => {
    const { paperId } = parse(paperParams, req.params);
    ok(res, await tasks.create(principalOf(req), paperId, req.body), 201);
  });
  r.post("/admin/papers/:paperId/tasks/order", async (req, res) => {
    const { paperId } = parse(paperParams, req.params);
    await tasks.reorder(principalOf(req), paperId, req.body);
    ok(res, await papers.get(paperId));
  });
  r.get("/admin/tasks/:taskId", async (req, res) => {
    ok(res, await tasks.get(parse(taskParams, req.params).taskId));
  });
  r.put("/admin/tasks/:taskId", async (req, res) => {
    const { taskId } = parse(taskParams, req.params);
    ok(res, await tasks.update(principalOf(req), taskId, req.body));
  });
  r.delete("/admin/tasks/:taskId", async (req, res) => {
    await tasks.remove(principalOf(req), parse(taskParams, req.params).taskId);
    ok(res, { deleted: true });
  });
  r.delete("/admin/tasks/:taskId/items", async (req, res) => {
    const deleted = await tasks.clearItems(principalOf(req), parse(taskParams, req.params).taskId);
    ok(res, { deleted });
  });
  r.delete("/admin/items/:itemId", async (req, res) => {
    await tasks.removeItem(principalOf(req), parse(itemParams, req.params).itemId);
    ok(res, { deleted: true });
  });
  r.post("/admin/tasks/:taskId/try-score", async (req, res) => {
    const { taskId } = parse(taskParams, req.params);
    ok(res, await tryScore.tryScore(taskId, req.body));
  });
  return r;
}

/** A stranger's body is never read, and a body said to be too large is refused before it is. */
function admitUpload(req: Request, res: Response, next: NextFunction): void {
  requireAdmin(req, res, () => {
    parse(taskParams, req.params);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > DATASET_IMPORT_MAX_BYTES)
      throw new PayloadTooLargeError(DATASET_IMPORT_MAX_BYTES);
    next();
  });
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function authoringUploadRoutes(deps: ContestDeps): Router {
  const imports = new DatasetImportService(deps, new TasksService(deps));
  const r = Router();
  r.post(
    "/admin/tasks/:taskId/imports",
    guardInput(),
    admitUpload,
    express.raw({ type: () => true, limit: DATASET_IMPORT_MAX_BYTES }),
    async (req, res) => {
      const { taskId } = parse(taskParams, req.params);
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const report = await imports.import(principalOf(req), taskId, req.query as never, bytes);
      ok(res, report, report.dryRun ? 200 : 201);
    },
  );
  return r;
}
