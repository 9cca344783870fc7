// Typed wrappers for the judging routes (protocol/judging.ts): the judge's sessions, attempts and
// review, adjustments, re-scoring and appeals; and the contestant's own appeals.
import type {
  AdjustmentRequest,
  AppealAnswer,
  AppealList,
  AppealRequest,
  AppealStatus,
  AppealView,
  AttemptReview,
  JudgeAppealRow,
  JudgeAttemptRow,
  JudgeSessionRow,
  RescoreRequest,
  RescoreResult,
  TruthCorrection,
} from "../../../protocol/index.ts";
import { request } from "./api.ts";

const e = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const q = s.toString();
  return q ? `?${q}` : "";
}

/** A judge (or an admin). */
export const judgeApi = {
  sessions: () => request<JudgeSessionRow[]>("GET", "/judge/sessions"),
  attempts: (sessionId: string) =>
    request<JudgeAttemptRow[]>("GET", `/judge/sessions/${e(sessionId)}/attempts`),
  /** One attempt's review: the current version by default, or version n. */
  review: (attemptId: string, version?: number) =>
    request<AttemptReview>("GET", `/judge/attempts/${e(attemptId)}/review${query({ version })}`),
  /** Sets (score 0–1) or withdraws (null) the adjustment of one item or question; 202 with the review. */
  adjust: (attemptId: string, body: AdjustmentRequest) =>
    request<AttemptReview>("POST", `/judge/attempts/${e(attemptId)}/adjustments`, body),
  rescore: (sessionId: string, body: RescoreRequest) =>
    request<RescoreResult>("POST", `/judge/sessions/${e(sessionId)}/rescore`, body),
  appeals: (q: { status?: AppealStatus; sessionId?: string } = {}) =>
    request<JudgeAppealRow[]>("GET", `/judge/appeals${query(q)}`),
  answerAppeal: (appealId: string, body: AppealAnswer) =>
    request<AppealView>("POST", `/judge/appeals/${e(appealId)}/answer`, body),
};

/** A contestant, about their own released result. */
export const appealsApi = {
  list: (attemptId: string) => request<AppealList>("GET", `/attempts/${e(attemptId)}/appeals`),
  file: (attemptId: string, body: AppealRequest) =>
    request<AppealView>("POST", `/attempts/${e(attemptId)}/appeals`, body),
};

/** The committee corrects an item's ground truth (checked by the task's scorer; no re-score). */
export const truthApi = {
  correct: (itemId: string, body: TruthCorrection) =>
    request<{ itemId: string; taskId: string; data: unknown }>(
      "PUT",
      `/admin/items/${e(itemId)}/truth`,
      body,
    ),
};

/** A task of a session's paper and the formats it exports to (GET /api/exports/sessions/:id/tasks). */
export interface ExportableTask {
  taskId: string;
  position: number;
  title: string;
  kind: string;
  formats: ("coco" | "voc" | "yolo" | "jsonl")[];
}

/** Exports of a task's truth or its contestants' final answers (downloads, not JSON). */
export const exportsApi = {
  tasks: (sessionId: string) => request<ExportableTask[]>("GET", `/exports/sessions/${e(sessionId)}/tasks`),
  /** The download's address: a link the browser follows with the session cookie. */
  href: (taskId: string, format: string, of: "truth" | "answers", sessionId?: string) =>
    `/api/exports/tasks/${e(taskId)}${query({ format, of, sessionId })}`,
};
