// Pure reading of the server's refusal to release a session's results (409 CONFLICT, details: the
// attempts by status, and until when a contestant who has not started may still start).

export interface ReleaseRefusal {
  scored: number;
  inProgress: number;
  frozen: number;
  scoringFailed: number;
  notStarted: number;
  /** Set when the refusal is that contestants who have not started may still start. */
  lateStartUntil: string | null;
}

const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The counts of a refusal's details, or null when the details carry none. */
export function readRefusal(details: unknown): ReleaseRefusal | null {
  if (!details || typeof details !== "object") return null;
  const d = details as Record<string, unknown>;
  const keys = ["scored", "inProgress", "frozen", "scoringFailed", "notStarted"];
  if (!keys.some((k) => typeof d[k] === "number")) return null;
  return {
    scored: count(d.scored),
    inProgress: count(d.inProgress),
    frozen: count(d.frozen),
    scoringFailed: count(d.scoringFailed),
    notStarted: count(d.notStarted),
    lateStartUntil: typeof d.lateStartUntil === "string" ? d.lateStartUntil : null,
  };
}
