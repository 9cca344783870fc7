// Unit tests of duration formatting and of the server clock's offset.
import { describe, expect, it, vi } from "vitest";
import { formatDuration, formatScore } from "./format.ts";
import { ServerClock } from "./server-clock.ts";

describe("formatDuration", () => {
  it("shows minutes and seconds, hours when needed, and never a negative time", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(65_000)).toBe("01:05");
    expect(formatDuration(64_001)).toBe("01:05");
    expect(formatDuration(2 * 3600_000 + 9_000)).toBe("2:00:09");
    expect(formatDuration(-5_000)).toBe("00:00");
  });
});

describe("formatScore", () => {
  it("keeps one decimal", () => {
    expect(formatScore(72.456)).toBe("72.5");
    expect(formatScore(6)).toBe("6.0");
  });
});

describe("ServerClock", () => {
  it("follows the server's time, using the middle of the round trip", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new ServerClock();
    clock.observe(new Date(1_000_000 + 60_000 + 100).toISOString(), 1_000_000, 1_000_200);
    expect(clock.now()).toBe(1_000_000 + 60_000);
    vi.advanceTimersByTime(5_000);
    expect(clock.now()).toBe(1_005_000 + 60_000);
    vi.useRealTimers();
  });

  it("ignores a measurement with a much slower round trip", () => {
    const clock = new ServerClock();
    clock.observe(new Date(10_000).toISOString(), 0, 20);
    clock.observe(new Date(99_999_999).toISOString(), 0, 5_000);
    expect(clock.now() - Date.now()).toBeCloseTo(10_000 - 10, -1);
  });
});
