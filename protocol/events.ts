// Typed Socket.IO event maps for the contestant (/exam) and proctor (/proctor) namespaces.
import { z } from "zod";

import type {
  AttemptState,
  RosterEntry,
  SaveAnswerRequest,
  SaveAnswerResult,
  ScoreSummary,
  SessionRoster,
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

/** Every incident kind; the server alone records "second-sign-in" (a new sign-in ended a live one). */
export const INCIDENT_KINDS = [...REPORTABLE_INCIDENT_KINDS, "second-sign-in"] as const;
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
}

export interface ExamClientToServer {
  "answer:save": (req: SaveAnswerRequest, ack: (res: Ack<SaveAnswerResult>) => void) => void;
  /** Focus, tab and clipboard events for the proctors; stored as incidents. */
  "incident:report": (req: IncidentReport, ack: (res: Ack<{ count: number }>) => void) => void;
}

export interface ProctorMessage {
  attemptId: string | null;
  text: string;
  at: string;
}

export interface ExamServerToClient {
  "proctor:message": (m: ProctorMessage) => void;
  "attempt:state": (state: AttemptState) => void;
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
}

export const extendRequestSchema = z
  .object({
    attemptId: idSchema,
    minutes: z.number().int().min(1).max(240),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type ExtendRequest = z.infer<typeof extendRequestSchema>;

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
  /** A notice to one contestant or to the whole session; audited. */
  "message:send": (req: MessageRequest, ack: (res: Ack<{ sent: true }>) => void) => void;
  "session:watch": (req: { sessionId: string }, ack: (res: Ack<SessionRoster>) => void) => void;
  /** Adds time to one contestant's attempt; audited with the reason. */
  "attempt:extend": (req: ExtendRequest, ack: (res: Ack<AttemptState>) => void) => void;
  /** Submits one contestant's attempt now; audited with the reason. */
  "attempt:force-submit": (req: ForceSubmitRequest, ack: (res: Ack<{ frozen: boolean }>) => void) => void;
}

export interface ProctorServerToClient {
  "contestant:progress": (e: ContestantProgress) => void;
  "contestant:presence": (e: { sessionId: string; attemptId: string; connected: boolean }) => void;
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
