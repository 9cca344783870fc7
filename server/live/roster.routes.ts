// HTTP routes of the proctor console.
import { Router } from "express";
import { z } from "zod";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import type { RosterService } from "./roster.service.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

export function rosterRoutes(roster: RosterService): Router {
  const r = Router();
  r.get("/sessions/:id/roster", requireStaff, async (req, res) => {
    ok(res, await roster.roster(principalOf(req), parse(idParam, req.params).id));
  });
  return r;
}
