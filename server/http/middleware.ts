// Express middleware: the session principal, role guards, zod parsing and the one error mapper.
import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  toAppError,
  toErrorBody,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from "../../core/errors.ts";
import type { Logger } from "../../core/platform/logger.ts";
import type { AuthService } from "../auth/auth.service.ts";
import { isAdmin, isContestant, isStaff, type Principal } from "../auth/principal.ts";
import { readCookie, SESSION_COOKIE } from "../auth/session-cookie.ts";

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

/** Resolves the session cookie to `req.principal` (absent when not signed in). */
export function loadPrincipal(auth: AuthService) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    req.principal = (await auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE))) ?? undefined;
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}

export function requireSignedIn(req: Request, _res: Response, next: NextFunction): void {
  principalOf(req);
  next();
}

export function requireContestant(req: Request, _res: Response, next: NextFunction): void {
  if (!isContestant(principalOf(req))) throw new ForbiddenError("This route is for contestants.");
  next();
}

export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  if (!isAdmin(principalOf(req)))
    throw new ForbiddenError("This route is for the national committee's admins.");
  next();
}

export function requireStaff(req: Request, _res: Response, next: NextFunction): void {
  if (!isStaff(principalOf(req))) throw new ForbiddenError("This route is for staff.");
  next();
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      "The request is not valid.",
      parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return parsed.data;
}

/** Sends `{ data }`. */
export function ok(res: Response, data: unknown, status = 200): void {
  res.status(status).json({ data });
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError("The route"));
}

/** Maps every error to `{ error: { code, message, details } }`; unknown errors become a logged 500. */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let e = err;
    const bodyErr = err as { type?: string; status?: number; limit?: number };
    if (bodyErr?.type === "entity.too.large") e = new PayloadTooLargeError(bodyErr.limit ?? 0);
    else if (bodyErr?.type === "entity.parse.failed") e = new ValidationError("The body is not valid JSON.");
    else if (bodyErr?.status && bodyErr.status >= 400 && bodyErr.status < 500 && !(err instanceof AppError))
      e = new ValidationError("The request could not be read.");
    const mapped = toAppError(e);
    if (!mapped) log.error({ err, url: req.originalUrl }, "unhandled error");
    // Input that got past the boundary's checks: the client's fault, but a check is missing.
    else if (mapped instanceof UnavailableError)
      log.warn({ err, url: req.originalUrl }, "service unavailable");
    else if (mapped !== e) log.warn({ err, url: req.originalUrl }, "input refused below the boundary");
    const wait = (mapped?.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (typeof wait === "number") res.setHeader("Retry-After", String(Math.max(1, Math.ceil(wait / 1000))));
    res.status(mapped?.status ?? 500).json({ error: toErrorBody(e) });
  };
}
