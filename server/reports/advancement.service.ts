// Advancement to the final (issue 10): the committee previews who advances under a rule, from the
// submitted reports only, then enrols them in the final stage on their own accounts; and exports
// the enrolled finalists.
import { ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type {
  AdvancementPreview,
  AdvancementRule,
  EnrolResult,
  Finalist,
  ReportStatus,
} from "../../protocol/reports.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit } from "../regions/region-records.ts";
import type { RankingExport } from "../results/ranking-export.ts";
import { drawTicketNumbers, retryOnUniqueViolation, ticketPrefix } from "../review/issue.ts";
import { type Candidate, compareCandidates, selectFinalists } from "./advancement.ts";
import { type FinalistExportRow, finalistsFile } from "./report-export.ts";
import { type StageRecord, snapshotOf, stageOrThrow } from "./reports.service.ts";

/** Advancement reads a preliminary stage's reports: a final's are refused (400). */
async function preliminaryOrThrow(db: Tx, stageId: string): Promise<StageRecord> {
  const stage = await stageOrThrow(db, stageId);
  if (stage.kind !== "PRELIMINARY")
    throw new ValidationError("Finalists advance from a preliminary stage.", [
      { path: "stageId", message: "not a preliminary stage" },
    ]);
  return stage;
}

/** The final stage to enrol in: 404 if none, 400 unless a FINAL stage of the same contest. */
async function finalStageOf(db: Tx, preliminary: StageRecord, finalStageId: string): Promise<StageRecord> {
  const final = await stageOrThrow(db, finalStageId);
  if (final.kind !== "FINAL" || final.contestId !== preliminary.contestId)
    throw new ValidationError("The final stage must be the FINAL stage of the same contest.", [
      { path: "finalStageId", message: "not the final of this contest" },
    ]);
  return final;
}

interface Pool {
  candidates: Candidate[];
  missingRegions: AdvancementPreview["missingRegions"];
}

/**
 * Every row of the stage's SUBMITTED snapshots, and the regions whose report is not submitted
 * (of every region for a stage of every region, else of the stage's own region).
 */
async function poolOf(db: Tx, stage: StageRecord): Promise<Pool> {
  const [regions, reports] = await Promise.all([
    db.region.findMany({
      where: stage.regionId ? { id: stage.regionId } : {},
      orderBy: { no: "asc" },
      select: { id: true, no: true, nameZh: true, nameEn: true },
    }),
    db.regionReport.findMany({
      where: { stageId: stage.id },
      select: { regionId: true, status: true, snapshot: true },
    }),
  ]);
  const byRegion = new Map(reports.map((r) => [r.regionId, r]));
  const candidates: Candidate[] = [];
  const missingRegions: Pool["missingRegions"] = [];
  for (const region of regions) {
    const report = byRegion.get(region.id);
    const snapshot = report?.status === "SUBMITTED" ? snapshotOf(report.snapshot) : null;
    if (!snapshot) {
      const status: ReportStatus = report?.status ?? "NOT_SUBMITTED";
      missingRegions.push({ ...region, status });
      continue;
    }
    for (const ranking of snapshot.rankings) for (const row of ranking.rows) candidates.push({ region, row });
  }
  return { candidates, missingRegions };
}

/** The final-stage ticket of each preliminary contestant already enrolled (whichever final). */
async function enrolledTickets(db: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.contestant.findMany({
    where: { advancedFromId: { in: ids } },
    select: { advancedFromId: true, ticketNumber: true },
  });
  return new Map(
    rows.flatMap((r) => (r.advancedFromId ? [[r.advancedFromId, r.ticketNumber] as const] : [])),
  );
}

function finalistOf(c: Candidate, finalTicket: string | null): Finalist {
  const r = c.row;
  return {
    contestantId: r.contestantId,
    name: r.name,
    ticketNumber: r.ticketNumber,
    organisation: r.organisation,
    group: r.group,
    team: r.team,
    region: c.region,
    regionRank: r.rank,
    theory: r.theory,
    practical: r.practical,
    total: r.total,
    seconds: r.seconds,
    finalTicketNumber: finalTicket,
  };
}

async function previewIn(db: Tx, stage: StageRecord, rule: AdvancementRule): Promise<AdvancementPreview> {
  const pool = await poolOf(db, stage);
  const chosen = selectFinalists(pool.candidates, rule);
  const tickets = await enrolledTickets(
    db,
    chosen.map((c) => c.row.contestantId),
  );
  return {
    stage: { id: stage.id, name: stage.name },
    rule,
    finalists: chosen.map((c) => finalistOf(c, tickets.get(c.row.contestantId) ?? null)),
    missingRegions: pool.missingRegions,
  };
}

export class AdvancementService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock" | "random">) {}

  /** Who would advance under the rule; nothing is written. */
  async preview(stageId: string, rule: AdvancementRule): Promise<AdvancementPreview> {
    const stage = await preliminaryOrThrow(this.deps.db, stageId);
    return previewIn(this.deps.db, stage, rule);
  }

  /**
   * Enrols the rule's finalists in the final stage, in one transaction: each one not enrolled yet
   * gets a Contestant of the final on the same account (same user, group, team, organisation and
   * region; no initial password, since they keep signing in with their own), linked to the
   * preliminary one by advancedFromId, with a new ticket number drawn like an approval's
   * (review/issue.ts). advancedFromId is unique, so enrolling again adds nobody twice: those are
   * counted as alreadyEnrolled. Enrolments of one final run one after the other (advisory lock);
   * a ticket drawn twice by chance is retried. Audited.
   */
  async enrol(
    actor: Principal,
    stageId: string,
    req: { rule: AdvancementRule; finalStageId: string; reason: string },
  ): Promise<EnrolResult> {
    return retryOnUniqueViolation(() =>
      this.deps.db.$transaction(async (tx) => {
        const stage = await preliminaryOrThrow(tx, stageId);
        const final = await finalStageOf(tx, stage, req.finalStageId);
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`advancement:${final.id}`}))`;
        const preview = await previewIn(tx, stage, req.rule);
        const fresh = preview.finalists.filter((f) => f.finalTicketNumber === null);
        const sources = await tx.contestant.findMany({
          where: { id: { in: fresh.map((f) => f.contestantId) }, stageId },
          select: { id: true, userId: true, group: true, teamId: true, organisation: true, regionId: true },
        });
        const byId = new Map(sources.map((s) => [s.id, s]));
        const issued = new Map<string, string>();
        // Tickets carry the contest's year and the finalist's region number, drawn per region.
        const byRegion = new Map<number, Finalist[]>();
        for (const f of fresh) {
          if (!byId.has(f.contestantId)) continue;
          byRegion.set(f.region.no, [...(byRegion.get(f.region.no) ?? []), f]);
        }
        for (const [no, people] of byRegion) {
          const tickets = await drawTicketNumbers(
            tx,
            ticketPrefix(final.contest.year, no),
            people.length,
            this.deps.random,
          );
          for (const [i, f] of people.entries()) {
            const src = byId.get(f.contestantId);
            const ticketNumber = tickets[i];
            if (!src || !ticketNumber) continue;
            await tx.contestant.create({
              data: {
                userId: src.userId,
                stageId: final.id,
                regionId: src.regionId,
                group: src.group,
                teamId: src.teamId,
                organisation: src.organisation,
                ticketNumber,
                advancedFromId: src.id,
              },
            });
            issued.set(f.contestantId, ticketNumber);
          }
        }
        const finalists = preview.finalists.map((f) => ({
          ...f,
          finalTicketNumber: f.finalTicketNumber ?? issued.get(f.contestantId) ?? null,
        }));
        const result: EnrolResult = {
          enrolled: issued.size,
          alreadyEnrolled: preview.finalists.length - fresh.length,
          finalists,
        };
        await audit(tx, actor, {
          action: "advancement.enrol",
          target: `stage:${final.id}`,
          reason: req.reason,
          details: {
            stageId,
            finalStageId: final.id,
            rule: req.rule,
            enrolled: result.enrolled,
            alreadyEnrolled: result.alreadyEnrolled,
            missingRegions: preview.missingRegions.map((r) => r.no),
          },
        });
        return result;
      }),
    );
  }

  /**
   * The finalists enrolled in the final from the stage, as a file: each final-stage contestant with
   * the scores and region rank of the submitted snapshot it advanced on (the stored one, even if
   * reopened since). Audited, like every export.
   */
  async finalistsExport(
    actor: Principal,
    stageId: string,
    finalStageId: string,
    format: "xlsx" | "csv",
  ): Promise<RankingExport> {
    const db = this.deps.db;
    const stage = await preliminaryOrThrow(db, stageId);
    const final = await finalStageOf(db, stage, finalStageId);
    const [enrolled, reports] = await Promise.all([
      db.contestant.findMany({
        where: { stageId: final.id, advancedFrom: { is: { stageId } } },
        select: {
          ticketNumber: true,
          organisation: true,
          group: true,
          team: { select: { id: true, name: true } },
          user: { select: { name: true } },
          region: { select: { id: true, no: true, nameZh: true, nameEn: true } },
          advancedFrom: { select: { id: true, ticketNumber: true } },
        },
      }),
      db.regionReport.findMany({ where: { stageId }, select: { snapshot: true } }),
    ]);
    const rows = new Map<string, Candidate["row"]>();
    for (const r of reports)
      for (const ranking of snapshotOf(r.snapshot)?.rankings ?? [])
        for (const row of ranking.rows) rows.set(row.contestantId, row);
    const NO_REGION = { id: "", no: 0, nameZh: "", nameEn: "" };
    const list: (FinalistExportRow & { candidate: Candidate | null })[] = enrolled.map((c) => {
      const from = c.advancedFrom;
      const row = from ? rows.get(from.id) : undefined;
      const region = c.region ?? NO_REGION;
      return {
        contestantId: from?.id ?? "",
        name: c.user.name,
        ticketNumber: from?.ticketNumber ?? "",
        organisation: c.organisation,
        group: c.group,
        team: c.team,
        region,
        regionRank: row && row.status === "SCORED" ? row.rank : null,
        theory: row?.theory ?? null,
        practical: row?.practical ?? null,
        total: row?.total ?? null,
        seconds: row?.seconds ?? null,
        finalTicketNumber: c.ticketNumber,
        candidate: row ? { region, row } : null,
      };
    });
    // The list's order as the preview's; a finalist without a snapshot row goes last by ticket.
    list.sort((a, b) =>
      a.candidate && b.candidate
        ? compareCandidates(a.candidate, b.candidate)
        : a.candidate
          ? -1
          : b.candidate
            ? 1
            : a.ticketNumber.localeCompare(b.ticketNumber),
    );
    const file = await finalistsFile(
      stage.name,
      list.map(({ candidate: _c, ...f }) => f),
      format,
      this.deps.clock.now(),
    );
    await audit(db, actor, {
      action: "finalists.export",
      target: `stage:${final.id}`,
      details: { stageId, finalStageId: final.id, format, rows: list.length },
    });
    return file;
  }
}
