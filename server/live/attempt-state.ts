// An attempt's state as the pages see it: the deadline with extensions and pauses, and the time left
// at the server's now (frozen while paused). One function, so every push says the same.
import type { AttemptState, AttemptStatus } from "../../protocol/index.ts";

export interface AttemptClock {
  id: string;
  status: AttemptStatus;
  deadlineAt: Date | null;
  pausedAt?: Date | null;
  lockedAt?: Date | null;
  extensionSeconds?: number;
  pausedSeconds?: number;
}

/** Milliseconds left at `now`: counted to the pause's start while paused; null without a deadline. */
export function remainingMs(a: AttemptClock, now: Date): number | null {
  if (!a.deadlineAt || a.status === "NOT_STARTED") return null;
  if (a.status !== "IN_PROGRESS") return 0;
  const until = a.pausedAt ?? now;
  return Math.max(0, a.deadlineAt.getTime() - until.getTime());
}

export function attemptState(a: AttemptClock, now: Date): AttemptState {
  return {
    attemptId: a.id,
    status: a.status,
    deadlineAt: a.deadlineAt?.toISOString() ?? null,
    serverNow: now.toISOString(),
    pausedAt: a.pausedAt?.toISOString() ?? null,
    lockedAt: a.lockedAt?.toISOString() ?? null,
    extensionSeconds: a.extensionSeconds ?? 0,
    pausedSeconds: a.pausedSeconds ?? 0,
    remainingMs: remainingMs(a, now),
  };
}
