// The answer journal: every change of a question's or item's document is kept on this computer
// (IndexedDB, one database per attempt, one record per target) before it goes to the server, and
// marked acknowledged when the server confirms it. After a reload or a crash the page reads it
// back: whatever the server does not have yet is shown again and replayed.
import { z } from "zod";
import { type AnswerTarget, answerTargetSchema } from "../../../protocol/index.ts";
import { type KeyValueStore, openKeyValueStore } from "../lib/idb.ts";
import type { AutosaveJournal } from "./autosave.ts";

export const JOURNAL_STORE = "targets";
export const journalDatabaseName = (attemptId: string) => `labelarena-journal-${attemptId}`;
export const targetKey = (t: AnswerTarget) => `${t.kind}:${t.id}`;

/** A write that takes longer than this is given up on (the save then goes out anyway). */
const WRITE_TIMEOUT_MS = 2_000;
/**
 * Writes of one target start at least this far apart: a change is written at once, and during a
 * drag of a big document (thousands of boxes, serialized on every write) the latest state is
 * written about ten times a second. A crash loses at most this plus one write's time.
 */
const MIN_WRITE_INTERVAL_MS = 100;
/** Opening and reading the journal when the page loads may take this long. */
const OPEN_TIMEOUT_MS = 3_000;

const recordSchema = z.object({
  v: z.literal(1),
  target: answerTargetSchema,
  /** Local revision of `data`: the revision it is (or will be) sent with. */
  revision: z.number().int().min(1).max(2_147_483_647),
  /** Highest revision of this target the server has acknowledged. */
  acked: z.number().int().min(0),
  /** Order of the last change across targets, for replaying in order. */
  seq: z.number().int().min(0),
  /** Local time of the last change (ms). */
  changedAt: z.number().finite(),
  data: z.unknown(),
});
export type JournalRecord = z.infer<typeof recordSchema> & { data: unknown };

/** A record that could not be read and was deleted. */
export interface CorruptRecord {
  key: string;
  /** The target named by the key, when it names one. */
  target: AnswerTarget | null;
  reason: string;
}

export interface JournalLoad {
  /** Every readable record, in the order of their last change. */
  records: JournalRecord[];
  corrupt: CorruptRecord[];
}

export type JournalStatus = "ok" | "failed";

