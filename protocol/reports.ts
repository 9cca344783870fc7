// Regional reports, advancement to the final and the finalists' and certificates' lists (issue 10).
// A host submits the region's results of a stage: the rankings are snapshotted and the region's
// results locked (no adjustment, re-score, appeal answer or release) until the committee reopens
// them, with a reason. Advancement reads only submitted snapshots.
import { z } from "zod";
import type { Group } from "./contest.ts";
import { reasonSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";
import type { Ranking } from "./results.ts";

/**
 * The rankings as submitted: one per group (EMPLOYEE, STUDENT), each as GET …/rankings answers it.
 */
export interface ReportSnapshot {
  takenAt: string;
  rankings: Ranking[];
}

export type ReportStatus = "NOT_SUBMITTED" | "SUBMITTED" | "REOPENED";

/** One region's report of a stage, as the host and the committee see it. */
export interface RegionReportView {
  region: { id: string; no: number; nameZh: string; nameEn: string; hostOrg: string };
  stage: { id: string; name: string; kind: "PRELIMINARY" | "FINAL" };
  status: ReportStatus;
  submittedAt: string | null;
  submittedBy: string | null;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
  /** The region's sessions of the stage: all must be released before it can submit. */
  sessions: { total: number; released: number };
  /** Contestants of the region in the stage, scored and ranked (at submission, or live). */
  contestants: { total: number; scored: number };
  /** Appeals not yet answered: a report cannot be submitted while any is open. */
  openAppeals: number;
  /** When the last appeal window of the region's sessions closes (null: no released session). */
  appealsCloseAt: string | null;
}

/**
 * GET  /api/regions/:regionId/reports/:stageId           the host's view (RegionReportView)
 * POST /api/regions/:regionId/reports/:stageId/submit    submit and lock ({ reason? }); refused
 *   (409 CONFLICT, details { unreleased, openAppeals, appealsCloseAt }) while a session is not
 *   released, an appeal is open, or an appeal window is still open. Submitting a submitted report:
 *   409 REPORT_LOCKED.
 * GET  /api/admin/stages/:stageId/reports                 every region's RegionReportView (20 rows)
 * POST /api/admin/stages/:stageId/reports/:regionId/reopen  { reason } (audited): status REOPENED,
 *   the region's results unlocked; the host submits again to lock them again.
 * GET  /api/admin/stages/:stageId/reports/:regionId       the view and the snapshot (committee)
 */
export const submitReportSchema = z.object({ reason: reasonSchema.optional() }).strict();
export const reopenReportSchema = z.object({ reason: reasonSchema }).strict();

export interface RegionReportDetail extends RegionReportView {
  snapshot: ReportSnapshot | null;
}

/**
 * How finalists are chosen from the submitted reports of a preliminary stage:
 * - quota: the best `perRegionGroup` of each region × group (ranks ≤ the quota, so a tie on the
 *   last place takes every tied contestant), with `overrides` for particular regions or groups;
 * - top: the best `n` of the whole stage by total (then the same tie-breaks; a tie on the last place
 *   takes every tied contestant), optionally per group.
 * Only SCORED rows of SUBMITTED reports count; regions not submitted are listed as missing.
 */
export const advancementRuleSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("quota"),
      perRegionGroup: z.number().int().min(1).max(1000),
      overrides: z
        .array(
          z
            .object({
              regionId: idSchema,
              group: z.enum(["EMPLOYEE", "STUDENT"]),
              quota: z.number().int().min(0).max(1000),
            })
            .strict(),
        )
        .max(200)
        .default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("top"),
      n: z.number().int().min(1).max(100_000),
      /** Per group: the best n of each group; otherwise the best n of everyone. */
      perGroup: z.boolean().default(true),
    })
    .strict(),
]);
export type AdvancementRule = z.infer<typeof advancementRuleSchema>;

/**
 * POST /api/admin/stages/:stageId/advancement/preview { rule } → AdvancementPreview (nothing is
 * written). POST …/advancement/enrol { rule, finalStageId, reason } enrols the same list in the final
 * stage: each finalist gets a Contestant of the final stage on the same account (same sign-in,
 * same group, team and organisation; a new ticket number), linked to the preliminary one so a second
 * enrolment adds nobody twice. Audited. Answers { enrolled, alreadyEnrolled, finalists }.
 */
export const advancementPreviewSchema = z.object({ rule: advancementRuleSchema }).strict();
export const advancementEnrolSchema = z
  .object({ rule: advancementRuleSchema, finalStageId: idSchema, reason: reasonSchema })
  .strict();

export interface Finalist {
  contestantId: string;
  name: string;
  ticketNumber: string;
  organisation: string | null;
  group: Group;
  team: { id: string; name: string } | null;
  region: { id: string; no: number; nameZh: string; nameEn: string };
  /** The rank in the region × group ranking. */
  regionRank: number;
  theory: number;
  practical: number;
  total: number;
  seconds: number | null;
  /** Set once enrolled: the final stage's ticket number. */
  finalTicketNumber: string | null;
}

export interface AdvancementPreview {
  stage: { id: string; name: string };
  rule: AdvancementRule;
  finalists: Finalist[];
  /** Regions whose report is not submitted: none of their contestants can advance yet. */
  missingRegions: { id: string; no: number; nameZh: string; nameEn: string; status: ReportStatus }[];
}

export interface EnrolResult {
  enrolled: number;
  alreadyEnrolled: number;
  finalists: Finalist[];
}

/**
 * Exports (XLSX by exceljs, CSV as UTF-8 with a BOM so Excel and WPS read Chinese):
 * GET /api/admin/stages/:stageId/finalists.xlsx|csv   the enrolled finalists (the final stage given
 *   as ?finalStageId=…): rank, region, name, organisation, group, team, theory, practical, total,
 *   time, preliminary ticket, final ticket.
 * GET /api/regions/:regionId/certificates.xlsx|csv?stageId=…&group=…   the certificate list of a
 *   region × group from its submitted report: rank, name, organisation, team, total, award.
 *   Awards follow certificateBands (a share of the ranked contestants: first 10 % 一等奖, next 20 %
 *   二等奖, next 30 % 三等奖 by default); unranked rows get none.
 */
export const finalistsExportQuerySchema = z.object({ finalStageId: idSchema }).strict();
export const certificatesQuerySchema = z
  .object({ stageId: idSchema, group: z.enum(["EMPLOYEE", "STUDENT"]) })
  .strict();

/** The award bands of the certificate list, as cumulative shares of the ranked contestants. */
export const CERTIFICATE_BANDS = [
  { award: "FIRST", share: 0.1 },
  { award: "SECOND", share: 0.3 },
  { award: "THIRD", share: 0.6 },
] as const;
export type Award = (typeof CERTIFICATE_BANDS)[number]["award"];

/** POST /api/admin/sessions/:sessionId/release: the committee releases a session it runs (no region). */
export const committeeReleaseParamsSchema = z.object({ sessionId: idSchema }).strict();
