// Judges' review, score adjustments, re-scoring and appeals (issue 10). Every change of a score goes
// through one path: the change is recorded in PostgreSQL (an adjustment in force, a corrected truth),
// the attempt goes back to FROZEN with its scoringRound + 1, and the score worker writes a new
// ScoreVersion (the old ones are kept). The sweep re-queues a FROZEN attempt whose job Redis lost.
// Who judges: an admin, or a JUDGE grant of the whole contest, of the session's region or of the
// session. Anyone else asking about a session, attempt or appeal gets 404 if they are a judge or
// host (they learn nothing of others' records), 403 otherwise (proctors, contestants).
import { z } from "zod";
import { reasonSchema, shortTextSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";

/** What an adjustment or an appeal is about: one item of a task, or one theory question. */
export const subjectSchema = z.union([
  z.object({ itemId: idSchema }).strict(),
  z.object({ questionId: idSchema }).strict(),
]);
export type Subject = z.infer<typeof subjectSchema>;

/** The stored form of a subject ("item:<id>" / "question:<id>"). */
export function subjectKey(s: Subject): string {
  return "itemId" in s ? `item:${s.itemId}` : `question:${s.questionId}`;
}

export function parseSubjectKey(key: string): Subject | null {
  const [kind, id] = key.split(":", 2);
  if (!id) return null;
  if (kind === "item") return { itemId: id };
  if (kind === "question") return { questionId: id };
  return null;
}

/**
 * POST /api/judge/attempts/:attemptId/adjustments: a judge (of the whole contest, of the attempt's
 * region or of its session) or an admin sets the share (0–1) of one item's or question's credit, with
 * a reason. Audited. Refused with 409 RESULTS_RELEASED once the session's results are released (an
 * appeal is then the only way), and 409 REPORT_LOCKED while the region's report is submitted.
 * Answers 202 with the attempt's review (status FROZEN until the worker writes the new version).
 * `score: null` withdraws the adjustment in force on that subject (the scorer's figure counts again).
 */
export const adjustmentRequestSchema = z
  .object({
    subject: subjectSchema,
    score: z.number().finite().min(0).max(1).nullable(),
    reason: reasonSchema,
  })
  .strict();
export type AdjustmentRequest = z.infer<typeof adjustmentRequestSchema>;

/**
 * POST /api/judge/sessions/:sessionId/rescore: every scored (or failed) attempt of
 * the session is scored again (fresh truth), or only those of one task's paper when `taskId` is
 * given (the whole attempt is re-scored; the audit records the task). Same refusals as an
 * adjustment. Answers { requeued } — the attempts sent back to scoring.
 */
export const rescoreRequestSchema = z.object({ reason: reasonSchema, taskId: idSchema.optional() }).strict();
export type RescoreRequest = z.infer<typeof rescoreRequestSchema>;
export interface RescoreResult {
  requeued: number;
}

/**
 * PUT /api/admin/items/:itemId/truth: the committee corrects an item's ground truth (the paper is
 * national, so a regional judge cannot). Audited with the old and the new truth. The data is checked
 * by scoring it against itself with the task's scorer: a truth the scorer cannot read is a 400.
 * Re-scoring is a separate, explicit step (…/rescore), so the judge sees what changes.
 */
export const truthCorrectionSchema = z.object({ data: z.unknown(), reason: reasonSchema }).strict();
export type TruthCorrection = z.infer<typeof truthCorrectionSchema>;

/** GET /api/judge/sessions: the sessions the judge judges, with counts for the landing page. */
export interface JudgeSessionRow {
  id: string;
  name: string;
  regionId: string | null;
  startsAt: string;
  releasedAt: string | null;
  attempts: { scored: number; pending: number; absent: number };
  openAppeals: number;
  /** The region's report of the stage is submitted: nothing changes until the committee reopens it. */
  reportLocked: boolean;
}

/** One adjustment as the review shows it. */
export interface AdjustmentView {
  id: string;
  subject: Subject;
  score: number;
  reason: string;
  by: string;
  at: string;
  /** null while in force. */
  supersededAt: string | null;
  appealId: string | null;
}

export type AppealStatus = "OPEN" | "ACCEPTED" | "REJECTED";

/** One appeal as the contestant and the judges see it. */
export interface AppealView {
  id: string;
  attemptId: string;
  subject: Subject;
  /** "Task 2, item 3" / "Question 14": for lists, in the contestant's paper order. */
  taskPosition: number | null;
  itemPosition: number | null;
  questionPosition: number | null;
  message: string;
  status: AppealStatus;
  filedAt: string;
  answer: string | null;
  answeredAt: string | null;
  /** The share (0–1) an accepted appeal set; null otherwise. */
  score: number | null;
}

/**
 * POST /api/attempts/:attemptId/appeals: the contestant appeals one item or question of their own
 * released result, within the contest's appealWindowMinutes after the release (409 APPEAL_CLOSED
 * with details { closesAt } outside it; before release 409 CONFLICT; someone else's attempt 404).
 * One appeal per subject (a second: 409 CONFLICT). GET /api/attempts/:attemptId/appeals lists the
 * contestant's own, with { closesAt } of the window.
 */
export const appealRequestSchema = z
  .object({ subject: subjectSchema, message: shortTextSchema(1000) })
  .strict();
export type AppealRequest = z.infer<typeof appealRequestSchema>;

export interface AppealList {
  /** When the window closes (null before release). */
  closesAt: string | null;
  open: boolean;
  appeals: AppealView[];
}

/**
 * POST /api/judge/appeals/:appealId/answer: a judge answers an OPEN appeal.
 * ACCEPTED needs `score` (the new share, 0–1) and re-scores the attempt through the adjustment path
 * (allowed after release: this is what an appeal is for); REJECTED leaves the score. A second answer
 * is a 409 CONFLICT. Refused with REPORT_LOCKED while the region's report is submitted.
 */
export const appealAnswerSchema = z.discriminatedUnion("decision", [
  z
    .object({
      decision: z.literal("ACCEPTED"),
      score: z.number().finite().min(0).max(1),
      reason: reasonSchema,
    })
    .strict(),
  z.object({ decision: z.literal("REJECTED"), reason: reasonSchema }).strict(),
]);
export type AppealAnswer = z.infer<typeof appealAnswerSchema>;

/** GET /api/judge/appeals?status=OPEN&sessionId=…: the appeals of every session the judge judges,
 * oldest first. */
export const appealListQuerySchema = z
  .object({ status: z.enum(["OPEN", "ACCEPTED", "REJECTED"]).optional(), sessionId: idSchema.optional() })
  .strict();

/** A judge's appeal row: the appeal and whose it is. */
export interface JudgeAppealRow extends AppealView {
  sessionId: string;
  sessionName: string;
  contestant: { name: string; ticketNumber: string };
}

/** GET /api/judge/sessions/:sessionId/attempts: the judge's list of a session. */
export interface JudgeAttemptRow {
  attemptId: string;
  contestant: { name: string; ticketNumber: string };
  seat: string | null;
  status: string;
  /** The current version's figures (null before scoring). */
  total: number | null;
  theory: number | null;
  practical: number | null;
  version: number | null;
  adjustments: number;
  openAppeals: number;
  /** How many times a proctor reported the contestant to the judges ("proctor-report" incidents). */
  reports: number;
}

/** One item line of a score version, as the scorer wrote it (workers/scoring/types.ts, ItemScore). */
export interface ReviewItemLine {
  score: number;
  tp: number;
  fp: number;
  fn: number;
  /** Matched pairs: the truth shape's id, the answer shape's id and their IoU. */
  matches: { truth: string; answer: string; iou: number }[];
  /** Set when an adjustment replaced the scorer's share: what the scorer said. */
  adjusted?: { scorer: number; reason: string };
}

export interface ReviewItem {
  itemId: string;
  position: number;
  /** What the contestant saw (image size, text, table…), the media URL for staff when it has media. */
  payload: unknown;
  mediaUrl: string | null;
  /** The contestant's saved answer (null: never saved). */
  answer: unknown;
  /** The hidden truth: staff only. */
  truth: unknown;
  line: ReviewItemLine | null;
  /** The same item in the previous version (null for the first), to show what changed. */
  previous: ReviewItemLine | null;
  adjustment: AdjustmentView | null;
  appeal: AppealView | null;
}

export interface ReviewTask {
  taskId: string;
  position: number;
  kind: string;
  title: string;
  points: number;
  labels: unknown;
  earned: number;
  previousEarned: number | null;
  items: ReviewItem[];
}

export interface ReviewQuestion {
  questionId: string;
  position: number;
  kind: string;
  prompt: string;
  options: unknown;
  points: number;
  answer: unknown;
  key: unknown;
  earned: number;
  previousEarned: number | null;
  adjustment: AdjustmentView | null;
  appeal: AppealView | null;
}

export interface ScoreVersionView {
  version: number;
  scorerVersion: string;
  theory: number;
  practical: number;
  total: number;
  createdAt: string;
  current: boolean;
}

/**
 * GET /api/judge/attempts/:attemptId/review[?version=n]: the judge's view of one
 * attempt: every version, and per task and item the answer, the truth and the line of the chosen
 * version (the current by default) beside the previous version's.
 */
export interface AttemptReview {
  attemptId: string;
  status: string;
  contestant: { name: string; ticketNumber: string; group: string };
  session: { id: string; name: string; releasedAt: string | null };
  /** Whether a score change is allowed now (false after release or while the report is locked). */
  adjustable: boolean;
  /** Why not, as an error code (RESULTS_RELEASED, REPORT_LOCKED), when adjustable is false. */
  lockedBy: "RESULTS_RELEASED" | "REPORT_LOCKED" | null;
  versions: ScoreVersionView[];
  /** The version shown (null when never scored). */
  version: number | null;
  questions: ReviewQuestion[];
  tasks: ReviewTask[];
  adjustments: AdjustmentView[];
  appeals: AppealView[];
  /** The attempt's incidents: proctors' reports first, then what the page itself reported. Staff only. */
  incidents: ReviewIncidents;
}

/** A proctor's report of the contestant to the judges (a "proctor-report" incident). */
export interface ProctorReportView {
  id: string;
  at: string;
  reason: string;
  note: string | null;
  /** The proctor's name as stored with the report (null when not stored). */
  reporter: string | null;
}

/** One incident the contestant's page (or the server) recorded: window blur, paste, second sign-in… */
export interface ReviewIncidentView {
  id: string;
  kind: string;
  at: string;
  details: Record<string, unknown>;
}

/** The attempt's incidents as the judge's review shows them. */
export interface ReviewIncidents {
  /** Every proctor report, oldest first. */
  reports: ProctorReportView[];
  /** Every other incident counted by kind. */
  counts: Record<string, number>;
  /** How many other incidents there are in all. */
  total: number;
  /** The other incidents, oldest first, at most REVIEW_INCIDENTS_CAP of them (the latest kept). */
  list: ReviewIncidentView[];
  /** Whether `list` left older incidents out. */
  truncated: boolean;
}

/** The most page incidents a review lists (the counts cover all of them). */
export const REVIEW_INCIDENTS_CAP = 200;
