import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../core/errors.ts";
import { DEFAULT_REGISTRATION_LIMITS, RegistrationThrottle } from "./rate-limit.ts";

describe("RegistrationThrottle", () => {
  const limits = { ...DEFAULT_REGISTRATION_LIMITS, applications: 2, lookups: 5, wrongCodes: 2 };

  it("limits applications per address", async () => {
    const t = new RegistrationThrottle(limits);
    await t.application("a");
    await t.application("a");
    await expect(t.application("a")).rejects.toBeInstanceOf(RateLimitedError);
    await t.application("b");
  });

  it("refuses every lookup from an address that used up its wrong codes", async () => {
    const t = new RegistrationThrottle(limits);
    await t.lookup("a");
    await t.wrongCode("a");
    await t.wrongCode("a");
    const e = await t.lookup("a").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).details).toMatchObject({ retryAfterMs: expect.any(Number) });
    await t.lookup("b");
  });

  it("limits lookups per address", async () => {
    const t = new RegistrationThrottle(limits);
    for (let i = 0; i < 5; i++) await t.lookup("a");
    await expect(t.lookup("a")).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("counts uploaded megabytes per address, rounding each file up", async () => {
    const t = new RegistrationThrottle({ ...limits, uploadMegabytes: 10 });
    await t.upload("a", 9 * 1_048_576);
    await t.upload("a", 1);
    await expect(t.upload("a", 1)).rejects.toBeInstanceOf(RateLimitedError);
    await t.upload("b", 10 * 1_048_576);
  });
});
