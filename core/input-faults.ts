// Recognises failures that bad input caused below the boundary (PostgreSQL refusing a value, a stack
// overflow on deep data), so the error mapper answers them with a 400 instead of a 500.

/**
 * SQLSTATEs that only a value can cause: 22P05 (\u0000 in jsonb), 22021 (NUL in text), 22P02 (invalid
 * text representation, e.g. a lone surrogate in jsonb), 22003 (numeric value out of range), 54001
 * (statement too complex: jsonb nested too deeply).
 */
export const INPUT_SQLSTATES: ReadonlySet<string> = new Set(["22P05", "22021", "22P02", "22003", "54001"]);

const field = (v: unknown, key: string): unknown =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;

/**
 * The SQLSTATE behind an error, wherever the layers put it: Prisma's known request error carries it
 * in `meta.driverAdapterError.cause.originalCode`, the adapter's own error in `cause.originalCode`,
 * and pg's DatabaseError in `code` (next to `severity`).
 */
export function sqlStateOf(e: unknown): string | undefined {
  const fromPrisma = field(field(field(field(e, "meta"), "driverAdapterError"), "cause"), "originalCode");
  if (typeof fromPrisma === "string") return fromPrisma;
  const fromAdapter = field(field(e, "cause"), "originalCode");
  if (typeof fromAdapter === "string") return fromAdapter;
  const code = field(e, "code");
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && typeof field(e, "severity") === "string")
    return code;
  return undefined;
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /maximum call stack size exceeded/i.test(e.message);
}

/** What input caused the failure, when it did: the SQLSTATE, or "stack" for a stack overflow. */
export function inputFaultOf(e: unknown): string | null {
  if (isStackOverflow(e)) return "stack";
  const state = sqlStateOf(e);
  return state && INPUT_SQLSTATES.has(state) ? state : null;
}
