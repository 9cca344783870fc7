// Autosave semantics over Socket.IO (and its HTTP fallback) against the real PostgreSQL: acks only
// after the commit, revisions idempotent and ordered, bad input refused with a code, nothing lost.

import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import type { AttemptState, SaveAnswerResult } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
let contestant: Client;
let socket: Socket;
let attemptId: string;
let itemId: string;
let questionId: string;
let deadline: Date;

beforeAll(async () => {
  stack = await startStack({ clock });
  fx = await newExamFixture(stack.db, { now: clock.now(), durationMinutes: 60 });
  attemptId = fx.contestants[0]?.attemptId ?? "";
  itemId = fx.items[0]?.id ?? "";
  questionId = fx.questions[0]?.id ?? "";
  contestant = new Client(stack.baseUrl);
  await contestant.login("T-001", PASSWORD);
  const started = await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`);
  expect(started.status).toBe(200);
  deadline = new Date(started.body.data?.deadlineAt ?? "");
  socket = contestant.socket("/exam");
  await connected(socket);
});
afterAll(async () => {
  socket?.disconnect();
  await stack?.stop();
});

const box = (id: string, x = 10, y = 20, w = 30, h = 40, label = "car") => ({ id, label, x, y, w, h });

function save(revision: number, data: unknown, target: object = { kind: "item", id: itemId }) {
  return emitAck<SaveAnswerResult>(socket, "answer:save", { attemptId, target, revision, data });
}

async function stored(target: "item" | "question" = "item") {
  return stack.db.answer.findFirst({
    where: target === "item" ? { attemptId, itemId } : { attemptId, questionId },
    select: { revision: true, data: true },
  });
}

describe("answer:save", () => {
  beforeEach(() => clock.set(new Date(deadline.getTime() - 30 * 60_000)));

  it("acks with the revision only after the answer is committed", async () => {
    const ack = await save(1, { boxes: [box("a")] });
    expect(ack.error).toBeUndefined();
    expect(ack.data).toMatchObject({ revision: 1, duplicate: false });
    // The ack arrived, so the row must already be visible to another connection.
    expect(await stored()).toEqual({ revision: 1, data: { boxes: [box("a")] } });
  });

  it("treats the same revision again as a duplicate and changes nothing", async () => {
    const again = await save(1, { boxes: [box("a")] });
    expect(again.data).toMatchObject({ revision: 1, duplicate: true });
    const conflicting = await save(1, { boxes: [box("b")] });
    expect(conflicting.error?.code).toBe("CONFLICT");
    expect(await stored()).toEqual({ revision: 1, data: { boxes: [box("a")] } });
  });

  it("keeps the highest revision when saves arrive out of order", async () => {
    expect((await save(3, { boxes: [box("a"), box("c", 100, 100)] })).data?.revision).toBe(3);
    const late = await save(2, { boxes: [] });
    expect(late.error?.code).toBe("STALE_REVISION");
    expect(late.error?.details).toEqual({ currentRevision: 3 });
    expect((await stored())?.revision).toBe(3);
    expect((await stored())?.data).toMatchObject({ boxes: [{ id: "a" }, { id: "c" }] });
  });

  it("commits concurrent saves of one item in revision order whatever order they land in", async () => {
    const results = await Promise.all([6, 4, 5].map((r) => save(r, { boxes: [box(`r${r}`)] })));
    expect(results.some((r) => r.data?.revision === 6)).toBe(true);
    expect(await stored()).toEqual({ revision: 6, data: { boxes: [box("r6")] } });
  });

  it.each([
    ["a string coordinate", { boxes: [{ ...box("x"), x: "10" }] }],
    ["a NaN coordinate (sent as null)", { boxes: [{ ...box("x"), y: Number.NaN }] }],
    ["an infinite size", { boxes: [{ ...box("x"), w: Number.POSITIVE_INFINITY }] }],
    ["a negative width", { boxes: [box("x", 10, 10, -5, 10)] }],
    ["a zero height", { boxes: [box("x", 10, 10, 5, 0)] }],
    ["an unknown label", { boxes: [box("x", 10, 10, 5, 5, "spaceship")] }],
    ["a box outside the image", { boxes: [box("x", 600, 400, 200, 200)] }],
    ["duplicate box ids", { boxes: [box("x"), box("x", 50, 50)] }],
    ["an extra property", { boxes: [{ ...box("x"), rotation: 45 }] }],
    ["no boxes array", { shapes: [] }],
    ["a bare number", 42],
  ])("refuses %s with VALIDATION_FAILED and keeps the saved answer", async (_name, data) => {
    const before = await stored();
    const ack = await save(100, data);
    expect(ack.error?.code).toBe("VALIDATION_FAILED");
    expect(ack.error?.message).toBeTruthy();
    expect(await stored()).toEqual(before);
  });

  it("refuses malformed requests: bad revision, unknown target kind, unknown item", async () => {
    const before = await stored();
    for (const revision of [0, -1, 1.5, "7", null]) {
      const ack = await emitAck(socket, "answer:save", {
        attemptId,
        target: { kind: "item", id: itemId },
        revision,
        data: { boxes: [] },
      });
      expect(ack.error?.code).toBe("VALIDATION_FAILED");
    }
    const kind = await emitAck(socket, "answer:save", {
      attemptId,
      target: { kind: "video", id: itemId },
      revision: 9,
      data: {},
    });
    expect(kind.error?.code).toBe("VALIDATION_FAILED");
    const missing = await save(9, { boxes: [] }, { kind: "item", id: "no-such-item" });
    expect(missing.error?.code).toBe("NOT_FOUND");
    const garbage = await emitAck(socket, "answer:save", "not an object");
    expect(garbage.error?.code).toBe("VALIDATION_FAILED");
    expect(await stored()).toEqual(before);
  });

  it("refuses an answer over 1 MB with PAYLOAD_TOO_LARGE and keeps the connection", async () => {
    const before = await stored();
    const huge = { boxes: [{ ...box("x"), id: "x".repeat(64) }], note: "y".repeat(1_500_000) };
    const ack = await save(200, huge);
    expect(ack.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await stored()).toEqual(before);
    expect(socket.connected).toBe(true);
  });

  it("validates question answers against the question's kind and options", async () => {
    const q = fx.questions[0];
    expect(q?.spec.kind).toBe("SINGLE_CHOICE");
    const target = { kind: "question", id: questionId };
    expect((await save(1, { choice: "B" }, target)).data?.revision).toBe(1);
    for (const bad of [{ choice: "Z" }, { choices: ["A"] }, { value: true }, { choice: 1 }]) {
      expect((await save(2, bad, target)).error?.code).toBe("VALIDATION_FAILED");
    }
    expect(await stored("question")).toEqual({ revision: 1, data: { choice: "B" } });
    const mc = fx.questions.find((x) => x.spec.kind === "MULTIPLE_CHOICE");
    const dup = await save(1, { choices: ["A", "A"] }, { kind: "question", id: mc?.id });
    expect(dup.error?.code).toBe("VALIDATION_FAILED");
  });

  it("offers the same semantics over HTTP", async () => {
    const put = (revision: number, data: unknown) =>
      contestant.put<SaveAnswerResult>(`/api/attempts/${attemptId}/answers`, {
        target: { kind: "item", id: itemId },
        revision,
        data,
      });
    const ok = await put(10, { boxes: [box("h")] });
    expect(ok.status).toBe(200);
    expect(ok.body.data?.revision).toBe(10);
    const stale = await put(9, { boxes: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe("STALE_REVISION");
    const bad = await put(11, { boxes: [{ ...box("n"), x: null }] });
    expect(bad.status).toBe(400);
    const nan = await contestant.request(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      undefined,
      '{"target":{"kind":"item","id":"x"},"revision":1,"data":{"x":NaN}}',
    );
    expect(nan.status).toBe(400);
    expect(nan.body.error?.code).toBe("VALIDATION_FAILED");
    const tooBig = await contestant.request(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      undefined,
      JSON.stringify({ pad: "z".repeat(5_000_000) }),
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await stored()).toEqual({ revision: 10, data: { boxes: [box("h")] } });
  });

  it("takes a save within the grace after the deadline, refuses later ones with DEADLINE_PASSED and keeps what was saved", async () => {
    const grace = stack.config.SAVE_GRACE_MS;
    expect(grace).toBeGreaterThan(0);
    // Sent in the last moment before the deadline, it arrives just after it.
    clock.set(new Date(deadline.getTime() + grace - 1));
    expect((await save(50, { boxes: [box("late")] })).data?.revision).toBe(50);
    const before = await stored();
    expect(before).toEqual({ revision: 50, data: { boxes: [box("late")] } });
    clock.set(new Date(deadline.getTime() + grace));
    const ack = await save(51, { boxes: [] });
    expect(ack.error?.code).toBe("DEADLINE_PASSED");
    expect(ack.error?.details).toEqual({ deadlineAt: deadline.toISOString() });
    expect(await stored()).toEqual(before);
  });

  it("refuses saves after submission with ATTEMPT_CLOSED", async () => {
    const submitted = await contestant.post<AttemptState>(`/api/attempts/${attemptId}/submit`);
    expect(submitted.body.data?.status).toBe("FROZEN");
    const before = await stored();
    const ack = await save(60, { boxes: [] });
    expect(ack.error?.code).toBe("ATTEMPT_CLOSED");
    expect(await stored()).toEqual(before);
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row.closedBy).toBe("CONTESTANT");
  });
});

describe("starting", () => {
  it("refuses to start before the session opens, and to save before starting", async () => {
    const c2 = new Client(stack.baseUrl);
    await c2.login("T-002", PASSWORD);
    const attempt2 = fx.contestants[1]?.attemptId ?? "";
    clock.set(
      new Date(
        Date.parse(
          (
            await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } })
          ).startsAt.toISOString(),
        ) - 1000,
      ),
    );
    const early = await c2.post(`/api/attempts/${attempt2}/start`);
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe("SESSION_NOT_OPEN");
    const put = await c2.put(`/api/attempts/${attempt2}/answers`, {
      target: { kind: "item", id: itemId },
      revision: 1,
      data: { boxes: [] },
    });
    expect(put.body.error?.code).toBe("ATTEMPT_NOT_STARTED");
    expect((await c2.get(`/api/attempts/${attempt2}/exam`)).body.error?.code).toBe("ATTEMPT_NOT_STARTED");
  });
});
