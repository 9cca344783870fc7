// Autosave of a contestant's answers: per target (item or question) the latest document goes out
// with an increasing revision and an ack; timeouts retry with backoff, a reconnect resends what is
// unsaved (in the order of the changes), stale revisions are overtaken, and a closed attempt stops
// everything. With a journal, every change is kept on this computer before it is sent.
import type {
  Ack,
  AnswerTarget,
  ErrorBody,
  ErrorCode,
  SaveAnswerRequest,
  SaveAnswerResult,
} from "../../../protocol/index.ts";

export type SaveStatus = "idle" | "saving" | "saved" | "offline" | "error";
export type ClosedReason = "ATTEMPT_CLOSED" | "DEADLINE_PASSED";

/** What went wrong with a save: a server error code, or no ack in time. */
export interface SaveProblem {
  code: ErrorCode | "TIMEOUT";
  message: string;
  /** Whether the save is retried by itself (otherwise only a new change retries it). */
  retrying: boolean;
}

/** The local copy: none (no journal), ok, or failed (the last write to it failed). */
export type JournalState = "none" | "ok" | "failed";

export interface AutosaveSnapshot {
  status: SaveStatus;
  problem: SaveProblem | null;
  /** Targets whose latest change is not acknowledged yet. */
  unsaved: number;
  closed: ClosedReason | null;
  /** Sending is held back (time was up when the page loaded); changes stay pending. */
  held: boolean;
  journal: JournalState;
  lastSavedAt: string | null;
}

/** Where changes are kept on this computer before they are sent (see journal.ts). */
export interface AutosaveJournal {
  /** Keeps a document; resolves once it is on disk, rejects if it cannot be kept. */
  write(target: AnswerTarget, revision: number, data: unknown): Promise<void>;
  /** The server acknowledged `revision` (or a later one) of `target`. */
  acked(target: AnswerTarget, revision: number): void;
}

export type EmitSave = (req: SaveAnswerRequest, ack: (res: Ack<SaveAnswerResult>) => void) => void;

export interface AutosaveOptions {
  attemptId: string;
  emit: EmitSave;
  connected?: boolean;
  /** What is already saved (ExamView.answers): revisions continue from there. */
  saved?: readonly { target: AnswerTarget; revision: number }[];
  /** Keeps each change on this computer before sending it. */
  journal?: AutosaveJournal;
  debounceMs?: number;
  ackTimeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Called once when the server says the attempt no longer takes answers. */
  onClosed?: (reason: ClosedReason, error: ErrorBody | null) => void;
}

type Timer = ReturnType<typeof setTimeout>;

interface Entry {
  target: AnswerTarget;
  /** Revision of the latest local document. */
  revision: number;
  /** Highest revision the server acknowledged. */
  savedRevision: number;
  data: unknown;
  debounce: Timer | null;
  inflight: { seq: number; timer: Timer } | null;
  retry: Timer | null;
  failures: number;
  problem: SaveProblem | null;
  /** Highest revision kept in the journal (or given up on); a revision is sent only after that. */
  journaled: number;
  /** A send waits for the journal write of the current revision; `via` is how it goes then. */
  awaitingJournal: boolean;
  via: EmitSave | null;
  /** Order of the last change across targets: a reconnect resends in this order. */
  order: number;
}

const CLOSING_CODES: readonly string[] = ["ATTEMPT_CLOSED", "DEADLINE_PASSED"];
/** Errors worth retrying as they are; any other error waits for the next change. */
const TRANSIENT_CODES: readonly string[] = ["INTERNAL", "UNAVAILABLE"];

const keyOf = (t: AnswerTarget) => `${t.kind}:${t.id}`;

