// GET /api/exports/tasks/:taskId?format=coco|voc|yolo|jsonl&of=truth|answers[&sessionId=…]: a
// task's truth or its contestants' final answers as a download (server/exports/exports.service.ts);
// GET /api/exports/sessions/:sessionId/tasks: the tasks of a session's paper and their formats.
import { Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/ids.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf } from "../http/middleware.ts";
import { EXPORT_FORMATS, ExportsService } from "./exports.service.ts";

const params = z.object({ taskId: idSchema });
const sessionParams = z.object({ sessionId: idSchema });
const query = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    of: z.enum(["truth", "answers"]),
    sessionId: idSchema.optional(),
  })
  .strict();

export function exportsRoutes(deps: ContestDeps): Router {
  const exportsService = new ExportsService(deps);
  const r = Router();
  r.get("/exports/sessions/:sessionId/tasks", async (req, res) => {
    const actor = principalOf(req);
    const { sessionId } = parse(sessionParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    ok(res, await exportsService.tasksOf(actor, sessionId));
  });
  r.get("/exports/tasks/:taskId", async (req, res) => {
    const actor = principalOf(req);
    const { taskId } = parse(params, req.params);
    const q = parse(query, req.query);
    const file = await exportsService.export(actor, { taskId, ...q });
    res.setHeader("Content-Type", file.contentType);
    res.setHeader("Content-Disposition", `attachment; filename="${file.fileName}"`);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-store");
    res.status(200).end(file.body);
  });
  return r;
}
