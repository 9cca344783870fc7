// Sign-in throttling: wrong passwords counted per account and per network address in Redis (an
// in-memory limiter takes over while Redis is unreachable, so an outage never blocks signing in).
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RLWrapperTimeouts,
} from "rate-limiter-flexible";
import { LoginLockedError } from "../../core/errors.ts";

/** Wrong passwords count towards a lockout for this long after the first one (a success resets them). */
const ACCOUNT_WINDOW_SECONDS = 24 * 3600;

export interface LoginThrottleSettings {
  /** Wrong passwords that lock an account. */
  accountFailures: number;
  lockoutSeconds: number;
  /** Wrong passwords one address may send per window. */
  addressFailures: number;
  addressWindowSeconds: number;
}

/** Counters by key; rate-limiter-flexible's limiters fit (the Redis one with its insurance). */
export type Counter = Pick<RateLimiterAbstract, "penalty" | "reward" | "get" | "block" | "delete">;

/** The counter key of an account: its user when the login names one, else the login itself. */
export function accountKey(account: { userId: string } | { login: string }): string {
  return "userId" in account ? `user:${account.userId}` : `login:${normaliseLogin(account.login)}`;
}

/** Ticket numbers and user names compare without case, width or surrounding space. */
export function normaliseLogin(login: string): string {
  return login.normalize("NFKC").trim().toLowerCase();
}

/** Whole seconds to wait, never 0 (a Retry-After of 0 would invite an immediate retry). */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/** A sign-in let through to the password check; say how it ended. */
export interface Admission {
  /** Wrong passwords of the account counted so far, this one included. */
  readonly failures: number;
}

export interface AccountLock {
  failures: number;
  retryAfterSeconds: number;
}

export class LoginThrottle {
  constructor(
    private readonly account: Counter,
    private readonly address: Counter,
    private readonly settings: LoginThrottleSettings,
  ) {}

  /**
   * Called before the password is checked. Counts this try as a failure up front, so a burst of
   * parallel tries cannot all pass the check before any is counted; a success gives it back.
   * Throws LoginLockedError when the address or the account is over its limit.
   */
  async admit(key: string, address: string): Promise<Admission> {
    const byAddress = await this.address.penalty(address);
    if (byAddress.consumedPoints > this.settings.addressFailures)
      throw new LoginLockedError("address", retryAfterSeconds(byAddress.msBeforeNext));
    const byAccount = await this.account.penalty(key);
    if (byAccount.consumedPoints > this.settings.accountFailures) {
      // Refused before any password check: not a wrong password from this address.
      await this.address.reward(address);
      throw new LoginLockedError("account", retryAfterSeconds(byAccount.msBeforeNext));
    }
    return { failures: byAccount.consumedPoints };
  }

  /** The password was wrong. Returns the lock when this failure locked the account. */
  async failed(key: string, admission: Admission): Promise<LoginLockedError | null> {
    if (admission.failures < this.settings.accountFailures) return null;
    await this.account.block(key, this.settings.lockoutSeconds);
    return new LoginLockedError("account", this.settings.lockoutSeconds);
  }

  /** The password was right: the account starts afresh, and the address gets its try back. */
  async succeeded(key: string, address: string): Promise<void> {
    await Promise.all([this.account.delete(key), this.address.reward(address)]);
  }

  /** The account's lock, or null when it may sign in. */
  async lockOf(key: string): Promise<AccountLock | null> {
    const res = await this.account.get(key);
    if (!res || res.consumedPoints < this.settings.accountFailures || res.msBeforeNext <= 0) return null;
    return {
      failures: Math.min(res.consumedPoints, this.settings.accountFailures),
      retryAfterSeconds: retryAfterSeconds(res.msBeforeNext),
    };
  }

  /** Forgets the account's wrong passwords; returns the lock it had. */
  async unlock(key: string): Promise<AccountLock | null> {
    const lock = await this.lockOf(key);
    await this.account.delete(key);
    return lock;
  }
}

/** A Redis call slower than this (a hung or unreachable server) is answered by the insurance instead. */
const REDIS_TIMEOUT_MS = 500;

/**
 * The throttle on the app's Redis connection. `rejectIfRedisNotReady` sends calls to the in-memory
 * insurance at once while the connection is down (the app's connection would otherwise queue them
 * until Redis returns); the timeout covers calls that do not check readiness (delete) and a Redis
 * that accepts commands but does not answer.
 */
export function redisLoginThrottle(redis: Redis, keyPrefix: string, settings: LoginThrottleSettings) {
  const counter = (name: string, points: number, duration: number) =>
    new RLWrapperTimeouts({
      timeoutMs: REDIS_TIMEOUT_MS,
      limiter: new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: false,
        rejectIfRedisNotReady: true,
        keyPrefix: `${keyPrefix}:login-failures:${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `login-failures:${name}`, points, duration }),
      }),
    });
  return new LoginThrottle(
    counter("account", settings.accountFailures, ACCOUNT_WINDOW_SECONDS),
    counter("address", settings.addressFailures, settings.addressWindowSeconds),
    settings,
  );
}
