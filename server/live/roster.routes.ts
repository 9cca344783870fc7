// HTTP routes of the proctor console: the roster, and the actions also offered over the socket.
import { Router } from "express";
import { extendRequestSchema, forceSubmitRequestSchema, idParamsSchema } from "../../protocol/index.ts";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import type { ProctorActionsService } from "./proctor-actions.service.ts";
import type { RosterService } from "./roster.service.ts";

const extendBody = extendRequestSchema.omit({ attemptId: true });
const forceSubmitBody = forceSubmitRequestSchema.omit({ attemptId: true });

export function rosterRoutes(roster: RosterService, actions: ProctorActionsService): Router {
  const r = Router();
  r.get("/sessions/:id/roster", requireStaff, async (req, res) => {
    ok(res, await roster.roster(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.post("/attempts/:id/extend", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    const body = parse(extendBody, req.body);
    ok(res, await actions.extend(principalOf(req), id, body.minutes, body.reason));
  });
  r.post("/attempts/:id/force-submit", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    ok(res, await actions.forceSubmit(principalOf(req), id, parse(forceSubmitBody, req.body).reason));
  });
  return r;
}
