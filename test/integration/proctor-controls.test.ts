// Proctor controls and live signals against the real server, Socket.IO, Redis and PostgreSQL:
// presence (lobby, offline within a few seconds), extend one/all with the contestant's notice,
// pause/resume one/all (saves refused, the deadline closer leaves paused attempts alone, the deadline
// moves by the paused span), lock/unlock, messages with acknowledgements, reports to the judges,
// incidents with details, the timeline, and authorization and bad input on every control; progress
// per task (roster and live pushes) and the heartbeat batches of connected contestants.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import type {
  AttemptNotice,
  AttemptState,
  AttemptTimeline,
  ContestantProgress,
  IncidentEvent,
  IncidentView,
  PresenceBeats,
  PresenceEvent,
  ProctorMessage,
  ProctorMessageView,
  SaveAnswerResult,
  SessionControlResult,
  SessionRoster,
} from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
let ps: Socket;
let cs1: Socket;
let cs2: Socket;
let c3: Client;
let c1: Client;
let a1: string;
let a2: string;
let a3: string;
let itemId: string;
let revision = 0;

beforeAll(async () => {
  stack = await startStack({ clock, worker: true });
  fx = await newExamFixture(stack.db, {
    now: clock.now(),
    durationMinutes: 60,
    contestants: 3,
    // Two practical tasks (5 and 3 items) after the ten theory questions: progress per task.
    tasks: [
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22, 33, 44, 55] },
      { ...DEFAULT_BOX_TASK, title: "Second task", sceneSeeds: [66, 77, 88] },
    ],
  });
  [a1, a2, a3] = fx.contestants.map((c) => c.attemptId) as [string, string, string];
  itemId = fx.items[0]?.id ?? "";
  const proctor = new Client(stack.baseUrl);
  await proctor.login(fx.proctor, PASSWORD);
  ps = proctor.socket("/proctor");
  await connected(ps);
  expect((await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data).toBeTruthy();
  const sockets: Socket[] = [];
  const clients: Client[] = [];
  for (const [i, id] of [a1, a2].entries()) {
    const c = new Client(stack.baseUrl);
    clients.push(c);
    await c.login(`T-00${i + 1}`, PASSWORD);
    expect((await c.post<AttemptState>(`/api/attempts/${id}/start`)).status).toBe(200);
    const s = c.socket("/exam");
    await connected(s);
    sockets.push(s);
  }
  [cs1, cs2] = sockets as [Socket, Socket];
  c1 = clients[0] as Client;
  c3 = new Client(stack.baseUrl);
  await c3.login("T-003", PASSWORD);
});
afterAll(async () => {
  for (const s of [ps, cs1, cs2]) s?.disconnect();
  await stack?.stop();
});

