// The job queue against the real Redis: per-job options deduplicate per scoring round, and an enqueue
// after a commit never fails or hangs the request when Redis is away (the sweep redoes the job).
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { BullJobQueue, scoreJobId } from "../../core/jobs/queue.ts";
import { deleteKeys, REDIS_URL } from "../helpers/stack.ts";

const prefix = `test-queue-${randomBytes(4).toString("hex")}`;
const opened: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const q of opened) await q.close().catch(() => {});
  await deleteKeys(`${prefix}:*`);
});

describe("BullJobQueue", () => {
  it("keeps one score job per attempt and scoring round however often it is queued", async () => {
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new BullJobQueue(conn, prefix);
    opened.push({
      close: async () => {
        await queue.close();
        conn.disconnect();
      },
    });
    for (let i = 0; i < 3; i++)
      expect(await queue.enqueueAfterCommit("score-attempt", [{ attemptId: "a1", round: 0 }])).toBe(true);
    await queue.enqueue("score-attempt", { attemptId: "a2", round: 0 });
    await queue.enqueueMany("score-attempt", [
      { attemptId: "a2", round: 0 },
      { attemptId: "a1", round: 1 },
    ]);
    const waiting = await queue.queue.getJobs(["waiting", "prioritized", "delayed"]);
    expect(waiting.map((j) => j.id).sort()).toEqual([
      scoreJobId("a1", 0),
      scoreJobId("a1", 1),
      scoreJobId("a2", 0),
    ]);
  });

  it("reports a lost job instead of throwing or hanging when Redis does not answer", async () => {
    const conn = new Redis("redis://127.0.0.1:1/0", { maxRetriesPerRequest: null, lazyConnect: true });
    conn.on("error", () => {});
    const lost: string[] = [];
    const queue = new BullJobQueue(conn, prefix, (name) => lost.push(name), 300);
    queue.queue.on("error", () => {});
    opened.push({ close: async () => conn.disconnect() });
    expect(await queue.enqueueAfterCommit("score-attempt", [{ attemptId: "x" }])).toBe(false);
    expect(lost).toEqual(["score-attempt"]);
    await expect(queue.enqueue("score-attempt", { attemptId: "x" })).rejects.toBeDefined();
  });
});
