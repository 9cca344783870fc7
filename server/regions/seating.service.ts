// Seating a session: an attempt, not started, for each seated contestant, with its seat label. The
// attempt is what the contestant starts and what the proctor's roster shows. One sitting per stage:
// a contestant seated in another session of the stage is not seated here too (a practice sitting and
// a real one of the same stage do not exclude each other).
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import {
  type AutoSeatRequest,
  autoSeatRequestSchema,
  type SeatingRequest,
  type SeatView,
  seatingRequestSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import {
  approvedContestants,
  audit,
  type LockedSession,
  lockContestants,
  lockSessionOfRegion,
  naturalCompare,
} from "./region-records.ts";

/** Seeds are positive 31-bit integers, as the exam's shuffle expects. */
const SEED_RANGE = 2 ** 31;

interface SessionAttempt {
  id: string;
  contestantId: string;
  seat: string | null;
  status: string;
}

export class SeatingService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "random">) {}

  /** Every approved contestant of the region in the session's stage, seated here or not. */
  async list(actor: Principal, regionId: string, sessionId: string): Promise<SeatView[]> {
    assertManagesRegion(actor, regionId);
    return this.deps.db.$transaction(async (tx) => {
      const session = await sessionOfRegion(tx, regionId, sessionId);
      return seatViews(tx, regionId, session);
    });
  }

  /**
   * Sets the seats of the listed contestants (others keep theirs): a label seats, null unseats.
   * Refused as a whole when a label is taken twice, the venue would overflow, a contestant is not
   * the region's in this stage, or an attempt that has begun would be unseated.
   */
  async setSeats(
    actor: Principal,
    regionId: string,
    sessionId: string,
    input: SeatingRequest,
  ): Promise<SeatView[]> {
    assertManagesRegion(actor, regionId);
    const body = parse(seatingRequestSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionOfRegion(tx, regionId, sessionId);
      const ids = body.seats.map((s) => s.contestantId);
      await lockContestants(tx, ids);
      const found = await tx.contestant.findMany({
        where: { id: { in: ids }, ...approvedContestants(regionId, session.stageId) },
        select: {
          id: true,
          ticketNumber: true,
          attempts: {
            where: {
              examSession: { stageId: session.stageId, practice: session.practice },
              examSessionId: { not: session.id },
            },
            select: { examSessionId: true, examSession: { select: { name: true } } },
            take: 1,
          },
        },
      });
      const byId = new Map(found.map((c) => [c.id, c]));
      const missing = ids.find((id) => !byId.has(id));
      if (missing) throw new NotFoundError(`The contestant ${missing}`);

      const existing = await sessionAttempts(tx, session.id);
      const current = new Map(existing.map((a) => [a.contestantId, a]));
      const seats = new Map(existing.map((a) => [a.contestantId, a.seat]));
      const removed: SessionAttempt[] = [];
      const changes: { contestantId: string; from: string | null; to: string | null }[] = [];
      for (const { contestantId, seat } of body.seats) {
        const attempt = current.get(contestantId);
        const ticket = byId.get(contestantId)?.ticketNumber;
        if (seat === null) {
          if (!attempt) continue;
          if (attempt.status !== "NOT_STARTED")
            throw new ConflictError(`${ticket} has begun the exam and cannot be unseated.`, {
              contestantId,
              status: attempt.status,
            });
          seats.delete(contestantId);
          removed.push(attempt);
          changes.push({ contestantId, from: attempt.seat, to: null });
          continue;
        }
        const elsewhere = byId.get(contestantId)?.attempts[0];
        if (elsewhere)
          throw new ConflictError(
            `${ticket} is seated in "${elsewhere.examSession.name}" of this stage already: unseat them there first.`,
            { contestantId, sessionId: elsewhere.examSessionId },
          );
        seats.set(contestantId, seat);
        if (!attempt || attempt.seat !== seat)
          changes.push({ contestantId, from: attempt?.seat ?? null, to: seat });
      }

      assertSeatsUnique(seats);
      await assertCapacity(tx, session, existing.length, seats.size);

      if (removed.length > 0) {
        // A start that won the row lock meanwhile leaves its attempt in place: refuse, nothing done.
        const { count } = await tx.attempt.deleteMany({
          where: { id: { in: removed.map((a) => a.id) }, status: "NOT_STARTED" },
        });
        if (count !== removed.length)
          throw new ConflictError(
            "A contestant began the exam meanwhile: nothing was changed; load the seats again.",
          );
      }
      const created = changes.filter((c) => c.to !== null && !current.has(c.contestantId));
      if (created.length > 0)
        await tx.attempt.createMany({
          data: created.map((c) => ({
            contestantId: c.contestantId,
            examSessionId: session.id,
            seat: c.to,
            status: "NOT_STARTED" as const,
            shuffleSeed: this.deps.random(SEED_RANGE),
          })),
        });
      for (const c of changes) {
        const attempt = current.get(c.contestantId);
        if (c.to !== null && attempt)
          await tx.attempt.update({ where: { id: attempt.id }, data: { seat: c.to } });
      }
      if (changes.length > 0)
        await audit(tx, actor, {
          action: "seating.update",
          target: `session:${session.id}`,
          details: { regionId, changes },
        });
      return seatViews(tx, regionId, session);
    });
  }

  /**
   * Seats every approved contestant of the region and stage (of one group, when given) who has no
   * seat in any session of the stage, in ticket-number order, on labels prefix + 01, 02, … not yet
   * taken, until the venue is full. Those left over stay unseated.
   */
  async autoSeat(
    actor: Principal,
    regionId: string,
    sessionId: string,
    input: AutoSeatRequest,
  ): Promise<SeatView[]> {
    assertManagesRegion(actor, regionId);
    const body = parse(autoSeatRequestSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionOfRegion(tx, regionId, sessionId);
      const where = {
        ...approvedContestants(regionId, session.stageId),
        ...(body.group ? { group: body.group } : {}),
      };
      const candidates = await tx.contestant.findMany({ where, select: { id: true } });
      await lockContestants(
        tx,
        candidates.map((c) => c.id),
      );
      // Read again under the locks: a seating elsewhere that committed meanwhile is seen.
      const unseated = await tx.contestant.findMany({
        where: {
          ...where,
          id: { in: candidates.map((c) => c.id) },
          attempts: { none: { examSession: { stageId: session.stageId, practice: session.practice } } },
        },
        select: { id: true, ticketNumber: true },
      });
      unseated.sort((a, b) => naturalCompare(a.ticketNumber, b.ticketNumber));
      const existing = await sessionAttempts(tx, session.id);
      const capacity = await venueCapacity(tx, session);
      const room = capacity === null ? unseated.length : Math.max(0, capacity - existing.length);
      const taken = new Set(existing.map((a) => a.seat?.toUpperCase()).filter((s) => s !== undefined));
      const labels = freeLabels(body.prefix, taken, Math.min(room, unseated.length));
      const seated = labels.map((seat, i) => ({ contestantId: unseated[i]?.id ?? "", seat }));
      if (seated.length > 0) {
        await tx.attempt.createMany({
          data: seated.map((s) => ({
            contestantId: s.contestantId,
            examSessionId: session.id,
            seat: s.seat,
            status: "NOT_STARTED" as const,
            shuffleSeed: this.deps.random(SEED_RANGE),
          })),
        });
        await audit(tx, actor, {
          action: "seating.auto",
          target: `session:${session.id}`,
          details: {
            regionId,
            prefix: body.prefix,
            group: body.group ?? null,
            seated,
            leftUnseated: unseated.length - seated.length,
          },
        });
      }
      return seatViews(tx, regionId, session);
    });
  }
}

