// Per-contestant limits on saves, so that one contestant flooding the server (or sending huge
// documents in a loop) cannot slow the others down. A refused save is answered RATE_LIMITED with
// the time to wait; the page's autosave waits that long and sends its latest document then, so no
// change is dropped.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "../../core/errors.ts";

/** A save costs one point, plus one per 64 kB: validation time grows with the document. */
export function saveCost(bytes: number): number {
  return 1 + Math.floor(bytes / 65_536);
}

export class SaveLimiter {
  private readonly limiter: RateLimiterMemory;
  private readonly points: number;

  /** `burst` points within a window of `burst / perSecond` seconds. */
  constructor(burst: number, perSecond: number) {
    this.points = Math.max(1, Math.round(burst));
    this.limiter = new RateLimiterMemory({
      points: this.points,
      duration: Math.max(1, Math.round(burst / perSecond)),
    });
  }

  /** Takes the save's cost from the contestant's allowance, or throws RateLimitedError. */
  async take(userId: string, bytes: number): Promise<void> {
    try {
      // Even an oversized document costs no more than a full allowance.
      await this.limiter.consume(userId, Math.min(this.points, saveCost(bytes)));
    } catch (e) {
      if (e instanceof RateLimiterRes)
        throw new RateLimitedError(
          "Too many saves at once; the page will try again shortly.",
          e.msBeforeNext,
        );
      throw e;
    }
  }
}
