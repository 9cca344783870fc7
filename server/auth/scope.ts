// Region scoping for the contest administration: who may see and change a region's records.
import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import { isAdmin, type Principal } from "./principal.ts";

/** Whether the principal runs the region: an admin, or a region host of it (or of every region). */
export function canManageRegion(p: Principal, regionId: string): boolean {
  return p.staff.some(
    (g) =>
      g.role === "ADMIN" || (g.role === "REGION_HOST" && (g.regionId === null || g.regionId === regionId)),
  );
}

/** The regions a principal runs: "all" for an admin or a contest-wide host. */
export function managedRegions(p: Principal): "all" | string[] {
  if (isAdmin(p)) return "all";
  const ids: string[] = [];
  for (const g of p.staff) {
    if (g.role !== "REGION_HOST") continue;
    if (g.regionId === null) return "all";
    ids.push(g.regionId);
  }
  return ids;
}

/**
 * Refuses a principal who does not run the region. Staff of no region at all get 403; a host of
 * another region gets 404, the same answer as for a region that does not exist, so it learns
 * nothing of another region's records.
 */
export function assertManagesRegion(p: Principal, regionId: string): void {
  if (canManageRegion(p, regionId)) return;
  if (p.staff.some((g) => g.role === "REGION_HOST")) throw new NotFoundError("The record");
  throw new ForbiddenError("This is for the region's host or the national committee.");
}

/** Whether a judge's grants reach the region (judges get a landing page of their regions). */
export function judgeRegions(p: Principal): "all" | string[] {
  const ids: string[] = [];
  for (const g of p.staff) {
    if (g.role === "ADMIN") return "all";
    if (g.role !== "JUDGE") continue;
    if (g.regionId === null && g.examSessionId === null) return "all";
    if (g.regionId) ids.push(g.regionId);
  }
  return ids;
}
