// Sign-in, sign-out and resolving a session cookie to a principal.

import { InvalidCredentialsError, UnauthenticatedError } from "../../core/errors.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import { verifyPassword } from "../../core/platform/passwords.ts";
import type { LoginRequest, Me } from "../../protocol/index.ts";
import type { LoginOrigin } from "./login-origin.ts";
import { accountKey, type LoginThrottle } from "./login-throttle.ts";
import { canWatchSession, type Principal, rolesOf } from "./principal.ts";
import { newSessionId, signSessionId, unsignSessionId } from "./session-cookie.ts";

// Verifying against a real hash when the login is unknown keeps the timing of both failures alike.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$tyG1wiXpx9pVwG+0zKNktA$vg8gPbyEpUO1QRS/PR4peH/KSQP+f35lK0lD2UFqf04";

/** What sign-in needs from the live layer, so this service stays free of Socket.IO. */
export interface SignInHooks {
  /** Disconnects every socket opened with these sign-ins, on whichever server process holds them. */
  ended(authSessionIds: string[]): void;
  /** A contestant signed in while another sign-in of theirs was live (it has just been ended). */
  secondSignIn(userId: string, origin: LoginOrigin): Promise<void>;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secret: string,
    private readonly ttlHours: number,
    private readonly throttle: LoginThrottle,
    private readonly hooks: SignInHooks,
  ) {}

  /**
   * Checks the throttle, then the credentials, and opens a session; returns the signed cookie
   * value. A contestant's new sign-in ends their others (one browser per contestant); staff may keep
   * several.
   */
  async login(req: LoginRequest, origin: LoginOrigin): Promise<{ cookie: string; principal: Principal }> {
    const contestant = await this.db.contestant.findUnique({
      where: { ticketNumber: req.login },
      select: { user: { select: { id: true, passwordHash: true } } },
    });
    const user =
      contestant?.user ??
      (await this.db.user.findUnique({
        where: { username: req.login },
        select: { id: true, passwordHash: true },
      }));
    // Unknown logins are counted under their own name, so they behave (and take as long) as known ones.
    const key = accountKey(user ? { userId: user.id } : { login: req.login });
    const admission = await this.throttle.admit(key, origin.address);
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, req.password);
    if (!user || !ok) throw (await this.throttle.failed(key, admission)) ?? new InvalidCredentialsError();
    await this.throttle.succeeded(key, origin.address);
    const id = newSessionId();
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlHours * 3600_000);
    await this.db.authSession.create({ data: { id, userId: user.id, expiresAt } });
    const principal = await this.principalOf(id);
    if (!principal) throw new UnauthenticatedError();
    if (principal.contestantIds.length > 0 && principal.staff.length === 0)
      await this.endOtherSignIns(principal, origin);
    return { cookie: signSessionId(id, this.secret), principal };
  }

  /** Ends the sign-in and disconnects its sockets, so an open page cannot keep saving. */
  async logout(principal: Principal): Promise<void> {
    await this.db.authSession.deleteMany({ where: { id: principal.sessionId } });
    this.hooks.ended([principal.sessionId]);
  }

  private async endOtherSignIns(principal: Principal, origin: LoginOrigin): Promise<void> {
    const others = await this.db.authSession.findMany({
      where: { userId: principal.userId, id: { not: principal.sessionId } },
      select: { id: true, expiresAt: true },
    });
    if (others.length === 0) return;
    await this.db.authSession.deleteMany({ where: { id: { in: others.map((o) => o.id) } } });
    this.hooks.ended(others.map((o) => o.id));
    const now = this.clock.now();
    if (others.some((o) => o.expiresAt > now)) await this.hooks.secondSignIn(principal.userId, origin);
  }

  /** The principal behind a cookie value, or null when it is missing, forged or expired. */
  async authenticate(cookie: string | undefined): Promise<Principal | null> {
    if (!cookie) return null;
    const id = unsignSessionId(cookie, this.secret);
    return id ? this.principalOf(id) : null;
  }

  private async principalOf(sessionId: string): Promise<Principal | null> {
    const session = await this.db.authSession.findUnique({
      where: { id: sessionId },
      select: {
        expiresAt: true,
        user: {
          select: {
            id: true,
            name: true,
            contestants: { select: { id: true } },
            staffRoles: { select: { role: true, regionId: true, examSessionId: true } },
          },
        },
      },
    });
    if (!session || session.expiresAt <= this.clock.now()) return null;
    return {
      userId: session.user.id,
      name: session.user.name,
      sessionId,
      contestantIds: session.user.contestants.map((c) => c.id),
      staff: session.user.staffRoles,
    };
  }

  async me(p: Principal): Promise<Me> {
    const sessions =
      p.staff.length === 0
        ? []
        : await this.db.examSession.findMany({
            where: watchableSessions(p),
            select: { id: true, name: true, startsAt: true, regionId: true },
            orderBy: { startsAt: "asc" },
          });
    const regionIds = [...new Set(p.staff.flatMap((g) => (g.regionId ? [g.regionId] : [])))];
    const regions = new Map(
      regionIds.length === 0
        ? []
        : (
            await this.db.region.findMany({
              where: { id: { in: regionIds } },
              select: { id: true, no: true, nameZh: true, nameEn: true },
            })
          ).map(({ id, ...r }) => [id, r]),
    );
    return {
      id: p.userId,
      name: p.name,
      roles: rolesOf(p),
      grants: p.staff.map((g) => ({
        role: g.role,
        regionId: g.regionId,
        region: (g.regionId && regions.get(g.regionId)) || null,
        examSessionId: g.examSessionId,
      })),
      proctorSessions: sessions
        .filter((s) => canWatchSession(p, { id: s.id, regionId: s.regionId }))
        .map((s) => ({ id: s.id, name: s.name, startsAt: s.startsAt.toISOString() })),
    };
  }
}

/**
 * The sessions a staff member's grants reach, as a query (canWatchSession is the rule; this only
 * keeps a proctor of one session from loading every session of the contest).
 */
function watchableSessions(p: Principal) {
  const or: { id?: string; regionId?: string }[] = [];
  for (const g of p.staff) {
    if (g.role === "ADMIN") return {};
    if (g.role !== "REGION_HOST" && g.examSessionId) or.push({ id: g.examSessionId });
    else if (g.regionId) or.push({ regionId: g.regionId });
    else return {};
  }
  return { OR: or };
}