/** Parses "item:<id>" / "question:<id>" back into a target. */
export function targetFromKey(key: string): AnswerTarget | null {
  const i = key.indexOf(":");
  if (i < 0) return null;
  const parsed = answerTargetSchema.safeParse({ kind: key.slice(0, i), id: key.slice(i + 1) });
  return parsed.success ? parsed.data : null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Slot {
  key: string;
  /** The latest state of the record; replaced, never mutated, so a write can take it as it is. */
  record: JournalRecord;
  writing: boolean;
  dirty: boolean;
  waiters: Waiter[];
  /** When the last write started (Date.now()). */
  lastWriteAt: number;
}

export interface JournalOptions {
  writeTimeoutMs?: number;
  minWriteIntervalMs?: number;
  log?: Pick<Console, "warn" | "error">;
  now?: () => number;
}

/**
 * The journal of one attempt over a KeyValueStore. Writes of a target are coalesced: one is on its
 * way at a time and the next one carries the latest document, so a fast drag does not queue up
 * hundreds of writes while the last change still lands within one write's time.
 */
export class AnswerJournal implements AutosaveJournal {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private state: JournalStatus = "ok";
  private readonly writeTimeoutMs: number;
  private readonly minWriteIntervalMs: number;
  private readonly log: Pick<Console, "warn" | "error">;
  private readonly now: () => number;

  constructor(
    private readonly store: KeyValueStore,
    options: JournalOptions = {},
  ) {
    this.writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
    this.minWriteIntervalMs = options.minWriteIntervalMs ?? MIN_WRITE_INTERVAL_MS;
    this.log = options.log ?? console;
    this.now = options.now ?? Date.now;
  }

  get status(): JournalStatus {
    return this.state;
  }

  onStatus(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every record; unreadable ones are deleted, logged and reported. */
  async load(): Promise<JournalLoad> {
    const rows = await this.store.entries();
    const records: JournalRecord[] = [];
    const corrupt: CorruptRecord[] = [];
    for (const [key, value] of rows) {
      const parsed = recordSchema.safeParse(value);
      let reason: string | null = null;
      if (!parsed.success) reason = describeIssues(parsed.error);
      else if (targetKey(parsed.data.target) !== key) reason = "the record does not match its key";
      if (reason !== null || !parsed.success) {
        const bad: CorruptRecord = { key, target: targetFromKey(key), reason: reason ?? "unreadable" };
        corrupt.push(bad);
        this.log.warn(`Discarding a corrupt local answer record "${key}": ${bad.reason}`);
        this.store.delete(key).catch((e: unknown) => this.log.error("Deleting it failed:", e));
        continue;
      }
      const record = parsed.data as JournalRecord;
      records.push(record);
      this.seq = Math.max(this.seq, record.seq);
      this.slots.set(key, { key, record, writing: false, dirty: false, waiters: [], lastWriteAt: 0 });
    }
    records.sort((a, b) => a.seq - b.seq);
    return { records, corrupt };
  }

  /** Keeps `data` as revision `revision` of `target`; resolves once it is on disk. */
  write(target: AnswerTarget, revision: number, data: unknown): Promise<void> {
    const key = targetKey(target);
    const slot = this.slots.get(key);
    const record: JournalRecord = {
      v: 1,
      target,
      revision,
      acked: slot?.record.acked ?? 0,
      seq: ++this.seq,
      changedAt: this.now(),
      data,
    };
    const s = slot ?? { key, record, writing: false, dirty: false, waiters: [], lastWriteAt: 0 };
    s.record = record;
    this.slots.set(key, s);
    return new Promise((resolve, reject) => {
      s.waiters.push({ resolve, reject });
      this.schedule(s);
    });
  }

  /** Notes that the server has `revision` (or a later one) of `target`. */
  acked(target: AnswerTarget, revision: number): void {
    const s = this.slots.get(targetKey(target));
    if (!s || s.record.acked >= revision) return;
    s.record = { ...s.record, acked: revision };
    this.schedule(s);
  }

  /** Forgets the record of `target` (a document that cannot be used). */
  discard(target: AnswerTarget | string): void {
    const key = typeof target === "string" ? target : targetKey(target);
    this.slots.delete(key);
    this.store.delete(key).catch((e: unknown) => this.log.error(`Deleting local record "${key}" failed:`, e));
  }

  /** The latest record of each target, as this page knows it. */
  records(): JournalRecord[] {
    return [...this.slots.values()].map((s) => s.record).sort((a, b) => a.seq - b.seq);
  }

  /** Records whose latest revision the server has not acknowledged. */
  unacked(): JournalRecord[] {
    return this.records().filter((r) => r.acked < r.revision);
  }

  /** Resolves once nothing is being written (tests, and before closing). */
  async idle(): Promise<void> {
    while ([...this.slots.values()].some((s) => s.writing || s.dirty))
      await new Promise((r) => setTimeout(r, 5));
  }

  close(): void {
    this.store.close();
  }

  // --- internals ---

  private schedule(s: Slot): void {
    s.dirty = true;
    if (!s.writing) void this.drain(s);
  }

  private async drain(s: Slot): Promise<void> {
    s.writing = true;
    while (s.dirty) {
      const wait = s.lastWriteAt + this.minWriteIntervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      s.lastWriteAt = Date.now();
      s.dirty = false;
      const record = s.record;
      const waiters = s.waiters;
      s.waiters = [];
      try {
        await this.withTimeout(this.store.put(s.key, record));
        this.setStatus("ok");
        for (const w of waiters) w.resolve();
      } catch (e) {
        this.log.error(`Keeping "${s.key}" on this computer failed:`, e);
        this.setStatus("failed");
        for (const w of waiters) w.reject(e);
      }
    }
    s.writing = false;
  }

  private withTimeout(p: Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the write took longer than ${this.writeTimeoutMs} ms`)),
        this.writeTimeoutMs,
      );
      p.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private setStatus(status: JournalStatus): void {
    if (status === this.state) return;
    this.state = status;
    for (const l of this.listeners) l();
  }
}

/** What the page found on this computer for an attempt. */
export interface LocalCopy {
  /** null when IndexedDB cannot be used here (then nothing is kept locally). */
  journal: AnswerJournal | null;
  records: readonly JournalRecord[];
  corrupt: readonly CorruptRecord[];
}

export const NO_LOCAL_COPY: LocalCopy = { journal: null, records: [], corrupt: [] };

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * Opens and reads the journal of an attempt. Never fails: without IndexedDB the exam goes on
 * without a local copy, and a journal that cannot be read is reported and written afresh.
 */
export async function openLocalCopy(
  attemptId: string,
  open: (name: string, store: string) => Promise<KeyValueStore> = openKeyValueStore,
  options: JournalOptions & { openTimeoutMs?: number } = {},
): Promise<LocalCopy> {
  const log = options.log ?? console;
  const ms = options.openTimeoutMs ?? OPEN_TIMEOUT_MS;
  let store: KeyValueStore;
  try {
    store = await timeout(open(journalDatabaseName(attemptId), JOURNAL_STORE), ms, "Opening IndexedDB");
  } catch (e) {
    log.error("Answers cannot be kept on this computer:", e);
    return NO_LOCAL_COPY;
  }
  const journal = new AnswerJournal(store, options);
  try {
    const { records, corrupt } = await timeout(journal.load(), ms, "Reading IndexedDB");
    return { journal, records, corrupt };
  } catch (e) {
    log.error("The answers kept on this computer could not be read:", e);
    return { journal, records: [], corrupt: [{ key: "*", target: null, reason: String(e) }] };
  }
}
