// HTTP request and response shapes. Nothing here may carry an answer key or a ground truth.
import { z } from "zod";
import type { Label, QuestionKind, TableData, TaskKind, TaskOptions } from "./annotations.ts";
import { idSchema } from "./ids.ts";

export const loginRequestSchema = z
  .object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export type Role = "CONTESTANT" | "PROCTOR" | "JUDGE" | "REGION_HOST" | "ADMIN";

export interface Me {
  id: string;
  name: string;
  roles: Role[];
  /** Staff grants: role and scope (null region: the whole contest). */
  grants: {
    role: "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE";
    regionId: string | null;
    /** The granted region's number and names, for the pages to show. */
    region: { no: number; nameZh: string; nameEn: string } | null;
    examSessionId: string | null;
  }[];
  /** Exam sessions this user may proctor (all of them for an admin). */
  proctorSessions: { id: string; name: string; startsAt: string }[];
}

export type AttemptStatus = "NOT_STARTED" | "IN_PROGRESS" | "FROZEN" | "SCORED" | "SCORING_FAILED";

/** What the lobby shows for one of the contestant's sittings. */
export interface AttemptSummary {
  id: string;
  status: AttemptStatus;
  session: { id: string; name: string; startsAt: string; durationMinutes: number; lateStartMinutes: number };
  contestant: { ticketNumber: string; seat: string | null; name: string };
  startedAt: string | null;
  deadlineAt: string | null;
  serverNow: string;
  /**
   * Whether the session's results are released: GET /api/attempts/:id/results then answers. A
   * practice sitting's attempt counts as released as soon as it is scored.
   */
  resultsReleased: boolean;
  /** A practice sitting: results at once, never counted. */
  practice: boolean;
}

export interface AttemptState {
  attemptId: string;
  status: AttemptStatus;
  /**
   * When the attempt closes, extensions and finished pauses included. While paused the deadline
   * does not move yet: time left is `deadlineAt - pausedAt` and stands still until the resume moves
   * the deadline by the paused span.
   */
  deadlineAt: string | null;
  serverNow: string;
  /** Paused by a proctor since then (saves refused with ATTEMPT_PAUSED); null or absent: running. */
  pausedAt?: string | null;
  /** Locked by a proctor since then (page blocked, saves refused with ATTEMPT_LOCKED, clock running). */
  lockedAt?: string | null;
  /** Seconds added by proctors' extensions so far. */
  extensionSeconds?: number;
  /** Seconds spent paused so far (finished pauses; already added to deadlineAt). */
  pausedSeconds?: number;
  /**
   * Milliseconds left at serverNow (frozen while paused); null before the start or without a
   * deadline. A page counts down from it with its own clock.
   */
  remainingMs?: number | null;
}

export interface QuestionView {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: { id: string; text: string }[];
  points: number;
}

export interface ItemView {
  id: string;
  position: number;
  /** Image kinds: the image's size in pixels (0 for other kinds). */
  width: number;
  height: number;
  /** Image kinds: where the image loads from (also the item's thumbnail); "" for other kinds. */
  imageUrl: string;
  /** TEXT_SPANS, TEXT_CLASSIFICATION: the text to label. */
  text?: string;
  /** TRANSCRIPTION: the recording to transcribe. */
  audio?: { url: string; durationMs: number };
  /** TABLE: the table to clean. */
  table?: TableData;
}

export interface TaskView {
  id: string;
  position: number;
  kind: TaskKind;
  title: string;
  instructions: string;
  labels: Label[];
  /** Tool options (multi-label, span overlap, skeleton); never scoring settings. */
  options: TaskOptions;
  points: number;
  items: ItemView[];
}

export interface SectionView {
  id: string;
  kind: "THEORY" | "PRACTICAL";
  title: string;
  questions: QuestionView[];
  tasks: TaskView[];
}

export type AnswerTarget = { kind: "item"; id: string } | { kind: "question"; id: string };

export interface SavedAnswer {
  target: AnswerTarget;
  revision: number;
  data: unknown;
  savedAt: string;
}

/** The contestant's view of a started attempt: the paper without keys, and what they saved. */
export interface ExamView {
  attempt: AttemptState;
  session: { id: string; name: string };
  paper: { id: string; title: string; sections: SectionView[] };
  answers: SavedAnswer[];
}

export const answerTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("item"), id: idSchema }).strict(),
  z.object({ kind: z.literal("question"), id: idSchema }).strict(),
]);

export const saveAnswerRequestSchema = z
  .object({
    attemptId: idSchema,
    target: answerTargetSchema,
    revision: z.number().int().min(1).max(2_147_483_647),
    data: z.unknown(),
  })
  .strict();
export type SaveAnswerRequest = z.infer<typeof saveAnswerRequestSchema>;

export interface SaveAnswerResult {
  revision: number;
  savedAt: string;
  /** true when this exact revision had been committed before (a retry). */
  duplicate: boolean;
}

export interface ScoreSummary {
  theory: number;
  practical: number;
  total: number;
  scoredAt: string;
}

