// The national committee's contests, stages and per-region registration windows (issue 9). Every
// method takes the acting principal and unvalidated input, so the demo seed calls it as the pages do.
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import {
  type ContestSummary,
  contestRequestSchema,
  contestSettingsOf,
  contestSettingsSchema,
  contestUpdateSchema,
  idSchema,
  type StageSummary,
  stageRequestSchema,
  stageUpdateSchema,
  type WindowView,
  weightsAddUp,
  windowRequestSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { assertAdmin, assertStaff, audit, changesOf, invalid } from "./committee-shared.ts";

const stageSelect = {
  id: true,
  kind: true,
  name: true,
  startsOn: true,
  endsOn: true,
  windows: {
    select: { regionId: true, opensAt: true, closesAt: true },
    orderBy: { region: { no: "asc" } },
  },
} satisfies Prisma.StageSelect;

const contestSelect = {
  id: true,
  name: true,
  year: true,
  theoryWeight: true,
  practicalWeight: true,
  settings: true,
  stages: { select: stageSelect, orderBy: [{ kind: "asc" }, { startsOn: "asc" }, { name: "asc" }] },
} satisfies Prisma.ContestSelect;

interface StageRow {
  id: string;
  kind: StageSummary["kind"];
  name: string;
  startsOn: Date | null;
  endsOn: Date | null;
  windows: { regionId: string; opensAt: Date; closesAt: Date }[];
}

function stageSummary(s: StageRow): StageSummary {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    startsOn: s.startsOn?.toISOString() ?? null,
    endsOn: s.endsOn?.toISOString() ?? null,
    windows: s.windows.map((w) => ({
      regionId: w.regionId,
      opensAt: w.opensAt.toISOString(),
      closesAt: w.closesAt.toISOString(),
    })),
  };
}

const dateOrNull = (s: string | null | undefined) =>
  s === undefined ? undefined : s === null ? null : new Date(s);

/** Locks the contest row until the transaction ends: stage changes of one contest go one at a time. */
async function lockContest(tx: Tx, contestId: string): Promise<void> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Contest" WHERE id = ${contestId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("The contest");
}

/** A contest has at most one national final. */
async function assertNoOtherFinal(tx: Tx, contestId: string, exceptStageId: string | null): Promise<void> {
  const other = await tx.stage.findFirst({
    where: { contestId, kind: "FINAL", ...(exceptStageId ? { id: { not: exceptStageId } } : {}) },
    select: { id: true },
  });
  if (other) throw new ConflictError("This contest has its national final already.", { stageId: other.id });
}

export class CommitteeService {
  constructor(private readonly deps: ContestDeps) {}

  /** Every contest with its stages and their windows, newest first; any staff member may read it. */
  async contests(actor: Principal): Promise<ContestSummary[]> {
    assertStaff(actor);
    const rows = await this.deps.db.contest.findMany({
      select: contestSelect,
      orderBy: [{ year: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    });
    return rows.map((c) => this.summary(c));
  }

  async contest(actor: Principal, contestId: string): Promise<ContestSummary> {
    assertStaff(actor);
    const row = await this.deps.db.contest.findUnique({ where: { id: contestId }, select: contestSelect });
    if (!row) throw new NotFoundError("The contest");
    return this.summary(row);
  }

  async createContest(actor: Principal, input: unknown): Promise<ContestSummary> {
    assertAdmin(actor);
    const req = parse(contestRequestSchema, input);
    const settings = contestSettingsSchema.parse(req.settings);
    const now = this.deps.clock.now();
    const id = await this.deps.db.$transaction(async (tx) => {
      const row = await tx.contest.create({
        data: {
          name: req.name,
          year: req.year,
          theoryWeight: req.theoryWeight,
          practicalWeight: req.practicalWeight,
          settings,
          createdAt: now,
        },
        select: { id: true },
      });
      await audit(tx, actor, now, {
        action: "contest.create",
        target: `contest:${row.id}`,
        details: { ...req, settings },
      });
      return row.id;
    });
    return this.contest(actor, id);
  }

  /** Changes any of the fields; settings replace the stored ones as a whole, after validation. */
  async updateContest(actor: Principal, contestId: string, input: unknown): Promise<ContestSummary> {
    assertAdmin(actor);
    parse(idSchema, contestId);
    const req = parse(contestUpdateSchema, input);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      await lockContest(tx, contestId);
      const before = await tx.contest.findUniqueOrThrow({
        where: { id: contestId },
        select: { name: true, year: true, theoryWeight: true, practicalWeight: true, settings: true },
      });
      const theory = req.theoryWeight ?? before.theoryWeight;
      const practical = req.practicalWeight ?? before.practicalWeight;
      if (!weightsAddUp(theory, practical))
        throw invalid(
          req.practicalWeight === undefined ? "theoryWeight" : "practicalWeight",
          `The weights add up to 100 (theory ${theory} + practical ${practical}).`,
        );
      const settings = req.settings === undefined ? undefined : contestSettingsSchema.parse(req.settings);
      const after = { ...req, settings };
      await tx.contest.update({ where: { id: contestId }, data: after });
      await audit(tx, actor, now, {
        action: "contest.update",
        target: `contest:${contestId}`,
        details: { changes: changesOf(before as Record<string, unknown>, after) },
      });
    });
    return this.contest(actor, contestId);
  }

