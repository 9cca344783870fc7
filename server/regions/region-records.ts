// Lookups that keep a region's records to the region: a venue, session or contestant of another
// region is "not found", the same answer as for one that does not exist. Also the audit line every
// change of a region's records writes.
import { NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Principal } from "../auth/principal.ts";

export async function regionOrThrow(db: Tx, regionId: string) {
  const region = await db.region.findUnique({
    where: { id: regionId },
    select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true },
  });
  if (!region) throw new NotFoundError("The region");
  return region;
}

/**
 * The region's venue. `share` keeps it from being deleted until the transaction ends (a session
 * about to name it waits for a deletion under way, then finds the venue gone: 404, not a 500).
 */
export async function venueOfRegion(db: Tx, regionId: string, venueId: string, lock?: "share") {
  if (lock)
    await db.$queryRaw`SELECT id FROM "Venue" WHERE id = ${venueId} AND "regionId" = ${regionId} FOR SHARE`;
  const venue = await db.venue.findFirst({
    where: { id: venueId, regionId },
    select: { id: true, regionId: true, name: true, address: true, capacity: true },
  });
  if (!venue) throw new NotFoundError("The venue");
  return venue;
}

export interface LockedSession {
  id: string;
  regionId: string;
  stageId: string;
  venueId: string | null;
  paperId: string;
  name: string;
  startsAt: Date;
  durationMinutes: number;
  lateStartMinutes: number;
  practice: boolean;
}

/**
 * Locks the session row until the transaction ends: seating, edits and deletion of one session run
 * one after another, so two of them never both fit under the venue's capacity or share a seat.
 */
export async function lockSessionOfRegion(
  tx: Tx,
  regionId: string,
  sessionId: string,
): Promise<LockedSession> {
  const rows = await tx.$queryRaw<LockedSession[]>`
    SELECT id, "regionId", "stageId", "venueId", "paperId", name, "startsAt", "durationMinutes",
           "lateStartMinutes", practice
    FROM "ExamSession" WHERE id = ${sessionId} AND "regionId" = ${regionId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError("The exam session");
  return row;
}

/** Locks contestant rows (in id order, so two seatings never wait on each other in a circle). */
export async function lockContestants(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const sorted = [...new Set(ids)].sort();
  // NO KEY UPDATE: an attempt's insert takes KEY SHARE on its contestant and is not held up.
  await tx.$queryRaw`SELECT id FROM "Contestant" WHERE id = ANY(${sorted}::text[]) ORDER BY id FOR NO KEY UPDATE`;
}

/** Contestants that count as approved in a region's stage (an approval later undone does not). */
export function approvedContestants(regionId: string, stageId: string): Prisma.ContestantWhereInput {
  return {
    regionId,
    stageId,
    OR: [{ registration: { is: null } }, { registration: { is: { status: "APPROVED" } } }],
  };
}

export async function audit(
  tx: Tx,
  actor: Principal,
  entry: { action: string; target: string; reason?: string; details: Prisma.InputJsonObject },
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.userId,
      action: entry.action,
      target: entry.target,
      reason: entry.reason ?? null,
      details: entry.details,
    },
  });
}

/** Seat labels and ticket numbers in the order a person reads them: A2 before A10. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether PostgreSQL refused a duplicate (a unique index), through whichever layer reported it. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  return err?.code === "P2002" || err?.meta?.driverAdapterError?.cause?.originalCode === "23505";
}
