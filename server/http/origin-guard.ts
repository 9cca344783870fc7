// Refuses cross-site requests: state-changing requests and Socket.IO handshakes must come from the
// app's own origin or one listed in ALLOWED_ORIGINS, and /api bodies must be JSON. Requests that carry
// neither Origin nor Referer (curl, server to server, tests) are not a browser's and pass.
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { OriginNotAllowedError, UnsupportedMediaTypeError } from "../../core/errors.ts";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Loopback addresses, as Express's `trust proxy: "loopback"` has them (IPv4, IPv6, IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

const first = (h: string | string[] | undefined): string | undefined =>
  (Array.isArray(h) ? h[0] : h)?.split(",")[0]?.trim() || undefined;

/** `scheme://host[:port]` normalised (lower case, default port dropped), or null when it is not one. */
export function normalizeOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The origin the request was sent to: its Host header and scheme, or a trusted proxy's
 * X-Forwarded-Host and X-Forwarded-Proto when the connection comes from loopback (as Express trusts).
 */
export function ownOrigin(req: IncomingMessage): string | null {
  const viaProxy = isLoopback(req.socket.remoteAddress);
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const proto = (viaProxy && first(req.headers["x-forwarded-proto"])) || (encrypted ? "https" : "http");
  const host = (viaProxy && first(req.headers["x-forwarded-host"])) || req.headers.host;
  return host ? normalizeOrigin(`${proto}://${host}`) : null;
}

/**
 * Whether a browser sent this request from a page it trusts. The Origin header decides; without it,
 * the Referer's origin; with neither, the request is not a browser's cross-site request.
 */
export function fromAllowedOrigin(
  req: IncomingMessage,
  allowed: readonly string[],
): { ok: boolean; origin?: string } {
  const source = req.headers.origin ?? req.headers.referer;
  if (source === undefined) return { ok: true };
  // "null" (a sandboxed frame, a file) and anything unparsable are nobody's origin.
  const origin = normalizeOrigin(source);
  if (origin === null) return { ok: false, origin: source };
  return { ok: origin === ownOrigin(req) || allowed.includes(origin), origin };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** A cross-site POST, PUT, PATCH or DELETE gets 403 ORIGIN_NOT_ALLOWED, whatever the path. */
export function refuseCrossSite(allowed: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (STATE_CHANGING.has(req.method)) {
      const check = fromAllowedOrigin(req, allowed);
      if (!check.ok) throw new OriginNotAllowedError(check.origin ?? "");
    }
    next();
  };
}

/**
 * Any body that is not application/json gets 415: a form or text/plain body is what a page of
 * another site can send without a CORS preflight. Mount before the body parser.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is("application/json")) throw new UnsupportedMediaTypeError();
  next();
}

/** Socket.IO's `allowRequest`: the handshake follows the same origin rule as HTTP. */
export function allowSocketRequest(allowed: readonly string[]) {
  return (
    req: IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ): void => {
    const check = fromAllowedOrigin(req, allowed);
    callback(check.ok ? null : "ORIGIN_NOT_ALLOWED", check.ok);
  };
}
