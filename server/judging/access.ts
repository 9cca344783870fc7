// Who judges what (protocol/judging.ts, header): an admin, or a JUDGE grant of the whole contest, of
// a session's region or of the session. A judge or host asking about another's session, attempt or
// appeal gets 404 (the same answer as for a record that does not exist); other staff and
// contestants get 403.
import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import { isAdmin, type Principal } from "../auth/principal.ts";
import { canJudgeSession } from "../auth/scope.ts";

/** Whether the principal holds any grant that judges something (an admin or a judge). */
export function judgesAnything(p: Principal): boolean {
  return p.staff.some((g) => g.role === "ADMIN" || g.role === "JUDGE");
}

/**
 * Refuses, before any lookup, a principal who judges nothing and would not get a 404 anyway:
 * proctors and contestants get 403. Judges and hosts go on to the record's own check.
 */
export function assertMayAskJudging(p: Principal): void {
  if (judgesAnything(p)) return;
  if (p.staff.some((g) => g.role === "REGION_HOST")) return;
  throw new ForbiddenError("This is for the judges and the national committee.");
}

/** Refuses lists (sessions, appeals) to anyone who judges nothing: 403, hosts included. */
export function assertJudge(p: Principal): void {
  if (!judgesAnything(p)) throw new ForbiddenError("This is for the judges and the national committee.");
}

/**
 * Refuses a principal who does not judge the session: 404 for a judge or host (as if it did not
 * exist), 403 for anyone else. Call after the record was found; a missing one is a 404 already.
 */
export function assertJudgesSession(
  p: Principal,
  session: { id: string; regionId: string | null },
  /** What was asked for, named as a missing one is ("The attempt"), so both answers read alike. */
  what: string,
): void {
  if (canJudgeSession(p, session)) return;
  if (p.staff.some((g) => g.role === "JUDGE" || g.role === "REGION_HOST" || g.role === "ADMIN"))
    throw new NotFoundError(what);
  throw new ForbiddenError("This is for the judges and the national committee.");
}

/**
 * The sessions the principal judges as a Prisma filter, for the landing page and the appeal list;
 * null when it judges none.
 */
export function judgedSessionsWhere(p: Principal): Prisma.ExamSessionWhereInput | null {
  if (isAdmin(p)) return {};
  const regions: string[] = [];
  const sessions: string[] = [];
  for (const g of p.staff) {
    if (g.role !== "JUDGE") continue;
    if (g.examSessionId) sessions.push(g.examSessionId);
    else if (g.regionId) regions.push(g.regionId);
    else return {};
  }
  if (regions.length === 0 && sessions.length === 0) return null;
  return { OR: [{ regionId: { in: regions } }, { id: { in: sessions } }] };
}
