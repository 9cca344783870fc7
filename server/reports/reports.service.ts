// Regional reports (issue 10): a host submits the region's results of a stage to the national
// committee. The rankings of both groups are snapshotted and the region's results locked (see
// results/locks.ts) until the committee reopens the report, with a reason.
import { AppError, NotFoundError } from "../../core/errors.ts";
import type { Db, Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import { contestSettingsOf, GROUPS, type Group } from "../../protocol/contest.ts";
import type { RegionReportDetail, RegionReportView, ReportSnapshot } from "../../protocol/reports.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, regionOrThrow } from "../regions/region-records.ts";
import type { RankingExport } from "../results/ranking-export.ts";
import { assertSeesRankings, ResultsService } from "../results/results.service.ts";
import { certificatesFile } from "./report-export.ts";

type RegionRow = Awaited<ReturnType<typeof regionOrThrow>>;

export interface StageRecord {
  id: string;
  name: string;
  kind: "PRELIMINARY" | "FINAL";
  regionId: string | null;
  contestId: string;
  contest: { year: number; settings: unknown };
}

interface ReportRow {
  status: "SUBMITTED" | "REOPENED";
  submittedAt: Date;
  submittedById: string;
  snapshot: unknown;
  reopenedAt: Date | null;
  reopenedById: string | null;
  reopenReason: string | null;
}

/** What the view counts of one region's stage, live. */
interface RegionFacts {
  sessions: { total: number; released: number };
  lastReleasedAt: Date | null;
  openAppeals: number;
  contestants: { total: number; scored: number };
}

const NO_FACTS: RegionFacts = {
  sessions: { total: 0, released: 0 },
  lastReleasedAt: null,
  openAppeals: 0,
  contestants: { total: 0, scored: 0 },
};

const REPORT_SELECT = {
  status: true,
  submittedAt: true,
  submittedById: true,
  snapshot: true,
  reopenedAt: true,
  reopenedById: true,
  reopenReason: true,
} as const;

/** The stage (404 if none), with its contest's year and settings. */
export async function stageOrThrow(db: Tx, stageId: string): Promise<StageRecord> {
  const stage = await db.stage.findUnique({
    where: { id: stageId },
    select: {
      id: true,
      name: true,
      kind: true,
      regionId: true,
      contestId: true,
      contest: { select: { year: true, settings: true } },
    },
  });
  if (!stage) throw new NotFoundError("The stage");
  return stage;
}

/** A stage a region takes part in: its own, or one of every region; another region's is "not found". */
async function stageOfRegion(db: Tx, stageId: string, regionId: string): Promise<StageRecord> {
  const stage = await stageOrThrow(db, stageId);
  if (stage.regionId !== null && stage.regionId !== regionId) throw new NotFoundError("The stage");
  return stage;
}

/**
 * The live counts of every region's sessions, open appeals and contestants of the stage (or of one
 * region; practice sittings never count), in three grouped statements whatever the number of regions. Contestants count as the
 * rankings count them: approved (or registered without a registration), scored when the stage's
 * attempt is SCORED with a current score.
 */
async function factsOf(db: Tx, stageId: string, regionId?: string): Promise<Map<string, RegionFacts>> {
  const only = regionId ?? null;
  const [sessions, appeals, contestants] = await Promise.all([
    db.$queryRaw<{ regionId: string; total: number; released: number; lastReleasedAt: Date | null }[]>`
      SELECT "regionId", count(*)::int AS total, count("resultsReleasedAt")::int AS released,
             max("resultsReleasedAt") AS "lastReleasedAt"
      FROM "ExamSession"
      WHERE "stageId" = ${stageId} AND "regionId" IS NOT NULL AND NOT practice
        AND (${only}::text IS NULL OR "regionId" = ${only}::text)
      GROUP BY "regionId"`,
    db.$queryRaw<{ regionId: string; n: number }[]>`
      SELECT es."regionId", count(*)::int AS n
      FROM "Appeal" ap
      JOIN "Attempt" a ON a.id = ap."attemptId"
      JOIN "ExamSession" es ON es.id = a."examSessionId"
      WHERE es."stageId" = ${stageId} AND es."regionId" IS NOT NULL AND NOT es.practice
        AND ap.status = 'OPEN'
        AND (${only}::text IS NULL OR es."regionId" = ${only}::text)
      GROUP BY es."regionId"`,
    db.$queryRaw<{ regionId: string; total: number; scored: number }[]>`
      SELECT ct."regionId", count(DISTINCT ct.id)::int AS total,
             (count(DISTINCT ct.id) FILTER (WHERE a.status = 'SCORED' AND sv.id IS NOT NULL))::int AS scored
      FROM "Contestant" ct
      LEFT JOIN "Registration" rg ON rg."contestantId" = ct.id
      LEFT JOIN ("Attempt" a JOIN "ExamSession" es ON es.id = a."examSessionId" AND es."stageId" = ${stageId}
                 AND NOT es.practice)
        ON a."contestantId" = ct.id
      LEFT JOIN "ScoreVersion" sv ON sv."attemptId" = a.id AND sv.current
      WHERE ct."stageId" = ${stageId} AND ct."regionId" IS NOT NULL
        AND (rg.id IS NULL OR rg.status = 'APPROVED')
        AND (${only}::text IS NULL OR ct."regionId" = ${only}::text)
      GROUP BY ct."regionId"`,
  ]);
  const out = new Map<string, RegionFacts>();
  const get = (id: string) => {
    let f = out.get(id);
    if (!f) {
      f = structuredClone(NO_FACTS);
      out.set(id, f);
    }
    return f;
  };
  for (const s of sessions) {
    const f = get(s.regionId);
    f.sessions = { total: s.total, released: s.released };
    f.lastReleasedAt = s.lastReleasedAt;
  }
  for (const a of appeals) get(a.regionId).openAppeals = a.n;
  for (const c of contestants) get(c.regionId).contestants = { total: c.total, scored: c.scored };
  return out;
}

/** The snapshot as stored, or null when the column holds something else (never written by us). */
export function snapshotOf(stored: unknown): ReportSnapshot | null {
  const s = stored as ReportSnapshot | null;
  return s && typeof s.takenAt === "string" && Array.isArray(s.rankings) ? s : null;
}

async function namesOf(db: Tx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

function viewOf(
  region: RegionRow,
  stage: StageRecord,
  report: ReportRow | null,
  facts: RegionFacts,
  names: Map<string, string>,
): RegionReportView {
  const window = contestSettingsOf(stage.contest.settings).appealWindowMinutes;
  const snapshot = report?.status === "SUBMITTED" ? snapshotOf(report.snapshot) : null;
  const rows = snapshot?.rankings.flatMap((r) => r.rows) ?? null;
  return {
    region,
    stage: { id: stage.id, name: stage.name, kind: stage.kind },
    status: report?.status ?? "NOT_SUBMITTED",
    submittedAt: report?.submittedAt.toISOString() ?? null,
    submittedBy: report ? (names.get(report.submittedById) ?? null) : null,
    reopenedAt: report?.reopenedAt?.toISOString() ?? null,
    reopenedBy: report?.reopenedById ? (names.get(report.reopenedById) ?? null) : null,
    reopenReason: report?.reopenReason ?? null,
    sessions: facts.sessions,
    contestants: rows
      ? { total: rows.length, scored: rows.filter((r) => r.status === "SCORED").length }
      : facts.contestants,
    openAppeals: facts.openAppeals,
    appealsCloseAt: facts.lastReleasedAt
      ? new Date(facts.lastReleasedAt.getTime() + window * 60_000).toISOString()
      : null,
  };
}

/** Serialises the submissions and reopenings of one report (a transaction-scoped advisory lock). */
async function lockReport(tx: Tx, stageId: string, regionId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`region-report:${stageId}:${regionId}`}))`;
}

export class ReportsService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "clock">) {}

  private async detail(db: Tx, region: RegionRow, stage: StageRecord): Promise<RegionReportDetail> {
    const [report, facts] = await Promise.all([
      db.regionReport.findUnique({
        where: { stageId_regionId: { stageId: stage.id, regionId: region.id } },
        select: REPORT_SELECT,
      }),
      factsOf(db, stage.id, region.id),
    ]);
    const names = await namesOf(db, [report?.submittedById, report?.reopenedById]);
    return {
      ...viewOf(region, stage, report, facts.get(region.id) ?? NO_FACTS, names),
      snapshot: report ? snapshotOf(report.snapshot) : null,
    };
  }

  /** The region's report of the stage, for its host, its judges and the committee (no snapshot). */
  async view(actor: Principal, regionId: string, stageId: string): Promise<RegionReportView> {
    assertSeesRankings(actor, regionId);
    const db = this.deps.db;
    const region = await regionOrThrow(db, regionId);
    const stage = await stageOfRegion(db, stageId, regionId);
    const { snapshot: _snapshot, ...view } = await this.detail(db, region, stage);
    return view;
  }

  /**
   * Submits the region's results of the stage and locks them. Refused (409 CONFLICT, details
   * { unreleased, openAppeals, appealsCloseAt }) while a session of the region's stage is not
   * released, an appeal of it is open or an appeal window (release + appealWindowMinutes) is still
   * open; also while the region has no session of the stage at all (nothing to report). A submitted
   * report: 409 REPORT_LOCKED. The region's sessions of the stage are locked (FOR UPDATE, in id order)
   * for the transaction, so a release, an appeal's answer or an adjustment that locks its session
   * cannot slip in between the checks and the snapshot; an advisory lock serialises two submits.
   */
  async submit(
    actor: Principal,
    regionId: string,
    stageId: string,
    req: { reason?: string | undefined },
  ): Promise<RegionReportView> {
    assertManagesRegion(actor, regionId);
    return this.deps.db.$transaction(async (tx) => {
      const region = await regionOrThrow(tx, regionId);
      const stage = await stageOfRegion(tx, stageId, regionId);
      await lockReport(tx, stageId, regionId);
      await tx.$queryRaw`
        SELECT id FROM "ExamSession" WHERE "stageId" = ${stageId} AND "regionId" = ${regionId}
        ORDER BY id FOR UPDATE`;
      const existing = await tx.regionReport.findUnique({
        where: { stageId_regionId: { stageId, regionId } },
        select: { status: true },
      });
      if (existing?.status === "SUBMITTED")
        throw new AppError(
          "REPORT_LOCKED",
          "The region's results are already submitted: the committee must reopen them first.",
          { stageId, regionId },
        );
      const facts = (await factsOf(tx, stageId, regionId)).get(regionId) ?? NO_FACTS;
      const now = this.deps.clock.now();
      const window = contestSettingsOf(stage.contest.settings).appealWindowMinutes;
      const closeAt = facts.lastReleasedAt
        ? new Date(facts.lastReleasedAt.getTime() + window * 60_000)
        : null;
      const unreleased = facts.sessions.total - facts.sessions.released;
      const details = {
        sessions: facts.sessions.total,
        unreleased,
        openAppeals: facts.openAppeals,
        appealsCloseAt: closeAt?.toISOString() ?? null,
      };
      if (facts.sessions.total === 0)
        throw new AppError("CONFLICT", "The region has no session of this stage to report.", details);
      if (unreleased > 0)
        throw new AppError(
          "CONFLICT",
          "Every session of the stage must be released before reporting.",
          details,
        );
      if (facts.openAppeals > 0)
        throw new AppError("CONFLICT", "Appeals are still open: answer them before reporting.", details);
      if (closeAt && now < closeAt)
        throw new AppError("CONFLICT", "The appeal window is still open: report once it closes.", details);

      // The rankings exactly as GET …/rankings answers them, read inside this transaction.
      const results = new ResultsService({ db: tx as unknown as Db, clock: this.deps.clock });
      const rankings = [];
      for (const group of GROUPS) rankings.push(await results.ranking(actor, regionId, { stageId, group }));
      const snapshot: ReportSnapshot = { takenAt: now.toISOString(), rankings };
      const json = snapshot as unknown as Prisma.InputJsonObject;
      await tx.regionReport.upsert({
        where: { stageId_regionId: { stageId, regionId } },
        create: {
          stageId,
          regionId,
          status: "SUBMITTED",
          submittedAt: now,
          submittedById: actor.userId,
          snapshot: json,
        },
        update: { status: "SUBMITTED", submittedAt: now, submittedById: actor.userId, snapshot: json },
      });
      await audit(tx, actor, {
        action: "report.submit",
        target: `report:${stageId}:${regionId}`,
        ...(req.reason ? { reason: req.reason } : {}),
        details: {
          stageId,
          regionId,
          resubmitted: existing?.status === "REOPENED",
          rows: rankings.map((r) => ({ group: r.group, rows: r.rows.length })),
        },
      });
      const { snapshot: _s, ...view } = await this.detail(tx, region, stage);
      return view;
    });
  }

  /** Every region's report of the stage, by region no (the committee's table). */
  async committeeList(stageId: string): Promise<RegionReportView[]> {
    const db = this.deps.db;
    const stage = await stageOrThrow(db, stageId);
    const [regions, reports, facts] = await Promise.all([
      db.region.findMany({
        orderBy: { no: "asc" },
        select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true },
      }),
      db.regionReport.findMany({ where: { stageId }, select: { regionId: true, ...REPORT_SELECT } }),
      factsOf(db, stageId),
    ]);
    const byRegion = new Map(reports.map((r) => [r.regionId, r]));
    const names = await namesOf(
      db,
      reports.flatMap((r) => [r.submittedById, r.reopenedById]),
    );
    return regions.map((region) =>
      viewOf(region, stage, byRegion.get(region.id) ?? null, facts.get(region.id) ?? NO_FACTS, names),
    );
  }

  /** One region's report of the stage with its snapshot (kept while reopened, until resubmitted). */
  async committeeDetail(stageId: string, regionId: string): Promise<RegionReportDetail> {
    const db = this.deps.db;
    const stage = await stageOrThrow(db, stageId);
    const region = await regionOrThrow(db, regionId);
    return this.detail(db, region, stage);
  }

  /**
   * Reopens a submitted report (409 CONFLICT for one not submitted): the region's results are
   * unlocked for changes until the host submits again. Audited with the committee's reason.
   */
  async reopen(
    actor: Principal,
    stageId: string,
    regionId: string,
    req: { reason: string },
  ): Promise<RegionReportDetail> {
    return this.deps.db.$transaction(async (tx) => {
      const stage = await stageOrThrow(tx, stageId);
      const region = await regionOrThrow(tx, regionId);
      await lockReport(tx, stageId, regionId);
      const report = await tx.regionReport.findUnique({
        where: { stageId_regionId: { stageId, regionId } },
        select: { status: true },
      });
      if (report?.status !== "SUBMITTED")
        throw new AppError("CONFLICT", "Only a submitted report can be reopened.", {
          status: report?.status ?? "NOT_SUBMITTED",
        });
      const now = this.deps.clock.now();
      await tx.regionReport.update({
        where: { stageId_regionId: { stageId, regionId } },
        data: { status: "REOPENED", reopenedAt: now, reopenedById: actor.userId, reopenReason: req.reason },
      });
      await audit(tx, actor, {
        action: "report.reopen",
        target: `report:${stageId}:${regionId}`,
        reason: req.reason,
        details: { stageId, regionId },
      });
      return this.detail(tx, region, stage);
    });
  }

  /**
   * The certificate list of a region × group, from the region's SUBMITTED report only (409 CONFLICT
   * otherwise: the awards must rest on results the committee has received and that no longer
   * change). For the region's host and the committee. Audited, like every export.
   */
  async certificates(
    actor: Principal,
    regionId: string,
    q: { stageId: string; group: Group },
    format: "xlsx" | "csv",
  ): Promise<RankingExport> {
    assertManagesRegion(actor, regionId);
    const db = this.deps.db;
    await regionOrThrow(db, regionId);
    await stageOfRegion(db, q.stageId, regionId);
    const report = await db.regionReport.findUnique({
      where: { stageId_regionId: { stageId: q.stageId, regionId } },
      select: { status: true, snapshot: true },
    });
    const ranking =
      report?.status === "SUBMITTED"
        ? snapshotOf(report.snapshot)?.rankings.find((r) => r.group === q.group)
        : undefined;
    if (!ranking)
      throw new AppError("CONFLICT", "Certificates are listed from a submitted report only.", {
        status: report?.status ?? "NOT_SUBMITTED",
      });
    const file = await certificatesFile(ranking, format, this.deps.clock.now());
    await audit(db, actor, {
      action: "certificates.export",
      target: `region:${regionId}`,
      details: { stageId: q.stageId, group: q.group, format, rows: ranking.rows.length },
    });
    return file;
  }
}