const row = (id: string) => stack.db.attempt.findUniqueOrThrow({ where: { id } });
const roster = async () =>
  (await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data;
const entry = async (id: string) => (await roster())?.entries.find((e) => e.attemptId === id);

function save(socket: Socket, attemptId: string, target = itemId) {
  revision += 1;
  return emitAck<SaveAnswerResult>(socket, "answer:save", {
    attemptId,
    target: { kind: "item", id: target },
    revision,
    data: { boxes: [{ id: `b${revision}`, label: "car", x: 10, y: 20, w: 30, h: 40 }] },
  });
}

describe("presence", () => {
  it("shows a contestant in the lobby, then offline soon after their page closes, with the last heartbeat", async () => {
    const lobby = nextEvent<PresenceEvent>(
      ps,
      "contestant:presence",
      (e) => e.attemptId === a3 && e.connected,
    );
    const s3 = c3.socket("/exam");
    await connected(s3);
    const seen = await lobby;
    expect(seen).toMatchObject({ sessionId: fx.sessionId, presence: "lobby" });
    expect(seen.lastSeenAt).toBeTruthy();
    const inLobby = await entry(a3);
    expect(inLobby).toMatchObject({ status: "NOT_STARTED", connected: true, presence: "lobby" });
    expect(Date.parse(inLobby?.lastSeenAt ?? "")).toBeGreaterThan(0);
    expect((await entry(a1))?.presence).toBe("exam");

    const offline = nextEvent<PresenceEvent>(
      ps,
      "contestant:presence",
      (e) => e.attemptId === a3 && !e.connected,
    );
    s3.disconnect();
    expect(await offline).toMatchObject({ presence: "offline", connected: false });
    const gone = await entry(a3);
    expect(gone).toMatchObject({ connected: false, presence: "offline" });
    expect(gone?.lastSeenAt).toBeTruthy();
  });

  it("says when the contestant last saved (idle time)", async () => {
    expect((await save(cs1, a1)).error).toBeUndefined();
    expect((await entry(a1))?.lastActivityAt).toBe(clock.now().toISOString());
    expect((await entry(a3))?.lastActivityAt).toBeNull();
  });
});

describe("progress per task", () => {
  it("counts filled answers per task in the roster and in the live progress, theory as one part", async () => {
    const [t1, t2] = [...new Set(fx.items.map((i) => i.taskId))] as [string, string];
    const first = fx.items.filter((i) => i.taskId === t1);
    const second = fx.items.filter((i) => i.taskId === t2);
    expect([first.length, second.length]).toEqual([5, 3]);
    const r0 = await roster();
    expect(r0?.session.tasks).toEqual([
      { id: "theory", title: expect.any(String), theory: true },
      { id: t1, title: DEFAULT_BOX_TASK.title },
      { id: t2, title: "Second task" },
    ]);
    for (const it of [first[0], first[1], second[2]])
      expect((await save(cs2, a2, it?.id)).error).toBeUndefined();
    const expected = [
      { taskId: "theory", answered: 0, total: 10 },
      { taskId: t1, answered: 2, total: 5 },
      { taskId: t2, answered: 1, total: 3 },
    ];
    // The coalesced push carries the same counts once the last save is in.
    const pushed = await nextEvent<ContestantProgress>(
      ps,
      "contestant:progress",
      (e) => e.attemptId === a2 && e.answered === 3,
    );
    expect(pushed.tasks).toEqual(expected);
    // Its times are the attempt's, to the millisecond, whatever the machine's time zone.
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: a2 } });
    expect(pushed).toMatchObject({
      status: "IN_PROGRESS",
      startedAt: row.startedAt?.toISOString(),
      deadlineAt: row.deadlineAt?.toISOString(),
    });
    const e2 = await entry(a2);
    expect(e2).toMatchObject({ answered: 3, total: 18 });
    expect(e2?.tasks).toEqual(expected);
    // Nothing saved yet by the third contestant: every part at zero.
    expect((await entry(a3))?.tasks?.map((t) => t.answered)).toEqual([0, 0, 0]);
  });
});

describe("heartbeat batches", () => {
  it("sends the session's proctors the connected contestants' last heartbeats, and no one else", async () => {
    const other = new Client(stack.baseUrl);
    await other.login(fx.otherProctor, PASSWORD);
    const os = other.socket("/proctor");
    await connected(os);
    // The other proctor tries to watch this session (refused) and watches their own.
    expect((await emitAck(os, "session:watch", { sessionId: fx.sessionId })).error?.code).toBe("FORBIDDEN");
    const theirs = await stack.db.examSession.findFirstOrThrow({ where: { name: "Other session" } });
    expect((await emitAck(os, "session:watch", { sessionId: theirs.id })).data).toBeTruthy();
    const leaked: PresenceBeats[] = [];
    os.on("presence:beats", (b: PresenceBeats) => leaked.push(b));

    const before = Date.now();
    const batch = await nextEvent<PresenceBeats>(ps, "presence:beats", (b) => Date.parse(b.at) >= before);
    expect(batch.sessionId).toBe(fx.sessionId);
    const beats = new Map(batch.beats);
    expect([...beats.keys()].sort()).toEqual([a1, a2].sort());
    const seen = beats.get(a1) ?? 0;
    // Refreshed every 2 s and sent only while fresh: within the 5 s ttl of the batch's time.
    expect(seen).toBeLessThanOrEqual(Date.parse(batch.at));
    expect(seen).toBeGreaterThanOrEqual(Date.parse(batch.at) - 5000);
    // The next batch too reaches this proctor; by then the other one got none.
    const next = await nextEvent<PresenceBeats>(ps, "presence:beats", (b) => b.at > batch.at);
    expect(new Map(next.beats).get(a1)).toBeGreaterThanOrEqual(seen);
    expect(leaked).toEqual([]);
    os.disconnect();
  });
});

