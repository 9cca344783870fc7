// What a ranking reads, in two SQL statements whatever the number of contestants: the region with
// the stage and its contest's settings, then the region's approved contestants of the stage and
// group with their attempts in that stage and those attempts' current scores.
import type { Db } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Group } from "../../protocol/contest.ts";
import type { Principal } from "../auth/principal.ts";
import { audit } from "../regions/region-records.ts";

export interface RankingScope {
  region: { id: string; no: number; nameZh: string; nameEn: string };
  /** null when no stage has the id. */
  stage: { id: string; name: string; regionId: string | null; settings: unknown } | null;
}

export interface AttemptRecord {
  id: string;
  status: "NOT_STARTED" | "IN_PROGRESS" | "FROZEN" | "SCORED" | "SCORING_FAILED";
  startedAt: Date | null;
  submittedAt: Date | null;
  deadlineAt: Date | null;
  /** The current score version, if any (at most one: a partial unique index). */
  score: { theory: number; practical: number; total: number; scoredAt: Date } | null;
  /** An attempt of a practice sitting: never the stage's attempt (the repository leaves them out). */
  practice?: boolean;
}

export interface ContestantRecord {
  id: string;
  name: string;
  ticketNumber: string;
  organisation: string | null;
  group: Group;
  team: { id: string; name: string } | null;
  attempts: AttemptRecord[];
}

interface ScopeRow {
  id: string;
  no: number;
  nameZh: string;
  nameEn: string;
  stageId: string | null;
  stageName: string | null;
  stageRegionId: string | null;
  settings: unknown;
}

interface ContestantRow {
  id: string;
  name: string;
  ticketNumber: string;
  organisation: string | null;
  group: Group;
  teamId: string | null;
  teamName: string | null;
  attemptId: string | null;
  status: AttemptRecord["status"] | null;
  startedAt: Date | null;
  submittedAt: Date | null;
  deadlineAt: Date | null;
  theory: number | null;
  practical: number | null;
  total: number | null;
  scoredAt: Date | null;
}

/** One contestant per id, their attempt rows (one per attempt, or one without) folded in. */
function fold(rows: readonly ContestantRow[]): ContestantRecord[] {
  const byId = new Map<string, ContestantRecord>();
  for (const r of rows) {
    let c = byId.get(r.id);
    if (!c) {
      c = {
        id: r.id,
        name: r.name,
        ticketNumber: r.ticketNumber,
        organisation: r.organisation,
        group: r.group,
        team: r.teamId && r.teamName !== null ? { id: r.teamId, name: r.teamName } : null,
        attempts: [],
      };
      byId.set(r.id, c);
    }
    if (!r.attemptId || !r.status) continue;
    c.attempts.push({
      id: r.attemptId,
      status: r.status,
      startedAt: r.startedAt,
      submittedAt: r.submittedAt,
      deadlineAt: r.deadlineAt,
      score:
        r.total !== null && r.theory !== null && r.practical !== null && r.scoredAt !== null
          ? { theory: r.theory, practical: r.practical, total: r.total, scoredAt: r.scoredAt }
          : null,
    });
  }
  return [...byId.values()];
}

export class RankingsRepository {
  constructor(private readonly db: Db) {}

  /** The region (null if none) and the stage asked for, with its contest's settings. */
  async scope(regionId: string, stageId: string): Promise<RankingScope | null> {
    const rows = await this.db.$queryRaw<ScopeRow[]>`
      SELECT r.id, r.no, r."nameZh", r."nameEn",
             s.id AS "stageId", s.name AS "stageName", s."regionId" AS "stageRegionId", c.settings
      FROM "Region" r
      LEFT JOIN "Stage" s ON s.id = ${stageId}
      LEFT JOIN "Contest" c ON c.id = s."contestId"
      WHERE r.id = ${regionId}`;
    const row = rows[0];
    if (!row) return null;
    return {
      region: { id: row.id, no: row.no, nameZh: row.nameZh, nameEn: row.nameEn },
      stage:
        row.stageId && row.stageName !== null
          ? { id: row.stageId, name: row.stageName, regionId: row.stageRegionId, settings: row.settings }
          : null,
    };
  }

  /**
   * The region's contestants of the stage and group that count as approved (no registration, or
   * an APPROVED one: the rule of approvedContestants in regions/region-records.ts), each with their
   * attempts in a session of the stage (never a practice sitting's) and each attempt's current score.
   */
  async contestants(regionId: string, stageId: string, group: Group): Promise<ContestantRecord[]> {
    const rows = await this.db.$queryRaw<ContestantRow[]>`
      SELECT ct.id, u.name, ct."ticketNumber", ct.organisation, ct."group"::text AS "group",
             t.id AS "teamId", t.name AS "teamName",
             a.id AS "attemptId", a.status::text AS status,
             a."startedAt", a."submittedAt", a."deadlineAt",
             sv.theory, sv.practical, sv.total, sv."createdAt" AS "scoredAt"
      FROM "Contestant" ct
      JOIN "User" u ON u.id = ct."userId"
      LEFT JOIN "Team" t ON t.id = ct."teamId"
      LEFT JOIN "Registration" rg ON rg."contestantId" = ct.id
      LEFT JOIN ("Attempt" a JOIN "ExamSession" es ON es.id = a."examSessionId" AND es."stageId" = ${stageId}
                 AND NOT es.practice)
        ON a."contestantId" = ct.id
      LEFT JOIN "ScoreVersion" sv ON sv."attemptId" = a.id AND sv.current
      WHERE ct."regionId" = ${regionId} AND ct."stageId" = ${stageId}
        AND ct."group" = ${group}::"ContestantGroup"
        AND (rg.id IS NULL OR rg.status = 'APPROVED')
      ORDER BY ct."ticketNumber", a.id`;
    return fold(rows);
  }

  /** An export is audited: who took the region's results away, and which. */
  recordExport(actor: Principal, regionId: string, details: Prisma.InputJsonObject): Promise<void> {
    return audit(this.db, actor, { action: "rankings.export", target: `region:${regionId}`, details });
  }
}
