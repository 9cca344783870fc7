// A region's exam sessions: a paper sat at one of its venues from a start for a duration.
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import {
  type SessionRequest,
  type SessionUpdate,
  type SessionView,
  sessionRequestSchema,
  sessionUpdateSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import { assertPaperReady } from "../authoring/paper-readiness.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { audit, lockSessionOfRegion, regionOrThrow, venueOfRegion } from "./region-records.ts";

const sessionSelect = {
  id: true,
  regionId: true,
  stageId: true,
  name: true,
  startsAt: true,
  durationMinutes: true,
  lateStartMinutes: true,
  practice: true,
  venue: { select: { id: true, regionId: true, name: true, address: true, capacity: true } },
  paper: { select: { id: true, title: true } },
  _count: { select: { attempts: true } },
} as const;

/** The fields a session keeps once an attempt has begun (a begun sitting stays practice or real). */
const FIXED_ONCE_BEGUN = [
  "stageId",
  "paperId",
  "startsAt",
  "durationMinutes",
  "venueId",
  "practice",
] as const;

export class SessionsService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock">) {}

  async list(actor: Principal, regionId: string): Promise<SessionView[]> {
    assertManagesRegion(actor, regionId);
    await regionOrThrow(this.deps.db, regionId);
    return this.views(this.deps.db, { regionId });
  }

  async get(actor: Principal, regionId: string, sessionId: string): Promise<SessionView> {
    assertManagesRegion(actor, regionId);
    const [view] = await this.views(this.deps.db, { regionId, id: sessionId });
    if (!view) throw new NotFoundError("The exam session");
    return view;
  }

  async create(actor: Principal, regionId: string, input: SessionRequest): Promise<SessionView> {
    assertManagesRegion(actor, regionId);
    const body = parse(sessionRequestSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      await regionOrThrow(tx, regionId);
      await this.checkRefs(tx, regionId, body);
      const session = await tx.examSession.create({
        data: {
          regionId,
          stageId: body.stageId,
          venueId: body.venueId,
          paperId: body.paperId,
          name: body.name,
          startsAt: new Date(body.startsAt),
          durationMinutes: body.durationMinutes,
          lateStartMinutes: body.lateStartMinutes,
          practice: body.practice,
        },
        select: { id: true },
      });
      await audit(tx, actor, {
        action: "session.create",
        target: `session:${session.id}`,
        details: { regionId, ...body },
      });
      return this.one(tx, regionId, session.id);
    });
  }

  /**
   * Changes the fields given. Once an attempt has begun, the stage, paper, start, duration and venue
   * stay: each attempt fixed its deadline when it began, so a new duration would give the late
   * starters another end than the rest (a proctor's extension is the way to give time). The late
   * start may still move, but not below the minutes already gone since the start.
   */
  async update(
    actor: Principal,
    regionId: string,
    sessionId: string,
    input: SessionUpdate,
  ): Promise<SessionView> {
    assertManagesRegion(actor, regionId);
    const body = parse(sessionUpdateSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      const before = await lockSessionOfRegion(tx, regionId, sessionId);
      const after = {
        stageId: body.stageId ?? before.stageId,
        venueId: body.venueId === undefined ? before.venueId : body.venueId,
        paperId: body.paperId ?? before.paperId,
        name: body.name ?? before.name,
        startsAt: body.startsAt === undefined ? before.startsAt : new Date(body.startsAt),
        durationMinutes: body.durationMinutes ?? before.durationMinutes,
        lateStartMinutes: body.lateStartMinutes ?? before.lateStartMinutes,
        practice: body.practice ?? before.practice,
      };
      if (after.lateStartMinutes > after.durationMinutes)
        throw new ValidationError("The request is not valid.", [
          { path: "lateStartMinutes", message: "Late start fits in the duration." },
        ]);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
        (k) => comparable(after[k]) !== comparable(before[k]),
      );
      if (changed.length === 0) return this.one(tx, regionId, sessionId);
      // A start takes its attempt's row lock: holding them all, no attempt begins while the paper
      // or the times change under it, and one that began before is seen.
      if (changed.some((k) => (FIXED_ONCE_BEGUN as readonly string[]).includes(k)))
        await tx.$queryRaw`SELECT id FROM "Attempt" WHERE "examSessionId" = ${sessionId} FOR UPDATE`;
      const { seated, begun } = await seatedAndBegun(tx, sessionId);
      if (begun) {
        const fixed = changed.filter((k) => (FIXED_ONCE_BEGUN as readonly string[]).includes(k));
        if (fixed.length > 0)
          throw new ConflictError(
            `Attempts of this session have begun: ${fixed.join(", ")} can no longer change.`,
            { fields: fixed },
          );
        if (changed.includes("lateStartMinutes") && after.lateStartMinutes < before.lateStartMinutes) {
          const elapsedMs = this.deps.clock.now().getTime() - before.startsAt.getTime();
          if (after.lateStartMinutes * 60_000 < elapsedMs)
            throw new ConflictError(
              "The session started longer ago than that: the late start cannot close a window already gone by.",
              { elapsedMinutes: Math.ceil(elapsedMs / 60_000) },
            );
        }
      }
      // One real sitting and one practice sitting per stage: the seating rule depends on the flag.
      if (changed.includes("practice") && seated > 0)
        throw new ConflictError(
          `${seated} contestant(s) are seated: unseat them before making the sitting practice or real.`,
          { seated },
        );
      if (changed.includes("stageId") && seated > 0)
        throw new ConflictError(
          `${seated} contestant(s) of the stage are seated: unseat them before moving the session to another stage.`,
          { seated },
        );
      await this.checkRefs(tx, regionId, {
        stageId: changed.includes("stageId") ? after.stageId : null,
        venueId: changed.includes("venueId") ? after.venueId : null,
        paperId: changed.includes("paperId") ? after.paperId : null,
        seated,
      });
      await tx.examSession.update({ where: { id: sessionId }, data: after });
      await audit(tx, actor, {
        action: "session.update",
        target: `session:${sessionId}`,
        details: {
          regionId,
          changed,
          before: Object.fromEntries(changed.map((k) => [k, jsonOf(before[k])])),
          after: Object.fromEntries(changed.map((k) => [k, jsonOf(after[k])])),
        },
      });
      return this.one(tx, regionId, sessionId);
    });
  }

  /** Refused once contestants are seated (unseat them first) or staff are assigned to it. */
  async remove(actor: Principal, regionId: string, sessionId: string): Promise<void> {
    assertManagesRegion(actor, regionId);
    await this.deps.db.$transaction(async (tx) => {
      const session = await lockSessionOfRegion(tx, regionId, sessionId);
      const { seated, begun } = await seatedAndBegun(tx, sessionId);
      if (begun) throw new ConflictError("Attempts of this session have begun: it cannot be deleted.");
      if (seated > 0)
        throw new ConflictError(`${seated} contestant(s) are seated in this session: unseat them first.`, {
          seated,
        });
      const grants = await tx.staffRole.count({ where: { examSessionId: sessionId } });
      if (grants > 0)
        throw new ConflictError(`${grants} staff grant(s) are scoped to this session: remove them first.`, {
          grants,
        });
      await tx.examSession.delete({ where: { id: sessionId } });
      await audit(tx, actor, {
        action: "session.delete",
        target: `session:${sessionId}`,
        details: {
          regionId,
          name: session.name,
          stageId: session.stageId,
          paperId: session.paperId,
          venueId: session.venueId,
          startsAt: session.startsAt.toISOString(),
        },
      });
    });
  }

  /** The stage (the region's, or one shared by every region), the region's venue and the paper. */
  private async checkRefs(
    tx: Tx,
    regionId: string,
    refs: { stageId: string | null; venueId: string | null; paperId: string | null; seated?: number },
  ): Promise<void> {
    if (refs.stageId) {
      const stage = await tx.stage.findUnique({ where: { id: refs.stageId }, select: { regionId: true } });
      if (!stage || (stage.regionId !== null && stage.regionId !== regionId))
        throw new NotFoundError("The stage");
    }
    if (refs.venueId) {
      const venue = await venueOfRegion(tx, regionId, refs.venueId, "share");
      const seated = refs.seated ?? 0;
      if (venue.capacity !== null && seated > venue.capacity)
        throw new ConflictError(
          `${seated} contestants are seated: "${venue.name}" seats ${venue.capacity}.`,
          { seated, capacity: venue.capacity },
        );
    }
    if (refs.paperId) {
      const paper = await tx.paper.findUnique({ where: { id: refs.paperId }, select: { id: true } });
      if (!paper) throw new NotFoundError("The paper");
      // Nothing to answer, or settings the scorer would refuse: refused now, not after the sitting.
      await assertPaperReady(tx, refs.paperId);
    }
  }

  private async one(tx: Tx, regionId: string, sessionId: string): Promise<SessionView> {
    const [view] = await this.views(tx, { regionId, id: sessionId });
    if (!view) throw new NotFoundError("The exam session");
    return view;
  }

  private async views(db: Tx, where: { regionId: string; id?: string }): Promise<SessionView[]> {
    const rows = await db.examSession.findMany({
      where,
      select: sessionSelect,
      orderBy: [{ startsAt: "asc" }, { name: "asc" }, { id: "asc" }],
    });
    if (rows.length === 0) return [];
    const begun = await db.attempt.groupBy({
      by: ["examSessionId"],
      where: { examSessionId: { in: rows.map((r) => r.id) }, status: { not: "NOT_STARTED" } },
      _count: { _all: true },
    });
    const begunIds = new Set(begun.map((b) => b.examSessionId));
    return rows.map((s) => ({
      id: s.id,
      regionId: s.regionId,
      stageId: s.stageId,
      name: s.name,
      startsAt: s.startsAt.toISOString(),
      durationMinutes: s.durationMinutes,
      lateStartMinutes: s.lateStartMinutes,
      venue: s.venue
        ? {
            id: s.venue.id,
            regionId: s.venue.regionId ?? "",
            name: s.venue.name,
            address: s.venue.address,
            capacity: s.venue.capacity,
          }
        : null,
      paper: s.paper,
      seated: s._count.attempts,
      begun: begunIds.has(s.id),
      practice: s.practice,
    }));
  }
}

function comparable(v: string | number | boolean | Date | null): string | number | boolean | null {
  return v instanceof Date ? v.getTime() : v;
}

function jsonOf(v: string | number | boolean | Date | null): string | number | boolean | null {
  return v instanceof Date ? v.toISOString() : v;
}

async function seatedAndBegun(tx: Tx, sessionId: string): Promise<{ seated: number; begun: boolean }> {
  const seated = await tx.attempt.count({ where: { examSessionId: sessionId } });
  const begun = await tx.attempt.count({
    where: { examSessionId: sessionId, status: { not: "NOT_STARTED" } },
    take: 1,
  });
  return { seated, begun: begun > 0 };
}
