// The principal of an account without a sign-in, for callers of the services outside HTTP (the demo
// seed, scripts): the same grants a sign-in would carry, so the services' own checks apply.
import { NotFoundError } from "../../core/errors.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Principal } from "../auth/principal.ts";

export async function principalOfUser(db: Db, userId: string): Promise<Principal> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      contestants: { select: { id: true } },
      staffRoles: { select: { role: true, regionId: true, examSessionId: true } },
    },
  });
  if (!user) throw new NotFoundError("The account");
  return {
    userId: user.id,
    name: user.name,
    // No sign-in: nothing of the actor's own is kept when a service ends sign-ins.
    sessionId: "",
    contestantIds: user.contestants.map((c) => c.id),
    staff: user.staffRoles,
  };
}
