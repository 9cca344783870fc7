// Coalesced progress fan-out. A save marks its attempt changed; the proctors' room then gets one
// `contestant:progress` per attempt, read from PostgreSQL so it is always the committed state (the
// latest value wins: whatever changed while an attempt waited is in the one read). The first change
// after a quiet period goes out at once (after a short batching delay, so a burst of saves from
// many contestants becomes one query), and each attempt gets at most one push per `minIntervalMs`:
// a contestant saving in a tight loop costs a few pushes a second, not one per save. One query runs
// at a time; changes that arrive meanwhile wait for it and go out in the next.
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Logger } from "../../core/platform/logger.ts";
import type { Sql } from "../../core/platform/sql.ts";
import type { AttemptStatus } from "../../protocol/index.ts";
import type { PaperStructures } from "../exams/paper-structure.ts";
import { taskProgress } from "./task-progress.ts";

export interface ProgressNotifier {
  changed(sessionId: string, attemptId: string): void;
  close(): Promise<void>;
}

/** The timer functions the coalescer uses, injected so tests move time by hand. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface CoalescerOptions {
  /** At most one flush per key in this time: 250 ms is four updates a second per contestant. */
  minIntervalMs: number;
  /** How long a change that may go out at once waits for others to join its flush. */
  batchDelayMs: number;
}

export const DEFAULT_COALESCING: CoalescerOptions = { minIntervalMs: 250, batchDelayMs: 10 };

/**
 * Per-key rate limiting with batching, independent of what is flushed. `changed(key)` makes the key
 * due at max(now, its last flush + minIntervalMs); a timer flushes every due key in one call of
 * `flush`, after `batchDelayMs` for a key due now. Only one flush runs at a time: keys due while it
 * runs go out as soon as it settles. A key changed several times before its flush is flushed once.
 */
export class Coalescer<K> {
  /** Keys waiting, with the time each is due. */
  private readonly pending = new Map<K, number>();
  /** When each key was last flushed, oldest first (re-inserted on each flush), pruned as it ages. */
  private readonly lastFlush = new Map<K, number>();
  private timer: unknown = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly flush: (keys: K[]) => Promise<void>,
    private readonly options: CoalescerOptions = DEFAULT_COALESCING,
    private readonly timers: Timers = realTimers,
  ) {}

  changed(key: K): void {
    if (this.closed || this.pending.has(key)) return;
    const now = this.timers.now();
    const last = this.lastFlush.get(key);
    const due = last === undefined ? now : Math.max(now, last + this.options.minIntervalMs);
    this.pending.set(key, due);
    this.schedule(due === now ? now + this.options.batchDelayMs : due);
  }

  /** Keys waiting for a flush (for tests and metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private schedule(at: number): void {
    if (this.running || at >= this.timerAt) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => this.fire(), Math.max(0, at - this.timers.now()));
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.closed || this.running) return;
    const now = this.timers.now();
    const keys: K[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [key, due] of this.pending) {
      if (due <= now) keys.push(key);
      else next = Math.min(next, due);
    }
    for (const key of keys) {
      this.pending.delete(key);
      this.lastFlush.delete(key);
      this.lastFlush.set(key, now);
    }
    this.prune(now);
    if (keys.length === 0) {
      if (next < Number.POSITIVE_INFINITY) this.schedule(next);
      return;
    }
    const run = this.flush(keys)
      .catch(() => {})
      .finally(() => {
        this.running = null;
        this.rescheduleWaiting();
      });
    this.running = run;
  }

  /** After a flush: the earliest waiting key decides the next timer (a key already due, at once). */
  private rescheduleWaiting(): void {
    if (this.closed || this.pending.size === 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const due of this.pending.values()) next = Math.min(next, due);
    this.schedule(Math.max(next, this.timers.now()));
  }

  /** Forgets flush times old enough not to hold any key back. */
  private prune(now: number): void {
    for (const [key, at] of this.lastFlush) {
      if (at + this.options.minIntervalMs > now) break;
      this.lastFlush.delete(key);
    }
  }

  /** Stops taking changes, drops what waits and lets a running flush finish. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    await this.running;
  }
}

/**
 * One read per flush, a prepared statement on plain `pg` (it runs tens of times a second under load:
 * Prisma's per-query cost there was a tenth of the server's CPU). Times as epoch milliseconds: plain
 * pg would read a timestamp in the machine's time zone.
 */
const PROGRESS = `
  SELECT a.id, a."examSessionId", a.status::text AS status,
         (extract(epoch FROM a."startedAt") * 1000)::float8 AS "startedMs",
         (extract(epoch FROM a."deadlineAt") * 1000)::float8 AS "deadlineMs", s."paperId",
         (SELECT count(*)::int FROM "Answer" x WHERE x."attemptId" = a.id AND x.filled) AS answered,
         (SELECT json_object_agg(t."taskId", t.n) FROM (
            SELECT i."taskId", count(*)::int AS n FROM "Answer" x JOIN "Item" i ON i.id = x."itemId"
            WHERE x."attemptId" = a.id AND x.filled GROUP BY i."taskId") t) AS "byTask"
  FROM "Attempt" a JOIN "ExamSession" s ON s.id = a."examSessionId"
  WHERE a.id = ANY($1::text[])`;

interface ProgressRow {
  id: string;
  examSessionId: string;
  status: AttemptStatus;
  startedMs: number | null;
  deadlineMs: number | null;
  paperId: string;
  answered: number;
  /** Filled answers per task id (items only); null when none. */
  byTask: Record<string, number> | null;
}

export class CoalescingProgressNotifier implements ProgressNotifier {
  private readonly coalescer: Coalescer<string>;

  constructor(
    /** One connection of its own is enough: one read runs at a time. */
    private readonly sql: Sql,
    private readonly papers: PaperStructures,
    private readonly broadcaster: Broadcaster,
    private readonly log: Logger,
    options: CoalescerOptions = DEFAULT_COALESCING,
    timers: Timers = realTimers,
  ) {
    this.coalescer = new Coalescer(
      (ids) =>
        this.push(ids).catch((e) => this.log.warn({ err: e, attempts: ids.length }, "progress push failed")),
      options,
      timers,
    );
  }

  changed(_sessionId: string, attemptId: string): void {
    this.coalescer.changed(attemptId);
  }

  /**
   * One query for every attempt of the flush: its state, how many of its answers count as done, and
   * how many per task.
   */
  private async push(attemptIds: string[]): Promise<void> {
    for (let i = 0; i < attemptIds.length; i += 1000) {
      const rows = await this.sql.query<ProgressRow>("la_progress", PROGRESS, [
        attemptIds.slice(i, i + 1000),
      ]);
      const at = new Date().toISOString();
      for (const row of rows) {
        const paper = await this.papers.get(row.paperId);
        this.broadcaster.toSession(row.examSessionId, "contestant:progress", {
          sessionId: row.examSessionId,
          attemptId: row.id,
          answered: row.answered,
          total: paper.total,
          status: row.status,
          startedAt: row.startedMs === null ? null : new Date(row.startedMs).toISOString(),
          deadlineAt: row.deadlineMs === null ? null : new Date(row.deadlineMs).toISOString(),
          at,
          tasks: taskProgress(paper.parts ?? [], row.answered, new Map(Object.entries(row.byTask ?? {}))),
        });
      }
    }
  }

  close(): Promise<void> {
    return this.coalescer.close();
  }
}
