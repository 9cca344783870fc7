// Pure helpers of the judges' incident views (issue 12): the session list's filter to reported
// attempts, and how an incident's kind, counts and details read on the review page.
import { INCIDENT_KINDS, type JudgeAttemptRow } from "../../../protocol/index.ts";

/** The session list's filters: a status ("" for any) and whether only reported attempts show. */
export function filterAttempts(
  rows: JudgeAttemptRow[],
  filters: { status: string; reportedOnly: boolean },
): JudgeAttemptRow[] {
  return rows.filter(
    (r) => (!filters.status || r.status === filters.status) && (!filters.reportedOnly || r.reports > 0),
  );
}

/** The string key naming an incident kind, or null for a kind this page does not know. */
export function incidentKindKey(kind: string): string | null {
  return (INCIDENT_KINDS as readonly string[]).includes(kind) ? `judging.incidents.kind.${kind}` : null;
}

/** Counts by kind, the largest first (then by kind), leaving out empty ones. */
export function countsInOrder(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const MAX_VALUE = 80;

/** An incident's details on one line: "hiddenMs: 1200 · chars: 12"; long values cut, nested ones as JSON. */
export function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => {
      const raw = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
      return `${k}: ${raw.length > MAX_VALUE ? `${raw.slice(0, MAX_VALUE - 1)}…` : raw}`;
    })
    .join(" · ");
}
