// Unit tests of reading the server's refusal to release.
import { describe, expect, it } from "vitest";
import { readRefusal } from "./release.ts";

describe("readRefusal", () => {
  it("reads the attempts by status and the late-start limit", () => {
    expect(readRefusal({ scored: 3, inProgress: 1, frozen: 0, scoringFailed: 2, notStarted: 4 })).toEqual({
      scored: 3,
      inProgress: 1,
      frozen: 0,
      scoringFailed: 2,
      notStarted: 4,
      lateStartUntil: null,
    });
    expect(
      readRefusal({ scored: 1, notStarted: 1, lateStartUntil: "2026-12-03T10:00:00.000Z" })?.lateStartUntil,
    ).toBe("2026-12-03T10:00:00.000Z");
  });

  it("gives null when the details carry no counts", () => {
    expect(readRefusal(undefined)).toBeNull();
    expect(readRefusal({ rule: "x" })).toBeNull();
    expect(readRefusal("x")).toBeNull();
  });
});
