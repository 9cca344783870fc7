// What a ranking reads: the region, the stage with its contest's settings, and the region's approved
// contestants of a stage and group with their attempts in that stage and current scores. Three
// queries whatever the number of contestants (Prisma loads the nested relations in batches).
import type { Db } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Group } from "../../protocol/contest.ts";
import type { Principal } from "../auth/principal.ts";
import { approvedContestants, audit } from "../regions/region-records.ts";

const contestantSelect = (stageId: string) =>
  ({
    id: true,
    ticketNumber: true,
    organisation: true,
    group: true,
    user: { select: { name: true } },
    team: { select: { id: true, name: true } },
    attempts: {
      where: { examSession: { stageId } },
      select: {
        id: true,
        status: true,
        startedAt: true,
        submittedAt: true,
        deadlineAt: true,
        scoreVersions: {
          where: { current: true },
          select: { theory: true, practical: true, total: true, createdAt: true },
          take: 1,
        },
      },
    },
  }) satisfies Prisma.ContestantSelect;

export type ContestantRecord = Prisma.ContestantGetPayload<{
  select: ReturnType<typeof contestantSelect>;
}>;
export type AttemptRecord = ContestantRecord["attempts"][number];

export class RankingsRepository {
  constructor(private readonly db: Db) {}

  region(regionId: string) {
    return this.db.region.findUnique({
      where: { id: regionId },
      select: { id: true, no: true, nameZh: true, nameEn: true },
    });
  }

  stage(stageId: string) {
    return this.db.stage.findUnique({
      where: { id: stageId },
      select: { id: true, name: true, regionId: true, contest: { select: { settings: true } } },
    });
  }

  contestants(regionId: string, stageId: string, group: Group): Promise<ContestantRecord[]> {
    return this.db.contestant.findMany({
      where: { ...approvedContestants(regionId, stageId), group },
      select: contestantSelect(stageId),
      orderBy: { ticketNumber: "asc" },
    });
  }

  /** An export is audited: who took the region's results away, and which. */
  recordExport(actor: Principal, regionId: string, details: Prisma.InputJsonObject): Promise<void> {
    return audit(this.db, actor, { action: "rankings.export", target: `region:${regionId}`, details });
  }
}
