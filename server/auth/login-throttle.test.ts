// Unit tests of the sign-in throttle on in-memory counters, and of its fall-back when Redis is down.
import { Redis } from "ioredis";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LoginLockedError } from "../../core/errors.ts";
import {
  accountKey,
  LoginThrottle,
  type LoginThrottleSettings,
  normaliseLogin,
  redisLoginThrottle,
  retryAfterSeconds,
} from "./login-throttle.ts";

const SETTINGS: LoginThrottleSettings = {
  accountFailures: 3,
  lockoutSeconds: 900,
  addressFailures: 5,
  addressWindowSeconds: 600,
};

function memoryThrottle(settings = SETTINGS) {
  return new LoginThrottle(
    new RateLimiterMemory({ points: settings.accountFailures, duration: 24 * 3600 }),
    new RateLimiterMemory({ points: settings.addressFailures, duration: settings.addressWindowSeconds }),
    settings,
  );
}

/** One sign-in through the throttle, with the password right or wrong; returns what the user would see. */
async function signIn(t: LoginThrottle, key: string, address: string, right: boolean) {
  try {
    const admission = await t.admit(key, address);
    if (right) {
      await t.succeeded(key, address);
      return "ok";
    }
    const lock = await t.failed(key, admission);
    return lock ? lock.code : "INVALID_CREDENTIALS";
  } catch (e) {
    if (e instanceof LoginLockedError) return `${e.code}:${e.scope}`;
    throw e;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("normaliseLogin", () => {
  it("ignores case, width and surrounding space", () => {
    expect(normaliseLogin("  BJ-2021-001 ")).toBe("bj-2021-001");
    expect(normaliseLogin("ＢＪ－２０２１")).toBe("bj-2021");
    expect(accountKey({ login: " Admin" })).toBe("login:admin");
    expect(accountKey({ userId: "u1" })).toBe("user:u1");
  });
});

describe("retryAfterSeconds", () => {
  it("rounds up and never says 0", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1500)).toBe(2);
    expect(retryAfterSeconds(900_000)).toBe(900);
  });
});

describe("LoginThrottle", () => {
  describe("admit and failed", () => {
    it("locks the account at the configured failure and then refuses even the right password", async () => {
      const t = memoryThrottle();
      expect(await signIn(t, "user:a", "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
      expect(await signIn(t, "user:a", "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
      expect(await signIn(t, "user:a", "10.0.0.1", false)).toBe("LOGIN_LOCKED");
      expect(await signIn(t, "user:a", "10.0.0.2", true)).toBe("LOGIN_LOCKED:account");
      expect(await t.lockOf("user:a")).toEqual({ failures: 3, retryAfterSeconds: 900 });
      // Another account from the same address is not affected.
      expect(await signIn(t, "user:b", "10.0.0.1", true)).toBe("ok");
    });

    it("counts only failures: a success resets the account", async () => {
      const t = memoryThrottle({ ...SETTINGS, addressFailures: 100 });
      for (let round = 0; round < 4; round++) {
        expect(await signIn(t, "user:a", "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
        expect(await signIn(t, "user:a", "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
        expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("ok");
      }
      expect(await t.lockOf("user:a")).toBeNull();
    });

    it("lets no more parallel tries reach the password check than the limit allows", async () => {
      const t = memoryThrottle();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => t.admit("user:a", "10.0.0.9")),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    });

    it("ends the lockout after its time", async () => {
      vi.useFakeTimers({ now: new Date("2026-12-03T08:00:00Z") });
      const t = memoryThrottle();
      for (let i = 0; i < 3; i++) await signIn(t, "user:a", "10.0.0.1", false);
      vi.advanceTimersByTime(899_000);
      expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("LOGIN_LOCKED:account");
      vi.advanceTimersByTime(2_000);
      expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("ok");
    });

    it("refuses an address over its limit for every account, and successes do not count", async () => {
      const t = memoryThrottle();
      for (let i = 0; i < 10; i++) expect(await signIn(t, `user:ok${i}`, "10.0.0.1", true)).toBe("ok");
      for (let i = 0; i < 5; i++)
        expect(await signIn(t, `login:guess${i}`, "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
      expect(await signIn(t, "user:c", "10.0.0.1", true)).toBe("LOGIN_LOCKED:address");
      expect(await signIn(t, "user:c", "10.0.0.2", true)).toBe("ok");
    });

    it("does not count a try refused by the account lock against the address", async () => {
      const t = memoryThrottle({ ...SETTINGS, addressFailures: 4 });
      for (let i = 0; i < 3; i++) await signIn(t, "user:a", "10.0.0.1", false);
      for (let i = 0; i < 5; i++)
        expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("LOGIN_LOCKED:account");
      // Three wrong passwords so far from this address: one more is allowed.
      expect(await signIn(t, "login:x", "10.0.0.1", false)).toBe("INVALID_CREDENTIALS");
      expect(await signIn(t, "login:y", "10.0.0.1", false)).toBe("LOGIN_LOCKED:address");
    });
  });

  describe("unlock", () => {
    it("lifts a lock and says what it was", async () => {
      const t = memoryThrottle();
      for (let i = 0; i < 3; i++) await signIn(t, "user:a", "10.0.0.1", false);
      expect(await t.unlock("user:a")).toEqual({ failures: 3, retryAfterSeconds: 900 });
      expect(await t.lockOf("user:a")).toBeNull();
      expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("ok");
      expect(await t.unlock("user:a")).toBeNull();
    });
  });
});

describe("redisLoginThrottle", () => {
  it("falls back to memory at once while Redis is unreachable, so signing in still works", async () => {
    // Like the app's connection during an outage: reconnecting, commands queued without a limit.
    const redis = new Redis({
      host: "127.0.0.1",
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    redis.on("error", () => undefined);
    try {
      const t = redisLoginThrottle(redis, "test", SETTINGS);
      const started = Date.now();
      expect(await signIn(t, "user:a", "10.0.0.1", true)).toBe("ok");
      for (let i = 0; i < 3; i++) await signIn(t, "user:b", "10.0.0.1", false);
      expect(await signIn(t, "user:b", "10.0.0.1", true)).toBe("LOGIN_LOCKED:account");
      expect(await t.unlock("user:b")).toMatchObject({ failures: 3 });
      expect(await signIn(t, "user:b", "10.0.0.1", true)).toBe("ok");
      // Only the calls Redis does not refuse at once (delete) wait for the timeout.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      redis.disconnect();
    }
  });
});
