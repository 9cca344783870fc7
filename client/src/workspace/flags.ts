// Questions and items the contestant flagged "to review", kept in localStorage per attempt. A plain
// store for useSyncExternalStore; flags are the contestant's own notes, never sent to the server.
import type { AnswerTarget } from "../../../protocol/index.ts";

/** The part of Web Storage the store uses (localStorage in the page, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const flagsStorageKey = (attemptId: string) => `labelarena.flags.${attemptId}`;

const keyOf = (t: AnswerTarget) => `${t.kind}:${t.id}`;

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage may be disabled
  }
}

function read(storage: KeyValueStorage | null, key: string): ReadonlySet<string> {
  try {
    const raw = storage?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set(); // unreadable: no flags rather than a broken page
  }
}

export class FlagStore {
  private flags: ReadonlySet<string>;
  private readonly listeners = new Set<() => void>();
  private readonly key: string;

  constructor(
    attemptId: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
  ) {
    this.key = flagsStorageKey(attemptId);
    this.flags = read(storage, this.key);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The flagged targets as `kind:id` keys; a new set after every change. */
  getSnapshot = (): ReadonlySet<string> => this.flags;

  isFlagged(target: AnswerTarget): boolean {
    return this.flags.has(keyOf(target));
  }

  /** Flags or unflags `target`; returns whether it is flagged now. */
  toggle(target: AnswerTarget): boolean {
    const flagged = !this.isFlagged(target);
    this.set(target, flagged);
    return flagged;
  }

  set(target: AnswerTarget, flagged: boolean): void {
    const k = keyOf(target);
    if (this.flags.has(k) === flagged) return;
    const next = new Set(this.flags);
    if (flagged) next.add(k);
    else next.delete(k);
    this.flags = next;
    try {
      this.storage?.setItem(this.key, JSON.stringify([...next]));
    } catch {
      // full or disabled storage: the flag still shows until the page is left
    }
    for (const l of this.listeners) l();
  }

  get count(): number {
    return this.flags.size;
  }
}

/** Whether `target` is in a snapshot of getSnapshot(). */
export const isFlaggedIn = (flags: ReadonlySet<string>, target: AnswerTarget) => flags.has(keyOf(target));
