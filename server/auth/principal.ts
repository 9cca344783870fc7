// Who is acting: the signed-in user, their staff roles and their contestant entries.
import type { Role } from "../../protocol/index.ts";

export interface StaffGrant {
  role: "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE";
  regionId: string | null;
  examSessionId: string | null;
}

export interface Principal {
  userId: string;
  name: string;
  sessionId: string;
  contestantIds: string[];
  staff: StaffGrant[];
}

export function rolesOf(p: Principal): Role[] {
  const roles = new Set<Role>();
  if (p.contestantIds.length > 0) roles.add("CONTESTANT");
  for (const g of p.staff) roles.add(g.role);
  return [...roles];
}

export function isStaff(p: Principal): boolean {
  return p.staff.length > 0;
}

export function isAdmin(p: Principal): boolean {
  return p.staff.some((g) => g.role === "ADMIN");
}

export function isContestant(p: Principal): boolean {
  return p.contestantIds.length > 0;
}

/** Whether the principal may watch and act on an exam session held in a stage of `regionId`. */
export function canWatchSession(p: Principal, session: { id: string; regionId: string | null }): boolean {
  return p.staff.some((g) => {
    if (g.role === "ADMIN") return true;
    if (g.role === "REGION_HOST") return g.regionId === null || g.regionId === session.regionId;
    if (g.role === "PROCTOR" || g.role === "JUDGE") {
      if (g.examSessionId) return g.examSessionId === session.id;
      return g.regionId === null || g.regionId === session.regionId;
    }
    return false;
  });
}
