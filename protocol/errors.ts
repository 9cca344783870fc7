// Error codes shared by HTTP responses and socket acks: `{ error: { code, message, details } }`.
import { z } from "zod";

export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED",
  "INVALID_CREDENTIALS",
  "FORBIDDEN",
  "NOT_FOUND",
  "SESSION_NOT_OPEN",
  "ATTEMPT_NOT_STARTED",
  "ATTEMPT_CLOSED",
  "DEADLINE_PASSED",
  "STALE_REVISION",
  "CONFLICT",
  "RATE_LIMITED",
  "LOGIN_LOCKED",
  "ORIGIN_NOT_ALLOWED",
  "UNSUPPORTED_MEDIA_TYPE",
  /** A region's registration window is not open. */
  "REGISTRATION_CLOSED",
  /** An eligibility rule refuses the applicant; details.rule names it. */
  "INELIGIBLE",
  /** This ID number has registered for this contest already. */
  "ALREADY_REGISTERED",
  /** A bulk import with bad rows: details.rows lists each; nothing was imported. */
  "IMPORT_REJECTED",
  /** The session's results are released: scores change only through an appeal. */
  "RESULTS_RELEASED",
  /** The region's results for the stage are submitted to the committee; it must reopen them first. */
  "REPORT_LOCKED",
  /** The appeal window of this result is not open (details.closesAt). */
  "APPEAL_CLOSED",
  /** The paper is used by a session that has begun (or has attempts): it can no longer be edited. */
  "PAPER_IN_USE",
  /** The bank holds fewer questions than an assembly rule draws (details.draws says which). */
  "BANK_SHORT",
  /** A proctor paused the attempt: nothing is saved and the clock stands still until they resume it. */
  "ATTEMPT_PAUSED",
  /** A proctor locked the attempt (suspected cheating): nothing is saved, the clock keeps running. */
  "ATTEMPT_LOCKED",
  /** PostgreSQL or Redis briefly out of reach, or the server too busy: try again shortly. */
  "UNAVAILABLE",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** HTTP status for each code; sockets carry the code alone. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SESSION_NOT_OPEN: 409,
  ATTEMPT_NOT_STARTED: 409,
  ATTEMPT_CLOSED: 409,
  DEADLINE_PASSED: 409,
  STALE_REVISION: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  LOGIN_LOCKED: 429,
  ORIGIN_NOT_ALLOWED: 403,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REGISTRATION_CLOSED: 409,
  INELIGIBLE: 422,
  ALREADY_REGISTERED: 409,
  IMPORT_REJECTED: 422,
  RESULTS_RELEASED: 409,
  REPORT_LOCKED: 409,
  APPEAL_CLOSED: 409,
  PAPER_IN_USE: 409,
  BANK_SHORT: 409,
  ATTEMPT_PAUSED: 409,
  ATTEMPT_LOCKED: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** What every socket ack carries: data on success, an error otherwise. */
export type Ack<T> = { data: T; error?: never } | { error: ErrorBody; data?: never };
