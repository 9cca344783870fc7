// The job queue against the real Redis: per-job options deduplicate, and an enqueue after a commit
// never fails or hangs the request when Redis is away (the sweep redoes the job).
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { BullJobQueue } from "../../core/jobs/queue.ts";
import { deleteKeys, REDIS_URL } from "../helpers/stack.ts";

const prefix = `test-queue-${randomBytes(4).toString("hex")}`;
const opened: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const q of opened) await q.close().catch(() => {});
  await deleteKeys(`${prefix}:*`);
});

describe("BullJobQueue", () => {
  it("keeps one score job per attempt however often it is queued", async () => {
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new BullJobQueue(conn, prefix, () => new Date());
    opened.push({
      close: async () => {
        await queue.close();
        conn.disconnect();
      },
    });
    for (let i = 0; i < 3; i++)
      expect(await queue.enqueueAfterCommit("score-attempt", { attemptId: "a1" })).toBe(true);
    await queue.enqueue("score-attempt", { attemptId: "a2" });
    const deadline = new Date(Date.now() + 60_000);
    await queue.enqueue("close-attempt", { attemptId: "a1" }, deadline);
    const waiting = await queue.queue.getJobs(["waiting", "prioritized", "delayed"]);
    expect(waiting.map((j) => j.id).sort()).toEqual([
      `close-attempt_a1_${deadline.getTime()}`,
      "score-attempt_a1",
      "score-attempt_a2",
    ]);
    const delayed = waiting.find((j) => j.name === "close-attempt");
    expect(delayed?.opts.delay).toBeGreaterThan(55_000);
  });

  it("reports a lost job instead of throwing or hanging when Redis does not answer", async () => {
    const conn = new Redis("redis://127.0.0.1:1/0", { maxRetriesPerRequest: null, lazyConnect: true });
    conn.on("error", () => {});
    const lost: string[] = [];
    const queue = new BullJobQueue(
      conn,
      prefix,
      () => new Date(),
      (name) => lost.push(name),
      300,
    );
    queue.queue.on("error", () => {});
    opened.push({ close: async () => conn.disconnect() });
    expect(await queue.enqueueAfterCommit("score-attempt", { attemptId: "x" })).toBe(false);
    expect(lost).toEqual(["score-attempt"]);
    await expect(queue.enqueue("score-attempt", { attemptId: "x" })).rejects.toBeDefined();
  });
});
