// Which contestants have a page open, across every server process, kept in Redis: each process
// counts its own contestant sockets per attempt and refreshes one sorted set per session (attempt id
// scored by the last time it was seen) every few seconds. A roster reads one range of one key instead
// of asking every process for every socket; a process that dies simply stops refreshing its entries.
import type { Redis } from "ioredis";
import type { Logger } from "../../core/platform/logger.ts";
import type { Presence } from "./roster.service.ts";

interface Local {
  sessionId: string;
  sockets: number;
}

export class PresenceTracker implements Presence {
  private readonly local = new Map<string, Local>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly heartbeatMs = 5000,
    /** An entry not refreshed for this long counts as gone. */
    private readonly ttlMs = 15_000,
  ) {}

  private key(sessionId: string): string {
    return `${this.prefix}:presence:${sessionId}`;
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A contestant socket of this attempt connected here; true when it is the first one here. */
  connected(attemptId: string, sessionId: string): boolean {
    const entry = this.local.get(attemptId);
    if (entry) {
      entry.sockets += 1;
      return false;
    }
    this.local.set(attemptId, { sessionId, sockets: 1 });
    this.redis
      .zadd(this.key(sessionId), Date.now(), attemptId)
      .catch((e) => this.log.debug({ err: String(e) }, "presence not recorded"));
    return true;
  }

  /** One of this attempt's sockets here closed; true when it was the last one here. */
  disconnected(attemptId: string): boolean {
    const entry = this.local.get(attemptId);
    if (!entry) return false;
    entry.sockets -= 1;
    if (entry.sockets > 0) return false;
    this.local.delete(attemptId);
    this.redis
      .zrem(this.key(entry.sessionId), attemptId)
      .catch((e) => this.log.debug({ err: String(e) }, "presence not removed"));
    return true;
  }

  async connectedAttempts(sessionId: string): Promise<Set<string>> {
    const here = [...this.local].filter(([, l]) => l.sessionId === sessionId).map(([id]) => id);
    try {
      const seen = await withTimeout(
        this.redis.zrangebyscore(this.key(sessionId), Date.now() - this.ttlMs, "+inf"),
        1000,
      );
      return new Set([...seen, ...here]);
    } catch {
      // Redis away: what this process knows is better than nothing.
      return new Set(here);
    }
  }

  private async refresh(): Promise<void> {
    if (this.local.size === 0) return;
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    const sessions = new Set<string>();
    for (const [attemptId, l] of this.local) {
      pipeline.zadd(this.key(l.sessionId), now, attemptId);
      sessions.add(l.sessionId);
    }
    // Entries of processes that died are dropped here, and the keys expire once a session is over.
    for (const s of sessions) {
      pipeline.zremrangebyscore(this.key(s), "-inf", now - this.ttlMs);
      pipeline.pexpire(this.key(s), this.ttlMs * 4);
    }
    await pipeline.exec().catch((e) => this.log.debug({ err: String(e) }, "presence refresh failed"));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
