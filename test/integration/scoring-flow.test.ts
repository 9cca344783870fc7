// Freeze → score-attempt job → worker → scores in PostgreSQL → the proctor's socket, with the real
// Redis, BullMQ, Socket.IO (Redis adapter and emitter) and PostgreSQL. Also proves that no ground
// truth or answer key reaches a contestant.

import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import type { ContestantProgress, ExamView, ScoreSummary, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import {
  Client,
  connected,
  emitAck,
  nextEvent,
  recordAll,
  type Stack,
  startStack,
} from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let proctorSocket: Socket;
const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
/** Everything the contestants received, HTTP bodies and socket events, for the leak check. */
const contestantSaw: string[] = [];

async function contestantClient(ticket: string): Promise<Client> {
  const c = new Client(stack.baseUrl);
  c.onResponse = (text) => contestantSaw.push(text);
  expect((await c.login(ticket, PASSWORD)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  stack = await startStack({ clock, worker: true });
  fx = await newExamFixture(stack.db, { now: clock.now(), durationMinutes: 90, contestants: 3 });
  const proctor = new Client(stack.baseUrl);
  await proctor.login(fx.proctor, PASSWORD);
  proctorSocket = proctor.socket("/proctor");
  await connected(proctorSocket);
  const watch = await emitAck<SessionRoster>(proctorSocket, "session:watch", { sessionId: fx.sessionId });
  expect(watch.data?.entries.map((e) => e.contestant.ticketNumber)).toEqual(["T-001", "T-002", "T-003"]);
});
afterAll(async () => {
  proctorSocket?.disconnect();
  await stack?.stop();
});

describe("an attempt from start to score", () => {
  it("shows presence and progress live, then the score the worker writes", async () => {
    const c = await contestantClient("T-001");
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    await c.post(`/api/attempts/${attemptId}/start`);
    const socket = c.socket("/exam");
    const seen = recordAll(socket);
    const presence = nextEvent<{ attemptId: string; connected: boolean }>(
      proctorSocket,
      "contestant:presence",
      (e) => e.attemptId === attemptId && e.connected,
    );
    await connected(socket);
    await presence;

    const view = (await c.get<ExamView>(`/api/attempts/${attemptId}/exam`)).body.data;
    expect(view?.paper.sections.map((s) => s.kind)).toEqual(["THEORY", "PRACTICAL"]);
    // 8 of the 10 questions right (the first two wrong), each worth 10 points: theory 30 × 80/100 = 24.
    const progress = nextEvent<ContestantProgress>(
      proctorSocket,
      "contestant:progress",
      (e) => e.attemptId === attemptId && e.answered === 13,
    );
    let revision = 0;
    for (const [i, q] of fx.questions.entries()) {
      const key = q.spec.key;
      const data =
        i < 2
          ? { choice: "D" }
          : "choice" in key
            ? { choice: key.choice }
            : "choices" in key
              ? { choices: key.choices }
              : key;
      const ack = await emitAck(socket, "answer:save", {
        attemptId,
        target: { kind: "question", id: q.id },
        revision: ++revision,
        data,
      });
      expect(ack.error).toBeUndefined();
    }
    // Items 1 and 2 labelled exactly, item 3 with one box nudged (still IoU ≥ 0.5), 4 and 5 left empty.
    const items = fx.items;
    for (const [i, item] of items.slice(0, 3).entries()) {
      const boxes = item.truth.map((b, j) => ({
        ...b,
        id: `mine-${j}`,
        x: i === 2 && j === 0 ? b.x + 2 : b.x,
      }));
      const ack = await emitAck(socket, "answer:save", {
        attemptId,
        target: { kind: "item", id: item.id },
        revision: 1,
        data: { boxes },
      });
      expect(ack.error).toBeUndefined();
    }
    const p = await progress;
    expect(p).toMatchObject({ answered: 13, total: 15, status: "IN_PROGRESS" });

    const closed = nextEvent<{ attemptId: string; closedBy: string }>(
      proctorSocket,
      "attempt:closed",
      (e) => e.attemptId === attemptId,
    );
    const scored = nextEvent<{ attemptId: string; score: ScoreSummary }>(
      proctorSocket,
      "attempt:scored",
      (e) => e.attemptId === attemptId,
    );
    const contestantClosed = nextEvent<{ attemptId: string }>(socket, "attempt:closed");
    const submit = await c.post(`/api/attempts/${attemptId}/submit`);
    expect(submit.body.data).toMatchObject({ status: "FROZEN" });
    expect((await closed).closedBy).toBe("CONTESTANT");
    await contestantClosed;
    const { score } = await scored;
    // Practical: 70 × (1 + 1 + 1 + 0 + 0) / 5 = 42. Total 24 + 42 = 66.
    expect(score).toMatchObject({ theory: 24, practical: 42, total: 66 });

    const versions = await stack.db.scoreVersion.findMany({
      where: { attemptId },
      include: { taskScores: true },
    });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ theory: 24, practical: 42, total: 66, current: true, version: 1 });
    expect(versions[0]?.taskScores).toHaveLength(2);
    const practical = versions[0]?.taskScores.find((t) => t.taskId);
    expect(practical).toMatchObject({ earned: 60, possible: 100 });
    expect(practical?.items).toMatchObject([
      { score: 1 },
      { score: 1 },
      { score: 1 },
      { score: 0 },
      { score: 0 },
    ]);
    const attempt = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt.status).toBe("SCORED");

    const roster = (
      await (async () => {
        const proctor = new Client(stack.baseUrl);
        await proctor.login(fx.proctor, PASSWORD);
        return proctor.get<SessionRoster>(`/api/sessions/${fx.sessionId}/roster`);
      })()
    ).body.data;
    const entry = roster?.entries.find((e) => e.attemptId === attemptId);
    expect(entry).toMatchObject({
      status: "SCORED",
      answered: 13,
      total: 15,
      connected: true,
      closedBy: "CONTESTANT",
    });
    expect(entry?.score?.total).toBe(66);

    const gone = nextEvent<{ attemptId: string; connected: boolean }>(
      proctorSocket,
      "contestant:presence",
      (e) => e.attemptId === attemptId && !e.connected,
    );
    socket.disconnect();
    await gone;
    contestantSaw.push(JSON.stringify(seen));
  });

  it("closes an attempt at its deadline through the sweep and scores it", async () => {
    const c = await contestantClient("T-002");
    const attemptId = fx.contestants[1]?.attemptId ?? "";
    const started = await c.post<{ deadlineAt: string }>(`/api/attempts/${attemptId}/start`);
    const deadline = new Date(started.body.data?.deadlineAt ?? "");
    const scored = nextEvent<{ attemptId: string; score: ScoreSummary }>(
      proctorSocket,
      "attempt:scored",
      (e) => e.attemptId === attemptId,
    );
    // Saves are taken until the grace after the deadline has passed; then the sweep closes it.
    clock.set(new Date(deadline.getTime() + stack.config.SAVE_GRACE_MS - 1));
    expect(await stack.worker?.sweep()).toMatchObject({ closed: 0 });
    clock.set(new Date(deadline.getTime() + stack.config.SAVE_GRACE_MS));
    expect(await stack.worker?.sweep()).toMatchObject({ closed: 1 });
    const { score } = await scored;
    expect(score).toMatchObject({ theory: 0, practical: 0, total: 0 });
    const attempt = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ status: "SCORED", closedBy: "DEADLINE" });
    expect(attempt.submittedAt?.toISOString()).toBe(deadline.toISOString());
  });

  it("re-queues a frozen attempt whose job was lost, and scores it once", async () => {
    const attemptId = fx.contestants[2]?.attemptId ?? "";
    const t = clock.now();
    await stack.db.attempt.update({
      where: { id: attemptId },
      data: { status: "FROZEN", startedAt: t, deadlineAt: t, submittedAt: t, closedBy: "CONTESTANT" },
    });
    const scored = nextEvent(
      proctorSocket,
      "attempt:scored",
      (e: { attemptId: string }) => e.attemptId === attemptId,
    );
    await stack.worker?.sweep();
    await stack.worker?.sweep();
    await scored;
    await new Promise((r) => setTimeout(r, 300));
    expect(await stack.db.scoreVersion.count({ where: { attemptId } })).toBe(1);
  });

  it("never shows a contestant the ground truth or an answer key", async () => {
    const everything = contestantSaw.join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toMatch(/groundTruth|answerKey|"key"|"truth"/);
    // No truth box of an item the contestant did not copy appears anywhere (items 4 and 5).
    for (const item of fx.items.slice(3)) {
      for (const b of item.truth) {
        expect(everything).not.toContain(`"x":${b.x},"y":${b.y}`);
        expect(everything).not.toContain(`"w":${b.w},"h":${b.h}`);
      }
    }
    // The images carry the pictures only: a PNG, no markup that could draw or name a truth box.
    // (The contestant's paper is submitted, so only staff may fetch the image now.)
    const c = await contestantClient("T-001");
    expect((await c.get(`/api/items/${fx.items[3]?.id}/image`)).status).toBe(404);
    const proctor = new Client(stack.baseUrl);
    expect((await proctor.login(fx.proctor, PASSWORD)).status).toBe(200);
    const img = await proctor.get(`/api/items/${fx.items[3]?.id}/image`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.text.slice(1, 4)).toBe("PNG");
    expect(img.text).not.toMatch(/<svg|<rect|points=|data-/);
  });
});
