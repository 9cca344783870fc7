// HTTP routes of the contestant's exam; the socket's answer:save has its fallback here.
import { Router } from "express";
import { z } from "zod";
import { saveAnswerRequestSchema } from "../../protocol/index.ts";
import { isStaff } from "../auth/principal.ts";
import { ok, parse, principalOf, requireContestant } from "../http/middleware.ts";
import type { ExamService } from "./exam.service.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const saveBody = saveAnswerRequestSchema.omit({ attemptId: true });

export function examRoutes(exams: ExamService): Router {
  const r = Router();
  r.get("/attempts/mine", requireContestant, async (req, res) =>
    ok(res, await exams.listMine(principalOf(req))),
  );
  r.post("/attempts/:id/start", requireContestant, async (req, res) => {
    ok(res, await exams.start(principalOf(req), parse(idParam, req.params).id));
  });
  r.get("/attempts/:id/exam", requireContestant, async (req, res) => {
    ok(res, await exams.examView(principalOf(req), parse(idParam, req.params).id));
  });
  r.put("/attempts/:id/answers", requireContestant, async (req, res) => {
    const { id } = parse(idParam, req.params);
    ok(res, await exams.saveAnswer(principalOf(req), { attemptId: id, ...parse(saveBody, req.body) }));
  });
  r.post("/attempts/:id/submit", requireContestant, async (req, res) => {
    ok(res, await exams.submit(principalOf(req), parse(idParam, req.params).id));
  });
  r.get("/items/:id/image", async (req, res) => {
    const p = principalOf(req);
    const media = await exams.itemMedia(p, parse(idParam, req.params).id, isStaff(p));
    res.setHeader("Cache-Control", "private, max-age=3600");
    res.type(media.type).send(media.body);
  });
  return r;
}