  async addStage(actor: Principal, contestId: string, input: unknown): Promise<StageSummary> {
    assertAdmin(actor);
    parse(idSchema, contestId);
    const req = parse(stageRequestSchema, input);
    const now = this.deps.clock.now();
    const id = await this.deps.db.$transaction(async (tx) => {
      await lockContest(tx, contestId);
      if (req.kind === "FINAL") await assertNoOtherFinal(tx, contestId, null);
      const row = await tx.stage.create({
        data: {
          contestId,
          kind: req.kind,
          name: req.name,
          startsOn: dateOrNull(req.startsOn) ?? null,
          endsOn: dateOrNull(req.endsOn) ?? null,
        },
        select: { id: true },
      });
      await audit(tx, actor, now, {
        action: "stage.create",
        target: `stage:${row.id}`,
        details: { contestId, ...req },
      });
      return row.id;
    });
    return this.stage(id);
  }

  async updateStage(actor: Principal, stageId: string, input: unknown): Promise<StageSummary> {
    assertAdmin(actor);
    parse(idSchema, stageId);
    const req = parse(stageUpdateSchema, input);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      const found = await tx.stage.findUnique({ where: { id: stageId }, select: { contestId: true } });
      if (!found) throw new NotFoundError("The stage");
      await lockContest(tx, found.contestId);
      const before = await tx.stage.findUniqueOrThrow({
        where: { id: stageId },
        select: { kind: true, name: true, startsOn: true, endsOn: true },
      });
      if (req.kind === "FINAL" && before.kind !== "FINAL") {
        await assertNoOtherFinal(tx, found.contestId, stageId);
        // Nobody registers for the final: a preliminary with windows stays one.
        const windows = await tx.registrationWindow.count({ where: { stageId } });
        if (windows > 0)
          throw new ConflictError("This stage has registration windows: it stays a preliminary.", {
            windows,
          });
      }
      const startsOn = req.startsOn === undefined ? before.startsOn : dateOrNull(req.startsOn);
      const endsOn = req.endsOn === undefined ? before.endsOn : dateOrNull(req.endsOn);
      if (startsOn && endsOn && startsOn > endsOn)
        throw invalid(req.endsOn === undefined ? "startsOn" : "endsOn", "A stage ends after it starts.");
      const data = {
        kind: req.kind,
        name: req.name,
        startsOn: dateOrNull(req.startsOn),
        endsOn: dateOrNull(req.endsOn),
      };
      await tx.stage.update({ where: { id: stageId }, data });
      await audit(tx, actor, now, {
        action: "stage.update",
        target: `stage:${stageId}`,
        details: {
          contestId: found.contestId,
          changes: changesOf(
            {
              ...before,
              startsOn: before.startsOn?.toISOString() ?? null,
              endsOn: before.endsOn?.toISOString() ?? null,
            },
            {
              ...data,
              startsOn: data.startsOn === undefined ? undefined : (data.startsOn?.toISOString() ?? null),
              endsOn: data.endsOn === undefined ? undefined : (data.endsOn?.toISOString() ?? null),
            },
          ),
        },
      });
    });
    return this.stage(stageId);
  }

  /** Sets (creates or replaces) a region's registration window for a preliminary stage. */
  async setWindow(actor: Principal, stageId: string, regionId: string, input: unknown): Promise<WindowView> {
    assertAdmin(actor);
    parse(idSchema, stageId);
    parse(idSchema, regionId);
    const req = parse(windowRequestSchema, input);
    const now = this.deps.clock.now();
    return this.deps.db.$transaction(async (tx) => {
      const stage = await tx.stage.findUnique({
        where: { id: stageId },
        select: { kind: true, regionId: true },
      });
      if (!stage) throw new NotFoundError("The stage");
      const region = await tx.region.findUnique({ where: { id: regionId }, select: { id: true } });
      if (!region) throw new NotFoundError("The region");
      if (stage.kind === "FINAL")
        throw new ConflictError(
          "Applicants register for a preliminary; the final's contestants advance to it.",
        );
      if (stage.regionId !== null && stage.regionId !== regionId)
        throw new ConflictError("This stage is another region's preliminary.", {
          stageRegionId: stage.regionId,
        });
      const before = await tx.registrationWindow.findUnique({
        where: { stageId_regionId: { stageId, regionId } },
        select: { opensAt: true, closesAt: true },
      });
      const times = { opensAt: new Date(req.opensAt), closesAt: new Date(req.closesAt) };
      const row = await tx.registrationWindow.upsert({
        where: { stageId_regionId: { stageId, regionId } },
        create: { stageId, regionId, ...times },
        update: times,
        select: { opensAt: true, closesAt: true },
      });
      await audit(tx, actor, now, {
        action: "window.set",
        target: `stage:${stageId}`,
        details: {
          regionId,
          opensAt: row.opensAt.toISOString(),
          closesAt: row.closesAt.toISOString(),
          before: before
            ? { opensAt: before.opensAt.toISOString(), closesAt: before.closesAt.toISOString() }
            : null,
        },
      });
      return { stageId, regionId, opensAt: row.opensAt.toISOString(), closesAt: row.closesAt.toISOString() };
    });
  }

  /** Removes a region's window; refused once anyone has registered in that region for the stage. */
  async deleteWindow(actor: Principal, stageId: string, regionId: string): Promise<void> {
    assertAdmin(actor);
    parse(idSchema, stageId);
    parse(idSchema, regionId);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      // Locked, so that a registration checking this window waits for the answer.
      const rows = await tx.$queryRaw<{ id: string; opensAt: Date; closesAt: Date }[]>`
        SELECT id, "opensAt", "closesAt" FROM "RegistrationWindow"
        WHERE "stageId" = ${stageId} AND "regionId" = ${regionId} FOR UPDATE`;
      const window = rows[0];
      if (!window) throw new NotFoundError("The registration window");
      const registrations = await tx.registration.count({ where: { stageId, regionId } });
      if (registrations > 0)
        throw new ConflictError("People have registered in this window: it cannot be removed.", {
          registrations,
        });
      await tx.registrationWindow.delete({ where: { id: window.id } });
      await audit(tx, actor, now, {
        action: "window.delete",
        target: `stage:${stageId}`,
        details: { regionId, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
      });
    });
  }

  private async stage(stageId: string): Promise<StageSummary> {
    const row = await this.deps.db.stage.findUniqueOrThrow({ where: { id: stageId }, select: stageSelect });
    return stageSummary(row);
  }

  private summary(c: {
    id: string;
    name: string;
    year: number;
    theoryWeight: number;
    practicalWeight: number;
    settings: unknown;
    stages: StageRow[];
  }): ContestSummary {
    return {
      id: c.id,
      name: c.name,
      year: c.year,
      theoryWeight: c.theoryWeight,
      practicalWeight: c.practicalWeight,
      settings: contestSettingsOf(c.settings),
      stages: c.stages.map(stageSummary),
    };
  }
}
