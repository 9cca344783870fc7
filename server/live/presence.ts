// Which contestants have a page open, across every server process, kept in Redis: each process
// counts its own contestant sockets per attempt and refreshes one sorted set per session (attempt id
// scored by the last heartbeat) every heartbeatMs (2 s). A roster reads one range of one key instead
// of asking every process for every socket.
//
// Offline is known within a few seconds either way:
// - the last socket of an attempt closing on a process removes the entry at once, and the gateway
//   tells the proctors then;
// - a process that dies without closing its sockets stops refreshing: every live process sweeps each
//   active session every heartbeat (one ZRANGEBYSCORE per session per tick, whatever the number of
//   contestants), and an entry older than ttlMs (5 s) is removed; the process whose ZREM removed it
//   (exactly one, so no duplicates) reports it offline.
// A refresh that has to add an entry back (another process's sweep or a disconnect removed it while
// this process still holds a socket) reports it online again.
// The last heartbeat of an entry that went away is kept in a hash, for "last seen N s ago".
// For the age of the heartbeat of those online, the sweep also sends each session's live entries
// every beatsMs (~5 s) as one `presence:beats` batch: the sweep's read sets a per-session key with
// NX and a PX just under beatsMs, so of all processes sweeping, the one whose SET succeeds (one per
// period) reads the live range and reports it.
import type { Redis } from "ioredis";
import type { Logger } from "../../core/platform/logger.ts";
import type { Presence } from "./roster.service.ts";

interface Local {
  sessionId: string;
  sockets: number;
  /** The attempt's status when its first socket here connected: "lobby" or "exam" for the consoles. */
  lobby: boolean;
}

export interface PresenceChange {
  sessionId: string;
  attemptId: string;
  connected: boolean;
  lobby: boolean;
  lastSeenMs: number;
}

/** A session's live entries: [attemptId, last heartbeat in epoch ms]. */
export interface PresenceBeatsBatch {
  sessionId: string;
  at: string;
  beats: [string, number][];
}

export interface PresenceSnapshot {
  connected: boolean;
  lastSeenMs: number | null;
}