describe("extend", () => {
  it("extends one attempt and the contestant gets a notice with the minutes and the new deadline", async () => {
    const before = (await row(a1)).deadlineAt as Date;
    const notice = nextEvent<AttemptNotice>(cs1, "attempt:notice", (n) => n.kind === "extended");
    const ack = await emitAck<AttemptState>(ps, "attempt:extend", {
      attemptId: a1,
      minutes: 5,
      reason: "PC crashed",
    });
    const expected = new Date(before.getTime() + 5 * 60_000).toISOString();
    expect(ack.data?.deadlineAt).toBe(expected);
    const n = await notice;
    expect(n).toMatchObject({ attemptId: a1, minutes: 5 });
    expect(n.state.deadlineAt).toBe(expected);
    expect(n.state.extensionSeconds).toBe(300);
  });

  it("extends every open attempt of the session, each audited and told", async () => {
    const [d1, d2] = [(await row(a1)).deadlineAt as Date, (await row(a2)).deadlineAt as Date];
    const n1 = nextEvent<AttemptNotice>(
      cs1,
      "attempt:notice",
      (n) => n.kind === "extended" && n.minutes === 3,
    );
    const n2 = nextEvent<AttemptNotice>(
      cs2,
      "attempt:notice",
      (n) => n.kind === "extended" && n.minutes === 3,
    );
    const ack = await emitAck<SessionControlResult>(ps, "session:extend", {
      sessionId: fx.sessionId,
      minutes: 3,
      reason: "Fire drill",
    });
    expect(ack.data?.affected.map((s) => s.attemptId).sort()).toEqual([a1, a2, a3].sort());
    expect((await n1).state.deadlineAt).toBe(new Date(d1.getTime() + 180_000).toISOString());
    expect((await n2).state.deadlineAt).toBe(new Date(d2.getTime() + 180_000).toISOString());
    // The contestant not started yet gets the time when they start.
    expect((await row(a3)).extensionSeconds).toBe(180);
    const audit = await stack.db.auditEntry.findMany({
      where: { action: "attempt.extend", reason: "Fire drill" },
    });
    expect(audit.map((a) => a.target).sort()).toEqual([a1, a2, a3].map((id) => `attempt:${id}`).sort());
  });
});

