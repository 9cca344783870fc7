// Unit tests of the proctor roster model: live events applied to the watched roster.
import { describe, expect, it } from "vitest";
import type { RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import {
  applyRosterEvent,
  applyRosterEvents,
  bucketOf,
  DEFAULT_QUERY,
  deadlineOf,
  idleOf,
  type RosterEvent,
  RosterStore,
  selectRows,
  summarize,
  taskPartsOf,
  timeLeftOf,
  venueFigures,
} from "./roster-model.ts";
import { windowOf } from "./windowed.ts";

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
    lastIncident: null,
    lastSeenAt: null,
    lastActivityAt: null,
    pausedAt: null,
    pausedSeconds: 0,
    lockedAt: null,
    extensionSeconds: 0,
    remainingMs: null,
    latestMessage: null,
    ...patch,
    // The server's presence, as it derives it from the connection and the status.
    presence:
      patch.presence ??
      (patch.connected ? ((patch.status ?? "NOT_STARTED") === "NOT_STARTED" ? "lobby" : "exam") : "offline"),
  };
}

function roster(...entries: RosterEntry[]): SessionRoster {
  return {
    session: { id: "s1", name: "Beijing", startsAt: "2021-06-01T08:00:00.000Z", durationMinutes: 120 },
    serverNow: "2021-06-01T08:30:00.000Z",
    entries,
    messages: [],
    presence: { heartbeatMs: 2000, ttlMs: 5000 },
  };
}

const score = { theory: 6, practical: 60.25, total: 66.25, scoredAt: "2021-06-01T10:00:00.000Z" };

