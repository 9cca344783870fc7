// Unit tests of the proctor roster model: live events applied to the watched roster.
import { describe, expect, it } from "vitest";
import type { RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { applyRosterEvent, deadlineOf, summarize } from "./roster-model.ts";

function entry(attemptId: string, patch: Partial<RosterEntry> = {}): RosterEntry {
  return {
    attemptId,
    contestant: {
      id: `c-${attemptId}`,
      name: "张伟",
      ticketNumber: `T-${attemptId}`,
      seat: "A01",
      group: "STUDENT",
    },
    status: "NOT_STARTED",
    connected: false,
    answered: 0,
    total: 15,
    startedAt: null,
    deadlineAt: null,
    submittedAt: null,
    closedBy: null,
    score: null,
    scoringError: null,
    incidents: 0,
    ...patch,
  };
}

function roster(...entries: RosterEntry[]): SessionRoster {
  return {
    session: { id: "s1", name: "Beijing", startsAt: "2021-06-01T08:00:00.000Z", durationMinutes: 120 },
    serverNow: "2021-06-01T08:30:00.000Z",
    entries,
  };
}

const score = { theory: 6, practical: 60.25, total: 66.25, scoredAt: "2021-06-01T10:00:00.000Z" };

describe("applyRosterEvent", () => {
  it("applies progress, presence, closing and scoring to the right row", () => {
    let r = roster(entry("a"), entry("b"));
    r = applyRosterEvent(r, { type: "presence", e: { sessionId: "s1", attemptId: "a", connected: true } });
    r = applyRosterEvent(r, {
      type: "progress",
      e: {
        sessionId: "s1",
        attemptId: "a",
        answered: 3,
        total: 15,
        status: "IN_PROGRESS",
        startedAt: "2021-06-01T08:01:00.000Z",
        deadlineAt: "2021-06-01T10:00:00.000Z",
        at: "",
      },
    });
    expect(r.entries[0]).toMatchObject({
      connected: true,
      answered: 3,
      status: "IN_PROGRESS",
      deadlineAt: "2021-06-01T10:00:00.000Z",
    });
    r = applyRosterEvent(r, {
      type: "closed",
      e: { sessionId: "s1", attemptId: "a", closedBy: "CONTESTANT", submittedAt: "2021-06-01T09:00:00.000Z" },
    });
    expect(r.entries[0]).toMatchObject({ status: "FROZEN", closedBy: "CONTESTANT" });
    r = applyRosterEvent(r, {
      type: "incident",
      e: { sessionId: "s1", attemptId: "a", kind: "tab-hidden", at: "", count: 2 },
    });
    expect(r.entries[0]).toMatchObject({ incidents: 2 });
    r = applyRosterEvent(r, { type: "scored", e: { sessionId: "s1", attemptId: "a", score } });
    expect(r.entries[0]).toMatchObject({ status: "SCORED", score });
    expect(r.entries[1]).toEqual(entry("b"));
  });

  it("shows a failed scoring with its reason, back to waiting on an admin's retry, then the score", () => {
    let r = roster(entry("a", { status: "FROZEN" }));
    r = applyRosterEvent(r, {
      type: "scoring-failed",
      e: { sessionId: "s1", attemptId: "a", error: "item x: bad truth", at: "" },
    });
    expect(r.entries[0]).toMatchObject({ status: "SCORING_FAILED", scoringError: "item x: bad truth" });
    expect(summarize(r).scoringFailed).toBe(1);
    // A late progress push does not hide the failure.
    r = applyRosterEvent(r, {
      type: "progress",
      e: {
        sessionId: "s1",
        attemptId: "a",
        answered: 1,
        total: 15,
        status: "FROZEN",
        startedAt: null,
        deadlineAt: null,
        at: "",
      },
    });
    expect(r.entries[0]?.status).toBe("SCORING_FAILED");
    r = applyRosterEvent(r, { type: "scoring-retried", e: { sessionId: "s1", attemptId: "a" } });
    expect(r.entries[0]).toMatchObject({ status: "FROZEN", scoringError: null });
    r = applyRosterEvent(r, { type: "scored", e: { sessionId: "s1", attemptId: "a", score } });
    expect(r.entries[0]).toMatchObject({ status: "SCORED", score });
    // A failure reported after the score (a stale event) changes nothing.
    const scored = r;
    r = applyRosterEvent(r, {
      type: "scoring-failed",
      e: { sessionId: "s1", attemptId: "a", error: "late", at: "" },
    });
    expect(r.entries[0]).toEqual(scored.entries[0]);
  });

  it("never moves a status back when a coalesced progress arrives late", () => {
    let r = roster(entry("a", { status: "SCORED", score }));
    r = applyRosterEvent(r, {
      type: "progress",
      e: {
        sessionId: "s1",
        attemptId: "a",
        answered: 4,
        total: 15,
        status: "IN_PROGRESS",
        startedAt: null,
        deadlineAt: null,
        at: "",
      },
    });
    r = applyRosterEvent(r, {
      type: "closed",
      e: { sessionId: "s1", attemptId: "a", closedBy: "DEADLINE", submittedAt: "2021-06-01T10:00:00.000Z" },
    });
    expect(r.entries[0]).toMatchObject({ status: "SCORED", answered: 4, score });
  });

  it("ignores events of other sessions and unknown attempts, keeping the same object", () => {
    const r = roster(entry("a"));
    expect(
      applyRosterEvent(r, { type: "presence", e: { sessionId: "s2", attemptId: "a", connected: true } }),
    ).toBe(r);
    expect(
      applyRosterEvent(r, { type: "presence", e: { sessionId: "s1", attemptId: "zz", connected: true } }),
    ).toBe(r);
  });
});

describe("deadlineOf", () => {
  it("uses the attempt's deadline, or the session's end for a started attempt without one", () => {
    const r = roster();
    expect(deadlineOf(r, entry("a", { deadlineAt: "2021-06-01T10:05:00.000Z" }))).toBe(
      Date.parse("2021-06-01T10:05:00.000Z"),
    );
    expect(deadlineOf(r, entry("a", { status: "IN_PROGRESS" }))).toBe(Date.parse("2021-06-01T10:00:00.000Z"));
    expect(deadlineOf(r, entry("a"))).toBeNull();
  });
});

describe("summarize", () => {
  it("counts contestants by status and connection", () => {
    const r = roster(
      entry("a", { connected: true, status: "IN_PROGRESS" }),
      entry("b"),
      entry("c", { status: "FROZEN" }),
      entry("d", { status: "SCORED", connected: true }),
      entry("e", { status: "SCORING_FAILED" }),
    );
    expect(summarize(r)).toEqual({
      total: 5,
      connected: 2,
      notStarted: 1,
      inProgress: 1,
      submitted: 1,
      scored: 1,
      scoringFailed: 1,
    });
  });
});