describe("pause and resume", () => {
  it("pauses one attempt: the page is told, saves and submit are refused and nothing changes; resume moves the deadline by the paused span", async () => {
    const before = await row(a1);
    const notice = nextEvent<AttemptNotice>(cs1, "attempt:notice", (n) => n.kind === "paused");
    const ack = await emitAck<AttemptState>(ps, "attempt:pause", { attemptId: a1, reason: "Toilet break" });
    expect(ack.data?.pausedAt).toBe(clock.now().toISOString());
    expect((await notice).state.pausedAt).toBe(clock.now().toISOString());

    const stored = await stack.db.answer.findFirst({ where: { attemptId: a1, itemId } });
    const refused = await save(cs1, a1);
    expect(refused.error?.code).toBe("ATTEMPT_PAUSED");
    expect(await stack.db.answer.findFirst({ where: { attemptId: a1, itemId } })).toEqual(stored);
    // (A second sign-in would end this one's sockets: the page's own client hands in.)
    const submit = await c1.post(`/api/attempts/${a1}/submit`);
    expect(submit.status).toBe(409);
    expect((submit.body as { error?: { code: string } }).error?.code).toBe("ATTEMPT_PAUSED");
    expect((await row(a1)).status).toBe("IN_PROGRESS");
    // A second pause is a conflict, not a second pause.
    expect((await emitAck(ps, "attempt:pause", { attemptId: a1, reason: "again" })).error?.code).toBe(
      "CONFLICT",
    );

    // Time left stands still while paused.
    const left = (await entry(a1))?.remainingMs;
    clock.advance(7 * 60_000);
    expect((await entry(a1))?.remainingMs).toBe(left);

    const resumed = nextEvent<AttemptNotice>(cs1, "attempt:notice", (n) => n.kind === "resumed");
    const r = await emitAck<AttemptState>(ps, "attempt:resume", { attemptId: a1, reason: "Back" });
    const moved = new Date((before.deadlineAt as Date).getTime() + 7 * 60_000).toISOString();
    expect(r.data).toMatchObject({ deadlineAt: moved, pausedAt: null, pausedSeconds: 420 });
    expect((await resumed).state.deadlineAt).toBe(moved);
    expect((await save(cs1, a1)).error).toBeUndefined();
    expect((await emitAck(ps, "attempt:resume", { attemptId: a1, reason: "again" })).error?.code).toBe(
      "CONFLICT",
    );
  });

  it("pauses the whole session: the deadline closer leaves paused attempts alone past their deadline", async () => {
    const [d1, d2] = [(await row(a1)).deadlineAt as Date, (await row(a2)).deadlineAt as Date];
    const n2 = nextEvent<AttemptNotice>(cs2, "attempt:notice", (n) => n.kind === "paused");
    const paused = await emitAck<SessionControlResult>(ps, "session:pause", {
      sessionId: fx.sessionId,
      reason: "Power cut",
    });
    expect(paused.data?.affected.map((s) => s.attemptId).sort()).toEqual([a1, a2].sort());
    await n2;
    // Both deadlines pass while paused: nothing is closed.
    const span = Math.max(d1.getTime(), d2.getTime()) - clock.now().getTime() + 10 * 60_000;
    clock.advance(span);
    expect(await stack.worker?.closer.closeOverdue()).toBe(0);
    expect((await row(a1)).status).toBe("IN_PROGRESS");
    expect((await row(a2)).status).toBe("IN_PROGRESS");
    expect((await save(cs2, a2)).error?.code).toBe("ATTEMPT_PAUSED");

    const resumed = await emitAck<SessionControlResult>(ps, "session:resume", {
      sessionId: fx.sessionId,
      reason: "Power back",
    });
    const byId = new Map(resumed.data?.affected.map((s) => [s.attemptId, s]));
    expect(byId.get(a1)?.deadlineAt).toBe(new Date(d1.getTime() + span).toISOString());
    expect(byId.get(a2)?.deadlineAt).toBe(new Date(d2.getTime() + span).toISOString());
    expect(await stack.worker?.closer.closeOverdue()).toBe(0);
    expect((await save(cs2, a2)).error).toBeUndefined();
  });
});

describe("lock and unlock", () => {
  it("locks the page and refuses saves while the clock keeps running; unlock lets the contestant go on", async () => {
    const before = await row(a2);
    const locked = nextEvent<AttemptNotice>(cs2, "attempt:notice", (n) => n.kind === "locked");
    const ack = await emitAck<AttemptState>(ps, "attempt:lock", {
      attemptId: a2,
      reason: "Phone on the desk",
    });
    expect(ack.data?.lockedAt).toBe(clock.now().toISOString());
    expect((await locked).state.lockedAt).toBeTruthy();
    expect((await save(cs2, a2)).error?.code).toBe("ATTEMPT_LOCKED");
    clock.advance(60_000);
    // The clock runs: the deadline did not move and time left shrank.
    expect((await row(a2)).deadlineAt).toEqual(before.deadlineAt);
    expect((await entry(a2))?.lockedAt).toBeTruthy();
    const unlocked = nextEvent<AttemptNotice>(cs2, "attempt:notice", (n) => n.kind === "unlocked");
    expect(
      (await emitAck<AttemptState>(ps, "attempt:unlock", { attemptId: a2, reason: "Checked" })).data
        ?.lockedAt,
    ).toBeNull();
    await unlocked;
    expect((await save(cs2, a2)).error).toBeUndefined();
    expect((await emitAck(ps, "attempt:unlock", { attemptId: a2, reason: "again" })).error?.code).toBe(
      "CONFLICT",
    );
    const audit = await stack.db.auditEntry.findMany({
      where: { target: `attempt:${a2}`, action: { in: ["attempt.lock", "attempt.unlock"] } },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["attempt.lock", "Phone on the desk"],
      ["attempt.unlock", "Checked"],
    ]);
  });
  it("keeps a contestant locked in the lobby from starting until unlocked", async () => {
    expect(
      (await emitAck(ps, "attempt:lock", { attemptId: a3, reason: "Identity check" })).error,
    ).toBeUndefined();
    const refused = await c3.post(`/api/attempts/${a3}/start`);
    expect(refused.status).toBe(409);
    expect((refused.body as { error?: { code: string } }).error?.code).toBe("ATTEMPT_LOCKED");
    expect((await row(a3)).status).toBe("NOT_STARTED");
    expect(
      (await emitAck(ps, "attempt:unlock", { attemptId: a3, reason: "Identity confirmed" })).error,
    ).toBeUndefined();
  });
});

