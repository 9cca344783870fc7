// Typed wrappers for the regional reports, advancement and their exports (issue 10,
// protocol/reports.ts), and the committee's release of the sessions it runs.
import type {
  AdvancementPreview,
  AdvancementRule,
  EnrolResult,
  Group,
  RegionReportDetail,
  RegionReportView,
  ReleaseState,
} from "../../../protocol/index.ts";
import { request } from "./api.ts";

const e = encodeURIComponent;

export type ExportFormat = "xlsx" | "csv";

/** A region host (or an admin): the region's report of a stage. */
export const reportsApi = {
  view: (regionId: string, stageId: string) =>
    request<RegionReportView>("GET", `/regions/${e(regionId)}/reports/${e(stageId)}`),
  /**
   * Submits and locks the region's results of the stage. 409 CONFLICT (details: unreleased,
   * openAppeals, appealsCloseAt) while it may not; 409 REPORT_LOCKED when already submitted.
   */
  submit: (regionId: string, stageId: string, body: { reason?: string } = {}) =>
    request<RegionReportView>("POST", `/regions/${e(regionId)}/reports/${e(stageId)}/submit`, body),
  /** Where a group's certificate list downloads from (same origin, the session cookie goes along). */
  certificatesUrl: (regionId: string, format: ExportFormat, stageId: string, group: Group) =>
    `/api/regions/${e(regionId)}/certificates.${format}?${new URLSearchParams({ stageId, group })}`,
};

/** The national committee (ADMIN): every region's report, reopening, advancement, finalists. */
export const committeeReportsApi = {
  list: (stageId: string) => request<RegionReportView[]>("GET", `/admin/stages/${e(stageId)}/reports`),
  detail: (stageId: string, regionId: string) =>
    request<RegionReportDetail>("GET", `/admin/stages/${e(stageId)}/reports/${e(regionId)}`),
  reopen: (stageId: string, regionId: string, body: { reason: string }) =>
    request<RegionReportView>("POST", `/admin/stages/${e(stageId)}/reports/${e(regionId)}/reopen`, body),
  preview: (stageId: string, rule: AdvancementRule) =>
    request<AdvancementPreview>("POST", `/admin/stages/${e(stageId)}/advancement/preview`, { rule }),
  enrol: (stageId: string, body: { rule: AdvancementRule; finalStageId: string; reason: string }) =>
    request<EnrolResult>("POST", `/admin/stages/${e(stageId)}/advancement/enrol`, body),
  /** Where the enrolled finalists' list downloads from. */
  finalistsUrl: (stageId: string, format: ExportFormat, finalStageId: string) =>
    `/api/admin/stages/${e(stageId)}/finalists.${format}?${new URLSearchParams({ finalStageId })}`,
  /** A session the committee runs (no region): whether its results are released. */
  release: (sessionId: string) => request<ReleaseState>("GET", `/admin/sessions/${e(sessionId)}/release`),
  releaseResults: (sessionId: string, body: { reason?: string } = {}) =>
    request<ReleaseState>("POST", `/admin/sessions/${e(sessionId)}/release`, body),
};
