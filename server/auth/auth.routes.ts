// HTTP routes for signing in and out.
import { Router } from "express";
import { LoginLockedError } from "../../core/errors.ts";
import { loginRequestSchema } from "../../protocol/index.ts";
import { ok, parse, principalOf } from "../http/middleware.ts";
import type { AuthService } from "./auth.service.ts";
import { loginOrigin } from "./login-origin.ts";
import { SESSION_COOKIE } from "./session-cookie.ts";

export function authRoutes(
  auth: AuthService,
  opts: {
    ttlHours: number;
    /** Mark the cookie Secure on every request (in production), not only on those over HTTPS. */
    secureCookie?: boolean;
  },
): Router {
  const r = Router();
  const cookieOptions = {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
  };
  r.post("/auth/login", async (req, res) => {
    const body = parse(loginRequestSchema, req.body);
    const { cookie, principal } = await auth
      .login(body, loginOrigin(req.ip, req.get("user-agent")))
      .catch((e: unknown) => {
        if (e instanceof LoginLockedError) res.setHeader("Retry-After", String(e.retryAfterSeconds));
        throw e;
      });
    // Secure in production, and whenever the request came over HTTPS (directly or through a trusted
    // proxy). A browser keeps no Secure cookie from plain HTTP (localhost aside): production needs HTTPS.
    res.cookie(SESSION_COOKIE, cookie, {
      ...cookieOptions,
      secure: Boolean(opts.secureCookie) || req.secure,
      maxAge: opts.ttlHours * 3600_000,
    });
    ok(res, await auth.me(principal));
  });
  r.post("/auth/logout", async (req, res) => {
    await auth.logout(principalOf(req));
    res.clearCookie(SESSION_COOKIE, { ...cookieOptions, secure: Boolean(opts.secureCookie) || req.secure });
    ok(res, null);
  });
  r.get("/me", async (req, res) => ok(res, await auth.me(principalOf(req))));
  return r;
}
