// A region's venues: the rooms its sessions are held in, with the seats each has.
import type { z } from "zod";
import { ConflictError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { type VenueRequest, type VenueView, venueRequestSchema } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { audit, regionOrThrow, venueOfRegion } from "./region-records.ts";

export const venueUpdateSchema = venueRequestSchema.partial().strict();
export type VenueUpdate = z.input<typeof venueUpdateSchema>;

const venueSelect = { id: true, regionId: true, name: true, address: true, capacity: true } as const;

function view(v: {
  id: string;
  regionId: string | null;
  name: string;
  address: string | null;
  capacity: number | null;
}): VenueView {
  return { id: v.id, regionId: v.regionId ?? "", name: v.name, address: v.address, capacity: v.capacity };
}

export class VenuesService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  async list(actor: Principal, regionId: string): Promise<VenueView[]> {
    assertManagesRegion(actor, regionId);
    await regionOrThrow(this.deps.db, regionId);
    const rows = await this.deps.db.venue.findMany({
      where: { regionId },
      select: venueSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    return rows.map(view);
  }

  async create(actor: Principal, regionId: string, input: VenueRequest): Promise<VenueView> {
    assertManagesRegion(actor, regionId);
    const body = parse(venueRequestSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      await regionOrThrow(tx, regionId);
      const venue = await tx.venue.create({
        data: {
          regionId,
          name: body.name,
          address: body.address || null,
          capacity: body.capacity ?? null,
        },
        select: venueSelect,
      });
      await audit(tx, actor, {
        action: "venue.create",
        target: `venue:${venue.id}`,
        details: { regionId, name: venue.name, address: venue.address, capacity: venue.capacity },
      });
      return view(venue);
    });
  }

  /** Refuses a capacity below the contestants already seated in a session held there. */
  async update(actor: Principal, regionId: string, venueId: string, input: VenueUpdate): Promise<VenueView> {
    assertManagesRegion(actor, regionId);
    const body = parse(venueUpdateSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      const before = await venueOfRegion(tx, regionId, venueId);
      const capacity = body.capacity === undefined ? before.capacity : body.capacity;
      if (capacity !== null && capacity !== before.capacity) await assertFits(tx, venueId, capacity);
      const venue = await tx.venue.update({
        where: { id: venueId },
        data: {
          name: body.name ?? before.name,
          address: body.address === undefined ? before.address : body.address || null,
          capacity,
        },
        select: venueSelect,
      });
      await audit(tx, actor, {
        action: "venue.update",
        target: `venue:${venueId}`,
        details: {
          regionId,
          before: { name: before.name, address: before.address, capacity: before.capacity },
          after: { name: venue.name, address: venue.address, capacity: venue.capacity },
        },
      });
      return view(venue);
    });
  }

  /** Refused while a session is held there: move or delete the session first. */
  async remove(actor: Principal, regionId: string, venueId: string): Promise<void> {
    assertManagesRegion(actor, regionId);
    await this.deps.db.$transaction(async (tx) => {
      const venue = await venueOfRegion(tx, regionId, venueId);
      // Locks the venue, so a session created meanwhile waits and then finds it gone.
      await tx.$queryRaw`SELECT id FROM "Venue" WHERE id = ${venueId} FOR UPDATE`;
      const sessions = await tx.examSession.findMany({
        where: { venueId },
        select: { id: true, name: true },
        take: 5,
      });
      if (sessions.length > 0)
        throw new ConflictError(
          `The venue is used by ${sessions.map((s) => `"${s.name}"`).join(", ")}: move or delete those sessions first.`,
          { sessionIds: sessions.map((s) => s.id) },
        );
      await tx.venue.delete({ where: { id: venueId } });
      await audit(tx, actor, {
        action: "venue.delete",
        target: `venue:${venueId}`,
        details: { regionId, name: venue.name, address: venue.address, capacity: venue.capacity },
      });
    });
  }
}

async function assertFits(tx: Tx, venueId: string, capacity: number): Promise<void> {
  const sessions = await tx.examSession.findMany({
    where: { venueId },
    select: { id: true, name: true, _count: { select: { attempts: true } } },
  });
  const over = sessions.find((s) => s._count.attempts > capacity);
  if (over)
    throw new ConflictError(
      `"${over.name}" has ${over._count.attempts} contestants seated here: the venue cannot seat fewer.`,
      { sessionId: over.id, seated: over._count.attempts, capacity },
    );
}
