// Typed wrappers for the contest administration routes: the committee's, a region host's and review.
import type {
  AdmissionTicket,
  ApprovalResult,
  AttemptResult,
  ContestRequest,
  ContestSummary,
  ContestUpdate,
  ErrorCode,
  GrantRequest,
  ImportResult,
  PaperOption,
  Ranking,
  RankingQuery,
  RegionLoadResult,
  RegionOption,
  RegionStaffRequest,
  RegionSummary,
  RegionUpdate,
  RegistrationDetail,
  RegistrationRow,
  ReleaseState,
  SeatingRequest,
  SeatView,
  SessionRequest,
  SessionUpdate,
  SessionView,
  StaffMember,
  StaffRequest,
  StaffUpdate,
  StageRequest,
  StageUpdate,
  VenueRequest,
  VenueView,
  WindowRequest,
  WindowView,
} from "../../../protocol/index.ts";
import { ApiError, request } from "./api.ts";

const e = encodeURIComponent;

/** A region route: /api/regions/:regionId/… */
const rp = (regionId: string, rest = "") => `/regions/${e(regionId)}${rest}`;

export interface RegistrationQuery {
  status?: string;
  group?: string;
  stageId?: string;
  q?: string;
}

/** A query string of the parameters given (empty and undefined ones left out), with its "?". */
export function query(params: Record<string, string | number | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const q = s.toString();
  return q ? `?${q}` : "";
}

/** Sends a file as the raw request body (bulk imports), with the same error handling as request(). */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" },
      body: file,
    });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : "Network error", 0);
  }
  let json: { data?: T; error?: { code: ErrorCode; message: string; details?: unknown } };
  try {
    json = await res.json();
  } catch {
    throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
  }
  if (res.ok && json && "data" in json) return json.data as T;
  if (json?.error) throw new ApiError(json.error.code, json.error.message, res.status, json.error.details);
  throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
}

/** The national committee (ADMIN). */
export const committeeApi = {
  contests: () => request<ContestSummary[]>("GET", "/admin/contests"),
  createContest: (body: ContestRequest) => request<ContestSummary>("POST", "/admin/contests", body),
  updateContest: (id: string, body: ContestUpdate) =>
    request<ContestSummary>("PATCH", `/admin/contests/${e(id)}`, body),
  createStage: (contestId: string, body: StageRequest) =>
    request<unknown>("POST", `/admin/contests/${e(contestId)}/stages`, body),
  updateStage: (id: string, body: StageUpdate) => request<unknown>("PATCH", `/admin/stages/${e(id)}`, body),
  putWindow: (stageId: string, regionId: string, body: WindowRequest) =>
    request<WindowView>("PUT", `/admin/stages/${e(stageId)}/windows/${e(regionId)}`, body),
  deleteWindow: (stageId: string, regionId: string) =>
    request<unknown>("DELETE", `/admin/stages/${e(stageId)}/windows/${e(regionId)}`),
  regions: () => request<RegionSummary[]>("GET", "/admin/regions"),
  loadRegions: () => request<RegionLoadResult>("POST", "/admin/regions/load"),
  updateRegion: (id: string, body: RegionUpdate) =>
    request<RegionSummary>("PATCH", `/admin/regions/${e(id)}`, body),
  staff: () => request<StaffMember[]>("GET", "/admin/staff"),
  createStaff: (body: StaffRequest) => request<StaffMember>("POST", "/admin/staff", body),
  updateStaff: (userId: string, body: StaffUpdate) =>
    request<StaffMember>("PATCH", `/admin/staff/${e(userId)}`, body),
  addGrant: (userId: string, body: GrantRequest) =>
    request<unknown>("POST", `/admin/staff/${e(userId)}/grants`, body),
  removeGrant: (userId: string, grantId: string) =>
    request<unknown>("DELETE", `/admin/staff/${e(userId)}/grants/${e(grantId)}`),
};

/** Any staff: the contests and their stages (the host's session form, the judge's page). */
export const contestsApi = {
  list: () => request<ContestSummary[]>("GET", "/contests"),
};

