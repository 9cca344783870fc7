// Typed Socket.IO event maps for the contestant (/exam) and proctor (/proctor) namespaces.
import { z } from "zod";

import type {
  AttemptState,
  AttemptTimeline,
  IncidentView,
  ProctorMessageView,
  RosterEntry,
  SaveAnswerRequest,
  SaveAnswerResult,
  ScoreSummary,
  SessionRoster,
  TaskProgress,
} from "./api.ts";
import type { Ack } from "./errors.ts";
import { idSchema } from "./ids.ts";

export const NAMESPACES = { exam: "/exam", proctor: "/proctor" } as const;

export const rooms = {
  attempt: (id: string) => `attempt:${id}`,
  session: (id: string) => `session:${id}`,
  /** Every socket of one user, in either namespace (a second sign-in disconnects them). */
  user: (id: string) => `user:${id}`,
  /** Every socket opened with one sign-in (signing out disconnects them). */
  auth: (sessionId: string) => `auth:${sessionId}`,
};

/** What a contestant's page may report about itself through `incident:report`. */
export const REPORTABLE_INCIDENT_KINDS = [
  "window-blur",
  "window-focus",
  "tab-hidden",
  "tab-visible",
  "fullscreen-exit",
  "copy",
  "paste",
] as const;
export type ReportableIncidentKind = (typeof REPORTABLE_INCIDENT_KINDS)[number];

/**
 * Every incident kind; the server alone records "second-sign-in" (a new sign-in ended a live one)
 * and "proctor-report" (a proctor reported the contestant to the judges: details { reason, note,
 * reporterId, reporterName }; listed on the timeline and counted in the roster's incidents).
 */