describe("messages", () => {
  it("reaches one contestant, who acknowledges it; the proctor sees the ack and the roster says who has", async () => {
    const got = nextEvent<ProctorMessage>(cs1, "proctor:message", (m) => m.text === "Sit upright");
    const sent = await emitAck<{ sent: true; message: ProctorMessageView }>(ps, "message:send", {
      sessionId: fx.sessionId,
      attemptId: a1,
      text: "Sit upright",
    });
    const id = sent.data?.message.id ?? "";
    expect((await got).id).toBe(id);
    expect((await entry(a1))?.latestMessage).toMatchObject({ id, acked: false });
    // Someone else cannot acknowledge it.
    expect((await emitAck(cs2, "message:ack", { messageId: id })).error?.code).toBe("NOT_FOUND");
    const acked = nextEvent<{ messageId: string; attemptId: string }>(
      ps,
      "message:acked",
      (e) => e.messageId === id,
    );
    const ack = await emitAck<{ messageId: string; at: string }>(cs1, "message:ack", { messageId: id });
    expect(ack.data?.messageId).toBe(id);
    expect((await acked).attemptId).toBe(a1);
    // Idempotent: the first time stands.
    expect((await emitAck<{ at: string }>(cs1, "message:ack", { messageId: id })).data?.at).toBe(
      ack.data?.at,
    );
    expect((await entry(a1))?.latestMessage).toMatchObject({ id, acked: true, ackedAt: ack.data?.at });
  });

  it("reaches everyone; the roster shows who has acknowledged the latest message", async () => {
    clock.advance(1000);
    const got1 = nextEvent<ProctorMessage>(cs1, "proctor:message", (m) => m.text === "15 minutes left");
    const got2 = nextEvent<ProctorMessage>(cs2, "proctor:message", (m) => m.text === "15 minutes left");
    const sent = await emitAck<{ message: ProctorMessageView }>(ps, "message:send", {
      sessionId: fx.sessionId,
      text: "15 minutes left",
    });
    const id = sent.data?.message.id ?? "";
    expect(sent.data?.message).toMatchObject({ attemptId: null, recipients: 3, acked: 0 });
    await Promise.all([got1, got2]);
    const acked = nextEvent<{ attemptId: string }>(ps, "message:acked", (e) => e.attemptId === a2);
    expect((await emitAck(cs2, "message:ack", { messageId: id })).error).toBeUndefined();
    await acked;
    const r = await roster();
    const byId = new Map(r?.entries.map((e) => [e.attemptId, e.latestMessage]));
    expect(byId.get(a2)).toMatchObject({ id, acked: true });
    expect(byId.get(a1)).toMatchObject({ id, acked: false });
    expect(r?.messages[0]).toMatchObject({ id, acked: 1, recipients: 3 });
    expect(await stack.db.messageAck.count({ where: { messageId: id } })).toBe(1);
  });
});

