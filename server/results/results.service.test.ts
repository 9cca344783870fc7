import { describe, expect, it } from "vitest";
import type { Principal, StaffGrant } from "../auth/principal.ts";
import type { AttemptRecord, ContestantRecord } from "./rankings.repository.ts";
import { assertSeesRankings, attemptOfStage, canSeeRankings, entryOf } from "./results.service.ts";

const T0 = new Date("2021-10-16T01:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function attempt(over: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id: "a1",
    status: "SCORED",
    startedAt: T0,
    submittedAt: at(1234.4),
    deadlineAt: at(7200),
    score: { theory: 20, practical: 50, total: 70, scoredAt: at(8000) },
    ...over,
  };
}

function contestant(attempts: AttemptRecord[]): ContestantRecord {
  return {
    id: "c1",
    name: "张伟",
    ticketNumber: "T1",
    organisation: null,
    group: "STUDENT",
    team: null,
    attempts,
  };
}

const principal = (...staff: StaffGrant[]): Principal => ({
  userId: "u",
  name: "u",
  sessionId: "s",
  contestantIds: [],
  staff,
});
const grant = (
  role: StaffGrant["role"],
  regionId: string | null = null,
  examSessionId: string | null = null,
) => ({
  role,
  regionId,
  examSessionId,
});

describe("entryOf", () => {
  it("takes the current score and the whole seconds to submission", () => {
    expect(entryOf(contestant([attempt()]))).toMatchObject({ status: "SCORED", total: 70, seconds: 1234 });
  });

  it("times an attempt closed without a submission to its deadline", () => {
    expect(entryOf(contestant([attempt({ submittedAt: null })])).seconds).toBe(7200);
  });

  it("is PENDING while in progress, frozen or failed, even with an older score", () => {
    for (const status of ["IN_PROGRESS", "FROZEN", "SCORING_FAILED"] as const)
      expect(entryOf(contestant([attempt({ status })])).status).toBe("PENDING");
    expect(entryOf(contestant([attempt({ score: null })])).status).toBe("PENDING");
  });

  it("is ABSENT without an attempt or with one never started", () => {
    expect(entryOf(contestant([]))).toMatchObject({ status: "ABSENT", seconds: null, total: 0 });
    const notStarted = attempt({ status: "NOT_STARTED", startedAt: null, submittedAt: null, score: null });
    expect(entryOf(contestant([notStarted]))).toMatchObject({ status: "ABSENT", seconds: null });
  });
});

describe("attemptOfStage", () => {
  it("prefers the attempt with a current score, then the latest started", () => {
    const scored = attempt({ id: "old" });
    const later = attempt({ id: "new", status: "IN_PROGRESS", startedAt: at(9000), score: null });
    expect(attemptOfStage([later, scored])?.id).toBe("old");
    const earlier = attempt({ id: "early", status: "IN_PROGRESS", score: null });
    expect(attemptOfStage([earlier, later])?.id).toBe("new");
    expect(attemptOfStage([])).toBeUndefined();
  });
});

describe("canSeeRankings", () => {
  it("lets in admins, the region's hosts and judges (contest-wide ones too)", () => {
    expect(canSeeRankings(principal(grant("ADMIN")), "A")).toBe(true);
    expect(canSeeRankings(principal(grant("REGION_HOST", "A")), "A")).toBe(true);
    expect(canSeeRankings(principal(grant("REGION_HOST")), "A")).toBe(true);
    expect(canSeeRankings(principal(grant("JUDGE", "A")), "A")).toBe(true);
    expect(canSeeRankings(principal(grant("JUDGE")), "A")).toBe(true);
  });

  it("answers 404 to hosts and judges of other regions, 403 to anyone else", () => {
    expect(() => assertSeesRankings(principal(grant("REGION_HOST", "B")), "A")).toThrow(/not found/);
    expect(() => assertSeesRankings(principal(grant("JUDGE", "B")), "A")).toThrow(/not found/);
    expect(() => assertSeesRankings(principal(grant("JUDGE", null, "session")), "A")).toThrow(/not found/);
    expect(() => assertSeesRankings(principal(grant("PROCTOR", "A")), "A")).toThrow(/Rankings are for/);
    expect(() => assertSeesRankings(principal(), "A")).toThrow(/Rankings are for/);
  });
});
