// The proctor console's roster as pure state: the watched SessionRoster, updated by live events,
// with the venue's figures, the progress histogram, and the list's sorting and filtering. A store
// batches the events (many a second at a venue of thousands) into one update every 250 ms.
import type {
  AttemptStatus,
  ContestantProgress,
  ControlEvent,
  PresenceBeats,
  ProctorMessageView,
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
  | { type: "scoring-retried"; e: EventOf<"attempt:scoring-retried"> }
  | { type: "control"; e: ControlEvent }
  | { type: "message-sent"; e: ProctorMessageView }
  | { type: "message-acked"; e: EventOf<"message:acked"> }
  /** The last heartbeats of the session's connected contestants (every ~5 s). */
  | { type: "beats"; e: PresenceBeats };

/** Events about one attempt (the others concern the session's messages or many attempts). */
type EntryEvent = Exclude<RosterEvent, { type: "message-sent" } | { type: "beats" }>;

function laterIso(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

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

/** One event applied to its row (the caller checked the session and the attempt). */
export function applyToEntry(entry: RosterEntry, ev: EntryEvent): RosterEntry {
  switch (ev.type) {
    case "progress": {
      const { answered, total, status, startedAt, deadlineAt, at, tasks } = ev.e;
      const next = later(entry.status, status);
      return {
        ...entry,
        answered,
        total,
        tasks: tasks ?? entry.tasks,
        status: next,
        startedAt: startedAt ?? entry.startedAt,
        deadlineAt: deadlineAt ?? entry.deadlineAt,
        // A save is activity; so is the start.
        lastActivityAt: laterIso(entry.lastActivityAt, at || startedAt),
        presence: next !== "NOT_STARTED" && entry.presence === "lobby" ? "exam" : entry.presence,
      };
    }
    case "incident": {
      const newer = !entry.lastIncident || Date.parse(ev.e.at) >= Date.parse(entry.lastIncident.at);
      return {
        ...entry,
        incidents: Math.max(entry.incidents, ev.e.count),
        lastIncident: newer ? { kind: ev.e.kind, at: ev.e.at } : entry.lastIncident,
      };
    }
    case "presence": {
      const { connected, presence, lastSeenAt } = ev.e;
      const seen = laterIso(entry.lastSeenAt, lastSeenAt);
      if (entry.connected === connected && entry.presence === presence && entry.lastSeenAt === seen)
        return entry;
      return {
        ...entry,
        connected,
        presence: presence ?? (connected ? "exam" : "offline"),
        lastSeenAt: seen,
      };
    }
    case "control": {
      const st = ev.e.state;
      return {
        ...entry,
        status: later(entry.status, st.status),
        deadlineAt: st.deadlineAt ?? entry.deadlineAt,
        pausedAt: st.pausedAt !== undefined ? st.pausedAt : entry.pausedAt,
        lockedAt: st.lockedAt !== undefined ? st.lockedAt : entry.lockedAt,
        extensionSeconds: st.extensionSeconds ?? entry.extensionSeconds,
        pausedSeconds: st.pausedSeconds ?? entry.pausedSeconds,
        remainingMs: st.remainingMs !== undefined ? st.remainingMs : entry.remainingMs,
      };
    }
    case "message-acked":
      return entry.latestMessage?.id === ev.e.messageId && !entry.latestMessage.acked
        ? { ...entry, latestMessage: { ...entry.latestMessage, acked: true, ackedAt: ev.e.at } }
        : entry;
    case "closed": {
      const { closedBy, submittedAt } = ev.e;
      return { ...entry, status: later(entry.status, "FROZEN"), closedBy, submittedAt };
    }
    case "scored":
      return { ...entry, status: "SCORED", score: ev.e.score, scoringError: null };
    case "scoring-failed":
      return entry.status === "SCORED"
        ? entry
        : { ...entry, status: "SCORING_FAILED", scoringError: ev.e.error };
    case "scoring-retried":
      // The one move back: an admin's retry makes a failed attempt wait for its score again.
      return entry.status === "SCORING_FAILED" ? { ...entry, status: "FROZEN", scoringError: null } : entry;
  }
}

export function applyRosterEvent(roster: SessionRoster, ev: RosterEvent): SessionRoster {
  return applyRosterEvents(roster, [ev]);
}

/**
 * A batch of events applied in order with one copy of the rows: O(rows + events), whatever the
 * number of events. Returns the same object when nothing changed.
 */
export function applyRosterEvents(
  roster: SessionRoster,
  events: readonly RosterEvent[],
  index: ReadonlyMap<string, number> = indexOf(roster),
): SessionRoster {
  let entries: RosterEntry[] | null = null;
  let messages: ProctorMessageView[] | null = null;
  const patch = (i: number, ev: EntryEvent) => {
    const current = (entries ?? roster.entries)[i] as RosterEntry;
    const next = applyToEntry(current, ev);
    if (next === current) return;
    entries ??= roster.entries.slice();
    entries[i] = next;
  };
  for (const ev of events) {
    if (ev.e.sessionId !== roster.session.id) continue;
    if (ev.type === "beats") {
      // Only the last heartbeat moves (forward): whether a page is open is the presence events' say.
      for (const [attemptId, ms] of ev.e.beats) {
        const i = index.get(attemptId);
        if (i === undefined || !Number.isFinite(ms)) continue;
        const current = (entries ?? roster.entries)[i] as RosterEntry;
        if (current.lastSeenAt && Date.parse(current.lastSeenAt) >= ms) continue;
        entries ??= roster.entries.slice();
        entries[i] = { ...current, lastSeenAt: new Date(ms).toISOString() };
      }
      continue;
    }
    if (ev.type === "message-sent") {
      const m = ev.e;
      const list: ProctorMessageView[] = messages ?? roster.messages;
      if (list.some((x) => x.id === m.id)) continue;
      messages = [m, ...list].slice(0, 50);
      // The newest message is each recipient's latest, not yet acknowledged.
      const latest = { id: m.id, at: m.at, acked: false, ackedAt: null };
      const targets =
        m.attemptId === null ? (entries ?? roster.entries).map((_, i) => i) : [index.get(m.attemptId)];
      for (const i of targets) {
        if (i === undefined) continue;
        const current = (entries ?? roster.entries)[i] as RosterEntry;
        entries ??= roster.entries.slice();
        entries[i] = { ...current, latestMessage: latest };
      }
      continue;
    }
    if (ev.type === "message-acked") {
      const list: ProctorMessageView[] = messages ?? roster.messages;
      const at = list.findIndex((x) => x.id === ev.e.messageId);
      const i = index.get(ev.e.attemptId);
      const entry = i === undefined ? undefined : (entries ?? roster.entries)[i];
      // Counted once per attempt: a repeated ack (the page reconnected) changes nothing.
      const fresh = !(entry?.latestMessage?.id === ev.e.messageId && entry.latestMessage.acked);
      if (at >= 0 && fresh) {
        const m = list[at] as ProctorMessageView;
        const copy = list.slice();
        copy[at] = { ...m, acked: Math.min(m.recipients, m.acked + 1) };
        messages = copy;
      }
      if (i !== undefined) patch(i, ev);
      continue;
    }
    const i = index.get(ev.e.attemptId);
    if (i !== undefined) patch(i, ev);
  }
  if (!entries && !messages) return roster;
  return { ...roster, entries: entries ?? roster.entries, messages: messages ?? roster.messages };
}

/**
 * A roster with every field the console reads: a server from before the proctor controls (a
 * rolling deploy) leaves the new fields out, and they read as "none yet".
 */
export function normalizeRoster(roster: SessionRoster): SessionRoster {
  const entries = roster.entries.map((e) => ({
    ...e,
    lastIncident: e.lastIncident ?? null,
    presence: e.presence ?? (e.connected ? (e.status === "NOT_STARTED" ? "lobby" : "exam") : "offline"),
    lastSeenAt: e.lastSeenAt ?? null,
    lastActivityAt: e.lastActivityAt ?? null,
    pausedAt: e.pausedAt ?? null,
    pausedSeconds: e.pausedSeconds ?? 0,
    lockedAt: e.lockedAt ?? null,
    extensionSeconds: e.extensionSeconds ?? 0,
    remainingMs: e.remainingMs ?? null,
    latestMessage: e.latestMessage ?? null,
    tasks: e.tasks ?? [],
  }));
  return {
    ...roster,
    session: { ...roster.session, tasks: roster.session.tasks ?? [] },
    entries,
    messages: roster.messages ?? [],
    presence: roster.presence ?? { heartbeatMs: 2000, ttlMs: 5000 },
  };
}

export function indexOf(roster: SessionRoster): Map<string, number> {
  return new Map(roster.entries.map((e, i) => [e.attemptId, i]));
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

/**
 * Milliseconds left for a working contestant (never below 0), else null. While paused it stands
 * still at deadline − pausedAt (the resume moves the deadline by the paused span).
 */
export function timeLeftOf(roster: SessionRoster, entry: RosterEntry, now: number): number | null {
  if (entry.status !== "IN_PROGRESS") return null;
  const deadline = deadlineOf(roster, entry);
  if (deadline === null) return null;
  const at = entry.pausedAt ? Date.parse(entry.pausedAt) : now;
  return Math.max(0, deadline - at);
}

/** How long a working contestant has not saved, in ms (null when not working or unknown). */
export function idleOf(entry: RosterEntry, now: number): number | null {
  if (entry.status !== "IN_PROGRESS" || entry.pausedAt) return null;
  const last = entry.lastActivityAt ?? entry.startedAt;
  return last ? Math.max(0, now - Date.parse(last)) : null;
}

/** Whether a contestant is paused (a working attempt with a pause running). */
export function isPaused(entry: RosterEntry): boolean {
  return entry.status === "IN_PROGRESS" && entry.pausedAt !== null;
}

/** Share of the paper answered, 0–1. */
export function progressOf(entry: RosterEntry): number {
  return entry.total > 0 ? Math.min(1, entry.answered / entry.total) : 0;
}

/** One part of the paper as the console shows it: its progress, title and label number. */
export interface TaskPart {
  taskId: string;
  answered: number;
  total: number;
  title: string;
  theory: boolean;
  /** 1-based among the practical tasks (0 for theory): "任务 2". */
  n: number;
}

/** The entry's progress per part, named from the roster's list of the paper's parts. */
export function taskPartsOf(roster: SessionRoster, entry: RosterEntry): TaskPart[] {
  const titles = new Map((roster.session.tasks ?? []).map((t) => [t.id, t]));
  let n = 0;
  return (entry.tasks ?? []).map((p) => {
    const meta = titles.get(p.taskId);
    const theory = meta?.theory ?? p.taskId === "theory";
    if (!theory) n += 1;
    return { ...p, title: meta?.title ?? "", theory, n: theory ? 0 : n };
  });
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

/** What the venue looks like at a glance. */
export interface VenueFigures {
  total: number;
  /** Working now: started, not submitted, not paused. */
  working: number;
  /** Started, paused by a proctor. */
  paused: number;
  /** Locked by a proctor. */
  locked: number;
  /** Handed in: submitted, scored or waiting for a scoring retry. */
  submitted: number;
  /** Started and not connected. */
  disconnected: number;
  /** A page open on a NOT_STARTED attempt (waiting in the lobby). */
  inLobby: number;
  notStarted: number;
  scoringFailed: number;
  /** Mean share answered of those who started, 0–1 (0 when nobody started). */
  averageProgress: number;
  /** Those who started, by share answered: bucket i holds [i/10, (i+1)/10), the last also 100 %. */
  histogram: number[];
}

export const HISTOGRAM_BUCKETS = 10;

export function bucketOf(share: number): number {
  return Math.max(0, Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(share * HISTOGRAM_BUCKETS + 1e-9)));
}

export function venueFigures(roster: SessionRoster): VenueFigures {
  const f: VenueFigures = {
    total: roster.entries.length,
    working: 0,
    paused: 0,
    locked: 0,
    submitted: 0,
    disconnected: 0,
    inLobby: 0,
    notStarted: 0,
    scoringFailed: 0,
    averageProgress: 0,
    histogram: new Array<number>(HISTOGRAM_BUCKETS).fill(0),
  };
  let started = 0;
  let sum = 0;
  for (const e of roster.entries) {
    if (e.lockedAt && (e.status === "NOT_STARTED" || e.status === "IN_PROGRESS")) f.locked += 1;
    if (e.status === "NOT_STARTED") {
      f.notStarted += 1;
      if (connectionOf(e) === "lobby") f.inLobby += 1;
      continue;
    }
    started += 1;
    const share = progressOf(e);
    sum += share;
    f.histogram[bucketOf(share)] = (f.histogram[bucketOf(share)] ?? 0) + 1;
    if (e.status === "IN_PROGRESS") {
      if (e.pausedAt) f.paused += 1;
      else f.working += 1;
      if (connectionOf(e) === "offline") f.disconnected += 1;
    } else {
      f.submitted += 1;
      if (e.status === "SCORING_FAILED") f.scoringFailed += 1;
    }
  }
  f.averageProgress = started > 0 ? sum / started : 0;
  return f;
}

// --- The list: filtering and sorting ---

export type SortKey =
  | "seat"
  | "name"
  | "ticket"
  | "connection"
  | "progress"
  | "timeLeft"
  | "idle"
  | "incidents"
  | "status"
  | "score";

export type StatusFilter =
  | "all"
  | "notStarted"
  | "working"
  | "paused"
  | "locked"
  | "submitted"
  | "scoringFailed";
export type ConnectionFilter = "all" | "online" | "offline" | "lobby";

export interface RowQuery {
  status: StatusFilter;
  connection: ConnectionFilter;
  /** Only contestants with at least one incident. */
  incidents: boolean;
  /** Part of a name, ticket number or seat, any case. */
  search: string;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_QUERY: RowQuery = {
  status: "all",
  connection: "all",
  incidents: false,
  search: "",
  sort: "seat",
  desc: false,
};

function statusMatches(e: RosterEntry, f: StatusFilter): boolean {
  switch (f) {
    case "all":
      return true;
    case "notStarted":
      return e.status === "NOT_STARTED";
    case "working":
      return e.status === "IN_PROGRESS" && !e.pausedAt;
    case "paused":
      return isPaused(e);
    case "locked":
      return e.lockedAt !== null && (e.status === "NOT_STARTED" || e.status === "IN_PROGRESS");
    case "scoringFailed":
      return e.status === "SCORING_FAILED";
    case "submitted":
      return e.status === "FROZEN" || e.status === "SCORED" || e.status === "SCORING_FAILED";
  }
}

/** A row's connection as the console shows it: the server's presence ("exam" is online). */
export function connectionOf(e: RosterEntry): "online" | "offline" | "lobby" {
  const p = e.presence ?? (e.connected ? "exam" : "offline");
  if (p === "offline") return "offline";
  return p === "lobby" || e.status === "NOT_STARTED" ? "lobby" : "online";
}

export function matchesQuery(e: RosterEntry, q: RowQuery): boolean {
  if (!statusMatches(e, q.status)) return false;
  if (q.connection !== "all" && connectionOf(e) !== q.connection) return false;
  if (q.incidents && e.incidents <= 0) return false;
  const needle = q.search.trim().toLowerCase();
  if (needle) {
    const c = e.contestant;
    const hay = `${c.name}\u0000${c.ticketNumber}\u0000${c.seat ?? ""}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

const collator = new Intl.Collator(["zh-CN", "en"], { numeric: true, sensitivity: "base" });

/** Filtered and sorted rows; ties keep seat order, and rows without a value go last either way. */
export function selectRows(roster: SessionRoster, q: RowQuery, now: number): RosterEntry[] {
  const rows = roster.entries.filter((e) => matchesQuery(e, q));
  const key = (e: RosterEntry): string | number | null => {
    switch (q.sort) {
      case "seat":
        return e.contestant.seat;
      case "name":
        return e.contestant.name;
      case "ticket":
        return e.contestant.ticketNumber;
      case "connection":
        return { offline: 0, lobby: 1, online: 2 }[connectionOf(e)];
      case "progress":
        return progressOf(e);
      case "timeLeft":
        return timeLeftOf(roster, e, now);
      case "idle":
        return idleOf(e, now);
      case "incidents":
        return e.incidents;
      case "status":
        return ORDER[e.status];
      case "score":
        return e.score?.total ?? null;
    }
  };
  const keyed = rows.map((e) => ({ e, k: key(e) }));
  const sign = q.desc ? -1 : 1;
  const bySeat = (a: RosterEntry, b: RosterEntry) =>
    collator.compare(a.contestant.seat ?? "\uffff", b.contestant.seat ?? "\uffff") ||
    collator.compare(a.contestant.ticketNumber, b.contestant.ticketNumber);
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) {
      if (a.k !== b.k) return a.k === null ? 1 : -1;
      return bySeat(a.e, b.e);
    }
    const c =
      typeof a.k === "number" && typeof b.k === "number"
        ? a.k - b.k
        : collator.compare(String(a.k), String(b.k));
    return c !== 0 ? sign * c : bySeat(a.e, b.e);
  });
  return keyed.map((x) => x.e);
}

// --- The store: the roster and its events, batched ---

export type Schedule = (flush: () => void) => void;

/** Flushes at most every 250 ms (and not while the tab is hidden, where timers are slowed anyway). */
export const every250ms: Schedule = (flush) => {
  setTimeout(flush, 250);
};

/**
 * The watched roster and the events that changed it since, applied in batches: React re-renders
 * once per flush, not once per event. `replace` (a new watch after a reconnect) drops the events
 * queued against the old roster, since the fresh read covers them.
 */
export class RosterStore {
  private roster: SessionRoster | null = null;
  private index = new Map<string, number>();
  private pending: RosterEvent[] = [];
  private scheduled = false;
  private listeners = new Set<() => void>();
  /** Events applied so far (for the page's diagnostics and the tests). */
  applied = 0;
  /** Flushes that changed something. */
  flushes = 0;

  constructor(private readonly schedule: Schedule = every250ms) {}

  get = (): SessionRoster | null => this.roster;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  replace(roster: SessionRoster): void {
    this.roster = normalizeRoster(roster);
    this.index = indexOf(this.roster);
    this.pending = [];
    this.emit();
  }

  push(ev: RosterEvent): void {
    this.pending.push(ev);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (!this.roster || this.pending.length === 0) {
      this.pending = [];
      return;
    }
    const events = this.pending;
    this.pending = [];
    const next = applyRosterEvents(this.roster, events, this.index);
    this.applied += events.length;
    if (next === this.roster) return;
    this.roster = next;
    this.flushes += 1;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
