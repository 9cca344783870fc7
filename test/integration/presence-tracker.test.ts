// The presence heartbeat against the real Redis: one refresh sets every local attempt's entry, in
// chunks of script calls, and reports online again exactly the entries that had been removed
// meanwhile (by a sweep or a disconnect on another process).
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../core/platform/redis.ts";
import { type PresenceChange, PresenceTracker } from "../../server/live/presence.ts";
import { REDIS_URL } from "../helpers/stack.ts";

let redis: Redis;
const prefix = `test-presence-${randomBytes(5).toString("hex")}`;

beforeAll(() => {
  redis = createRedis(REDIS_URL, "presence-test");
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe("the presence heartbeat", () => {
  it("refreshes thousands of attempts in two sessions and reports only the entries put back", async () => {
    const tracker = new PresenceTracker(redis, prefix, pino({ level: "silent" }));
    const changes: PresenceChange[] = [];
    tracker.onChange = (c) => changes.push(c);
    // The heartbeat's refresh itself, without waiting for its timer.
    const refresh = () => (tracker as unknown as { refresh(): Promise<void> }).refresh();
    // More than one script call's chunk in session A, a few in session B, one in the lobby.
    const a = Array.from({ length: 2345 }, (_, i) => `a-${i}`);
    const b = Array.from({ length: 7 }, (_, i) => `b-${i}`);
    for (const id of a) tracker.connected(id, "A");
    for (const id of b) tracker.connected(id, "B", id === "b-3");
    // connected() writes its entry without waiting: let those land before looking.
    await redis.ping();
    expect(await redis.zcard(`${prefix}:presence:A`)).toBe(a.length);

    const before = Date.now();
    await refresh();
    expect(changes).toEqual([]);
    const scores = await redis.zrange(`${prefix}:presence:A`, 0, -1, "WITHSCORES");
    expect(scores.length).toBe(2 * a.length);
    for (let i = 1; i < scores.length; i += 2) expect(Number(scores[i])).toBeGreaterThanOrEqual(before);
    expect(await redis.zcard(`${prefix}:presence:B`)).toBe(b.length);
    expect(await redis.pttl(`${prefix}:presence:A`)).toBeGreaterThan(0);
    expect(new Set(await redis.smembers(`${prefix}:presence-sessions`))).toEqual(new Set(["A", "B"]));

    // Another process's sweep removed three entries (one past the first chunk) while their sockets
    // are still here: the next refresh puts them back and reports each once.
    await redis.zrem(`${prefix}:presence:A`, "a-5", "a-1500");
    await redis.zrem(`${prefix}:presence:B`, "b-3");
    await refresh();
    expect(changes.map((c) => [c.sessionId, c.attemptId, c.connected, c.lobby]).sort()).toEqual([
      ["A", "a-1500", true, false],
      ["A", "a-5", true, false],
      ["B", "b-3", true, true],
    ]);
    expect(await redis.zcard(`${prefix}:presence:A`)).toBe(a.length);
    expect(await redis.zcard(`${prefix}:presence:B`)).toBe(b.length);

    // Nothing removed: nothing reported.
    changes.length = 0;
    await refresh();
    expect(changes).toEqual([]);
  });
});