describe("incidents and reports", () => {
  it("gives incidents with kind, time and details, and reports to the judges as a flagged incident", async () => {
    const pushed = nextEvent<IncidentEvent>(ps, "contestant:incident", (e) => e.kind === "tab-hidden");
    expect(
      (
        await emitAck(cs1, "incident:report", {
          attemptId: a1,
          kind: "tab-hidden",
          details: { hiddenMs: 1200 },
        })
      ).error,
    ).toBeUndefined();
    expect((await pushed).details).toEqual({ hiddenMs: 1200 });

    clock.advance(1000);
    const reported = nextEvent<IncidentEvent>(ps, "contestant:incident", (e) => e.kind === "proctor-report");
    const report = await emitAck<IncidentView>(ps, "attempt:report", {
      attemptId: a1,
      reason: "Looked at a phone",
      note: "Seat 12, twice",
    });
    expect(report.data).toMatchObject({
      kind: "proctor-report",
      details: { reason: "Looked at a phone", note: "Seat 12, twice" },
    });
    expect((await reported).details).toMatchObject({ reason: "Looked at a phone" });
    const list = await emitAck<IncidentView[]>(ps, "attempt:incidents", { attemptId: a1 });
    expect(list.data?.map((i) => i.kind)).toEqual(["tab-hidden", "proctor-report"]);
    expect(list.data?.[0]?.details).toEqual({ hiddenMs: 1200 });
    expect(await entry(a1)).toMatchObject({ incidents: 2, lastIncident: { kind: "proctor-report" } });
    expect(
      await stack.db.auditEntry.count({ where: { action: "attempt.report", target: `attempt:${a1}` } }),
    ).toBe(1);
  });
});

describe("timeline", () => {
  it("lists every event of the attempt in time order", async () => {
    const t = await emitAck<AttemptTimeline>(ps, "attempt:timeline", { attemptId: a1 });
    const events = t.data?.events ?? [];
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ["started", "saves", "incident", "control", "message", "message-ack"])
      expect(kinds).toContain(k);
    const actions = events.flatMap((e) => (e.kind === "control" ? [e.action] : []));
    expect(actions).toEqual(
      expect.arrayContaining(["attempt.extend", "attempt.pause", "attempt.resume", "attempt.report"]),
    );
    const saves = events.flatMap((e) => (e.kind === "saves" ? [e.count] : []));
    // The saves taken (the one refused while paused is not one).
    expect(saves.reduce((a, b) => a + b, 0)).toBe(2);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(events[0]?.kind).toBe("started");
    const http = new Client(stack.baseUrl);
    await http.login(fx.proctor, PASSWORD);
    const viaHttp = await http.get<AttemptTimeline>(`/api/attempts/${a1}/timeline`);
    expect(viaHttp.body.data?.events.length).toBe(events.length);
  });
});

describe("a console that reconnects", () => {
  it("catches up through session:watch: what happened while it was away is in the roster", async () => {
    const proctor = new Client(stack.baseUrl);
    await proctor.login(fx.proctor, PASSWORD);
    const away = proctor.socket("/proctor");
    await connected(away);
    expect((await emitAck(away, "session:watch", { sessionId: fx.sessionId })).error).toBeUndefined();
    away.disconnect();
    // Meanwhile, another console pauses the contestant and they report an incident.
    expect(
      (await emitAck(ps, "attempt:pause", { attemptId: a2, reason: "Reconnect test" })).error,
    ).toBeUndefined();
    away.connect();
    await connected(away);
    const caught = await emitAck<SessionRoster>(away, "session:watch", { sessionId: fx.sessionId });
    const e = caught.data?.entries.find((x) => x.attemptId === a2);
    expect(e?.pausedAt).toBe(clock.now().toISOString());
    expect(e).toMatchObject({ presence: "exam", connected: true });
    // And it receives the session's events again.
    const control = nextEvent<{ attemptId: string; action: string }>(
      away,
      "attempt:control",
      (c) => c.attemptId === a2,
    );
    expect(
      (await emitAck(ps, "attempt:resume", { attemptId: a2, reason: "Reconnect test" })).error,
    ).toBeUndefined();
    expect((await control).action).toBe("resume");
    away.disconnect();
  });
});

