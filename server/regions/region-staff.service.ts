// A region's own proctors and judges: the host creates them, scoped to the region or to one of its
// sessions, and takes their grants away. Region hosts and admins are the committee's to manage.
import { ConflictError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { type RegionStaffRequest, regionStaffRequestSchema, type StaffMember } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { audit, isUniqueViolation, regionOrThrow } from "./region-records.ts";

/** Grants of the region: scoped to it, or to one of its sessions. */
function regionGrants(regionId: string) {
  return { OR: [{ regionId }, { examSession: { regionId } }] };
}

export class RegionStaffService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  /** The proctors and judges of the region, each with only their grants in this region. */
  async list(actor: Principal, regionId: string): Promise<StaffMember[]> {
    assertManagesRegion(actor, regionId);
    await regionOrThrow(this.deps.db, regionId);
    return this.members(this.deps.db, regionId);
  }

  async create(actor: Principal, regionId: string, input: RegionStaffRequest): Promise<StaffMember> {
    assertManagesRegion(actor, regionId);
    const body = parse(regionStaffRequestSchema, input);
    const passwordHash = await hashPassword(body.password);
    try {
      return await this.deps.db.$transaction(async (tx) => {
        await regionOrThrow(tx, regionId);
        if (body.examSessionId) {
          const session = await tx.examSession.findFirst({
            where: { id: body.examSessionId, regionId },
            select: { id: true },
          });
          if (!session) throw new NotFoundError("The exam session");
        }
        const taken = await tx.user.findUnique({ where: { username: body.username }, select: { id: true } });
        if (taken) throw usernameTaken(body.username);
        // A session grant names only the session: the proctor or judge sees that sitting, not the region.
        const user = await tx.user.create({
          data: {
            username: body.username,
            name: body.name,
            passwordHash,
            staffRoles: {
              create: {
                role: body.role,
                regionId: body.examSessionId ? null : regionId,
                examSessionId: body.examSessionId,
              },
            },
          },
          select: { id: true, staffRoles: { select: { id: true } } },
        });
        await audit(tx, actor, {
          action: "staff.create",
          target: `user:${user.id}`,
          details: {
            regionId,
            username: body.username,
            name: body.name,
            role: body.role,
            examSessionId: body.examSessionId,
            grantId: user.staffRoles[0]?.id ?? null,
          },
        });
        const [member] = await this.members(tx, regionId, user.id);
        if (!member) throw new NotFoundError("The staff member");
        return member;
      });
    } catch (e) {
      // Two hosts taking the same name at once: the unique index decides.
      if (isUniqueViolation(e)) throw usernameTaken(body.username);
      throw e;
    }
  }

  /** Takes one proctor or judge grant of this region away; a host's or an admin's grant is refused. */
  async revokeGrant(actor: Principal, regionId: string, userId: string, grantId: string): Promise<void> {
    assertManagesRegion(actor, regionId);
    await this.deps.db.$transaction(async (tx) => {
      const grant = await tx.staffRole.findFirst({
        where: { id: grantId, userId },
        select: {
          id: true,
          role: true,
          regionId: true,
          examSessionId: true,
          examSession: { select: { regionId: true } },
        },
      });
      if (!grant) throw new NotFoundError("The grant");
      const contestWide = grant.regionId === null && grant.examSessionId === null;
      const inRegion = grant.regionId === regionId || grant.examSession?.regionId === regionId;
      if (grant.role === "ADMIN" || (grant.role === "REGION_HOST" && (contestWide || inRegion)))
        throw new ForbiddenError("Region hosts and admins are managed by the national committee.");
      if (!inRegion) throw new NotFoundError("The grant");
      await tx.staffRole.delete({ where: { id: grant.id } });
      await audit(tx, actor, {
        action: "staff.revoke-grant",
        target: `user:${userId}`,
        details: {
          regionId,
          grantId,
          role: grant.role,
          grantRegionId: grant.regionId,
          examSessionId: grant.examSessionId,
        },
      });
    });
  }

  private async members(db: Tx, regionId: string, userId?: string): Promise<StaffMember[]> {
    const where = {
      role: { in: ["PROCTOR", "JUDGE"] as ("PROCTOR" | "JUDGE")[] },
      ...regionGrants(regionId),
    };
    const users = await db.user.findMany({
      where: { ...(userId ? { id: userId } : {}), staffRoles: { some: where } },
      select: {
        id: true,
        username: true,
        name: true,
        contact: true,
        staffRoles: {
          where,
          select: { id: true, role: true, regionId: true, examSessionId: true },
          orderBy: { id: "asc" },
        },
      },
      orderBy: [{ username: "asc" }, { id: "asc" }],
    });
    return users.map((u) => ({
      userId: u.id,
      username: u.username ?? "",
      name: u.name,
      contact: u.contact,
      grants: u.staffRoles,
    }));
  }
}

function usernameTaken(username: string): ConflictError {
  return new ConflictError(`The user name "${username}" is taken.`, { field: "username" });
}