function numberIn(details: unknown, field: string): number | null {
  if (typeof details !== "object" || details === null) return null;
  const v = (details as Record<string, unknown>)[field];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export class Autosave {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly baseRevisions = new Map<string, number>();
  private connected: boolean;
  private closed: ClosedReason | null = null;
  private held = false;
  private journalState: JournalState;
  private order = 0;
  private changed = false;
  private lastSavedAt: string | null = null;
  private seq = 0;
  /** The server asked this page to hold its saves until then (RATE_LIMITED); Date.now() ms. */
  private pausedUntil = 0;
  private resumeTimer: Timer | null = null;
  private snapshot: AutosaveSnapshot;
  private readonly debounceMs: number;
  private readonly ackTimeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(private readonly options: AutosaveOptions) {
    this.connected = options.connected ?? false;
    this.debounceMs = options.debounceMs ?? 300;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.journalState = options.journal ? "ok" : "none";
    for (const s of options.saved ?? []) this.baseRevisions.set(keyOf(s.target), s.revision);
    this.snapshot = this.compute();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AutosaveSnapshot => this.snapshot;

  /** Records a new document for `target`; it is sent after a short quiet period. */
  change(target: AnswerTarget, data: unknown): boolean {
    if (this.closed) return false;
    const entry = this.entry(target);
    entry.revision += 1;
    entry.data = data;
    entry.problem = null;
    entry.failures = 0;
    entry.order = ++this.order;
    this.changed = true;
    this.journalWrite(entry);
    if (entry.debounce) clearTimeout(entry.debounce);
    entry.debounce = setTimeout(() => {
      entry.debounce = null;
      this.flushEntry(entry);
    }, this.debounceMs);
    this.update();
    return true;
  }

  /**
   * Takes back a change kept on this computer (the journal) that the server does not have: it is
   * pending again and goes out when connected. Restore in the order the changes were made.
   */
  restore(target: AnswerTarget, revision: number, data: unknown): void {
    const entry = this.entry(target);
    if (revision <= entry.revision) return;
    entry.revision = revision;
    entry.data = data;
    entry.journaled = Math.max(entry.journaled, revision);
    entry.order = ++this.order;
    this.changed = true;
    this.flushEntry(entry);
    this.update();
  }

  /** Targets whose latest change is not acknowledged, in the order of the changes. */
  unsavedTargets(): AnswerTarget[] {
    return this.ordered()
      .filter((e) => e.revision > e.savedRevision)
      .map((e) => e.target);
  }

  /**
   * Holds sending back (time was up when the page loaded) or lets it go again (the deadline was
   * extended). Held changes stay pending, here and in the journal.
   */
  setHeld(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    if (!held)
      for (const entry of this.ordered())
        if (!entry.debounce) {
          entry.failures = 0;
          this.flushEntry(entry);
        }
    this.update();
  }

  /**
   * Sends every pending change now, without waiting for the quiet period (before submitting).
   * With `via` (the HTTP fallback), sends through it even while the socket is down.
   */
  flush(via?: EmitSave): void {
    for (const entry of this.entries.values()) {
      if (entry.debounce) clearTimeout(entry.debounce);
      entry.debounce = null;
      this.flushEntry(entry, via);
    }
  }

  /** Resolves true once every change is acknowledged, false if that takes longer than `timeoutMs`. */
  whenSettled(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.snapshot.unsaved === 0) return resolve(true);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        off();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const off = this.subscribe(() => {
        if (this.snapshot.unsaved === 0) done(true);
        else if (this.closed) done(false);
      });
    });
  }

  setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const entry of this.entries.values()) {
      // An ack of a send from before the cut may still come; it is taken for what it says.
      if (entry.inflight) clearTimeout(entry.inflight.timer);
      entry.inflight = null;
      if (entry.retry) clearTimeout(entry.retry);
      entry.retry = null;
    }
    // What changed while offline goes out in the order it was changed.
    if (connected)
      for (const entry of this.ordered())
        if (!entry.debounce) {
          entry.failures = 0;
          this.flushEntry(entry);
        }
    this.update();
  }

  /** Stops saving for good: the server closed the attempt, or its time is up. */
  close(reason: ClosedReason, error: ErrorBody | null = null): void {
    if (this.closed) return;
    this.closed = reason;
    for (const entry of this.entries.values()) this.clearTimers(entry);
    this.update();
    this.options.onClosed?.(reason, error);
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.clearTimers(entry);
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.listeners.clear();
  }

  // --- internals ---

  private entry(target: AnswerTarget): Entry {
    const key = keyOf(target);
    let entry = this.entries.get(key);
    if (!entry) {
      const base = this.baseRevisions.get(key) ?? 0;
      entry = {
        target,
        revision: base,
        savedRevision: base,
        data: undefined,
        debounce: null,
        inflight: null,
        retry: null,
        failures: 0,
        problem: null,
        journaled: base,
        awaitingJournal: false,
        via: null,
        order: 0,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private ordered(): Entry[] {
    return [...this.entries.values()].sort((a, b) => a.order - b.order);
  }

  private journalWrite(entry: Entry): void {
    const journal = this.options.journal;
    if (!journal) return;
    const revision = entry.revision;
    journal.write(entry.target, revision, entry.data).then(
      () => this.onJournaled(entry, revision, "ok"),
      () => this.onJournaled(entry, revision, "failed"),
    );
  }

  private onJournaled(entry: Entry, revision: number, state: JournalState): void {
    // A failed write is given up on: the save goes out all the same.
    entry.journaled = Math.max(entry.journaled, revision);
    this.journalState = state;
    if (entry.awaitingJournal && !entry.debounce && entry.journaled >= entry.revision) {
      const via = entry.via ?? undefined;
      entry.awaitingJournal = false;
      entry.via = null;
      this.flushEntry(entry, via);
    }
    this.update();
  }

  private flushEntry(entry: Entry, via?: EmitSave): void {
    if (this.closed || this.held || (!this.connected && !via) || entry.inflight) return;
    if (entry.revision <= entry.savedRevision) return;
    // Held back by the server's rate limit: everything pending goes out, in order, when it lifts.
    if (Date.now() < this.pausedUntil) {
      this.resumeLater();
      return;
    }
    if (this.options.journal && entry.journaled < entry.revision) {
      // Kept on this computer first: sent as soon as the journal has it.
      entry.awaitingJournal = true;
      if (via) entry.via = via;
      return;
    }
    if (entry.retry) clearTimeout(entry.retry);
    entry.retry = null;
    const seq = ++this.seq;
    const timer = setTimeout(() => this.onTimeout(entry, seq), this.ackTimeoutMs);
    entry.inflight = { seq, timer };
    const req: SaveAnswerRequest = {
      attemptId: this.options.attemptId,
      target: entry.target,
      revision: entry.revision,
      data: entry.data,
    };
    try {
      (via ?? this.options.emit)(req, (res) => this.onAck(entry, seq, res));
    } catch {
      clearTimeout(timer);
      entry.inflight = null;
      this.fail(entry, { code: "TIMEOUT", message: "The save could not be sent.", retrying: true });
    }
    this.update();
  }

  private onAck(entry: Entry, seq: number, res: Ack<SaveAnswerResult>): void {
    const current = entry.inflight?.seq === seq;
    if (current && entry.inflight) {
      clearTimeout(entry.inflight.timer);
      entry.inflight = null;
    }
    if (res.data) {
      if (res.data.revision > entry.savedRevision)
        this.options.journal?.acked(entry.target, res.data.revision);
      entry.savedRevision = Math.max(entry.savedRevision, res.data.revision);
      this.lastSavedAt = res.data.savedAt;
      entry.failures = 0;
      if (entry.savedRevision >= entry.revision) {
        entry.problem = null;
        if (entry.retry) clearTimeout(entry.retry);
        entry.retry = null;
      }
      // Changes made while this save was on its way go out now (unless still being typed).
      if (current && !entry.debounce) this.flushEntry(entry);
      this.update();
      return;
    }
    const error = res.error;
    if (!error) return;
    if (CLOSING_CODES.includes(error.code)) {
      this.close(error.code as ClosedReason, error);
      return;
    }
    if (!current || this.closed) return;
    if (error.code === "STALE_REVISION" || error.code === "CONFLICT") {
      // The server holds a newer or different revision (another tab, an older page): what is on
      // this screen is what the contestant sees, so it goes out above the server's revision.
      const theirs = numberIn(error.details, "currentRevision") ?? numberIn(error.details, "revision") ?? 0;
      entry.revision = Math.max(entry.revision, theirs) + 1;
      this.journalWrite(entry);
      this.flushEntry(entry);
      this.update();
      return;
    }
    if (error.code === "ATTEMPT_PAUSED" || error.code === "ATTEMPT_LOCKED") {
      // A proctor paused or locked the attempt (the state saying so may still be on its way): the
      // change waits, whole, until setHeld(false) on the resume or the unlock sends it again.
      entry.problem = null;
      this.setHeld(true);
      this.update();
      return;
    }
    if (error.code === "RATE_LIMITED") {
      // Not a failure: the latest document goes out once the server's wait is over.
      const wait = numberIn(error.details, "retryAfterMs") ?? this.retryBaseMs;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.min(wait, this.retryMaxMs));
      this.resumeLater();
      this.update();
      return;
    }
    const retrying = TRANSIENT_CODES.includes(error.code);
    this.fail(entry, { code: error.code, message: error.message, retrying });
  }

  private resumeLater(): void {
    if (this.resumeTimer) return;
    this.resumeTimer = setTimeout(
      () => {
        this.resumeTimer = null;
        for (const e of this.ordered()) if (!e.debounce) this.flushEntry(e);
      },
      Math.max(0, this.pausedUntil - Date.now()),
    );
  }

  private onTimeout(entry: Entry, seq: number): void {
    if (entry.inflight?.seq !== seq) return;
    entry.inflight = null;
    this.fail(entry, { code: "TIMEOUT", message: "The server did not confirm the save.", retrying: true });
  }

  private fail(entry: Entry, problem: SaveProblem): void {
    entry.problem = problem;
    entry.failures += 1;
    if (problem.retrying && this.connected && !this.closed) {
      const delay = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (entry.failures - 1));
      if (entry.retry) clearTimeout(entry.retry);
      entry.retry = setTimeout(() => {
        entry.retry = null;
        this.flushEntry(entry);
      }, delay);
    }
    this.update();
  }

  private clearTimers(entry: Entry): void {
    if (entry.debounce) clearTimeout(entry.debounce);
    if (entry.inflight) clearTimeout(entry.inflight.timer);
    if (entry.retry) clearTimeout(entry.retry);
    entry.debounce = null;
    entry.inflight = null;
    entry.retry = null;
  }

  private compute(): AutosaveSnapshot {
    let unsaved = 0;
    let problem: SaveProblem | null = null;
    for (const e of this.entries.values()) {
      if (e.revision > e.savedRevision) unsaved += 1;
      // A problem that waits for a new change is worse than one being retried.
      if (e.problem && (!problem || (problem.retrying && !e.problem.retrying))) problem = e.problem;
    }
    let status: SaveStatus;
    if (this.closed) status = unsaved > 0 ? "error" : this.changed ? "saved" : "idle";
    else if (this.held && unsaved > 0) status = "error";
    else if (!this.connected) status = "offline";
    else if (problem) status = "error";
    else if (unsaved > 0) status = "saving";
    else status = this.changed ? "saved" : "idle";
    return {
      status,
      problem,
      unsaved,
      closed: this.closed,
      held: this.held,
      journal: this.journalState,
      lastSavedAt: this.lastSavedAt,
    };
  }

  private update(): void {
    const next = this.compute();
    const prev = this.snapshot;
    if (
      next.status === prev.status &&
      next.problem === prev.problem &&
      next.unsaved === prev.unsaved &&
      next.closed === prev.closed &&
      next.held === prev.held &&
      next.journal === prev.journal &&
      next.lastSavedAt === prev.lastSavedAt
    )
      return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
