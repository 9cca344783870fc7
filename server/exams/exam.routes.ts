// HTTP routes of the contestant's exam; the socket's answer:save has its fallback here.
import { Router } from "express";
import { idParamsSchema, saveAnswerRequestSchema } from "../../protocol/index.ts";
import { isStaff } from "../auth/principal.ts";
import { ok, parse, principalOf, requireContestant } from "../http/middleware.ts";
import { noopMetrics, observeSave, type SaveMetrics } from "../ops/metrics.ts";
import type { ExamService } from "./exam.service.ts";

const saveBody = saveAnswerRequestSchema.omit({ attemptId: true });

export function examRoutes(exams: ExamService, metrics: SaveMetrics = noopMetrics): Router {
  const r = Router();
  r.get("/attempts/mine", requireContestant, async (req, res) =>
    ok(res, await exams.listMine(principalOf(req))),
  );
  r.post("/attempts/:id/start", requireContestant, async (req, res) => {
    ok(res, await exams.start(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.get("/attempts/:id/exam", requireContestant, async (req, res) => {
    ok(res, await exams.examView(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.put("/attempts/:id/answers", requireContestant, async (req, res) => {
    const saved = await observeSave(metrics, "http", () => {
      const { id } = parse(idParamsSchema, req.params);
      return exams.saveAnswer(principalOf(req), { attemptId: id, ...parse(saveBody, req.body) });
    });
    ok(res, saved);
  });
  r.post("/attempts/:id/submit", requireContestant, async (req, res) => {
    ok(res, await exams.submit(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  // An item's image or recording. Byte ranges are served so that a player can seek in audio. Only
  // raster images and audio are served; a stored SVG (its markup draws the truth) is refused with
  // 415 UNSUPPORTED_MEDIA_TYPE by itemMedia (see there and docs/MEDIA.md).
  r.get(["/items/:id/media", "/items/:id/image"], async (req, res) => {
    const p = principalOf(req);
    const media = await exams.itemMedia(p, parse(idParamsSchema, req.params).id, isStaff(p));
    res.setHeader("Cache-Control", "private, max-age=3600");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Accept-Ranges", "bytes");
    res.type(media.type);
    const range = byteRange(req.headers.range, media.size);
    if (range === "unsatisfiable") {
      res.status(416).setHeader("Content-Range", `bytes */${media.size}`).end();
      return;
    }
    if (range) {
      res.status(206).setHeader("Content-Range", `bytes ${range.start}-${range.end}/${media.size}`);
      res.send(await media.read(range.start, range.end));
      return;
    }
    res.send(media.size === 0 ? Buffer.alloc(0) : await media.read(0, media.size - 1));
  });
  return r;
}

/**
 * A single "bytes=a-b", "bytes=a-" or "bytes=-n" range of a body of `size` bytes, inclusive;
 * null when there is no usable Range header (multiple ranges are answered with the whole body).
 */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
