// HTTP routes of the contestant's exam; the socket's answer:save has its fallback here.
import { pipeline } from "node:stream";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Logger } from "../../core/platform/logger.ts";
import { idParamsSchema, saveAnswerRequestSchema } from "../../protocol/index.ts";
import { isStaff } from "../auth/principal.ts";
import { ok, parse, principalOf, requireContestant } from "../http/middleware.ts";
import { noopMetrics, observeSave, type SaveMetrics } from "../ops/metrics.ts";
import type { ExamService } from "./exam.service.ts";
import { type MediaBody, type MediaService, snapThumbWidth } from "./media.service.ts";

const saveBody = saveAnswerRequestSchema.omit({ attemptId: true });

const thumbQuerySchema = z
  .object({ w: z.coerce.number().int().min(64).max(640) })
  .describe("thumbnail width: an integer from 64 to 640");

/**
 * Staff may keep media a while; a contestant's browser keeps them briefly and privately only (the
 * server stops serving them when the attempt ends; docs/MEDIA.md, "Caching").
 */
const STAFF_CACHE = "private, max-age=3600";
const CONTESTANT_CACHE = "private, max-age=300";

export function examRoutes(
  exams: ExamService,
  media: MediaService,
  log: Logger,
  metrics: SaveMetrics = noopMetrics,
): Router {
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
  // An item's image or recording, by its id: staff (any time) and a contestant during an attempt
  // in progress at its paper. Byte ranges are served so that a player can seek in audio. Only raster
  // images and audio are served; a stored SVG (its markup draws the truth) is refused with 415
  // UNSUPPORTED_MEDIA_TYPE (media.service.ts, docs/MEDIA.md).
  r.get(["/items/:id/media", "/items/:id/image"], async (req, res) => {
    const p = principalOf(req);
    const staff = isStaff(p);
    const body = await media.byItem(p, parse(idParamsSchema, req.params).id, staff);
    await sendMedia(req, res, body, staff ? STAFF_CACHE : CONTESTANT_CACHE, log);
  });
  // A thumbnail of an image item, at most w × w pixels (w snapped up to 96, 160, 320 or 640).
  r.get("/items/:id/thumb", async (req, res) => {
    const p = principalOf(req);
    const staff = isStaff(p);
    const { id } = parse(idParamsSchema, req.params);
    const { w } = parse(thumbQuerySchema, req.query);
    const body = await media.thumb(p, id, staff, snapThumbWidth(w));
    await sendMedia(req, res, body, staff ? STAFF_CACHE : CONTESTANT_CACHE, log);
  });
  // The contestant's URL of an item's media: an opaque token of (attempt, item), media-token.ts.
  r.get("/media/:token", async (req, res) => {
    const body = await media.byToken(principalOf(req), String(req.params.token ?? ""));
    await sendMedia(req, res, body, CONTESTANT_CACHE, log);
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

/** Whether an If-None-Match header names `etag` (or is "*"). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

/**
 * Sends media: the whole body, one byte range (206, or 416 when it cannot be met), or the headers
 * only (HEAD, 304). The bytes are streamed from the store; a read that fails midway ends the
 * response and is logged, never thrown.
 */
async function sendMedia(
  req: Request,
  res: Response,
  body: MediaBody,
  cacheControl: string,
  log: Logger,
): Promise<void> {
  res.setHeader("Cache-Control", cacheControl);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Accept-Ranges", "bytes");
  if (body.etag) res.setHeader("ETag", body.etag);
  let range = byteRange(req.headers.range, body.size);
  // A range asked "if the body is still this one" is answered whole when it is not.
  const ifRange = req.headers["if-range"];
  if (range && ifRange && ifRange !== body.etag) range = null;
  if (body.etag && !range && matches(req.headers["if-none-match"], body.etag)) {
    res.status(304).end();
    return;
  }
  if (range === "unsatisfiable") {
    res.status(416).setHeader("Content-Range", `bytes */${body.size}`).end();
    return;
  }
  const span = range ?? (body.size > 0 ? { start: 0, end: body.size - 1 } : null);
  // Opened before the status is set: a blob gone meanwhile is still an ordinary 404.
  const stream = req.method === "HEAD" || !span ? null : await body.open(span);
  res.type(body.type);
  if (range) res.status(206).setHeader("Content-Range", `bytes ${range.start}-${range.end}/${body.size}`);
  res.setHeader("Content-Length", String(span ? span.end - span.start + 1 : 0));
  if (!stream) {
    res.end();
    return;
  }
  pipeline(stream, res, (err) => {
    // A client that goes away mid-body is ordinary (a player seeking); anything else is logged.
    if (err && (err as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE")
      log.warn(
        { url: req.originalUrl.replace(/\/media\/[^/?]+/, "/media/…"), err: String(err) },
        "media stream failed",
      );
  });
}
