// Staff accounts and their scoped grants, run by the national committee: region hosts, proctors and
// judges of a region or a session, and the admins themselves. Contestants are not staff: their
// accounts are invisible here.
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import {
  type GrantRequest,
  grantSchema,
  idSchema,
  type StaffMember,
  type StaffRoleKind,
  staffQuerySchema,
  staffRequestSchema,
  staffUpdateSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { assertAdmin, audit, invalid, isUniqueViolation } from "./committee-shared.ts";

type Grant = { role: StaffRoleKind; regionId: string | null; examSessionId: string | null };

/** A staff account: one holding a grant, or a named account that is no contestant's (grants all removed). */
const STAFF_WHERE = {
  OR: [{ staffRoles: { some: {} } }, { username: { not: null }, contestants: { none: {} } }],
} satisfies Prisma.UserWhereInput;

const memberSelect = {
  id: true,
  username: true,
  name: true,
  contact: true,
  staffRoles: {
    select: { id: true, role: true, regionId: true, examSessionId: true },
    orderBy: [{ role: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.UserSelect;

type MemberRow = Prisma.UserGetPayload<{ select: typeof memberSelect }>;

function member(u: MemberRow): StaffMember {
  return {
    userId: u.id,
    username: u.username ?? "",
    name: u.name,
    contact: u.contact,
    grants: u.staffRoles.map((g) => ({
      id: g.id,
      role: g.role,
      regionId: g.regionId,
      examSessionId: g.examSessionId,
    })),
  };
}

const sameGrant = (a: Grant, b: Grant) =>
  a.role === b.role && a.regionId === b.regionId && a.examSessionId === b.examSessionId;

/**
 * What the staff service tells the live layer: these sign-ins ended, or their grants changed, so the
 * sockets opened with them close (a socket keeps the grants it was opened with). The server passes
 * SocketSignInHooks; without one, only HTTP sees the change at once.
 */
export interface StaffSignIns {
  ended(authSessionIds: string[]): void;
}

const NO_SOCKETS: StaffSignIns = { ended: () => {} };

export class StaffService {
  constructor(
    private readonly deps: ContestDeps,
    private readonly signIns: StaffSignIns = NO_SOCKETS,
  ) {}

  /** Staff accounts, by user name; with a role or region, those holding such a grant. */
  async list(actor: Principal, query: unknown = {}): Promise<StaffMember[]> {
    assertAdmin(actor);
    const q = parse(staffQuerySchema, query);
    const grantFilter: Prisma.StaffRoleWhereInput = {
      ...(q.role ? { role: q.role } : {}),
      ...(q.regionId ? { regionId: q.regionId } : {}),
    };
    const rows = await this.deps.db.user.findMany({
      where: {
        AND: [STAFF_WHERE, ...(q.role || q.regionId ? [{ staffRoles: { some: grantFilter } }] : [])],
      },
      select: memberSelect,
      orderBy: [{ username: "asc" }, { id: "asc" }],
    });
    return rows.map(member);
  }

  async get(actor: Principal, userId: string): Promise<StaffMember> {
    assertAdmin(actor);
    parse(idSchema, userId);
    const row = await this.deps.db.user.findFirst({
      where: { id: userId, ...STAFF_WHERE },
      select: memberSelect,
    });
    if (!row) throw new NotFoundError("The staff account");
    return member(row);
  }

  async createStaff(actor: Principal, input: unknown): Promise<StaffMember> {
    assertAdmin(actor);
    const req = parse(staffRequestSchema, input);
    for (const [i, g] of req.grants.entries())
      if (req.grants.slice(0, i).some((h) => sameGrant(g, h)))
        throw invalid(`grants.${i}`, "The same grant is given twice.");
    // Hashing is slow on purpose: outside the transaction.
    const passwordHash = await hashPassword(req.password);
    const now = this.deps.clock.now();
    let userId: string;
    try {
      userId = await this.deps.db.$transaction(async (tx) => {
        await this.assertUsernameFree(tx, req.username);
        for (const [i, g] of req.grants.entries()) await this.checkGrant(tx, g, `grants.${i}`);
        const user = await tx.user.create({
          data: {
            username: req.username,
            name: req.name,
            contact: req.contact || null,
            passwordHash,
            createdAt: now,
            staffRoles: { create: req.grants },
          },
          select: { id: true },
        });
        await audit(tx, actor, now, {
          action: "staff.create",
          target: `user:${user.id}`,
          details: { username: req.username, name: req.name, grants: req.grants },
        });
        return user.id;
      });
    } catch (e) {
      // Another request took the name between the check and the insert.
      if (isUniqueViolation(e)) throw usernameTaken(req.username);
      throw e;
    }
    return this.get(actor, userId);
  }

  /** A new name or contact, or a password reset, which ends the account's sign-ins. */
  async update(actor: Principal, userId: string, input: unknown): Promise<StaffMember> {
    assertAdmin(actor);
    parse(idSchema, userId);
    const req = parse(staffUpdateSchema, input);
    const passwordHash = req.password === undefined ? undefined : await hashPassword(req.password);
    const now = this.deps.clock.now();
    const endedIds = await this.deps.db.$transaction(async (tx) => {
      const before = await this.lockStaff(tx, userId);
      await tx.user.update({
        where: { id: userId },
        data: {
          name: req.name,
          contact: req.contact === undefined ? undefined : req.contact || null,
          passwordHash,
        },
      });
      // An admin resetting their own password keeps the sign-in they are using.
      const ended =
        passwordHash === undefined
          ? []
          : await tx.$queryRaw<{ id: string }[]>`
              DELETE FROM "AuthSession"
              WHERE "userId" = ${userId} AND (${userId !== actor.userId} OR id <> ${actor.sessionId})
              RETURNING id`;
      await audit(tx, actor, now, {
        action: "staff.update",
        target: `user:${userId}`,
        details: {
          ...(req.name !== undefined && req.name !== before.name
            ? { name: { from: before.name, to: req.name } }
            : {}),
          ...(req.contact !== undefined
            ? { contact: { from: before.contact, to: req.contact || null } }
            : {}),
          ...(passwordHash !== undefined ? { passwordReset: true, endedSignIns: ended.length } : {}),
        },
      });
      return ended.map((e) => e.id);
    });
    this.signIns.ended(endedIds);
    return this.get(actor, userId);
  }

  async addGrant(actor: Principal, userId: string, input: unknown): Promise<StaffMember> {
    assertAdmin(actor);
    parse(idSchema, userId);
    const g = parse(grantSchema, input);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      await this.lockStaff(tx, userId);
      await this.checkGrant(tx, g, "");
      const held = await tx.staffRole.findMany({
        where: { userId },
        select: { role: true, regionId: true, examSessionId: true },
      });
      if (held.some((h) => sameGrant(h, g))) throw new ConflictError("The account holds this grant already.");
      const row = await tx.staffRole.create({ data: { userId, ...g }, select: { id: true } });
      await audit(tx, actor, now, {
        action: "staff.grant-add",
        target: `user:${userId}`,
        details: { grantId: row.id, ...g },
      });
    });
    return this.get(actor, userId);
  }

  /**
   * Removes a grant. The last admin grant of the system stays, and an admin does not remove their own
   * admin right (another admin does): the committee never locks itself out.
   */
  async removeGrant(actor: Principal, userId: string, grantId: string): Promise<StaffMember> {
    assertAdmin(actor);
    parse(idSchema, userId);
    parse(idSchema, grantId);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      await this.lockStaff(tx, userId);
      // Every admin grant locked: two admins removing each other's at once go one after the other.
      const admins = await tx.$queryRaw<{ id: string; userId: string }[]>`
        SELECT id, "userId" FROM "StaffRole" WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`;
      const grant = await tx.staffRole.findFirst({
        where: { id: grantId, userId },
        select: { id: true, role: true, regionId: true, examSessionId: true },
      });
      if (!grant) throw new NotFoundError("The grant");
      if (grant.role === "ADMIN") {
        const others = admins.filter((a) => a.id !== grantId);
        if (others.length === 0)
          throw new ConflictError("This is the last admin grant: give another account admin first.", {
            rule: "last-admin",
          });
        if (userId === actor.userId && !others.some((a) => a.userId === userId))
          throw new ConflictError("An admin does not remove their own admin right; another admin can.", {
            rule: "own-admin",
          });
      }
      await tx.staffRole.delete({ where: { id: grantId } });
      await audit(tx, actor, now, {
        action: "staff.grant-remove",
        target: `user:${userId}`,
        details: {
          grantId,
          role: grant.role,
          regionId: grant.regionId,
          examSessionId: grant.examSessionId,
        },
      });
    });
    // The account's sockets were opened with the grant: they close, and a new one gets the grants left.
    const signIns = await this.deps.db.authSession.findMany({ where: { userId }, select: { id: true } });
    this.signIns.ended(signIns.map((x) => x.id));
    return this.get(actor, userId);
  }

  /** Locks a staff account's row for the change; 404 for a contestant or an unknown id. */
  private async lockStaff(tx: Tx, userId: string): Promise<{ name: string; contact: string | null }> {
    const found = await tx.user.findFirst({ where: { id: userId, ...STAFF_WHERE }, select: { id: true } });
    if (!found) throw new NotFoundError("The staff account");
    const rows = await tx.$queryRaw<{ name: string; contact: string | null }[]>`
      SELECT name, contact FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new NotFoundError("The staff account");
    return row;
  }

  private async assertUsernameFree(tx: Tx, username: string): Promise<void> {
    const user = await tx.user.findUnique({ where: { username }, select: { id: true } });
    // Sign-in looks a login up as a ticket number first: a staff name equal to one could never sign in.
    const ticket = await tx.contestant.findUnique({
      where: { ticketNumber: username },
      select: { id: true },
    });
    if (user || ticket) throw usernameTaken(username);
  }

  /** A grant's region and session exist, and a session given with a region is held in it. */
  private async checkGrant(tx: Tx, g: GrantRequest, at: string): Promise<void> {
    const path = (field: string) => (at ? `${at}.${field}` : field);
    if (g.regionId) {
      const region = await tx.region.findUnique({ where: { id: g.regionId }, select: { id: true } });
      if (!region) throw invalid(path("regionId"), "There is no such region.");
    }
    if (g.examSessionId) {
      const session = await tx.examSession.findUnique({
        where: { id: g.examSessionId },
        select: { regionId: true },
      });
      if (!session) throw invalid(path("examSessionId"), "There is no such exam session.");
      if (g.regionId && session.regionId !== g.regionId)
        throw invalid(path("examSessionId"), "The session is not held in the grant's region.");
    }
  }
}

function usernameTaken(username: string): ConflictError {
  return new ConflictError("This user name is taken.", { field: "username", username });
}