describe("applyRosterEvent", () => {
  it("applies progress, presence, closing and scoring to the right row", () => {
    let r = roster(entry("a"), entry("b"));
    r = applyRosterEvent(r, {
      type: "presence",
      e: { sessionId: "s1", attemptId: "a", connected: true, presence: "exam", lastSeenAt: null },
    });
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
      applyRosterEvent(r, {
        type: "presence",
        e: { sessionId: "s2", attemptId: "a", connected: true, presence: "exam", lastSeenAt: null },
      }),
    ).toBe(r);
    expect(
      applyRosterEvent(r, {
        type: "presence",
        e: { sessionId: "s1", attemptId: "zz", connected: true, presence: "exam", lastSeenAt: null },
      }),
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

function progress(attemptId: string, answered: number, patch: Partial<RosterEvent["e"]> = {}): RosterEvent {
  return {
    type: "progress",
    e: {
      sessionId: "s1",
      attemptId,
      answered,
      total: 10,
      status: "IN_PROGRESS",
      startedAt: "2021-06-01T08:01:00.000Z",
      deadlineAt: null,
      at: "",
      ...patch,
    },
  } as RosterEvent;
}

describe("applyRosterEvents", () => {
  it("applies a batch in order with one copy, the same as one event at a time", () => {
    const r = roster(entry("a"), entry("b"), entry("c"));
    const events: RosterEvent[] = [
      progress("a", 1),
      progress("b", 4),
      {
        type: "presence",
        e: { sessionId: "s1", attemptId: "a", connected: true, presence: "exam", lastSeenAt: null },
      },
      progress("a", 2),
      progress("zz", 9),
      progress("a", 3, { sessionId: "s2" }),
    ];
    const batched = applyRosterEvents(r, events);
    const oneByOne = events.reduce(applyRosterEvent, r);
    expect(batched).toEqual(oneByOne);
    expect(batched.entries[0]).toMatchObject({ answered: 2, connected: true, status: "IN_PROGRESS" });
    expect(batched.entries[2]).toBe(r.entries[2]); // an untouched row keeps its object
    expect(r.entries[0]?.answered).toBe(0); // the old roster is not changed
  });

  it("keeps the same roster when no event changes anything", () => {
    const r = roster(entry("a", { connected: true, status: "IN_PROGRESS" }));
    expect(
      applyRosterEvents(r, [
        {
          type: "presence",
          e: { sessionId: "s1", attemptId: "a", connected: true, presence: "exam", lastSeenAt: null },
        },
      ]),
    ).toBe(r);
  });
});

describe("RosterStore", () => {
  it("coalesces many events into one flush and one notification", () => {
    const flushes: (() => void)[] = [];
    const store = new RosterStore((f) => flushes.push(f));
    let notified = 0;
    store.subscribe(() => {
      notified += 1;
    });
    store.replace(roster(entry("a"), entry("b")));
    expect(notified).toBe(1);
    for (let i = 1; i <= 500; i++) store.push(progress(i % 2 ? "a" : "b", Math.min(10, Math.floor(i / 50))));
    expect(flushes).toHaveLength(1); // one flush scheduled for the whole burst
    expect(store.get()?.entries[0]?.answered).toBe(0); // nothing applied before the flush
    flushes[0]?.();
    expect(notified).toBe(2);
    expect(store.applied).toBe(500);
    expect(store.get()?.entries.map((e) => e.answered)).toEqual([9, 10]);
    store.push(progress("a", 10));
    expect(flushes).toHaveLength(2);
  });

  it("fills the fields an older server leaves out", () => {
    const store = new RosterStore(() => undefined);
    const old = roster(entry("a", { connected: true, status: "IN_PROGRESS" }));
    const bare = {
      session: old.session,
      serverNow: old.serverNow,
      entries: old.entries.map(
        ({ presence, lastSeenAt, pausedAt, extensionSeconds, latestMessage, ...rest }) => rest,
      ),
    } as unknown as SessionRoster;
    store.replace(bare);
    expect(store.get()?.messages).toEqual([]);
    expect(store.get()?.entries[0]).toMatchObject({
      presence: "exam",
      pausedAt: null,
      extensionSeconds: 0,
      latestMessage: null,
    });
  });

  it("drops the queued events when a fresh roster replaces the old one (a reconnect)", () => {
    const flushes: (() => void)[] = [];
    const store = new RosterStore((f) => flushes.push(f));
    store.replace(roster(entry("a")));
    store.push(progress("a", 3));
    store.replace(roster(entry("a", { answered: 7, total: 10, status: "IN_PROGRESS" })));
    flushes[0]?.();
    expect(store.get()?.entries[0]?.answered).toBe(7);
    expect(store.applied).toBe(0);
  });
});

describe("venueFigures", () => {
  it("counts working, submitted, disconnected and lobby, with the average and the histogram", () => {
    const r = roster(
      entry("a", { status: "IN_PROGRESS", connected: true, answered: 0, total: 10 }),
      entry("b", { status: "IN_PROGRESS", connected: false, answered: 5, total: 10 }),
      entry("c", { status: "FROZEN", answered: 10, total: 10 }),
      entry("d", { status: "SCORING_FAILED", answered: 9, total: 10 }),
      entry("e", { connected: true }),
      entry("f"),
      entry("g", { status: "IN_PROGRESS", connected: true, answered: 1, total: 3 }),
    );
    const f = venueFigures(r);
    expect(f).toMatchObject({
      total: 7,
      working: 3,
      submitted: 2,
      disconnected: 1,
      inLobby: 1,
      notStarted: 2,
      scoringFailed: 1,
    });
    expect(f.averageProgress).toBeCloseTo((0 + 0.5 + 1 + 0.9 + 1 / 3) / 5, 6);
    expect(f.histogram).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 0, 2]);
    expect(f.histogram.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("puts each share in its tenth, 100 % in the last bucket", () => {
    expect([0, 0.05, 0.1, 0.3, 0.7, 0.99, 1].map(bucketOf)).toEqual([0, 0, 1, 3, 7, 9, 9]);
    expect(venueFigures(roster(entry("a"))).averageProgress).toBe(0);
  });
});

describe("timeLeftOf", () => {
  it("counts down to the attempt's deadline, never below zero, only while working", () => {
    const r = roster();
    const e = entry("a", { status: "IN_PROGRESS", deadlineAt: "2021-06-01T10:00:00.000Z" });
    expect(timeLeftOf(r, e, Date.parse("2021-06-01T09:59:00.000Z"))).toBe(60_000);
    expect(timeLeftOf(r, e, Date.parse("2021-06-01T10:01:00.000Z"))).toBe(0);
    expect(timeLeftOf(r, { ...e, status: "FROZEN" }, 0)).toBeNull();
  });
});

describe("selectRows", () => {
  const r = roster(
    entry("a", { contestant: { id: "1", name: "Zhang Wei", ticketNumber: "T-010", seat: "A10", group: "" } }),
    entry("b", {
      contestant: { id: "2", name: "Li Na", ticketNumber: "T-002", seat: "A2", group: "" },
      status: "IN_PROGRESS",
      connected: true,
      answered: 8,
      incidents: 2,
    }),
    entry("c", {
      contestant: { id: "3", name: "王芳", ticketNumber: "T-003", seat: null, group: "" },
      status: "SCORED",
      answered: 15,
      score,
    }),
    entry("d", {
      contestant: { id: "4", name: "Chen Jie", ticketNumber: "T-004", seat: "B1", group: "" },
      connected: true,
    }),
  );
  const ids = (q: Partial<typeof DEFAULT_QUERY>) =>
    selectRows(r, { ...DEFAULT_QUERY, ...q }, 0).map((e) => e.attemptId);

  it("sorts by seat in natural order by default, rows without a seat last", () => {
    expect(ids({})).toEqual(["b", "a", "d", "c"]);
    expect(ids({ desc: true })).toEqual(["d", "a", "b", "c"]);
  });

  it("sorts by any column, ties in seat order, missing values last either way", () => {
    // Latin names alphabetically (where Han names fall among them is the collation's business).
    expect(ids({ sort: "name" }).filter((id) => id !== "c")).toEqual(["d", "b", "a"]);
    expect(ids({ sort: "progress", desc: true })).toEqual(["c", "b", "a", "d"]);
    expect(ids({ sort: "incidents", desc: true })[0]).toBe("b");
    expect(ids({ sort: "score" })).toEqual(["c", "b", "a", "d"]);
    expect(ids({ sort: "score", desc: true })).toEqual(["c", "b", "a", "d"]);
    expect(ids({ sort: "ticket" })).toEqual(["b", "c", "d", "a"]);
  });

  it("filters by status, connection, incidents and a search of name, ticket or seat", () => {
    expect(ids({ status: "working" })).toEqual(["b"]);
    expect(ids({ status: "submitted" })).toEqual(["c"]);
    expect(ids({ connection: "lobby" })).toEqual(["d"]);
    expect(ids({ connection: "offline" })).toEqual(["a", "c"]);
    expect(ids({ incidents: true })).toEqual(["b"]);
    expect(ids({ search: "li n" })).toEqual(["b"]);
    expect(ids({ search: "t-00" })).toEqual(["b", "d", "c"]);
    expect(ids({ search: "a10" })).toEqual(["a"]);
    expect(ids({ search: "王" })).toEqual(["c"]);
  });
});

describe("controls, presence and messages", () => {
  const state = (patch: Record<string, unknown>) => ({
    attemptId: "a",
    status: "IN_PROGRESS" as const,
    deadlineAt: "2021-06-01T10:00:00.000Z",
    serverNow: "",
    ...patch,
  });
  const control = (action: "pause" | "resume" | "lock" | "extend", patch: Record<string, unknown>) =>
    ({
      type: "control",
      e: { sessionId: "s1", attemptId: "a", action, state: state(patch), reason: "r", actorId: "p", at: "" },
    }) as RosterEvent;

  it("pauses, resumes, locks and extends from the control events; time left stands still while paused", () => {
    let r = roster(entry("a", { status: "IN_PROGRESS", deadlineAt: "2021-06-01T10:00:00.000Z" }));
    r = applyRosterEvent(r, control("pause", { pausedAt: "2021-06-01T09:00:00.000Z" }));
    const e = r.entries[0] as RosterEntry;
    expect(timeLeftOf(r, e, Date.parse("2021-06-01T09:10:00.000Z"))).toBe(3600_000);
    expect(timeLeftOf(r, e, Date.parse("2021-06-01T09:40:00.000Z"))).toBe(3600_000);
    expect(venueFigures(r)).toMatchObject({ working: 0, paused: 1 });
    expect(ids(r, { status: "paused" })).toEqual(["a"]);
    r = applyRosterEvent(
      r,
      control("resume", { pausedAt: null, deadlineAt: "2021-06-01T10:40:00.000Z", pausedSeconds: 2400 }),
    );
    expect(r.entries[0]).toMatchObject({ pausedAt: null, pausedSeconds: 2400 });
    expect(timeLeftOf(r, r.entries[0] as RosterEntry, Date.parse("2021-06-01T09:40:00.000Z"))).toBe(3600_000);
    r = applyRosterEvent(r, control("lock", { lockedAt: "2021-06-01T09:41:00.000Z" }));
    expect(venueFigures(r)).toMatchObject({ working: 1, paused: 0, locked: 1 });
    r = applyRosterEvent(
      r,
      control("extend", { deadlineAt: "2021-06-01T10:50:00.000Z", extensionSeconds: 600 }),
    );
    expect(r.entries[0]).toMatchObject({
      deadlineAt: "2021-06-01T10:50:00.000Z",
      extensionSeconds: 600,
      lockedAt: "2021-06-01T09:41:00.000Z",
    });
  });

  it("tells the lobby from the exam and from offline, keeping the latest heartbeat", () => {
    let r = roster(entry("a"), entry("b", { status: "IN_PROGRESS" }));
    const presence = (attemptId: string, p: "offline" | "lobby" | "exam", lastSeenAt: string) =>
      ({
        type: "presence",
        e: { sessionId: "s1", attemptId, connected: p !== "offline", presence: p, lastSeenAt },
      }) as RosterEvent;
    r = applyRosterEvents(r, [
      presence("a", "lobby", "2021-06-01T08:00:05.000Z"),
      presence("b", "exam", "2021-06-01T08:00:09.000Z"),
      presence("b", "offline", "2021-06-01T08:00:07.000Z"),
    ]);
    expect(r.entries[0]).toMatchObject({ presence: "lobby", connected: true });
    expect(r.entries[1]).toMatchObject({ presence: "offline", lastSeenAt: "2021-06-01T08:00:09.000Z" });
    expect(venueFigures(r)).toMatchObject({ inLobby: 1, disconnected: 1 });
    expect(ids(r, { connection: "lobby" })).toEqual(["a"]);
    // Starting moves a lobby page into the exam.
    r = applyRosterEvent(r, progress("a", 1));
    expect(r.entries[0]).toMatchObject({ presence: "exam", status: "IN_PROGRESS" });
  });

  it("lists a sent message as each recipient's latest and counts each acknowledgement once", () => {
    let r = roster(entry("a"), entry("b"), entry("c"));
    const m = {
      id: "m1",
      sessionId: "s1",
      attemptId: null,
      text: "15 minutes left",
      at: "2021-06-01T09:45:00.000Z",
      acked: 0,
      recipients: 3,
    };
    const ack = (attemptId: string) =>
      ({
        type: "message-acked",
        e: { sessionId: "s1", messageId: "m1", attemptId, at: "2021-06-01T09:45:03.000Z" },
      }) as RosterEvent;
    r = applyRosterEvents(r, [
      { type: "message-sent", e: m },
      { type: "message-sent", e: m },
    ]);
    expect(r.messages).toHaveLength(1);
    expect(r.entries.every((e) => e.latestMessage?.id === "m1" && !e.latestMessage.acked)).toBe(true);
    r = applyRosterEvents(r, [ack("a"), ack("b"), ack("a")]);
    expect(r.messages[0]?.acked).toBe(2);
    expect(r.entries.map((e) => e.latestMessage?.acked)).toEqual([true, true, false]);
    // A message to one contestant only changes that contestant's latest.
    r = applyRosterEvent(r, {
      type: "message-sent",
      e: { ...m, id: "m2", attemptId: "c", recipients: 1, text: "Please raise your hand" },
    });
    expect(r.messages.map((x) => x.id)).toEqual(["m2", "m1"]);
    expect(r.entries.map((e) => e.latestMessage?.id)).toEqual(["m1", "m1", "m2"]);
  });

  it("keeps the latest incident's kind and time, and the idle time since the last save", () => {
    let r = roster(entry("a", { status: "IN_PROGRESS", startedAt: "2021-06-01T08:01:00.000Z" }));
    const incident = (at: string, kind: "copy" | "tab-hidden", count: number) =>
      ({ type: "incident", e: { sessionId: "s1", attemptId: "a", kind, at, count } }) as RosterEvent;
    r = applyRosterEvents(r, [
      incident("2021-06-01T08:05:00.000Z", "copy", 2),
      incident("2021-06-01T08:04:00.000Z", "tab-hidden", 1),
    ]);
    expect(r.entries[0]).toMatchObject({ incidents: 2, lastIncident: { kind: "copy" } });
    const e0 = r.entries[0] as RosterEntry;
    expect(idleOf(e0, Date.parse("2021-06-01T08:03:00.000Z"))).toBe(120_000);
    r = applyRosterEvent(r, progress("a", 2, { at: "2021-06-01T08:02:30.000Z" }));
    expect(idleOf(r.entries[0] as RosterEntry, Date.parse("2021-06-01T08:03:00.000Z"))).toBe(30_000);
  });
});

function ids(r: SessionRoster, q: Partial<typeof DEFAULT_QUERY>) {
  return selectRows(r, { ...DEFAULT_QUERY, ...q }, 0).map((e) => e.attemptId);
}

describe("progress per task and heartbeat batches", () => {
  const parts = [
    { id: "theory", title: "理论", theory: true },
    { id: "t1", title: "Boxes" },
    { id: "t2", title: "Polygons" },
  ];
  const withTasks = (...entries: RosterEntry[]): SessionRoster => {
    const r = roster(...entries);
    return { ...r, session: { ...r.session, tasks: parts } };
  };
  const tasks = (theory: number, t1: number, t2: number) => [
    { taskId: "theory", answered: theory, total: 10 },
    { taskId: "t1", answered: t1, total: 5 },
    { taskId: "t2", answered: t2, total: 3 },
  ];

  it("names each part from the roster's list, numbering the practical tasks", () => {
    const r = withTasks(entry("a", { tasks: tasks(4, 2, 1), answered: 7, total: 18 }));
    expect(taskPartsOf(r, r.entries[0] as RosterEntry)).toEqual([
      { taskId: "theory", answered: 4, total: 10, title: "理论", theory: true, n: 0 },
      { taskId: "t1", answered: 2, total: 5, title: "Boxes", theory: false, n: 1 },
      { taskId: "t2", answered: 1, total: 3, title: "Polygons", theory: false, n: 2 },
    ]);
  });

  it("takes the per-task counts of a progress push, and keeps them when a push has none (an older server)", () => {
    let r = withTasks(entry("a", { tasks: tasks(0, 0, 0), status: "IN_PROGRESS" }), entry("b"));
    r = applyRosterEvent(r, progress("a", 4, { total: 18, tasks: tasks(1, 2, 1) }));
    expect(r.entries[0]?.tasks).toEqual(tasks(1, 2, 1));
    expect(taskPartsOf(r, r.entries[0] as RosterEntry).map((p) => p.answered)).toEqual([1, 2, 1]);
    r = applyRosterEvent(r, progress("a", 5, { total: 18 }));
    expect(r.entries[0]?.answered).toBe(5);
    expect(r.entries[0]?.tasks).toEqual(tasks(1, 2, 1));
    expect(r.entries[1]?.tasks).toBeUndefined();
  });

  it("fills an older server's roster with no parts", () => {
    const store = new RosterStore(() => undefined);
    store.replace(roster(entry("a")));
    expect(store.get()?.session.tasks).toEqual([]);
    expect(store.get()?.entries[0]?.tasks).toEqual([]);
    expect(taskPartsOf(store.get() as SessionRoster, store.get()?.entries[0] as RosterEntry)).toEqual([]);
  });

  it("applies a batch of heartbeats in one flush, moving each last heartbeat forward only", () => {
    const flushes: (() => void)[] = [];
    const store = new RosterStore((f) => flushes.push(f));
    let notified = 0;
    store.subscribe(() => {
      notified += 1;
    });
    const t0 = Date.parse("2021-06-01T08:30:00.000Z");
    store.replace(
      roster(
        entry("a", { connected: true, status: "IN_PROGRESS", lastSeenAt: new Date(t0).toISOString() }),
        entry("b", { connected: true, status: "IN_PROGRESS", lastSeenAt: new Date(t0 + 9000).toISOString() }),
        entry("c"),
      ),
    );
    const beats = (at: number, list: [string, number][]): RosterEvent => ({
      type: "beats",
      e: { sessionId: "s1", at: new Date(at).toISOString(), beats: list },
    });
    store.push(
      beats(t0 + 5000, [
        ["a", t0 + 4000],
        ["b", t0 + 4000], // older than what the row has: kept
        ["zz", t0 + 4000], // not in the roster: ignored
      ]),
    );
    // Another session's batch: not applied.
    store.push({
      type: "beats",
      e: { sessionId: "other", at: new Date(t0 + 20_000).toISOString(), beats: [["a", t0 + 20_000]] },
    });
    store.push(beats(t0 + 10_000, [["a", t0 + 8000]]));
    expect(flushes).toHaveLength(1);
    flushes[0]?.();
    expect(notified).toBe(2);
    const e = store.get()?.entries ?? [];
    expect(e[0]?.lastSeenAt).toBe(new Date(t0 + 8000).toISOString());
    expect(e[1]?.lastSeenAt).toBe(new Date(t0 + 9000).toISOString());
    expect(e[2]?.lastSeenAt).toBeNull();
    // A beat says nothing about whether a page is open: presence events decide that.
    expect(e.map((x) => x.connected)).toEqual([true, true, false]);
  });

  it("applies 5,000 heartbeats in one batch", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      entry(`a${i}`, { connected: true, status: "IN_PROGRESS" }),
    );
    const r = roster(...many);
    const at = Date.parse("2021-06-01T08:30:00.000Z");
    const next = applyRosterEvents(r, [
      {
        type: "beats",
        e: {
          sessionId: "s1",
          at: new Date(at).toISOString(),
          beats: many.map((m, i) => [m.attemptId, at - i]),
        },
      },
    ]);
    expect(next.entries[4999]?.lastSeenAt).toBe(new Date(at - 4999).toISOString());
    expect(next.entries.every((x) => x.lastSeenAt !== null)).toBe(true);
  });
});

describe("windowOf", () => {
  it("renders only the rows in view and a few around them, whatever the roster's size", () => {
    expect(windowOf(0, 460, 46, 5000)).toEqual({ start: 0, end: 16 });
    const mid = windowOf(46 * 2500, 460, 46, 5000);
    expect(mid).toEqual({ start: 2494, end: 2516 });
    expect(mid.end - mid.start).toBeLessThan(30);
    expect(windowOf(46 * 5000, 460, 46, 5000)).toEqual({ start: 4994, end: 5000 });
    expect(windowOf(0, 460, 46, 3)).toEqual({ start: 0, end: 3 });
  });
});

describe("a venue of 5,000", () => {
  it("applies a burst of 20,000 progress events in one batch without changing untouched rows", () => {
    const entries = Array.from({ length: 5000 }, (_, i) =>
      entry(`a${i}`, { status: "IN_PROGRESS", connected: true, total: 10 }),
    );
    const r = roster(...entries);
    const events = Array.from({ length: 20_000 }, (_, i) => progress(`a${i % 2500}`, (i % 10) + 1));
    const next = applyRosterEvents(r, events);
    // The last event of a0 is #17500 (answered 1), of a1 #17501 (answered 2): the latest wins.
    expect(next.entries[0]?.answered).toBe(1);
    expect(next.entries[1]?.answered).toBe(2);
    expect(next.entries[4999]).toBe(r.entries[4999]);
    const f = venueFigures(next);
    expect(f.working).toBe(5000);
    expect(f.histogram.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(f.histogram[0]).toBe(2500);
  });
});
