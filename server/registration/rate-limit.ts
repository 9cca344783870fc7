// Per-address limits on the public registration routes: applications, access-code lookups, and
// wrong access codes (which lock an address out of every code lookup for a while). In memory, per
// process: a cluster of n processes lets through at most n times as much, which is still a limit.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
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
}

export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = {
  applications: 20,
  applicationSeconds: 600,
  lookups: 120,
  lookupSeconds: 60,
  wrongCodes: 30,
  wrongCodeSeconds: 600,
};

async function take(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw new RateLimitedError(message, e.msBeforeNext);
    throw e;
  }
}

export class RegistrationThrottle {
  private readonly applications: RateLimiterMemory;
  private readonly lookups: RateLimiterMemory;
  private readonly wrongCodes: RateLimiterMemory;

  constructor(private readonly limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS) {
    this.applications = new RateLimiterMemory({
      keyPrefix: "apply",
      points: limits.applications,
      duration: limits.applicationSeconds,
    });
    this.lookups = new RateLimiterMemory({
      keyPrefix: "lookup",
      points: limits.lookups,
      duration: limits.lookupSeconds,
    });
    this.wrongCodes = new RateLimiterMemory({
      keyPrefix: "wrong-code",
      points: limits.wrongCodes,
      duration: limits.wrongCodeSeconds,
    });
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

  /** A code that matched no application. */
  async wrongCode(address: string): Promise<void> {
    await take(
      this.wrongCodes,
      address,
      "Too many wrong access codes from this network address: try again later.",
    );
  }
}
