// The national committee's routes under /api/admin (issue 9), ADMIN only, and the contests any staff
// member may read. Thin: each parses its path and hands the body to one service method.
import { Router } from "express";
import { z } from "zod";
import { idSchema } from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { ok, parse, principalOf, requireAdmin, requireStaff } from "../http/middleware.ts";
import { CommitteeService } from "./committee.service.ts";
import { RegionsService } from "./regions.service.ts";
import { StaffService, type StaffSignIns } from "./staff.service.ts";

const idParam = z.object({ id: idSchema });
const windowParams = z.object({ id: idSchema, regionId: idSchema });
const userParam = z.object({ userId: idSchema });
const grantParams = z.object({ userId: idSchema, grantId: idSchema });

/**
 * JSON routes, mounted after the JSON body parser. `signIns` closes the sockets of sign-ins a password
 * reset ended or whose grants shrank (the server's SocketSignInHooks).
 */
export function committeeRoutes(deps: ContestDeps, opts: { signIns?: StaffSignIns } = {}): Router {
  const committee = new CommitteeService(deps);
  const regions = new RegionsService(deps);
  const staff = new StaffService(deps, opts.signIns);
  const r = Router();

  // For the hosts' pages to pick a stage.
  r.get("/contests", requireStaff, async (req, res) => ok(res, await committee.contests(principalOf(req))));

  r.get("/admin/contests", requireAdmin, async (req, res) =>
    ok(res, await committee.contests(principalOf(req))),
  );
  r.post("/admin/contests", requireAdmin, async (req, res) =>
    ok(res, await committee.createContest(principalOf(req), req.body), 201),
  );
  r.patch("/admin/contests/:id", requireAdmin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    ok(res, await committee.updateContest(principalOf(req), id, req.body));
  });
  r.post("/admin/contests/:id/stages", requireAdmin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    ok(res, await committee.addStage(principalOf(req), id, req.body), 201);
  });
  r.patch("/admin/stages/:id", requireAdmin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    ok(res, await committee.updateStage(principalOf(req), id, req.body));
  });
  r.put("/admin/stages/:id/windows/:regionId", requireAdmin, async (req, res) => {
    const { id, regionId } = parse(windowParams, req.params);
    ok(res, await committee.setWindow(principalOf(req), id, regionId, req.body));
  });
  r.delete("/admin/stages/:id/windows/:regionId", requireAdmin, async (req, res) => {
    const { id, regionId } = parse(windowParams, req.params);
    await committee.deleteWindow(principalOf(req), id, regionId);
    ok(res, null);
  });

  r.get("/admin/regions", requireAdmin, async (req, res) => ok(res, await regions.list(principalOf(req))));
  r.post("/admin/regions/load", requireAdmin, async (req, res) =>
    ok(res, await regions.load(principalOf(req))),
  );
  r.patch("/admin/regions/:id", requireAdmin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    ok(res, await regions.update(principalOf(req), id, req.body));
  });

  r.get("/admin/staff", requireAdmin, async (req, res) =>
    ok(res, await staff.list(principalOf(req), req.query)),
  );
  r.post("/admin/staff", requireAdmin, async (req, res) =>
    ok(res, await staff.createStaff(principalOf(req), req.body), 201),
  );
  r.patch("/admin/staff/:userId", requireAdmin, async (req, res) => {
    const { userId } = parse(userParam, req.params);
    ok(res, await staff.update(principalOf(req), userId, req.body));
  });
  r.post("/admin/staff/:userId/grants", requireAdmin, async (req, res) => {
    const { userId } = parse(userParam, req.params);
    ok(res, await staff.addGrant(principalOf(req), userId, req.body), 201);
  });
  r.delete("/admin/staff/:userId/grants/:grantId", requireAdmin, async (req, res) => {
    const { userId, grantId } = parse(grantParams, req.params);
    ok(res, await staff.removeGrant(principalOf(req), userId, grantId));
  });
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none for the committee). */
export function committeeUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