/** `count` labels prefix + 2-digit (or longer) numbers, skipping those taken (compared ignoring case). */
export function freeLabels(prefix: string, taken: ReadonlySet<string>, count: number): string[] {
  const labels: string[] = [];
  for (let n = 1; labels.length < count; n++) {
    const label = prefix + String(n).padStart(2, "0");
    if (!taken.has(label.toUpperCase())) labels.push(label);
  }
  return labels;
}

/** Seat labels are unique within a session, compared ignoring case ("a01" is "A01"). */
function assertSeatsUnique(seats: ReadonlyMap<string, string | null>): void {
  const holder = new Map<string, string>();
  for (const [contestantId, seat] of seats) {
    if (seat === null) continue;
    const key = seat.toUpperCase();
    const other = holder.get(key);
    if (other)
      throw new ConflictError(`Seat ${seat} is given to two contestants.`, {
        seat,
        contestantIds: [other, contestantId],
      });
    holder.set(key, contestantId);
  }
}

/** Refuses seating more than the venue holds (unseating is always allowed). */
async function assertCapacity(tx: Tx, session: LockedSession, before: number, after: number): Promise<void> {
  if (after <= before) return;
  const capacity = await venueCapacity(tx, session);
  if (capacity !== null && after > capacity)
    throw new ConflictError(`The venue seats ${capacity}: ${after} contestants would be seated.`, {
      capacity,
      seated: after,
    });
}