/** A region host (or an admin), for one region. */
export const hostApi = {
  myRegions: () => request<RegionOption[]>("GET", "/regions"),
  papers: () => request<PaperOption[]>("GET", "/papers"),
  venues: (r: string) => request<VenueView[]>("GET", rp(r, "/venues")),
  createVenue: (r: string, body: VenueRequest) => request<VenueView>("POST", rp(r, "/venues"), body),
  updateVenue: (r: string, id: string, body: VenueRequest) =>
    request<VenueView>("PATCH", rp(r, `/venues/${e(id)}`), body),
  deleteVenue: (r: string, id: string) => request<unknown>("DELETE", rp(r, `/venues/${e(id)}`)),
  sessions: (r: string) => request<SessionView[]>("GET", rp(r, "/sessions")),
  session: (r: string, id: string) => request<SessionView>("GET", rp(r, `/sessions/${e(id)}`)),
  createSession: (r: string, body: SessionRequest) => request<SessionView>("POST", rp(r, "/sessions"), body),
  updateSession: (r: string, id: string, body: SessionUpdate) =>
    request<SessionView>("PATCH", rp(r, `/sessions/${e(id)}`), body),
  deleteSession: (r: string, id: string) => request<unknown>("DELETE", rp(r, `/sessions/${e(id)}`)),
  /** Whether a session's results are released, and its attempts by status. */
  release: (r: string, id: string) => request<ReleaseState>("GET", rp(r, `/sessions/${e(id)}/release`)),
  /** Releases a session's results; 409 CONFLICT (with the counts) while attempts are still being scored. */
  releaseResults: (r: string, id: string, body: { reason?: string } = {}) =>
    request<ReleaseState>("POST", rp(r, `/sessions/${e(id)}/release`), body),
  /** One attempt's result, as the contestant sees it once released (staff). */
  attemptResults: (r: string, attemptId: string) =>
    request<AttemptResult>("GET", rp(r, `/attempts/${e(attemptId)}/results`)),
  seats: (r: string, id: string) => request<SeatView[]>("GET", rp(r, `/sessions/${e(id)}/seats`)),
  putSeats: (r: string, id: string, body: SeatingRequest) =>
    request<SeatView[]>("PUT", rp(r, `/sessions/${e(id)}/seats`), body),
  autoSeat: (r: string, id: string, body: { prefix?: string; group?: "EMPLOYEE" | "STUDENT" }) =>
    request<SeatView[]>("POST", rp(r, `/sessions/${e(id)}/seats/auto`), body),
  staff: (r: string) => request<StaffMember[]>("GET", rp(r, "/staff")),
  createStaff: (r: string, body: RegionStaffRequest) => request<StaffMember>("POST", rp(r, "/staff"), body),
  removeGrant: (r: string, userId: string, grantId: string) =>
    request<unknown>("DELETE", rp(r, `/staff/${e(userId)}/grants/${e(grantId)}`)),
  tickets: (r: string, sessionId: string) =>
    request<AdmissionTicket[]>("GET", rp(r, `/sessions/${e(sessionId)}/tickets`)),
  ticket: (r: string, contestantId: string) =>
    request<AdmissionTicket>("GET", rp(r, `/contestants/${e(contestantId)}/ticket`)),
  registrations: (r: string, q: RegistrationQuery = {}) =>
    request<RegistrationRow[]>("GET", rp(r, `/registrations${query({ ...q })}`)),
  registration: (r: string, id: string) =>
    request<RegistrationDetail>("GET", rp(r, `/registrations/${e(id)}`)),
  /** Where an evidence file downloads from (same origin, the session cookie goes along). */
  evidenceUrl: (r: string, id: string, evidenceId: string) =>
    `/api${rp(r, `/registrations/${e(id)}/evidence/${e(evidenceId)}`)}`,
  approve: (r: string, id: string, reason?: string) =>
    request<ApprovalResult>("POST", rp(r, `/registrations/${e(id)}/approve`), reason ? { reason } : {}),
  reject: (r: string, id: string, reason: string) =>
    request<unknown>("POST", rp(r, `/registrations/${e(id)}/reject`), { reason }),
  importFile: (r: string, stageId: string, file: File) =>
    upload<ImportResult>(rp(r, `/imports${query({ stageId })}`), file),
  templateUrl: (r: string, format: "xlsx" | "csv") => `/api${rp(r, `/imports/template.${format}`)}`,
};

/** Rankings of one region (an admin, the region's host, the region's judges): live, and their export. */
export const resultsApi = {
  ranking: (r: string, q: RankingQuery) =>
    request<Ranking>(
      "GET",
      rp(r, `/rankings${query({ stageId: q.stageId, group: q.group, teamRule: q.teamRule })}`),
    ),
  /** Where the export downloads from (same origin, the session cookie goes along). */
  exportUrl: (r: string, format: "xlsx" | "csv", q: RankingQuery) =>
    `/api${rp(r, `/rankings.${format}${query({ stageId: q.stageId, group: q.group, teamRule: q.teamRule })}`)}`,
};