export class PresenceTracker implements Presence {
  private readonly local = new Map<string, Local>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** Called for changes found by the heartbeat and the sweep (not for a local connect/disconnect). */
  onChange: (c: PresenceChange) => void = () => {};
  /** Called about every beatsMs per session, by one process only, with the session's live entries. */
  onBeats: (b: PresenceBeatsBatch) => void = () => {};

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    readonly heartbeatMs = 2000,
    /** An entry not refreshed for this long counts as gone. */
    readonly ttlMs = 5000,
    /** How often a session's heartbeats go out as one batch. */
    readonly beatsMs = 5000,
  ) {}

  private key(sessionId: string): string {
    return `${this.prefix}:presence:${sessionId}`;
  }

  private seenKey(sessionId: string): string {
    return `${this.prefix}:presence-seen:${sessionId}`;
  }

  /** Held for just under beatsMs by the process that sends the session's next batch. */
  private beatsKey(sessionId: string): string {
    return `${this.prefix}:presence-beats:${sessionId}`;
  }

  /** Sessions with presence entries: what the sweep looks at. */
  private get sessionsKey(): string {
    return `${this.prefix}:presence-sessions`;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A contestant socket of this attempt connected here; true when it is the first one here. */
  connected(attemptId: string, sessionId: string, lobby = false): boolean {
    const entry = this.local.get(attemptId);
    if (entry) {
      entry.sockets += 1;
      entry.lobby = lobby;
      return false;
    }
    this.local.set(attemptId, { sessionId, sockets: 1, lobby });
    this.redis
      .multi()
      .zadd(this.key(sessionId), Date.now(), attemptId)
      .sadd(this.sessionsKey, sessionId)
      .exec()
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
      .multi()
      .zrem(this.key(entry.sessionId), attemptId)
      .hset(this.seenKey(entry.sessionId), attemptId, Date.now())
      .pexpire(this.seenKey(entry.sessionId), 24 * 3600_000)
      .exec()
      .catch((e) => this.log.debug({ err: String(e) }, "presence not removed"));
    return true;
  }

  /** Whether this process holds a socket of the attempt. */
  isLocal(attemptId: string): boolean {
    return this.local.has(attemptId);
  }

  async connectedAttempts(sessionId: string): Promise<Set<string>> {
    const snap = await this.snapshot(sessionId);
    return new Set([...snap].filter(([, s]) => s.connected).map(([id]) => id));
  }

  /** Every attempt of the session seen so far: connected or not, and its last heartbeat. */
  async snapshot(sessionId: string): Promise<Map<string, PresenceSnapshot>> {
    const out = new Map<string, PresenceSnapshot>();
    const now = Date.now();
    try {
      const [live, seen] = await withTimeout(
        Promise.all([
          this.redis.zrangebyscore(this.key(sessionId), now - this.ttlMs, "+inf", "WITHSCORES"),
          this.redis.hgetall(this.seenKey(sessionId)),
        ]),
        1000,
      );
      for (const [id, ms] of Object.entries(seen)) out.set(id, { connected: false, lastSeenMs: Number(ms) });
      for (let i = 0; i + 1 < live.length; i += 2)
        out.set(live[i] as string, { connected: true, lastSeenMs: Number(live[i + 1]) });
    } catch {
      // Redis away: what this process knows is better than nothing.
    }
    for (const [id, l] of this.local)
      if (l.sessionId === sessionId) out.set(id, { connected: true, lastSeenMs: now });
    return out;
  }

  /** One heartbeat: refresh this process's entries, then sweep every session for stale ones. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.refresh();
      await this.sweep();
    } catch (e) {
      this.log.debug({ err: String(e) }, "presence heartbeat failed");
    } finally {
      this.ticking = false;
    }
  }

  private async refresh(): Promise<void> {
    if (this.local.size === 0) return;
    const now = Date.now();
    // Per session, one script call per chunk of attempts (not one ZADD command each: at 5,000 sockets
    // that was 10 MB of command objects every 2 s, which lived long enough to reach V8's old space and
    // bring its full collections, and their pauses, on sooner).
    const bySession = new Map<string, string[]>();
    for (const [attemptId, l] of this.local) {
      const list = bySession.get(l.sessionId);
      if (list) list.push(attemptId);
      else bySession.set(l.sessionId, [attemptId]);
    }
    const pipeline = this.redis.pipeline();
    for (const [sessionId, ids] of bySession) {
      for (let i = 0; i < ids.length; i += REFRESH_CHUNK)
        pipeline.eval(REFRESH, 1, this.key(sessionId), now, ...ids.slice(i, i + REFRESH_CHUNK));
      pipeline.pexpire(this.key(sessionId), this.ttlMs * 20);
      pipeline.sadd(this.sessionsKey, sessionId);
    }
    const results = (await pipeline.exec()) ?? [];
    // The scripts answer with the attempts whose entry had been removed meanwhile (normally none).
    for (const [err, added] of results) {
      if (err || !Array.isArray(added)) continue;
      for (const attemptId of added as string[]) {
        const l = this.local.get(attemptId);
        if (l)
          this.onChange({
            sessionId: l.sessionId,
            attemptId,
            connected: true,
            lobby: l.lobby,
            lastSeenMs: now,
          });
      }
    }
  }

  /** Removes entries no process refreshed within ttlMs and reports each exactly once. */
  async sweep(): Promise<void> {
    const now = Date.now();
    const cutoff = now - this.ttlMs;
    const sessions = await this.redis.smembers(this.sessionsKey);
    if (sessions.length === 0) return;
    const read = this.redis.pipeline();
    for (const s of sessions) {
      read.zrangebyscore(this.key(s), "-inf", `(${cutoff}`, "WITHSCORES");
      read.exists(this.key(s));
      read.set(this.beatsKey(s), "1", "PX", Math.max(1, this.beatsMs - 500), "NX");
    }
    const found = (await read.exec()) ?? [];
    const stale: { sessionId: string; attemptId: string; ms: number }[] = [];
    const emptySessions: string[] = [];
    /** Sessions whose batch of heartbeats this process sends this time. */
    const beatSessions: string[] = [];
    sessions.forEach((s, i) => {
      const list = (found[3 * i]?.[1] as string[] | undefined) ?? [];
      for (let j = 0; j + 1 < list.length; j += 2)
        if (!this.local.has(list[j] as string))
          stale.push({ sessionId: s, attemptId: list[j] as string, ms: Number(list[j + 1]) });
      if (found[3 * i + 1]?.[1] === 0) emptySessions.push(s);
      else if (found[3 * i + 2]?.[1] === "OK") beatSessions.push(s);
    });
    if (emptySessions.length > 0) await this.redis.srem(this.sessionsKey, ...emptySessions);
    if (beatSessions.length > 0) await this.sendBeats(beatSessions, cutoff);
    if (stale.length === 0) return;
    const claim = this.redis.pipeline();
    for (const x of stale) {
      // Removed only if still stale (a refresh that landed meanwhile keeps it), atomically: of
      // several processes sweeping at once, one alone gets 1.
      claim.eval(CLAIM_STALE, 1, this.key(x.sessionId), x.attemptId, cutoff);
      claim.hset(this.seenKey(x.sessionId), x.attemptId, x.ms);
    }
    const claimed = (await claim.exec()) ?? [];
    stale.forEach((x, i) => {
      if (claimed[2 * i]?.[1] === 1)
        this.onChange({
          sessionId: x.sessionId,
          attemptId: x.attemptId,
          connected: false,
          lobby: false,
          lastSeenMs: x.ms,
        });
    });
  }

  /** One batch per session: its entries refreshed within ttlMs, with their last heartbeat. */
  private async sendBeats(sessions: string[], cutoff: number): Promise<void> {
    const read = this.redis.pipeline();
    for (const s of sessions) read.zrangebyscore(this.key(s), cutoff, "+inf", "WITHSCORES");
    const found = (await read.exec()) ?? [];
    const at = new Date().toISOString();
    sessions.forEach((sessionId, i) => {
      const list = (found[i]?.[1] as string[] | undefined) ?? [];
      if (list.length === 0) return;
      const beats: [string, number][] = [];
      for (let j = 0; j + 1 < list.length; j += 2) beats.push([list[j] as string, Number(list[j + 1])]);
      this.onBeats({ sessionId, at, beats });
    });
  }
}

/** Attempts refreshed per script call: keeps each call, and Redis's pause for it, short. */
const REFRESH_CHUNK = 1000;

/** Sets every given attempt's heartbeat to ARGV[1]; answers with those that were not in the set. */
const REFRESH = `
local added = {}
for i = 2, #ARGV do
  if redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) == 1 then added[#added + 1] = ARGV[i] end
end
return added`;

const CLAIM_STALE = `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) < tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0`;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
