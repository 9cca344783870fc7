// One contestant cannot crowd out the others: saves are limited per contestant (a large document
// counts more) and refused with RATE_LIMITED and the time to wait, never dropped in silence; a
// task caps the shapes per item and the vertices per polygon.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTask } from "../../prisma/seed/tasks.ts";
import type { SaveAnswerResult } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;

beforeAll(async () => {
  stack = await startStack({ env: { SAVE_BURST: "20", SAVE_RATE_PER_S: "5" } });
  fx = await newExamFixture(stack.db, {
    contestants: 3,
    questions: [],
    tasks: [
      demoTask("POLYGONS", 1),
      // The same task with caps on shapes per item and vertices per polygon.
      { ...demoTask("POLYGONS", 1), settings: { iouThreshold: 0.5, maxShapes: 3, maxVertices: 6 } },
    ],
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function contestant(i: number) {
  const c = new Client(stack.baseUrl);
  await c.login(fx.contestants[i]?.ticket ?? "", PASSWORD);
  const attemptId = fx.contestants[i]?.attemptId ?? "";
  await c.post(`/api/attempts/${attemptId}/start`);
  const socket = c.socket("/exam");
  await connected(socket);
  return { c, socket, attemptId };
}

/** A valid polygon document of `count` squares with `vertices` points each. */
function polygons(count: number, vertices = 4) {
  return {
    polygons: Array.from({ length: count }, (_, i) => {
      const x = 10 + (i % 20) * 20;
      const y = 10 + Math.floor(i / 20) * 20;
      const ring: [number, number][] = Array.from({ length: vertices }, (_, k) => {
        const a = (2 * Math.PI * k) / vertices;
        return [x + 8 + 7 * Math.cos(a), y + 8 + 7 * Math.sin(a)];
      });
      return { id: `p${i}`, label: "building", points: ring };
    }),
  };
}

describe("per-contestant save limits", () => {
  it("answers a flood with RATE_LIMITED and a wait, while another contestant saves as usual", async () => {
    const itemId = fx.items[0]?.id ?? "";
    const flooder = await contestant(0);
    const other = await contestant(1);
    // A big document costs more than a small one: ~200 kB is 4 points.
    const big = polygons(400, 40);
    expect(JSON.stringify(big).length).toBeGreaterThan(150_000);
    const acks = [];
    for (let revision = 1; revision <= 15; revision++)
      acks.push(
        await emitAck<SaveAnswerResult>(flooder.socket, "answer:save", {
          attemptId: flooder.attemptId,
          target: { kind: "item", id: itemId },
          revision,
          data: big,
        }),
      );
    const limited = acks.filter((a) => a.error?.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.data).length).toBeGreaterThan(0);
    expect(acks.every((a) => a.data || a.error?.code === "RATE_LIMITED")).toBe(true);
    const wait = (limited[0]?.error?.details as { retryAfterMs: number } | undefined)?.retryAfterMs ?? 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(5_000);

    // The other contestant is not held back.
    for (let revision = 1; revision <= 5; revision++) {
      const ack = await emitAck<SaveAnswerResult>(other.socket, "answer:save", {
        attemptId: other.attemptId,
        target: { kind: "item", id: itemId },
        revision,
        data: polygons(2),
      });
      expect(ack.data?.revision).toBe(revision);
    }
    // What the flooder had saved is intact, and after the wait the latest document goes in.
    const lastSaved = Math.max(...acks.flatMap((a) => (a.data ? [a.data.revision] : [])));
    const before = await stack.db.answer.findFirst({ where: { attemptId: flooder.attemptId, itemId } });
    expect(before?.revision).toBe(lastSaved);
    await new Promise((r) => setTimeout(r, wait + 50));
    const retried = await emitAck<SaveAnswerResult>(flooder.socket, "answer:save", {
      attemptId: flooder.attemptId,
      target: { kind: "item", id: itemId },
      revision: 16,
      data: big,
    });
    expect(retried.data?.revision).toBe(16);
    // Over HTTP the same limit answers 429 with Retry-After.
    let last: Awaited<ReturnType<Client["put"]>> | null = null;
    for (let revision = 17; revision <= 40 && last?.status !== 429; revision++)
      last = await flooder.c.put(`/api/attempts/${flooder.attemptId}/answers`, {
        target: { kind: "item", id: itemId },
        revision,
        data: big,
      });
    expect(last?.status).toBe(429);
    expect(last?.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    flooder.socket.disconnect();
    other.socket.disconnect();
  });
});

describe("a task's caps on shapes and vertices", () => {
  it("refuses more shapes per item or vertices per polygon than the task allows, keeping what was saved", async () => {
    const { c, socket, attemptId } = await contestant(2);
    socket.disconnect();
    const view = await c.get<{
      paper: { sections: { tasks: { options: object; items: { id: string }[] }[] }[] };
    }>(`/api/attempts/${attemptId}/exam`);
    const capped = view.body.data?.paper.sections.flatMap((s) => s.tasks)[1];
    // The page knows the caps too.
    expect(capped?.options).toMatchObject({ maxShapes: 3, maxVertices: 6 });
    const itemId = capped?.items[0]?.id ?? "";
    const put = (revision: number, data: unknown) =>
      c.put(`/api/attempts/${attemptId}/answers`, { target: { kind: "item", id: itemId }, revision, data });
    expect((await put(1, polygons(3, 6))).status).toBe(200);
    const tooMany = await put(2, polygons(4));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: { limit: 3, count: 4 } });
    const tooDetailed = await put(3, polygons(1, 7));
    expect(tooDetailed.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: { limit: 6 } });
    const row = await stack.db.answer.findFirst({ where: { attemptId, itemId } });
    expect(row?.revision).toBe(1);
  });
});
