// The server's clock as seen from the browser: an offset measured against GET /api/time, so that
// countdowns follow the server and not a wrong local clock.
import { useEffect, useState } from "react";
import { api } from "./api.ts";

export class ServerClock {
  private offsetMs = 0;
  private bestRoundTripMs = Number.POSITIVE_INFINITY;
  private synced = false;

  /** Server time now, in milliseconds since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /**
   * Takes a server timestamp read between `sentAt` and `receivedAt` (local times). The server read
   * its clock somewhere in between; the middle is the best guess, and a quicker round trip wins.
   */
  observe(serverNowIso: string, sentAt = Date.now(), receivedAt = sentAt): void {
    const server = Date.parse(serverNowIso);
    if (Number.isNaN(server)) return;
    const roundTrip = Math.max(0, receivedAt - sentAt);
    if (this.synced) {
      // The best measurement ages, so a slower network is accepted again after a few tries.
      this.bestRoundTripMs = this.bestRoundTripMs * 1.5 + 10;
      if (roundTrip > this.bestRoundTripMs * 2 + 50) return;
    }
    this.bestRoundTripMs = Math.min(this.bestRoundTripMs, roundTrip);
    this.offsetMs = server - (sentAt + receivedAt) / 2;
    this.synced = true;
  }

  async sync(): Promise<void> {
    const sentAt = Date.now();
    const { serverNow } = await api.time();
    this.observe(serverNow, sentAt, Date.now());
  }
}

/** One clock for the page; re-synced periodically while something uses it. */
export const serverClock = new ServerClock();

let users = 0;
let resync: ReturnType<typeof setInterval> | null = null;

/** Server time in ms, re-rendered every `tickMs`; keeps the clock synced while mounted. */
export function useServerNow(tickMs = 500): number {
  const [now, setNow] = useState(() => serverClock.now());
  useEffect(() => {
    users += 1;
    if (!resync) {
      serverClock.sync().catch(() => undefined);
      resync = setInterval(() => serverClock.sync().catch(() => undefined), 30_000);
    }
    const tick = setInterval(() => setNow(serverClock.now()), tickMs);
    return () => {
      clearInterval(tick);
      users -= 1;
      if (users === 0 && resync) {
        clearInterval(resync);
        resync = null;
      }
    };
  }, [tickMs]);
  return now;
}
