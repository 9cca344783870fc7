// HTTP routes for the staff: the sign-in lockouts of a session, and lifting one with a reason.
import { Router } from "express";
import { idParamsSchema, loginUnlockRequestSchema } from "../../protocol/index.ts";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import type { LoginLocksService } from "./login-locks.service.ts";

export function loginLockRoutes(locks: LoginLocksService): Router {
  const r = Router();
  r.get("/sessions/:id/login-locks", requireStaff, async (req, res) => {
    ok(res, await locks.ofSession(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.post("/users/:id/login-unlock", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    const { reason } = parse(loginUnlockRequestSchema, req.body);
    ok(res, await locks.lift(principalOf(req), id, reason));
  });
  return r;
}
