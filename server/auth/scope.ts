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

/**
 * Whether the principal judges the session: an admin, a judge of the whole contest, of its region
 * or of that session. (Hosts release and report; they do not change scores.)
 */
export function canJudgeSession(p: Principal, session: { id: string; regionId: string | null }): boolean {
  return p.staff.some((g) => {
    if (g.role === "ADMIN") return true;
    if (g.role !== "JUDGE") return false;
    if (g.examSessionId) return g.examSessionId === session.id;
    return g.regionId === null || g.regionId === session.regionId;
  });
}

/**
 * Refuses a principal who judges nothing in the region. A judge or host of another region gets 404
 * (it learns nothing of the region); other staff and contestants get 403.
 */
export function assertJudgesRegion(p: Principal, regionId: string): void {
  const judged = judgeRegions(p);
  if (judged === "all" || judged.includes(regionId)) return;
  // A judge of one of the region's sessions judges there too; the session check narrows it.
  if (p.staff.some((g) => g.role === "JUDGE" && g.examSessionId !== null)) return;
  if (p.staff.some((g) => g.role === "REGION_HOST" || g.role === "JUDGE"))
    throw new NotFoundError("The record");
  throw new ForbiddenError("This is for the region's judges and the national committee.");
}
