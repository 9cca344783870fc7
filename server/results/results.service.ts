// Live rankings of a region's stage and group for staff, and their export (issue 10, first part).
import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import { type RankingEntry, rankContestants, rankTeams } from "../../core/results/ranking.ts";
import { contestSettingsOf } from "../../protocol/contest.ts";
import type { Ranking, RankingQuery, RankingRow } from "../../protocol/results.ts";
import type { Principal } from "../auth/principal.ts";
import { canManageRegion, judgeRegions } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { type RankingExport, rankingCsv, rankingFileName, rankingXlsx } from "./ranking-export.ts";
import { type AttemptRecord, type ContestantRecord, RankingsRepository } from "./rankings.repository.ts";

/** Whether the principal may see the region's rankings: an admin, its host, or a judge of it. */
export function canSeeRankings(p: Principal, regionId: string): boolean {
  if (canManageRegion(p, regionId)) return true;
  const judged = judgeRegions(p);
  return judged === "all" || judged.includes(regionId);
}

/**
 * Refuses a principal who may not see the region's rankings. Hosts and judges of other regions get
 * 404, the answer for a region that does not exist, so they learn nothing of it; other staff and
 * contestants get 403.
 */
export function assertSeesRankings(p: Principal, regionId: string): void {
  if (canSeeRankings(p, regionId)) return;
  if (p.staff.some((g) => g.role === "REGION_HOST" || g.role === "JUDGE"))
    throw new NotFoundError("The record");
  throw new ForbiddenError("Rankings are for the region's host, its judges and the national committee.");
}

/**
 * The attempt that stands for the stage (normally the only one): the one with a current score
 * (the latest scored, if several), else the latest started, else any.
 */
export function attemptOfStage(attempts: readonly AttemptRecord[]): AttemptRecord | undefined {
  const time = (a: AttemptRecord) => a.score?.scoredAt.getTime() ?? a.startedAt?.getTime() ?? -1;
  const real = attempts.filter((a) => a.practice !== true);
  const scored = real.filter((a) => a.score !== null);
  const pool = scored.length > 0 ? scored : real;
  return [...pool].sort((a, b) => time(b) - time(a) || (a.id < b.id ? -1 : 1))[0];
}

function statusOf(a: AttemptRecord | undefined): RankingRow["status"] {
  if (!a || a.status === "NOT_STARTED") return "ABSENT";
  return a.status === "SCORED" && a.score !== null ? "SCORED" : "PENDING";
}

/** Whole seconds from the start to the submission, or to the deadline when closed without one. */
function secondsOf(a: AttemptRecord | undefined): number | null {
  const end = a?.submittedAt ?? a?.deadlineAt;
  if (!a?.startedAt || !end) return null;
  return Math.max(0, Math.round((end.getTime() - a.startedAt.getTime()) / 1000));
}

/** A contestant as the ranking takes it: the stage's attempt, its current score and time. */
export function entryOf(c: ContestantRecord): RankingEntry {
  const attempt = attemptOfStage(c.attempts);
  const score = attempt?.score;
  return {
    contestantId: c.id,
    name: c.name,
    ticketNumber: c.ticketNumber,
    organisation: c.organisation,
    group: c.group,
    team: c.team,
    theory: score?.theory ?? 0,
    practical: score?.practical ?? 0,
    total: score?.total ?? 0,
    seconds: secondsOf(attempt),
    status: statusOf(attempt),
  };
}

export class ResultsService {
  private readonly repo: RankingsRepository;

  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock">) {
    this.repo = new RankingsRepository(deps.db);
  }

  /** The live ranking of the region's contestants of the stage and group, and of their teams. */
  async ranking(actor: Principal, regionId: string, q: RankingQuery): Promise<Ranking> {
    assertSeesRankings(actor, regionId);
    const [scope, contestants] = await Promise.all([
      this.repo.scope(regionId, q.stageId),
      this.repo.contestants(regionId, q.stageId, q.group),
    ]);
    if (!scope) throw new NotFoundError("The region");
    const { region, stage } = scope;
    // A region's own stage, or a stage of every region (the final); never another region's.
    if (!stage || (stage.regionId !== null && stage.regionId !== regionId))
      throw new NotFoundError("The stage");
    const teamRule = q.teamRule ?? contestSettingsOf(stage.settings).teamRule;
    const rows = rankContestants(contestants.map(entryOf));
    return {
      region,
      stage: { id: stage.id, name: stage.name },
      group: q.group,
      teamRule,
      generatedAt: this.deps.clock.now().toISOString(),
      rows,
      teams: rankTeams(rows, teamRule),
    };
  }

  /** The ranking as a file to download; every export is audited. */
  async export(
    actor: Principal,
    regionId: string,
    q: RankingQuery,
    format: "xlsx" | "csv",
  ): Promise<RankingExport> {
    const ranking = await this.ranking(actor, regionId, q);
    const bytes = format === "xlsx" ? await rankingXlsx(ranking) : rankingCsv(ranking);
    await this.repo.recordExport(actor, regionId, {
      format,
      stageId: ranking.stage.id,
      group: ranking.group,
      teamRule: ranking.teamRule,
      rows: ranking.rows.length,
    });
    return {
      bytes,
      mediaType: format === "xlsx" ? XLSX_MEDIA_TYPE : "text/csv; charset=utf-8",
      fileName: rankingFileName(ranking, format),
    };
  }
}

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
