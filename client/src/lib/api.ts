// The HTTP API: fetch with the session cookie, `{ data }` unwrapped, errors thrown as ApiError.
import type {
  AttemptResult,
  AttemptState,
  AttemptSummary,
  ErrorCode,
  ExamView,
  LoginLock,
  LoginRequest,
  LoginUnlockRequest,
  Me,
  RetryScoringRequest,
  SaveAnswerRequest,
  SaveAnswerResult,
  SessionRoster,
} from "../../../protocol/index.ts";

/** A failed request: a protocol error code, or NETWORK when no proper answer came back. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const listeners = new Set<(e: ApiError) => void>();

/** Called for every UNAUTHENTICATED answer, so the app can send the user back to sign-in. */
export function onUnauthenticated(listener: (e: ApiError) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: "include",
      headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError("NETWORK", e instanceof Error ? e.message : "Network error", 0);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
  }
  const envelope = json as { data?: T; error?: { code: ErrorCode; message: string; details?: unknown } };
  if (res.ok && envelope && "data" in envelope) return envelope.data as T;
  const err = envelope?.error;
  const error = err
    ? new ApiError(err.code, err.message, res.status, err.details)
    : new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
  if (error.code === "UNAUTHENTICATED") for (const l of listeners) l(error);
  throw error;
}

export const api = {
  login: (body: LoginRequest) => request<Me>("POST", "/auth/login", body),
  logout: () => request<null>("POST", "/auth/logout"),
  me: () => request<Me>("GET", "/me"),
  time: () => request<{ serverNow: string }>("GET", "/time"),
  myAttempts: () => request<AttemptSummary[]>("GET", "/attempts/mine"),
  startAttempt: (id: string) => request<AttemptState>("POST", `/attempts/${encodeURIComponent(id)}/start`),
  exam: (id: string) => request<ExamView>("GET", `/attempts/${encodeURIComponent(id)}/exam`),
  /** The HTTP fallback of the socket's answer:save. */
  saveAnswer: ({ attemptId, ...body }: SaveAnswerRequest) =>
    request<SaveAnswerResult>("PUT", `/attempts/${encodeURIComponent(attemptId)}/answers`, body),
  /** The contestant's own released result (409 CONFLICT before the session's release). */
  attemptResults: (id: string) =>
    request<AttemptResult>("GET", `/attempts/${encodeURIComponent(id)}/results`),
  submit: (id: string) => request<AttemptState>("POST", `/attempts/${encodeURIComponent(id)}/submit`),
  roster: (sessionId: string) =>
    request<SessionRoster>("GET", `/sessions/${encodeURIComponent(sessionId)}/roster`),
  /** Contestants of the session whose sign-in is locked after wrong passwords. */
  loginLocks: (sessionId: string) =>
    request<LoginLock[]>("GET", `/sessions/${encodeURIComponent(sessionId)}/login-locks`),
  /** Admins: a new scoring round for an attempt whose scoring failed. */
  retryScoring: (attemptId: string, body: RetryScoringRequest) =>
    request<{ round: number }>("POST", `/attempts/${encodeURIComponent(attemptId)}/retry-scoring`, body),
  liftLoginLock: (userId: string, body: LoginUnlockRequest) =>
    request<{ lifted: boolean }>("POST", `/users/${encodeURIComponent(userId)}/login-unlock`, body),
};
