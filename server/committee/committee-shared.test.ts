import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.ts";
import { assertAdmin, changesOf, invalid, isUniqueViolation } from "./committee-shared.ts";

const principal = (staff: Principal["staff"]): Principal => ({
  userId: "u",
  name: "U",
  sessionId: "s",
  contestantIds: [],
  staff,
});

describe("changesOf", () => {
  it("keeps the fields that change, old and new, and skips those not given", () => {
    expect(
      changesOf({ name: "A", year: 2021, settings: { a: 1 } }, { name: "B", year: 2021, settings: { a: 1 } }),
    ).toEqual({ name: { from: "A", to: "B" } });
    expect(changesOf({ name: "A" }, { name: undefined })).toEqual({});
    expect(changesOf<Record<string, unknown>>({ contact: "x" }, { contact: null })).toEqual({
      contact: { from: "x", to: null },
    });
  });
});

describe("assertAdmin", () => {
  it("lets an admin through and refuses a contest-wide host", () => {
    expect(() =>
      assertAdmin(principal([{ role: "ADMIN", regionId: null, examSessionId: null }])),
    ).not.toThrow();
    expect(() =>
      assertAdmin(principal([{ role: "REGION_HOST", regionId: null, examSessionId: null }])),
    ).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});

describe("invalid", () => {
  it("is a 400 shaped like the boundary's own refusal", () => {
    const e = invalid("grants.0.regionId", "There is no such region.");
    expect(e.status).toBe(400);
    expect(e.toBody()).toEqual({
      code: "VALIDATION_FAILED",
      message: "The request is not valid.",
      details: [{ path: "grants.0.regionId", message: "There is no such region." }],
    });
  });
});

describe("isUniqueViolation", () => {
  it("recognises Prisma's P2002 only", () => {
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
    expect(isUniqueViolation({ code: "P2025" })).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
