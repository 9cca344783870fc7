import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeAttemptScore, round4, taskEarned } from "./compose.ts";
import { ScoringInputError } from "./types.ts";

describe("composeAttemptScore", () => {
  it("weighs theory 30 and practical 70 by default", () => {
    expect(composeAttemptScore({ earned: 8, possible: 10 }, { earned: 3.5, possible: 5 })).toEqual({
      theory: 24,
      practical: 49,
      total: 73,
    });
    expect(composeAttemptScore({ earned: 10, possible: 10 }, { earned: 5, possible: 5 })).toEqual({
      theory: 30,
      practical: 70,
      total: 100,
    });
  });

  it("gives 0 to a section with nothing possible", () => {
    expect(composeAttemptScore({ earned: 0, possible: 0 }, { earned: 2, possible: 4 })).toEqual({
      theory: 0,
      practical: 35,
      total: 35,
    });
    expect(composeAttemptScore({ earned: 0, possible: 0 }, { earned: 0, possible: 0 }).total).toBe(0);
  });

  it("uses the paper's weights", () => {
    expect(
      composeAttemptScore(
        { earned: 1, possible: 2 },
        { earned: 1, possible: 4 },
        { theory: 50, practical: 50 },
      ),
    ).toEqual({ theory: 25, practical: 12.5, total: 37.5 });
  });

  it("rounds to 4 decimals, the total being the sum of the rounded parts", () => {
    const r = composeAttemptScore({ earned: 1, possible: 7 }, { earned: 1, possible: 3 });
    expect(r).toEqual({ theory: 4.2857, practical: 23.3333, total: 27.619 });
    // Sums of item scores a hair under or over the points (floating point) still give 70.
    const under = 4.999999999999999; // 70 × under / 5 is 69.99999999999999
    const over = 5.000000000000001;
    expect(composeAttemptScore({ earned: 0, possible: 0 }, { earned: under, possible: 5 }).practical).toBe(
      70,
    );
    expect(composeAttemptScore({ earned: 0, possible: 0 }, { earned: over, possible: 5 }).practical).toBe(70);
  });

  it("stays within the weights with at most 4 decimals", () => {
    const tally = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }))
      .map(([share, possible]) => ({ earned: share * possible, possible }));
    fc.assert(
      fc.property(tally, tally, (t, p) => {
        const r = composeAttemptScore(t, p);
        for (const [v, max] of [
          [r.theory, 30],
          [r.practical, 70],
          [r.total, 100],
        ] as const) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(max);
          expect(Number(v.toFixed(4))).toBe(v);
        }
        expect(r.total).toBe(round4(r.theory + r.practical));
      }),
    );
  });

  it("refuses negative, non-finite or over-full tallies and weights", () => {
    const ok = { earned: 1, possible: 2 };
    expect(() => composeAttemptScore({ earned: -1, possible: 2 }, ok)).toThrow(ScoringInputError);
    expect(() => composeAttemptScore(ok, { earned: Number.NaN, possible: 2 })).toThrow(ScoringInputError);
    expect(() => composeAttemptScore(ok, { earned: 1, possible: Number.POSITIVE_INFINITY })).toThrow(
      ScoringInputError,
    );
    expect(() => composeAttemptScore({ earned: 3, possible: 2 }, ok)).toThrow(/earns 3 of only 2/);
    expect(() => composeAttemptScore(ok, ok, { theory: -30, practical: 70 })).toThrow(ScoringInputError);
  });
});

describe("round4", () => {
  it("rounds without binary artefacts", () => {
    expect(round4(69.99999999999999)).toBe(70);
    expect(round4(0.1 + 0.2)).toBe(0.3);
    expect(round4(1.00005)).toBe(1.0001);
    expect(round4(1.00004999)).toBe(1);
    expect(round4(24.000000000000004)).toBe(24);
    expect(round4(2 / 3)).toBe(0.6667);
    expect(round4(0)).toBe(0);
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
  });
});

describe("taskEarned", () => {
  it("is the mean item score times the points", () => {
    expect(taskEarned([1, 0.5, 0], 6)).toBe(3);
    expect(taskEarned([1, 1, 1, 0, 0], 70)).toBe(42);
    expect(taskEarned([0.25], 0)).toBe(0);
  });

  it("is 0 without items", () => {
    expect(taskEarned([], 10)).toBe(0);
  });

  it("refuses scores outside [0, 1] and bad points", () => {
    expect(() => taskEarned([1.5], 10)).toThrow(ScoringInputError);
    expect(() => taskEarned([Number.NaN], 10)).toThrow(ScoringInputError);
    expect(() => taskEarned([0.5], -1)).toThrow(ScoringInputError);
  });
});
