// The proctor console's roster as pure state: the watched SessionRoster, updated by live events.
import type {
  AttemptStatus,
  ContestantProgress,
  ProctorServerToClient,
  RosterEntry,
  SessionRoster,
} from "../../../protocol/index.ts";

type EventOf<E extends keyof ProctorServerToClient> = Parameters<ProctorServerToClient[E]>[0];

export type RosterEvent =
  | { type: "progress"; e: ContestantProgress }
  | { type: "presence"; e: EventOf<"contestant:presence"> }
  | { type: "closed"; e: EventOf<"attempt:closed"> }
  | { type: "scored"; e: EventOf<"attempt:scored"> }
  | { type: "incident"; e: EventOf<"contestant:incident"> }
  | { type: "scoring-failed"; e: EventOf<"attempt:scoring-failed"> }
  | { type: "scoring-retried"; e: EventOf<"attempt:scoring-retried"> };

const ORDER: Record<AttemptStatus, number> = {
  NOT_STARTED: 0,
  IN_PROGRESS: 1,
  FROZEN: 2,
  SCORING_FAILED: 3,
  SCORED: 4,
};

/** Events may arrive out of order (progress is coalesced): a status never moves back. */
function later(a: AttemptStatus, b: AttemptStatus): AttemptStatus {
  return ORDER[b] > ORDER[a] ? b : a;
}

function patchEntry(
  roster: SessionRoster,
  attemptId: string,
  patch: (e: RosterEntry) => RosterEntry,
): SessionRoster {
  let changed = false;
  const entries = roster.entries.map((entry) => {
    if (entry.attemptId !== attemptId) return entry;
    changed = true;
    return patch(entry);
  });
  return changed ? { ...roster, entries } : roster;
}

export function applyRosterEvent(roster: SessionRoster, ev: RosterEvent): SessionRoster {
  if (ev.e.sessionId !== roster.session.id) return roster;
  switch (ev.type) {
    case "progress": {
      const { answered, total, status, startedAt, deadlineAt } = ev.e;
      return patchEntry(roster, ev.e.attemptId, (entry) => ({
        ...entry,
        answered,
        total,
        status: later(entry.status, status),
        startedAt: startedAt ?? entry.startedAt,
        deadlineAt: deadlineAt ?? entry.deadlineAt,
      }));
    }
    case "incident":
      return patchEntry(roster, ev.e.attemptId, (entry) => ({
        ...entry,
        incidents: Math.max(entry.incidents, ev.e.count),
      }));
    case "presence":
      return patchEntry(roster, ev.e.attemptId, (entry) => ({ ...entry, connected: ev.e.connected }));
    case "closed": {
      const { closedBy, submittedAt } = ev.e;
      return patchEntry(roster, ev.e.attemptId, (entry) => ({
        ...entry,
        status: later(entry.status, "FROZEN"),
        closedBy,
        submittedAt,
      }));
    }
    case "scored":
      return patchEntry(roster, ev.e.attemptId, (entry) => ({
        ...entry,
        status: "SCORED",
        score: ev.e.score,
        scoringError: null,
      }));
    case "scoring-failed": {
      const { error } = ev.e;
      return patchEntry(roster, ev.e.attemptId, (entry) =>
        entry.status === "SCORED" ? entry : { ...entry, status: "SCORING_FAILED", scoringError: error },
      );
    }
    case "scoring-retried":
      // The one move back: an admin's retry makes a failed attempt wait for its score again.
      return patchEntry(roster, ev.e.attemptId, (entry) =>
        entry.status === "SCORING_FAILED" ? { ...entry, status: "FROZEN", scoringError: null } : entry,
      );
  }
}

/**
 * When this contestant's time runs out, in server milliseconds. Everyone in a sitting ends at the
 * session's end unless the server says otherwise for this attempt.
 */
export function deadlineOf(roster: SessionRoster, entry: RosterEntry): number | null {
  if (entry.deadlineAt) return Date.parse(entry.deadlineAt);
  if (entry.status !== "IN_PROGRESS") return null;
  return Date.parse(roster.session.startsAt) + roster.session.durationMinutes * 60_000;
}

export interface RosterSummary {
  total: number;
  connected: number;
  notStarted: number;
  inProgress: number;
  submitted: number;
  scored: number;
  /** Attempts whose scoring failed for good: an admin must retry them. */
  scoringFailed: number;
}

export function summarize(roster: SessionRoster): RosterSummary {
  const s: RosterSummary = {
    total: 0,
    connected: 0,
    notStarted: 0,
    inProgress: 0,
    submitted: 0,
    scored: 0,
    scoringFailed: 0,
  };
  for (const e of roster.entries) {
    s.total += 1;
    if (e.connected) s.connected += 1;
    if (e.status === "NOT_STARTED") s.notStarted += 1;
    else if (e.status === "IN_PROGRESS") s.inProgress += 1;
    else if (e.status === "FROZEN") s.submitted += 1;
    else if (e.status === "SCORING_FAILED") s.scoringFailed += 1;
    else s.scored += 1;
  }
  return s;
}
