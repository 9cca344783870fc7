// Domain errors: small classes, each with the protocol's error code; mapped to HTTP in one place.

import { type ErrorBody, type ErrorCode, HTTP_STATUS } from "../protocol/index.ts";
import { inputFaultOf } from "./input-faults.ts";
import { isTransientError } from "./platform/transient-errors.ts";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
  get status(): number {
    return HTTP_STATUS[this.code];
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super("VALIDATION_FAILED", message, details);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super("PAYLOAD_TOO_LARGE", `The payload is larger than ${limit} bytes.`, { limit });
  }
}
export class UnauthenticatedError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", "Sign in first.");
  }
}
export class InvalidCredentialsError extends AppError {
  constructor() {
    super("INVALID_CREDENTIALS", "Wrong ticket number, user name or password.");
  }
}
/** Too many wrong passwords for the account or from the address; refused before the password is checked. */
export class LoginLockedError extends AppError {
  constructor(
    readonly scope: "account" | "address",
    readonly retryAfterSeconds: number,
  ) {
    super(
      "LOGIN_LOCKED",
      scope === "account"
        ? `Too many wrong passwords for this account: signing in is locked for ${retryAfterSeconds} s, unless a proctor lifts the lock.`
        : `Too many wrong passwords from this network address: try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, scope },
    );
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.") {
    super("FORBIDDEN", message);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} was not found.`);
  }
}
export class SessionNotOpenError extends AppError {
  constructor(message: string, details: unknown) {
    super("SESSION_NOT_OPEN", message, details);
  }
}
export class AttemptNotStartedError extends AppError {
  constructor() {
    super("ATTEMPT_NOT_STARTED", "The attempt has not been started.");
  }
}
export class AttemptClosedError extends AppError {
  constructor(status: string) {
    super("ATTEMPT_CLOSED", "The attempt is closed: answers can no longer change.", { status });
  }
}
export class DeadlinePassedError extends AppError {
  constructor(deadlineAt: Date) {
    super("DEADLINE_PASSED", "The deadline has passed: the answer was not saved.", {
      deadlineAt: deadlineAt.toISOString(),
    });
  }
}
export class StaleRevisionError extends AppError {
  constructor(currentRevision: number) {
    super("STALE_REVISION", "A newer revision of this answer is already saved.", { currentRevision });
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterMs: number) {
    super("RATE_LIMITED", message, { retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) });
  }
}
export class ScoringNotFailedError extends AppError {
  constructor(status: string) {
    super("CONFLICT", "Only an attempt whose scoring failed can be retried.", { status });
  }
}
export class RevisionConflictError extends AppError {
  constructor(revision: number) {
    super("CONFLICT", "This revision was already saved with different data.", { revision });
  }
}

export class OriginNotAllowedError extends AppError {
  constructor(origin: string) {
    super("ORIGIN_NOT_ALLOWED", "Requests from this origin are not allowed.", {
      origin: origin.slice(0, 200),
    });
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message = "Send the body as application/json.", details?: unknown) {
    super("UNSUPPORTED_MEDIA_TYPE", message, details);
  }
}
/** Something that exists already, or a change the record's state does not allow. */
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super("CONFLICT", message, details);
  }
}
export class RegistrationClosedError extends AppError {
  constructor(message: string, details?: { opensAt: string | null; closesAt: string | null }) {
    super("REGISTRATION_CLOSED", message, details);
  }
}
/** An eligibility rule refuses the applicant; `rule` names it for the client's message. */
export class IneligibleError extends AppError {
  constructor(
    readonly rule: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super("INELIGIBLE", message, { rule, ...details });
  }
}
export class AlreadyRegisteredError extends AppError {
  constructor() {
    super("ALREADY_REGISTERED", "This ID number has already registered for this contest.");
  }
}
/** A bulk import with bad rows: nothing was imported. */
export class ImportRejectedError extends AppError {
  constructor(rows: { row: number; column: string | null; message: string }[]) {
    super("IMPORT_REJECTED", `${rows.length} row(s) are not valid; nothing was imported.`, { rows });
  }
}

/**
 * Any thrown value as an AppError, or null when it is a fault of ours. A value the database refused or
 * data deep enough to overflow the stack is the request's fault: a 400, whatever layer it got to.
 */
export function toAppError(e: unknown): AppError | null {
  if (e instanceof AppError) return e;
  const fault = inputFaultOf(e);
  if (fault) return new ValidationError("The request holds a value that cannot be stored.", { cause: fault });
  // An outage or an exhausted pool: nothing was done, and trying again is the right answer.
  if (isTransientError(e)) return new UnavailableError();
  return null;
}

export class UnavailableError extends AppError {
  constructor() {
    super(
      "UNAVAILABLE",
      "The server cannot reach its database just now; nothing was changed. Try again shortly.",
      {
        retryAfterMs: 2000,
      },
    );
  }
}

/** Any thrown value as a protocol error body; unknown errors never leak their message. */
export function toErrorBody(e: unknown): ErrorBody {
  return toAppError(e)?.toBody() ?? { code: "INTERNAL", message: "Internal error." };
}
export class PaperInUseError extends AppError {
  constructor(sessions: string[]) {
    super("PAPER_IN_USE", "A session using this paper has begun: the paper can no longer be changed.", {
      sessions,
    });
  }
}
export class BankShortError extends AppError {
  constructor(draws: { index: number; wanted: number; available: number }[]) {
    super("BANK_SHORT", "The question bank holds too few questions for this rule.", { draws });
  }
}
