// Per-address limits on the public registration routes: applications, access-code lookups, and
// wrong access codes (which lock an address out of every code lookup for a while). Counted in Redis,
// so every server process shares them, with an in-memory fallback while Redis is out of reach. The
// limits allow a school's computer room behind one address to register its students at once.
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { RateLimitedError } from "../../core/errors.ts";

export interface RegistrationLimits {
  /** Applications (POST /api/apply) per address per window. */
  applications: number;
  applicationSeconds: number;
  /** Requests carrying an access code per address per window. */
  lookups: number;
  lookupSeconds: number;
  /** Wrong access codes per address per window; beyond it, every lookup is refused. */
  wrongCodes: number;
  wrongCodeSeconds: number;
  /** Megabytes of evidence one address may upload per window: the disk is not an open tap. */
  uploadMegabytes: number;
  uploadSeconds: number;
}

export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = {
  applications: 200,
  applicationSeconds: 600,
  lookups: 600,
  lookupSeconds: 60,
  wrongCodes: 30,
  wrongCodeSeconds: 600,
  uploadMegabytes: 1000,
  uploadSeconds: 3600,
};

type Counter = (name: string, points: number, duration: number) => RateLimiterAbstract;

const inMemory: Counter = (name, points, duration) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration });

/** Counters in Redis under `prefix`, falling back to memory at once while Redis is not ready. */
export function redisCounters(redis: Redis, prefix: string): Counter {
  return (name, points, duration) =>
    new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: false,
      rejectIfRedisNotReady: true,
      keyPrefix: `${prefix}:registration:${name}`,
      points,
      duration,
      insuranceLimiter: inMemory(name, points, duration),
    });
}

async function take(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw new RateLimitedError(message, e.msBeforeNext);
    throw e;
  }
}

export class RegistrationThrottle {
  private readonly applications: RateLimiterAbstract;
  private readonly lookups: RateLimiterAbstract;
  private readonly wrongCodes: RateLimiterAbstract;
  private readonly uploads: RateLimiterAbstract;

  constructor(
    private readonly limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS,
    counter: Counter = inMemory,
  ) {
    this.applications = counter("apply", limits.applications, limits.applicationSeconds);
    this.lookups = counter("lookup", limits.lookups, limits.lookupSeconds);
    this.wrongCodes = counter("wrong-code", limits.wrongCodes, limits.wrongCodeSeconds);
    this.uploads = counter("upload-mb", limits.uploadMegabytes, limits.uploadSeconds);
  }

  async application(address: string): Promise<void> {
    await take(
      this.applications,
      address,
      "Too many applications from this network address: try again later.",
    );
  }

  /** Before a code is looked up: refused while the address has used up its wrong codes. */
  async lookup(address: string): Promise<void> {
    const wrong = await this.wrongCodes.get(address);
    if (wrong && wrong.consumedPoints >= this.limits.wrongCodes)
      throw new RateLimitedError(
        "Too many wrong access codes from this network address: try again later.",
        wrong.msBeforeNext,
      );
    await take(this.lookups, address, "Too many requests from this network address: try again shortly.");
  }

  /** Before an upload's body is read: its size (as announced, or the most allowed) against the budget. */
  async upload(address: string, bytes: number): Promise<void> {
    try {
      await this.uploads.consume(address, Math.max(1, Math.ceil(bytes / 1_048_576)));
    } catch (e) {
      if (e instanceof RateLimiterRes)
        throw new RateLimitedError(
          "Too many files uploaded from this network address: try again later.",
          e.msBeforeNext,
        );
      throw e;
    }
  }

  /** A code that matched no application. */
  async wrongCode(address: string): Promise<void> {
    await take(
      this.wrongCodes,
      address,
      "Too many wrong access codes from this network address: try again later.",
    );
  }
}
