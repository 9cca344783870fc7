// Proctor actions against the real server: extend time and force-submit, each authorized, validated
// and written to the audit log with its reason.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import type { AttemptState, ProctorMessage, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
let proctor: Client;
let ps: Socket;
let contestant: Client;
let cs: Socket;
let attemptId: string;
let deadline: Date;

beforeAll(async () => {
  stack = await startStack({ clock });
  fx = await newExamFixture(stack.db, { now: clock.now(), durationMinutes: 60, contestants: 3 });
  attemptId = fx.contestants[0]?.attemptId ?? "";
  proctor = new Client(stack.baseUrl);
  await proctor.login(fx.proctor, PASSWORD);
  ps = proctor.socket("/proctor");
  await connected(ps);
  expect((await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data).toBeTruthy();
  contestant = new Client(stack.baseUrl);
  await contestant.login("T-001", PASSWORD);
  deadline = new Date(
    (await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).body.data?.deadlineAt ?? "",
  );
  cs = contestant.socket("/exam");
  await connected(cs);
});
afterAll(async () => {
  ps?.disconnect();
  cs?.disconnect();
  await stack?.stop();
});

const audits = (action: string) =>
  stack.db.auditEntry.findMany({ where: { action, target: `attempt:${attemptId}` }, orderBy: { at: "asc" } });

describe("attempt:extend", () => {
  it("moves the deadline, tells the contestant, and audits actor and reason", async () => {
    const extended = new Date(deadline.getTime() + 10 * 60_000).toISOString();
    // The push on connecting may still be on its way: wait for the one with the new deadline.
    const pushed = nextEvent<AttemptState>(
      cs,
      "attempt:state",
      (s) => s.attemptId === attemptId && s.deadlineAt === extended,
    );
    const ack = await emitAck<AttemptState>(ps, "attempt:extend", {
      attemptId,
      minutes: 10,
      reason: "机器故障 PC crashed",
    });
    expect(ack.data?.deadlineAt).toBe(extended);
    expect((await pushed).deadlineAt).toBe(extended);
    const [entry] = await audits("attempt.extend");
    expect(entry).toMatchObject({
      reason: "机器故障 PC crashed",
      details: { minutes: 10, deadlineAt: extended },
    });
    const staff = await stack.db.user.findUniqueOrThrow({ where: { username: fx.proctor } });
    expect(entry?.actorId).toBe(staff.id);
    // A save after the old deadline but before the new one is accepted.
    clock.set(new Date(deadline.getTime() + 5 * 60_000));
    const save = await emitAck(cs, "answer:save", {
      attemptId,
      target: { kind: "question", id: fx.questions[0]?.id },
      revision: 1,
      data: { choice: "A" },
    });
    expect(save.error).toBeUndefined();
  });

  it.each([
    ["no reason", { minutes: 5 }],
    ["an empty reason", { minutes: 5, reason: " " }],
    ["zero minutes", { minutes: 0, reason: "late bus" }],
    ["too many minutes", { minutes: 1000, reason: "late bus" }],
    ["minutes as a string", { minutes: "5", reason: "late bus" }],
  ])("refuses %s with VALIDATION_FAILED and changes nothing", async (_name, body) => {
    const before = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    const ack = await emitAck(ps, "attempt:extend", { attemptId, ...body });
    expect(ack.error?.code).toBe("VALIDATION_FAILED");
    expect(await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).toEqual(before);
    expect(await audits("attempt.extend")).toHaveLength(1);
  });

  it("is refused to a proctor of another session and to contestants", async () => {
    const other = new Client(stack.baseUrl);
    await other.login(fx.otherProctor, PASSWORD);
    const res = await other.post(`/api/attempts/${attemptId}/extend`, { minutes: 5, reason: "please" });
    expect(res.status).toBe(403);
    const byContestant = await contestant.post(`/api/attempts/${attemptId}/extend`, {
      minutes: 5,
      reason: "please",
    });
    expect(byContestant.status).toBe(403);
    expect(await audits("attempt.extend")).toHaveLength(1);
  });

  it("gives a contestant who has not started yet the extra time when they start", async () => {
    const second = fx.contestants[1];
    const res = await proctor.post<AttemptState>(`/api/attempts/${second?.attemptId}/extend`, {
      minutes: 15,
      reason: "arrived with a doctor's note",
    });
    expect(res.status).toBe(200);
    const c2 = new Client(stack.baseUrl);
    await c2.login(second?.ticket ?? "", PASSWORD);
    clock.set(new Date(deadline.getTime() - 30 * 60_000));
    const started = await c2.post<AttemptState>(`/api/attempts/${second?.attemptId}/start`);
    expect(started.body.data?.deadlineAt).toBe(new Date(deadline.getTime() + 15 * 60_000).toISOString());
  });
});

describe("message:send", () => {
  it("reaches one contestant or the whole session, and is audited", async () => {
    const c2 = new Client(stack.baseUrl);
    await c2.login(fx.contestants[1]?.ticket ?? "", PASSWORD);
    const s2 = c2.socket("/exam");
    await connected(s2);
    const got2: ProctorMessage[] = [];
    s2.on("proctor:message", (m: ProctorMessage) => got2.push(m));

    const toOne = nextEvent<ProctorMessage>(cs, "proctor:message");
    const one = await emitAck(ps, "message:send", {
      sessionId: fx.sessionId,
      attemptId,
      text: "请坐正 Please sit upright",
    });
    expect(one.data).toMatchObject({ sent: true });
    expect(await toOne).toMatchObject({ attemptId, text: "请坐正 Please sit upright" });

    const toAll = nextEvent<ProctorMessage>(s2, "proctor:message", (m) => m.attemptId === null);
    const toAllFirst = nextEvent<ProctorMessage>(cs, "proctor:message", (m) => m.attemptId === null);
    await emitAck(ps, "message:send", { sessionId: fx.sessionId, text: "还有 15 分钟 15 minutes left" });
    expect((await toAll).text).toBe("还有 15 分钟 15 minutes left");
    expect((await toAllFirst).text).toBe("还有 15 分钟 15 minutes left");
    // The one-to-one message never reached the other contestant.
    expect(got2.map((m) => m.text)).toEqual(["还有 15 分钟 15 minutes left"]);
    const audit = await stack.db.auditEntry.findMany({
      where: { action: "message.send" },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.target)).toEqual([`attempt:${attemptId}`, `session:${fx.sessionId}`]);
    s2.disconnect();
  });

  it("refuses empty or long text, an unknown attempt and a proctor of another session", async () => {
    expect(
      (await emitAck(ps, "message:send", { sessionId: fx.sessionId, attemptId: "nope", text: "hi" })).error
        ?.code,
    ).toBe("NOT_FOUND");
    expect((await emitAck(ps, "message:send", { sessionId: fx.sessionId, text: "  " })).error?.code).toBe(
      "VALIDATION_FAILED",
    );
    expect(
      (await emitAck(ps, "message:send", { sessionId: fx.sessionId, text: "x".repeat(501) })).error?.code,
    ).toBe("VALIDATION_FAILED");
    const other = new Client(stack.baseUrl);
    await other.login(fx.otherProctor, PASSWORD);
    const os = other.socket("/proctor");
    await connected(os);
    expect((await emitAck(os, "message:send", { sessionId: fx.sessionId, text: "hello" })).error?.code).toBe(
      "FORBIDDEN",
    );
    os.disconnect();
    expect(await stack.db.auditEntry.count({ where: { action: "message.send" } })).toBe(2);
  });
});

describe("attempt:force-submit", () => {
  it("freezes the attempt, tells the contestant and the proctors, and audits the reason", async () => {
    const toContestant = nextEvent<{ attemptId: string; closedBy: string }>(cs, "attempt:closed");
    const toProctors = nextEvent<{ attemptId: string; closedBy: string }>(
      ps,
      "attempt:closed",
      (e) => e.attemptId === attemptId,
    );
    const ack = await emitAck(ps, "attempt:force-submit", { attemptId, reason: "违规使用手机 phone use" });
    expect(ack.data).toEqual({ frozen: true });
    expect((await toContestant).closedBy).toBe("PROCTOR");
    expect((await toProctors).closedBy).toBe("PROCTOR");
    const [entry] = await audits("attempt.force-submit");
    expect(entry?.reason).toBe("违规使用手机 phone use");
    const save = await emitAck(cs, "answer:save", {
      attemptId,
      target: { kind: "question", id: fx.questions[0]?.id },
      revision: 2,
      data: { choice: "B" },
    });
    expect(save.error?.code).toBe("ATTEMPT_CLOSED");
  });

  it("refuses a second force-submit, a missing reason and an attempt not started", async () => {
    expect((await emitAck(ps, "attempt:force-submit", { attemptId, reason: "again" })).error?.code).toBe(
      "ATTEMPT_CLOSED",
    );
    expect((await emitAck(ps, "attempt:force-submit", { attemptId })).error?.code).toBe("VALIDATION_FAILED");
    const third = fx.contestants[2]?.attemptId;
    expect((await emitAck(ps, "attempt:force-submit", { attemptId: third, reason: "x y" })).error?.code).toBe(
      "ATTEMPT_NOT_STARTED",
    );
    expect(
      (await emitAck(ps, "attempt:force-submit", { attemptId: "nope", reason: "x y" })).error?.code,
    ).toBe("NOT_FOUND");
    expect(await audits("attempt.force-submit")).toHaveLength(1);
  });
});
