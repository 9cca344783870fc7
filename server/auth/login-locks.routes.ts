// HTTP routes for the staff: the sign-in lockouts of a session, and lifting one with a reason.
import { Router } from "express";
import { z } from "zod";
import { loginUnlockRequestSchema } from "../../protocol/index.ts";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import type { LoginLocksService } from "./login-locks.service.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

export function loginLockRoutes(locks: LoginLocksService): Router {
  const r = Router();
  r.get("/sessions/:id/login-locks", requireStaff, async (req, res) => {
    ok(res, await locks.ofSession(principalOf(req), parse(idParam, req.params).id));
  });
  r.post("/users/:id/login-unlock", requireStaff, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { reason } = parse(loginUnlockRequestSchema, req.body);
    ok(res, await locks.lift(principalOf(req), id, reason));
  });
  return r;
}