/** One row of the proctor console. */
export interface RosterEntry {
  attemptId: string;
  contestant: { id: string; name: string; ticketNumber: string; seat: string | null; group: string };
  status: AttemptStatus;
  connected: boolean;
  answered: number;
  total: number;
  startedAt: string | null;
  deadlineAt: string | null;
  submittedAt: string | null;
  closedBy: "CONTESTANT" | "PROCTOR" | "DEADLINE" | null;
  score: ScoreSummary | null;
  /** SCORING_FAILED: why, for the staff; an admin retries it. */
  scoringError: string | null;
  /** Focus, tab and clipboard incidents reported so far (proctors' reports to the judges included). */
  incidents: number;
  /** The latest incident, for the list; every one with details via `attempt:incidents`. */
  lastIncident: { kind: string; at: string } | null;
  /**
   * Where the contestant is: "offline" (no page open), "lobby" (a page open, attempt NOT_STARTED),
   * "exam" (a page open, attempt started or later). `connected` stays for older pages.
   */
  presence: "offline" | "lobby" | "exam";
  /**
   * The last heartbeat any server process saw from this contestant's page (every 2 s while
   * connected); null if never seen since the presence store began. Its age is "last seen N s ago".
   */
  lastSeenAt: string | null;
  /** The last save (or the start, whichever is later): idle time is serverNow minus this. */
  lastActivityAt: string | null;
  /** Paused since then (null: running); time left is frozen at deadlineAt - pausedAt. */
  pausedAt: string | null;
  pausedSeconds: number;
  /** Locked since then (null: not locked). */
  lockedAt: string | null;
  /** Seconds of extensions granted so far. */
  extensionSeconds: number;
  /** Milliseconds left at the roster's serverNow (pauses and extensions included); null if not started. */
  remainingMs: number | null;
  /**
   * The latest proctor message this contestant received (to them or to everyone), and whether and
   * when they acknowledged it; null when none was sent.
   */
  latestMessage: { id: string; at: string; acked: boolean; ackedAt: string | null } | null;
  /**
   * Progress per part of the paper, in the order of `SessionRoster.session.tasks`: one entry per
   * practical task (taskId is the Task id; total its items) and, when the paper has theory
   * questions, one pseudo-entry with taskId "theory" (total: the questions) at the place of the
   * first theory section. The answered counts add up to `answered`. Older servers leave it out.
   */
  tasks?: TaskProgress[];
}

/** How much of one part of the paper (a practical task, or "theory": every question) is done. */
export interface TaskProgress {
  taskId: string;
  answered: number;
  total: number;
}

/** The id of the pseudo-task standing for all the theory questions of a paper. */
export const THEORY_TASK_ID = "theory";

/** A proctor's message as the console lists it. */
export interface ProctorMessageView {
  id: string;
  sessionId: string;
  /** null: to every contestant of the session. */
  attemptId: string | null;
  text: string;
  at: string;
  /** Attempts that acknowledged it so far. */
  acked: number;
  /** Attempts it was addressed to (1, or the session's attempts when sent to everyone). */
  recipients: number;
}

/** One incident with its details (focus, tab, clipboard, second sign-in, a proctor's report). */
export interface IncidentView {
  id: string;
  attemptId: string;
  kind: string;
  at: string;
  details: Record<string, unknown>;
}

/** One row of a contestant's timeline, in time order. */
export type TimelineEvent =
  | { kind: "started"; at: string }
  /** Saves coalesced per minute: `count` saves between `at` and `lastAt`. */
  | { kind: "saves"; at: string; lastAt: string; count: number }
  | { kind: "incident"; at: string; incident: IncidentView }
  /**
   * A proctor's control from the audit log: action is one of attempt.extend, attempt.pause,
   * attempt.resume, attempt.lock, attempt.unlock, attempt.force-submit, attempt.report,
   * attempt.retry-scoring, ...; details as audited (e.g. { minutes, deadlineAt }).
   */
  | {
      kind: "control";
      at: string;
      action: string;
      actor: string | null;
      reason: string | null;
      details: Record<string, unknown>;
    }
  | { kind: "message"; at: string; messageId: string; text: string; toAll: boolean }
  | { kind: "message-ack"; at: string; messageId: string }
  | { kind: "submitted"; at: string; closedBy: "CONTESTANT" | "PROCTOR" | "DEADLINE" | null }
  | { kind: "scored"; at: string; total: number; current: boolean };

export interface AttemptTimeline {
  attemptId: string;
  sessionId: string;
  serverNow: string;
  events: TimelineEvent[];
}

export const retryScoringRequestSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export type RetryScoringRequest = z.infer<typeof retryScoringRequestSchema>;

export interface SessionRoster {
  session: {
    id: string;
    name: string;
    startsAt: string;
    durationMinutes: number;
    /**
     * The parts of the paper progress is counted by, in paper order, once for all entries: the
     * practical tasks (id, title) and, if there are theory questions, { id: "theory", title: the
     * theory section's title, theory: true }. Older servers leave it out.
     */
    tasks?: { id: string; title: string; theory?: boolean }[];
  };
  serverNow: string;
  entries: RosterEntry[];
  /** The session's proctor messages, newest first (at most 50), with acknowledgement counts. */
  messages: ProctorMessageView[];
  /** How presence is kept: a page unseen for ttlMs is offline (heartbeat every heartbeatMs). */
  presence: { heartbeatMs: number; ttlMs: number };
}

/** `details` of a LOGIN_LOCKED refusal: how long to wait, and whether the account or the address is throttled. */
export interface LoginLockedDetails {
  retryAfterSeconds: number;
  scope: "account" | "address";
}

/** A contestant of a session whose sign-in is locked after too many wrong passwords. */
export interface LoginLock {
  userId: string;
  name: string;
  ticketNumber: string;
  seat: string | null;
  /** Wrong passwords counted. */
  failures: number;
  retryAfterSeconds: number;
}

export const loginUnlockRequestSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export type LoginUnlockRequest = z.infer<typeof loginUnlockRequestSchema>;
