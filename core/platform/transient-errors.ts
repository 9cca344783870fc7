// Tells an outage (PostgreSQL or Redis unreachable, a connection cut, a pool exhausted, a deadlock)
// from a real fault. A job that fails because of an outage is retried until the outage ends; one that
// fails on its own input is flagged for a person.

const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // Prisma: can't reach / timed out / closed / pool timeout / transaction could not start.
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  // PostgreSQL: too many connections, shutting down, cannot connect now, serialization, deadlock.
  "53300",
  "57P01",
  "57P02",
  "57P03",
  "40001",
  "40P01",
]);

const MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connection (?:was )?closed|timeout exceeded when trying to connect|Can't reach database|Client has encountered a connection error|the database system is (?:starting up|shutting down)|terminating connection|Connection is closed|Transaction API error|Unable to start a transaction/i;

/** Whether `e` (or any error it wraps) says a service was unreachable rather than the work being wrong. */
export function isTransientError(e: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 8 && !seen.has(cur); depth++) {
    seen.add(cur);
    if (typeof cur !== "object") return false;
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    for (const code of [err.code, err.originalCode])
      if (typeof code === "string" && (CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof err.message === "string" && MESSAGES.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}
