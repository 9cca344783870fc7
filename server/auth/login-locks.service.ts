// Sign-in lockouts as the staff see them: the locked contestants of a session, and lifting a lock
// with a reason (audited). A proctor lifts only contestants seated in a session they may watch;
// the lock of a staff account only an administrator lifts.

import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Db } from "../../core/platform/db.ts";
import type { LoginLock } from "../../protocol/index.ts";
import { accountKey, type LoginThrottle } from "./login-throttle.ts";
import { canWatchSession, type Principal } from "./principal.ts";

/** Answers whether the principal may watch a session, throwing otherwise (RosterService.authorize). */
export interface SessionAuthorizer {
  authorize(p: Principal, sessionId: string): Promise<unknown>;
}

export class LoginLocksService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionAuthorizer,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The contestants seated in the session whose sign-in is locked now. */
  async ofSession(p: Principal, sessionId: string): Promise<LoginLock[]> {
    await this.sessions.authorize(p, sessionId);
    const seated = await this.db.contestant.findMany({
      where: { attempts: { some: { examSessionId: sessionId } } },
      select: {
        ticketNumber: true,
        attempts: { where: { examSessionId: sessionId }, select: { seat: true } },
        user: { select: { id: true, name: true } },
      },
      orderBy: { ticketNumber: "asc" },
    });
    const locks = await Promise.all(
      seated.map((c) => this.throttle.lockOf(accountKey({ userId: c.user.id }))),
    );
    return seated.flatMap((c, i) => {
      const lock = locks[i];
      return lock
        ? [
            {
              userId: c.user.id,
              name: c.user.name,
              ticketNumber: c.ticketNumber,
              seat: c.attempts[0]?.seat ?? null,
              ...lock,
            },
          ]
        : [];
    });
  }

  /** Lifts the user's lock (and forgets their wrong passwords); audited even when none was set. */
  async lift(p: Principal, userId: string, reason: string): Promise<{ lifted: boolean }> {
    const user = await this.db.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        staffRoles: { select: { id: true } },
        contestants: {
          select: {
            attempts: {
              select: { examSession: { select: { id: true, regionId: true } } },
            },
          },
        },
      },
    });
    if (!user) throw new NotFoundError("The user");
    const admin = p.staff.some((g) => g.role === "ADMIN");
    if (user.staffRoles.length > 0) {
      if (!admin) throw new ForbiddenError("Only an administrator may lift the lock of a staff account.");
    } else {
      const sessions = user.contestants.flatMap((c) => c.attempts.map((a) => a.examSession));
      const mayWatch = sessions.some((s) => canWatchSession(p, { id: s.id, regionId: s.regionId }));
      if (!admin && !mayWatch)
        throw new ForbiddenError(
          "You may lift only the lock of a contestant seated in a session you proctor.",
        );
    }
    const key = accountKey({ userId });
    const lock = await this.throttle.lockOf(key);
    // Written before the lock is lifted: a lift that happened is never missing from the log.
    await this.db.auditEntry.create({
      data: {
        actorId: p.userId,
        action: "login.unlock",
        target: `user:${userId}`,
        reason,
        details: { wasLocked: lock !== null, failures: lock?.failures ?? 0 },
      },
    });
    await this.throttle.unlock(key);
    return { lifted: lock !== null };
  }
}