describe("authorization and bad input", () => {
  it("refuses a proctor of another session every watch, control and query, and changes nothing", async () => {
    const other = new Client(stack.baseUrl);
    await other.login(fx.otherProctor, PASSWORD);
    const os = other.socket("/proctor");
    await connected(os);
    const audits = await stack.db.auditEntry.count();
    const before = await row(a1);
    const calls: [string, object][] = [
      ["session:watch", { sessionId: fx.sessionId }],
      ["attempt:extend", { attemptId: a1, minutes: 5, reason: "nope" }],
      ["session:extend", { sessionId: fx.sessionId, minutes: 5, reason: "nope" }],
      ["attempt:pause", { attemptId: a1, reason: "nope" }],
      ["attempt:resume", { attemptId: a1, reason: "nope" }],
      ["session:pause", { sessionId: fx.sessionId, reason: "nope" }],
      ["session:resume", { sessionId: fx.sessionId, reason: "nope" }],
      ["attempt:lock", { attemptId: a1, reason: "nope" }],
      ["attempt:unlock", { attemptId: a1, reason: "nope" }],
      ["attempt:report", { attemptId: a1, reason: "nope" }],
      ["attempt:force-submit", { attemptId: a1, reason: "nope" }],
      ["message:send", { sessionId: fx.sessionId, text: "nope" }],
      ["attempt:timeline", { attemptId: a1 }],
      ["attempt:incidents", { attemptId: a1 }],
    ];
    for (const [event, payload] of calls)
      expect((await emitAck(os, event, payload)).error?.code, event).toBe("FORBIDDEN");
    os.disconnect();
    expect(await stack.db.auditEntry.count()).toBe(audits);
    expect(await row(a1)).toEqual(before);
  });

  it("refuses the same over HTTP: a proctor of another session, no reason, an unknown attempt", async () => {
    const other = new Client(stack.baseUrl);
    await other.login(fx.otherProctor, PASSWORD);
    const proctor = new Client(stack.baseUrl);
    await proctor.login(fx.proctor, PASSWORD);
    const before = await row(a1);
    const forbidden = await other.post(`/api/sessions/${fx.sessionId}/pause`, { reason: "nope nope" });
    expect(forbidden.status).toBe(403);
    expect((await other.post(`/api/attempts/${a1}/lock`, { reason: "nope nope" })).status).toBe(403);
    expect((await other.get(`/api/attempts/${a1}/incidents`)).status).toBe(403);
    const noReason = await proctor.post(`/api/attempts/${a1}/pause`, {});
    expect(noReason.status).toBe(400);
    expect((noReason.body as { error?: { code: string } }).error?.code).toBe("VALIDATION_FAILED");
    expect(
      (await proctor.post(`/api/attempts/no-such-attempt/resume`, { reason: "valid reason" })).status,
    ).toBe(404);
    expect(await row(a1)).toEqual(before);
  });

  it("refuses a contestant the proctor namespace", async () => {
    await expect(connected(c1.socket("/proctor"))).rejects.toThrow();
  });

  it("refuses NaN minutes, a missing reason, NUL, a lone surrogate and an unknown attempt with a code", async () => {
    const audits = await stack.db.auditEntry.count();
    const before = await row(a1);
    const bad: [string, object, string][] = [
      ["attempt:extend", { attemptId: a1, minutes: Number.NaN, reason: "valid reason" }, "VALIDATION_FAILED"],
      [
        "session:extend",
        { sessionId: fx.sessionId, minutes: 1.5, reason: "valid reason" },
        "VALIDATION_FAILED",
      ],
      ["attempt:pause", { attemptId: a1 }, "VALIDATION_FAILED"],
      ["attempt:lock", { attemptId: a1, reason: "   " }, "VALIDATION_FAILED"],
      ["attempt:pause", { attemptId: a1, reason: "bad\u0000reason" }, "VALIDATION_FAILED"],
      ["attempt:report", { attemptId: a1, reason: "bad \ud800 reason" }, "VALIDATION_FAILED"],
      ["session:pause", { sessionId: fx.sessionId, reason: "ok reason", extra: 1 }, "VALIDATION_FAILED"],
      ["attempt:pause", { attemptId: "no-such-attempt", reason: "valid reason" }, "NOT_FOUND"],
      ["attempt:timeline", { attemptId: "no-such-attempt" }, "NOT_FOUND"],
      ["session:resume", { sessionId: "no-such-session", reason: "valid reason" }, "NOT_FOUND"],
    ];
    for (const [event, payload, code] of bad) {
      const res = await emitAck(ps, event, payload);
      expect(res.error?.code, `${event} ${JSON.stringify(payload)}`).toBe(code);
      expect(res.error?.message).toBeTruthy();
    }
    expect((await emitAck(cs1, "message:ack", { messageId: "no-such-message" })).error?.code).toBe(
      "NOT_FOUND",
    );
    expect(await stack.db.auditEntry.count()).toBe(audits);
    expect(await row(a1)).toEqual(before);
  });
});
