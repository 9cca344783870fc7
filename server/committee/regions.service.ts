// The contest's regions (赛区) and their host organisations: loaded from the project's copy of
// regions.json, edited by the national committee, and listed with their registrations by status.
import fs from "node:fs";
import { z } from "zod";
import { NotFoundError } from "../../core/errors.ts";
import {
  idSchema,
  type RegionLoadResult,
  type RegionSummary,
  regionUpdateSchema,
  shortTextSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { assertAdmin, audit, changesOf } from "./committee-shared.ts";

/** The project's copy of the contest's regions (../shared/regions.json). */
export const REGIONS_FILE = new URL("../../prisma/seed/regions.json", import.meta.url);

export const regionsFileSchema = z.object({
  regions: z
    .array(
      z.object({
        no: z.number().int().min(1).max(999),
        name_zh: shortTextSchema(60),
        name_en: shortTextSchema(60),
        host_org: shortTextSchema(200),
      }),
    )
    .min(1)
    .max(100)
    .refine((rows) => new Set(rows.map((r) => r.no)).size === rows.length, {
      message: "Region numbers repeat.",
    }),
});
export type RegionsFile = z.infer<typeof regionsFileSchema>;

export function readRegionsFile(file: URL = REGIONS_FILE): RegionsFile {
  return regionsFileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
}

export class RegionsService {
  constructor(private readonly deps: ContestDeps) {}

  /** Every region by its number, with its registrations counted by status in one grouped query. */
  async list(actor: Principal): Promise<RegionSummary[]> {
    assertAdmin(actor);
    return this.summaries();
  }

  private async summaries(regionId?: string): Promise<RegionSummary[]> {
    const where = regionId === undefined ? {} : { id: regionId };
    const [regions, counts] = await Promise.all([
      this.deps.db.region.findMany({
        where,
        select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true },
        orderBy: { no: "asc" },
      }),
      this.deps.db.registration.groupBy({
        by: ["regionId", "status"],
        where: regionId === undefined ? {} : { regionId },
        _count: { _all: true },
      }),
    ]);
    const byRegion = new Map<string, RegionSummary["registrations"]>();
    for (const c of counts) {
      const tally = byRegion.get(c.regionId) ?? { submitted: 0, approved: 0, rejected: 0 };
      if (c.status === "SUBMITTED") tally.submitted += c._count._all;
      else if (c.status === "APPROVED") tally.approved += c._count._all;
      else if (c.status === "REJECTED") tally.rejected += c._count._all;
      byRegion.set(c.regionId, tally);
    }
    return regions.map((r) => ({
      ...r,
      registrations: byRegion.get(r.id) ?? { submitted: 0, approved: 0, rejected: 0 },
    }));
  }

  /**
   * Creates the file's regions that are missing and brings the others' names and host organisation
   * in line with it, matched by number. Idempotent: a second load creates and updates nothing.
   * Regions absent from the file are left alone (records may point at them).
   */
  async load(actor: Principal, file: RegionsFile = readRegionsFile()): Promise<RegionLoadResult> {
    assertAdmin(actor);
    const { regions } = regionsFileSchema.parse(file);
    const now = this.deps.clock.now();
    return this.deps.db.$transaction(async (tx) => {
      // Two loads at once would both create the same numbers.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('committee:regions-load'))`;
      const existing = new Map(
        (
          await tx.region.findMany({
            where: { no: { in: regions.map((r) => r.no) } },
            select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true },
          })
        ).map((r) => [r.no, r]),
      );
      const created: number[] = [];
      const updated: { no: number; changes: ReturnType<typeof changesOf> }[] = [];
      for (const r of regions) {
        const fields = { nameZh: r.name_zh, nameEn: r.name_en, hostOrg: r.host_org };
        const row = existing.get(r.no);
        if (!row) {
          await tx.region.create({ data: { no: r.no, ...fields } });
          created.push(r.no);
          continue;
        }
        const changes = changesOf(row, fields);
        if (Object.keys(changes).length === 0) continue;
        await tx.region.update({ where: { id: row.id }, data: fields });
        updated.push({ no: r.no, changes });
      }
      const result = {
        created: created.length,
        updated: updated.length,
        unchanged: regions.length - created.length - updated.length,
      };
      await audit(tx, actor, now, {
        action: "regions.load",
        target: "regions",
        details: { ...result, createdNos: created, updates: updated },
      });
      return result;
    });
  }

  async update(actor: Principal, regionId: string, input: unknown): Promise<RegionSummary> {
    assertAdmin(actor);
    parse(idSchema, regionId);
    const req = parse(regionUpdateSchema, input);
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      const before = await tx.region.findUnique({
        where: { id: regionId },
        select: { nameZh: true, nameEn: true, hostOrg: true },
      });
      if (!before) throw new NotFoundError("The region");
      await tx.region.update({ where: { id: regionId }, data: req });
      await audit(tx, actor, now, {
        action: "region.update",
        target: `region:${regionId}`,
        details: { changes: changesOf(before, req) },
      });
    });
    const [summary] = await this.summaries(regionId);
    if (!summary) throw new NotFoundError("The region");
    return summary;
  }
}