async function venueCapacity(tx: Tx, session: LockedSession): Promise<number | null> {
  if (!session.venueId) return null;
  const venue = await tx.venue.findUnique({ where: { id: session.venueId }, select: { capacity: true } });
  return venue?.capacity ?? null;
}

async function sessionOfRegion(tx: Tx, regionId: string, sessionId: string): Promise<LockedSession> {
  const session = await tx.examSession.findFirst({
    where: { id: sessionId, regionId },
    select: {
      id: true,
      regionId: true,
      stageId: true,
      venueId: true,
      paperId: true,
      name: true,
      startsAt: true,
      durationMinutes: true,
      lateStartMinutes: true,
      practice: true,
    },
  });
  if (!session) throw new NotFoundError("The exam session");
  return { ...session, regionId };
}

function sessionAttempts(tx: Tx, sessionId: string): Promise<SessionAttempt[]> {
  return tx.attempt.findMany({
    where: { examSessionId: sessionId },
    select: { id: true, contestantId: true, seat: true, status: true },
  });
}

/** The seating as the host sees it: seated here first in seat order, then the rest by ticket. */
export async function seatViews(
  tx: Tx,
  regionId: string,
  session: { id: string; stageId: string; practice: boolean },
): Promise<SeatView[]> {
  const rows = await tx.contestant.findMany({
    where: approvedContestants(regionId, session.stageId),
    select: {
      id: true,
      ticketNumber: true,
      group: true,
      organisation: true,
      user: { select: { name: true } },
      attempts: {
        where: { examSession: { stageId: session.stageId, practice: session.practice } },
        select: {
          id: true,
          seat: true,
          status: true,
          examSessionId: true,
          examSession: { select: { name: true } },
        },
      },
    },
  });
  const views = rows.map((c): SeatView => {
    const here = c.attempts.find((a) => a.examSessionId === session.id);
    const other = c.attempts.find((a) => a.examSessionId !== session.id);
    return {
      contestantId: c.id,
      attemptId: here?.id ?? null,
      name: c.user.name,
      ticketNumber: c.ticketNumber,
      group: c.group,
      organisation: c.organisation,
      seat: here ? here.seat : null,
      status: here ? here.status : null,
      seatedElsewhere:
        !here && other
          ? { sessionId: other.examSessionId, sessionName: other.examSession.name, seat: other.seat }
          : null,
    };
  });
  return views.sort(
    (a, b) =>
      Number(a.attemptId === null) - Number(b.attemptId === null) ||
      naturalCompare(a.seat ?? "", b.seat ?? "") ||
      naturalCompare(a.ticketNumber, b.ticketNumber),
  );
}
