// Incidents from the contestant's browser: validated, stored, pushed to the proctors, bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentEvent, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;

beforeAll(async () => {
  stack = await startStack();
  fx = await newExamFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

describe("incident:report", () => {
  it("stores an incident and shows it to the proctors live and in the roster", async () => {
    const proctor = new Client(stack.baseUrl);
    await proctor.login(fx.proctor, PASSWORD);
    const ps = proctor.socket("/proctor");
    await connected(ps);
    await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId });
    const c = new Client(stack.baseUrl);
    await c.login("T-001", PASSWORD);
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const cs = c.socket("/exam");
    await connected(cs);

    // Before the exam starts nothing is recorded.
    expect((await emitAck(cs, "incident:report", { attemptId, kind: "tab-hidden" })).data).toEqual({
      count: 0,
    });
    await c.post(`/api/attempts/${attemptId}/start`);
    const pushed = nextEvent<IncidentEvent>(ps, "contestant:incident", (e) => e.attemptId === attemptId);
    const ack = await emitAck(cs, "incident:report", {
      attemptId,
      kind: "tab-hidden",
      details: { hiddenMs: 5000 },
    });
    expect(ack.data).toEqual({ count: 1 });
    expect(await pushed).toMatchObject({ sessionId: fx.sessionId, attemptId, kind: "tab-hidden", count: 1 });
    const stored = await stack.db.incident.findMany({ where: { attemptId } });
    expect(stored).toMatchObject([{ kind: "tab-hidden", details: { hiddenMs: 5000 } }]);
    const roster = await proctor.get<SessionRoster>(`/api/sessions/${fx.sessionId}/roster`);
    expect(roster.body.data?.entries.find((e) => e.attemptId === attemptId)?.incidents).toBe(1);
    ps.disconnect();
    cs.disconnect();
  });

  it("refuses bad reports, other people's attempts and floods", async () => {
    const c = new Client(stack.baseUrl);
    await c.login("T-001", PASSWORD);
    const cs = c.socket("/exam");
    await connected(cs);
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    for (const bad of [
      { attemptId, kind: "keylogger" },
      { attemptId },
      { attemptId, kind: "copy", details: { text: "x".repeat(500) } },
      { attemptId, kind: "copy", extra: 1 },
    ])
      expect((await emitAck(cs, "incident:report", bad)).error?.code).toBe("VALIDATION_FAILED");
    const other = fx.contestants[1]?.attemptId;
    expect((await emitAck(cs, "incident:report", { attemptId: other, kind: "copy" })).error?.code).toBe(
      "NOT_FOUND",
    );
    const before = await stack.db.incident.count();
    const results = [];
    for (let i = 0; i < 40; i++)
      results.push(await emitAck(cs, "incident:report", { attemptId, kind: "window-blur" }));
    const limited = results.filter((r) => r.error?.code === "RATE_LIMITED").length;
    expect(limited).toBeGreaterThan(0);
    expect(await stack.db.incident.count()).toBe(before + 40 - limited);
    expect(await stack.db.incident.count()).toBeLessThanOrEqual(30);
    cs.disconnect();
  });
});
