// Public registration: apply, correct, upload evidence, withdraw (issue 9). No account: the access
// code returned once by POST /api/apply, sent back in the X-Registration-Code header, is the key.
import { pipeline } from "node:stream/promises";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { z } from "zod";
import { NotFoundError, PayloadTooLargeError } from "../../core/errors.ts";
import { evidenceUploadQuerySchema, idSchema, REGISTRATION_CODE_HEADER } from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { guardInput } from "../http/input-guard.ts";
import { ok, parse } from "../http/middleware.ts";
import { contentDisposition } from "./evidence-type.ts";
import { DEFAULT_REGISTRATION_LIMITS, RegistrationThrottle, redisCounters } from "./rate-limit.ts";
import { RegistrationService } from "./registration.service.ts";

const evidenceParams = z.object({ evidenceId: idSchema });

/** One service and one set of limits per app, shared by the JSON and the upload routes. */
const parts = new WeakMap<ContestDeps, { service: RegistrationService; throttle: RegistrationThrottle }>();
function partsOf(deps: ContestDeps) {
  let p = parts.get(deps);
  if (!p) {
    const counters = deps.redis ? redisCounters(deps.redis, deps.config.REDIS_PREFIX) : undefined;
    p = {
      service: new RegistrationService(deps),
      throttle: new RegistrationThrottle(DEFAULT_REGISTRATION_LIMITS, counters),
    };
    parts.set(deps, p);
  }
  return p;
}

const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? "unknown";

/** The request's access code, checked: a wrong one is a 404 and counts against the address. */
function requireCode(service: RegistrationService, throttle: RegistrationThrottle) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const address = addressOf(req);
    await throttle.lookup(address);
    const code = req.get(REGISTRATION_CODE_HEADER);
    if (!(await service.idOfCode(code))) {
      await throttle.wrongCode(address);
      throw new NotFoundError("The application");
    }
    res.locals.accessCode = code;
    next();
  };
}

const codeOf = (res: Response): string => res.locals.accessCode as string;

/** JSON routes, mounted after the JSON body parser. */
export function registrationRoutes(deps: ContestDeps): Router {
  const { service, throttle } = partsOf(deps);
  const withCode = requireCode(service, throttle);
  const r = Router();

  r.get("/apply/open", async (_req, res) => {
    ok(res, await service.openStages());
  });

  r.post("/apply", async (req, res) => {
    await throttle.application(addressOf(req));
    ok(res, await service.apply(req.body), 201);
  });

  r.get("/apply/me", withCode, async (_req, res) => {
    ok(res, await service.view(codeOf(res)));
  });

  r.put("/apply/me", withCode, async (req, res) => {
    ok(res, await service.resubmit(codeOf(res), req.body));
  });

  r.post("/apply/me/withdraw", withCode, async (_req, res) => {
    ok(res, await service.withdraw(codeOf(res)));
  });

  r.get("/apply/me/evidence/:evidenceId", withCode, async (req, res) => {
    const { evidenceId } = parse(evidenceParams, req.params);
    const file = await service.evidenceFile(codeOf(res), evidenceId);
    res.setHeader("Content-Type", file.mediaType);
    res.setHeader("Content-Length", String(file.size));
    res.setHeader("Content-Disposition", contentDisposition(file.fileName));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    res.setHeader("Cache-Control", "private, no-store");
    await pipeline(file.stream, res);
  });

  r.delete("/apply/me/evidence/:evidenceId", withCode, async (req, res) => {
    const { evidenceId } = parse(evidenceParams, req.params);
    await service.removeEvidence(codeOf(res), evidenceId);
    res.status(204).end();
  });

  return r;
}

/** Reads the raw body into a Buffer, never more than `limit` bytes (413 beyond). */
function readRaw(req: Request, res: Response, limit: number): Promise<Buffer> {
  const parser = express.raw({ type: () => true, limit, inflate: false });
  return new Promise((resolve, reject) => {
    parser(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === "entity.too.large")
        return reject(new PayloadTooLargeError(limit));
      if (err) return reject(err);
      resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    });
  });
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function registrationUploadRoutes(deps: ContestDeps): Router {
  const { service, throttle } = partsOf(deps);
  const r = Router();
  r.post("/apply/me/evidence", guardInput(), requireCode(service, throttle), async (req, res) => {
    const query = parse(evidenceUploadQuerySchema, req.query);
    // Refused before the body is read: a closed window or a full application buffers nothing.
    const target = await service.evidenceTarget(codeOf(res));
    const announced = Number(req.get("content-length"));
    await throttle.upload(
      addressOf(req),
      Number.isFinite(announced) && announced > 0 ? Math.min(announced, target.maxBytes) : target.maxBytes,
    );
    const bytes = await readRaw(req, res, target.maxBytes);
    ok(res, await service.addEvidence(codeOf(res), query.kind, query.name, bytes), 201);
  });
  return r;
}
