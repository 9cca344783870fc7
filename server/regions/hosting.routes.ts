// A region's venues, sessions, seating, staff and admission tickets under /api/regions/:regionId (issue 9).
// Each route first checks that the principal runs the region (a host of another region gets 404,
// other staff 403), before it reads the body; the services check it again and keep every record
// they look up by id to the region.
import { type Request, Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf, requireStaff } from "../http/middleware.ts";
import { PracticePaperService } from "./practice-paper.service.ts";
import { RegionStaffService } from "./region-staff.service.ts";
import { RegionsService } from "./regions.service.ts";
import { SeatingService } from "./seating.service.ts";
import { SessionsService } from "./sessions.service.ts";
import { TicketsService } from "./tickets.service.ts";
import { VenuesService } from "./venues.service.ts";

const regionParams = z.object({ regionId: idSchema });
const venueParams = z.object({ venueId: idSchema });
const sessionParams = z.object({ sessionId: idSchema });
const contestantParams = z.object({ contestantId: idSchema });
const grantParams = z.object({ userId: idSchema, grantId: idSchema });

/** The principal and the region of the route, refused before anything else is read. */
function inRegion(req: Request): { actor: Principal; regionId: string } {
  const actor = principalOf(req);
  const { regionId } = parse(regionParams, { regionId: req.params.regionId });
  assertManagesRegion(actor, regionId);
  return { actor, regionId };
}

/** The services, built once from the contest's parts; the demo seed builds the same. */
export function hostingServices(deps: ContestDeps) {
  return {
    regions: new RegionsService(deps),
    venues: new VenuesService(deps),
    sessions: new SessionsService(deps),
    seating: new SeatingService(deps),
    staff: new RegionStaffService(deps),
    tickets: new TicketsService(deps),
    practicePaper: new PracticePaperService(deps),
  };
}

/** JSON routes, mounted after the JSON body parser. */
export function hostingRoutes(deps: ContestDeps): Router {
  const s = hostingServices(deps);
  const r = Router();
  const base = "/regions/:regionId";

  r.get("/regions", requireStaff, async (req, res) => ok(res, await s.regions.regions(principalOf(req))));
  r.get("/papers", requireStaff, async (req, res) => ok(res, await s.regions.papers(principalOf(req))));

  // The practice paper (issue 11): generated on the first call, the same paper after.
  r.post(`${base}/practice-paper`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { paper, created } = await s.practicePaper.ensure(actor, regionId);
    ok(res, paper, created ? 201 : 200);
  });

  r.get(`${base}/venues`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.venues.list(actor, regionId));
  });
  r.post(`${base}/venues`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.venues.create(actor, regionId, req.body), 201);
  });
  r.patch(`${base}/venues/:venueId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { venueId } = parse(venueParams, { venueId: req.params.venueId });
    ok(res, await s.venues.update(actor, regionId, venueId, req.body));
  });
  r.delete(`${base}/venues/:venueId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { venueId } = parse(venueParams, { venueId: req.params.venueId });
    await s.venues.remove(actor, regionId, venueId);
    ok(res, { deleted: venueId });
  });

  r.get(`${base}/sessions`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.sessions.list(actor, regionId));
  });
  r.post(`${base}/sessions`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.sessions.create(actor, regionId, req.body), 201);
  });
  r.get(`${base}/sessions/:sessionId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.sessions.get(actor, regionId, sessionId));
  });
  r.patch(`${base}/sessions/:sessionId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.sessions.update(actor, regionId, sessionId, req.body));
  });
  r.delete(`${base}/sessions/:sessionId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    await s.sessions.remove(actor, regionId, sessionId);
    ok(res, { deleted: sessionId });
  });

  r.get(`${base}/sessions/:sessionId/seats`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.seating.list(actor, regionId, sessionId));
  });
  r.put(`${base}/sessions/:sessionId/seats`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.seating.setSeats(actor, regionId, sessionId, req.body));
  });
  r.post(`${base}/sessions/:sessionId/seats/auto`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.seating.autoSeat(actor, regionId, sessionId, req.body));
  });

  r.get(`${base}/sessions/:sessionId/tickets`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { sessionId } = parse(sessionParams, { sessionId: req.params.sessionId });
    ok(res, await s.tickets.forSession(actor, regionId, sessionId));
  });
  r.get(`${base}/contestants/:contestantId/ticket`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { contestantId } = parse(contestantParams, { contestantId: req.params.contestantId });
    ok(res, await s.tickets.forContestant(actor, regionId, contestantId));
  });

  r.get(`${base}/staff`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.staff.list(actor, regionId));
  });
  r.post(`${base}/staff`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    ok(res, await s.staff.create(actor, regionId, req.body), 201);
  });
  r.delete(`${base}/staff/:userId/grants/:grantId`, async (req, res) => {
    const { actor, regionId } = inRegion(req);
    const { userId, grantId } = parse(grantParams, {
      userId: req.params.userId,
      grantId: req.params.grantId,
    });
    await s.staff.revokeGrant(actor, regionId, userId, grantId);
    ok(res, { deleted: grantId });
  });
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none: hosting takes no files). */
export function hostingUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
