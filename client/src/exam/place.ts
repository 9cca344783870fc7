// The contestant's place in the paper (the question or item on screen), kept across reloads in the
// tab's sessionStorage under the attempt's id: a reload comes back to it, another attempt (or
// another tab, or a shared computer after the tab is closed) never sees it.
import type { AnswerTarget } from "../../../protocol/index.ts";
import type { KeyValueStorage } from "../workspace/flags.ts";

export const placeStorageKey = (attemptId: string) => `labelarena.place.${attemptId}`;

export function browserSessionStorage(): KeyValueStorage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage may be disabled
  }
}

/**
 * The place kept for the attempt, if it is still a question or item of the paper (`exists`);
 * null when nothing was kept, the record is unreadable, or it names something the paper lacks.
 */
export function readPlace(
  storage: KeyValueStorage | null,
  attemptId: string,
  exists: (target: AnswerTarget) => boolean,
): AnswerTarget | null {
  try {
    const raw = storage?.getItem(placeStorageKey(attemptId));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { kind, id } = parsed as { kind?: unknown; id?: unknown };
    if ((kind !== "question" && kind !== "item") || typeof id !== "string") return null;
    const target: AnswerTarget = { kind, id };
    return exists(target) ? target : null;
  } catch {
    return null; // unreadable: the first question rather than a broken page
  }
}

/** Keeps the place for the attempt; a full or disabled storage only loses the convenience. */
export function writePlace(storage: KeyValueStorage | null, attemptId: string, target: AnswerTarget): void {
  try {
    storage?.setItem(placeStorageKey(attemptId), JSON.stringify({ kind: target.kind, id: target.id }));
  } catch {
    // quota or privacy mode: the place is simply not kept
  }
}
