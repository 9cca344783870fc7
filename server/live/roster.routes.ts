// HTTP routes of the proctor console: the roster, the timeline and incidents of an attempt, and the
// controls also offered over the socket (same services, same checks, same audit).
import { Router } from "express";
import {
  attemptControlRequestSchema,
  extendRequestSchema,
  forceSubmitRequestSchema,
  idParamsSchema,
  reportRequestSchema,
  sessionControlRequestSchema,
  sessionExtendRequestSchema,
} from "../../protocol/index.ts";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import type { ProctorActionsService } from "./proctor-actions.service.ts";
import type { RosterService } from "./roster.service.ts";

const extendBody = extendRequestSchema.omit({ attemptId: true });
const forceSubmitBody = forceSubmitRequestSchema.omit({ attemptId: true });
const controlBody = attemptControlRequestSchema.omit({ attemptId: true });
const reportBody = reportRequestSchema.omit({ attemptId: true });
const sessionExtendBody = sessionExtendRequestSchema.omit({ sessionId: true });
const sessionControlBody = sessionControlRequestSchema.omit({ sessionId: true });

export function rosterRoutes(roster: RosterService, actions: ProctorActionsService): Router {
  const r = Router();
  r.get("/sessions/:id/roster", requireStaff, async (req, res) => {
    ok(res, await roster.roster(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.get("/attempts/:id/timeline", requireStaff, async (req, res) => {
    ok(res, await roster.timeline(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.get("/attempts/:id/incidents", requireStaff, async (req, res) => {
    ok(res, await roster.incidents(principalOf(req), parse(idParamsSchema, req.params).id));
  });
  r.post("/attempts/:id/extend", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    const body = parse(extendBody, req.body);
    ok(res, await actions.extend(principalOf(req), id, body.minutes, body.reason));
  });
  for (const action of ["pause", "resume", "lock", "unlock"] as const)
    r.post(`/attempts/:id/${action}`, requireStaff, async (req, res) => {
      const { id } = parse(idParamsSchema, req.params);
      ok(res, await actions[action](principalOf(req), id, parse(controlBody, req.body).reason));
    });
  r.post("/attempts/:id/report", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    ok(res, await actions.report(principalOf(req), { attemptId: id, ...parse(reportBody, req.body) }));
  });
  r.post("/attempts/:id/force-submit", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    ok(res, await actions.forceSubmit(principalOf(req), id, parse(forceSubmitBody, req.body).reason));
  });
  r.post("/sessions/:id/extend", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    const body = parse(sessionExtendBody, req.body);
    ok(res, await actions.extendSession(principalOf(req), id, body.minutes, body.reason));
  });
  r.post("/sessions/:id/pause", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    ok(res, await actions.pauseSession(principalOf(req), id, parse(sessionControlBody, req.body).reason));
  });
  r.post("/sessions/:id/resume", requireStaff, async (req, res) => {
    const { id } = parse(idParamsSchema, req.params);
    ok(res, await actions.resumeSession(principalOf(req), id, parse(sessionControlBody, req.body).reason));
  });
  return r;
}
