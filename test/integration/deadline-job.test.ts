// The deadline with no request from anyone: the worker's deadline check (real clock, PostgreSQL)
// freezes the attempt once its deadline and grace have passed, and the worker scores it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttemptState, ScoreSummary, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;

beforeAll(async () => {
  stack = await startStack({ worker: true });
  // A 1-minute sitting that started 52 s ago: its deadline is 8 s away (time enough to set up and
  // start, even on a busy machine).
  fx = await newExamFixture(stack.db, { now: new Date(Date.now() - 52_000 + 60_000), durationMinutes: 1 });
});
afterAll(async () => {
  await stack?.stop();
});

describe("the worker's deadline check", () => {
  it("freezes the attempt at its deadline and the worker scores it", async () => {
    const proctor = new Client(stack.baseUrl);
    await proctor.login(fx.proctor, PASSWORD);
    const ps = proctor.socket("/proctor");
    await connected(ps);
    expect(
      (await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data,
    ).toBeTruthy();

    const c = new Client(stack.baseUrl);
    await c.login("T-001", PASSWORD);
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const started = await c.post<AttemptState>(`/api/attempts/${attemptId}/start`);
    expect(started.status).toBe(200);
    const deadline = Date.parse(started.body.data?.deadlineAt ?? "");
    expect(deadline - Date.now()).toBeGreaterThan(0);
    expect(deadline - Date.now()).toBeLessThan(10_000);

    const closed = nextEvent<{ attemptId: string; closedBy: string }>(
      ps,
      "attempt:closed",
      (e) => e.attemptId === attemptId,
    );
    const scored = nextEvent<{ attemptId: string; score: ScoreSummary }>(
      ps,
      "attempt:scored",
      (e) => e.attemptId === attemptId,
    );
    expect((await closed).closedBy).toBe("DEADLINE");
    expect((await scored).score.total).toBe(0);
    const row = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row.status).toBe("SCORED");
    expect(row.submittedAt?.getTime()).toBe(deadline);
    ps.disconnect();
  });
});