export const INCIDENT_KINDS = [...REPORTABLE_INCIDENT_KINDS, "second-sign-in", "proctor-report"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const incidentReportSchema = z
  .object({
    attemptId: idSchema,
    kind: z.enum(REPORTABLE_INCIDENT_KINDS),
    /** What the browser saw, e.g. how long the tab was hidden; small. */
    details: z
      .record(z.string().max(40), z.union([z.string().max(200), z.number().finite(), z.boolean()]))
      .optional(),
  })
  .strict();
export type IncidentReport = z.infer<typeof incidentReportSchema>;

export interface IncidentEvent {
  sessionId: string;
  attemptId: string;
  kind: IncidentKind;
  at: string;
  /** Incidents of this attempt so far. */
  count: number;
  /** The stored incident's id and details (what the browser saw, or a report's reason). */
  id?: string;
  details?: Record<string, unknown>;
}

/** A contestant acknowledges a proctor message (`proctor:message`'s id); idempotent. */
export const messageAckRequestSchema = z.object({ messageId: idSchema }).strict();
export type MessageAckRequest = z.infer<typeof messageAckRequestSchema>;

export interface ExamClientToServer {
  "answer:save": (req: SaveAnswerRequest, ack: (res: Ack<SaveAnswerResult>) => void) => void;
  /** Focus, tab and clipboard events for the proctors; stored as incidents. */
  "incident:report": (req: IncidentReport, ack: (res: Ack<{ count: number }>) => void) => void;
  /**
   * "I have read it": acknowledges a `proctor:message` by its id (for one of the contestant's own
   * attempts in the message's session). Idempotent: a second ack answers the first one's time.
   */
  "message:ack": (req: MessageAckRequest, ack: (res: Ack<{ messageId: string; at: string }>) => void) => void;
}

export interface ProctorMessage {
  /** The stored message's id: what `message:ack` acknowledges. */
  id: string;
  /** The recipient attempt; null: sent to the whole session. */
  attemptId: string | null;
  text: string;
  at: string;
}

/**
 * What a proctor's control did to the contestant's attempt, for the page to show at once (the
 * `attempt:state` that comes with it carries the same state). Reasons stay with the staff.
 */
export interface AttemptNotice {
  attemptId: string;
  kind: "extended" | "paused" | "resumed" | "locked" | "unlocked";
  /** "extended": the minutes added. */
  minutes?: number;
  /** The state after the control: new deadline, pausedAt, lockedAt, remainingMs. */
  state: AttemptState;
  at: string;
}

export interface ExamServerToClient {
  /** On connect, to a page that reconnects: the unacknowledged messages are sent again. */
  "proctor:message": (m: ProctorMessage) => void;
  /** On connect and after every control; see AttemptState (pausedAt, lockedAt, remainingMs). */
  "attempt:state": (state: AttemptState) => void;
  /** A proctor extended, paused, resumed, locked or unlocked the attempt. */
  "attempt:notice": (n: AttemptNotice) => void;
  "attempt:closed": (e: { attemptId: string; closedBy: "CONTESTANT" | "PROCTOR" | "DEADLINE" }) => void;
}

export interface ContestantProgress {
  sessionId: string;
  attemptId: string;
  answered: number;
  total: number;
  status: RosterEntry["status"];
  startedAt: string | null;
  deadlineAt: string | null;
  at: string;
  /** Progress per task, as RosterEntry.tasks (optional: older servers leave it out). */
  tasks?: TaskProgress[];
}

export const extendRequestSchema = z
  .object({
    attemptId: idSchema,
    minutes: z.number().int().min(1).max(240),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type ExtendRequest = z.infer<typeof extendRequestSchema>;

/** Extends every open attempt of a session (NOT_STARTED ones get the time when they start). */
export const sessionExtendRequestSchema = z
  .object({
    sessionId: idSchema,
    minutes: z.number().int().min(1).max(240),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type SessionExtendRequest = z.infer<typeof sessionExtendRequestSchema>;

/** Pause, resume, lock or unlock one attempt; the reason is audited. */
export const attemptControlRequestSchema = z
  .object({ attemptId: idSchema, reason: z.string().trim().min(2).max(500) })
  .strict();
export type AttemptControlRequest = z.infer<typeof attemptControlRequestSchema>;

/** Pause or resume every attempt of a session at once. */
export const sessionControlRequestSchema = z
  .object({ sessionId: idSchema, reason: z.string().trim().min(2).max(500) })
  .strict();
export type SessionControlRequest = z.infer<typeof sessionControlRequestSchema>;

/** Reports a contestant to the judges: a "proctor-report" incident, audited, on the timeline. */
export const reportRequestSchema = z
  .object({
    attemptId: idSchema,
    reason: z.string().trim().min(2).max(500),
    /** What the proctor saw, at more length. */
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** Names one attempt: for `attempt:timeline` and `attempt:incidents`. */
export const attemptQuerySchema = z.object({ attemptId: idSchema }).strict();
export type AttemptQuery = z.infer<typeof attemptQuerySchema>;

/** What a session-wide control changed: the attempts it applied to (others were skipped). */
export interface SessionControlResult {
  sessionId: string;
  affected: AttemptState[];
}

/** Pushed to the session's proctors after any control, whichever proctor and process did it. */
export interface ControlEvent {
  sessionId: string;
  attemptId: string;
  action: "extend" | "pause" | "resume" | "lock" | "unlock" | "report";
  state: AttemptState;
  reason: string;
  actorId: string;
  at: string;
}

export const forceSubmitRequestSchema = z
  .object({ attemptId: idSchema, reason: z.string().trim().min(2).max(500) })
  .strict();
export type ForceSubmitRequest = z.infer<typeof forceSubmitRequestSchema>;

export const messageRequestSchema = z
  .object({
    sessionId: idSchema,
    /** One contestant's attempt; without it, everyone in the session. */
    attemptId: idSchema.optional(),
    text: z.string().trim().min(1).max(500),
  })
  .strict();
export type MessageRequest = z.infer<typeof messageRequestSchema>;

export interface ProctorClientToServer {
  /**
   * A message to one contestant or to the whole session; stored and audited. The contestants
   * acknowledge it (`message:acked`); the roster's `latestMessage` says who has.
   */
  "message:send": (
    req: MessageRequest,
    ack: (res: Ack<{ sent: true; message: ProctorMessageView }>) => void,
  ) => void;
  /**
   * Joins the session's room and answers the full roster: call it again after every reconnect
   * (Socket.IO's "connect" event) to catch up without a reload.
   */
  "session:watch": (req: { sessionId: string }, ack: (res: Ack<SessionRoster>) => void) => void;
  /** Adds time to one contestant's attempt; audited with the reason; the contestant gets a notice. */
  "attempt:extend": (req: ExtendRequest, ack: (res: Ack<AttemptState>) => void) => void;
  /** Adds time to every open attempt of the session (one audit entry per attempt). */
  "session:extend": (req: SessionExtendRequest, ack: (res: Ack<SessionControlResult>) => void) => void;
  /** Pauses an IN_PROGRESS attempt (CONFLICT if paused already). */
  "attempt:pause": (req: AttemptControlRequest, ack: (res: Ack<AttemptState>) => void) => void;
  /** Resumes a paused attempt: its deadline moves by the paused span (CONFLICT if not paused). */
  "attempt:resume": (req: AttemptControlRequest, ack: (res: Ack<AttemptState>) => void) => void;
  /** Pauses every running IN_PROGRESS attempt of the session. */
  "session:pause": (req: SessionControlRequest, ack: (res: Ack<SessionControlResult>) => void) => void;
  /** Resumes every paused attempt of the session. */
  "session:resume": (req: SessionControlRequest, ack: (res: Ack<SessionControlResult>) => void) => void;
  /** Locks an attempt (NOT_STARTED or IN_PROGRESS): page blocked, saves refused, clock running. */
  "attempt:lock": (req: AttemptControlRequest, ack: (res: Ack<AttemptState>) => void) => void;
  "attempt:unlock": (req: AttemptControlRequest, ack: (res: Ack<AttemptState>) => void) => void;
  /** Reports the contestant to the judges (a "proctor-report" incident); any status. */
  "attempt:report": (req: ReportRequest, ack: (res: Ack<IncidentView>) => void) => void;
  /** Every event of the attempt in time order. */
  "attempt:timeline": (req: AttemptQuery, ack: (res: Ack<AttemptTimeline>) => void) => void;
  /** The attempt's incidents with kind, time and details, oldest first. */
  "attempt:incidents": (req: AttemptQuery, ack: (res: Ack<IncidentView[]>) => void) => void;
  /** Submits one contestant's attempt now; audited with the reason. */
  "attempt:force-submit": (req: ForceSubmitRequest, ack: (res: Ack<{ frozen: boolean }>) => void) => void;
}

/** A contestant's page opened or closed (or stopped answering heartbeats: a dead process's sockets). */
export interface PresenceEvent {
  sessionId: string;
  attemptId: string;
  connected: boolean;
  /** "lobby": a page open on a NOT_STARTED attempt; "exam": open on a started one. */
  presence: "offline" | "lobby" | "exam";
  /** The last heartbeat seen (now, when it connects). */
  lastSeenAt: string | null;
}

/**
 * Every ~5 s, the last heartbeat of every connected contestant of the session (one server process
 * sends it per session): [attemptId, epoch ms of the last heartbeat]. Attempts not listed are not
 * news (offline ones come as `contestant:presence`).
 */
export interface PresenceBeats {
  sessionId: string;
  /** Server time of the batch (ISO). */
  at: string;
  beats: [attemptId: string, lastSeenMs: number][];
}

export interface ProctorServerToClient {
  "contestant:progress": (e: ContestantProgress) => void;
  "contestant:presence": (e: PresenceEvent) => void;
  "presence:beats": (e: PresenceBeats) => void;
  /** Any proctor's control on an attempt of the session (for every console watching it). */
  "attempt:control": (e: ControlEvent) => void;
  /** A message was sent in the session (by any proctor). */
  "message:sent": (m: ProctorMessageView) => void;
  /** A contestant acknowledged a message. */
  "message:acked": (e: { sessionId: string; messageId: string; attemptId: string; at: string }) => void;
  "attempt:closed": (e: {
    sessionId: string;
    attemptId: string;
    closedBy: "CONTESTANT" | "PROCTOR" | "DEADLINE";
    submittedAt: string;
  }) => void;
  "attempt:scored": (e: { sessionId: string; attemptId: string; score: ScoreSummary }) => void;
  /** Scoring failed for good: the attempt waits for an admin's retry. */
  "attempt:scoring-failed": (e: ScoringFailedEvent) => void;
  /** An admin retried a failed scoring: the attempt is frozen again and queued. */
  "attempt:scoring-retried": (e: { sessionId: string; attemptId: string }) => void;
  "contestant:incident": (e: IncidentEvent) => void;
}

export interface ScoringFailedEvent {
  sessionId: string;
  attemptId: string;
  /** Why, for the staff (never shown to the contestant). */
  error: string;
  at: string;
}
