// Operations endpoints against the real server, PostgreSQL and Redis: /metrics counts saves and reads
// the queue and attempts, answers only the scraper's token and admins; Bull Board serves admins only.

import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AttemptState, QUEUE_NAME, type SaveAnswerResult } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, REDIS_URL, type Stack, startStack } from "../helpers/stack.ts";

const TOKEN = "scraper-token-0123456789abcdef";
let stack: Stack;
let fx: ExamFixture;
let contestant: Client;
let admin: Client;
let proctor: Client;
let socket: Socket;
let attemptId: string;
let itemId: string;

beforeAll(async () => {
  stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
  fx = await newExamFixture(stack.db);
  attemptId = fx.contestants[0]?.attemptId ?? "";
  itemId = fx.items[0]?.id ?? "";
  contestant = new Client(stack.baseUrl);
  await contestant.login("T-001", PASSWORD);
  expect((await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
  admin = new Client(stack.baseUrl);
  expect((await admin.login(fx.admin, PASSWORD)).status).toBe(200);
  proctor = new Client(stack.baseUrl);
  expect((await proctor.login(fx.proctor, PASSWORD)).status).toBe(200);
  socket = contestant.socket("/exam");
  await connected(socket);
});
afterAll(async () => {
  socket?.disconnect();
  await stack?.stop();
});

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${stack.baseUrl}/metrics`, { headers });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The value of one series in a Prometheus text page, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function save(revision: number, data: unknown) {
  return emitAck<SaveAnswerResult>(socket, "answer:save", {
    attemptId,
    target: { kind: "item", id: itemId },
    revision,
    data,
  });
}

const box = { id: "a", label: "car", x: 10, y: 20, w: 30, h: 40 };

describe("GET /metrics", () => {
  it("lists the LabelArena metrics and the process metrics in Prometheus text format", async () => {
    const page = await scrape();
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "labelarena_saves_total",
      "labelarena_save_ack_seconds",
      "labelarena_sockets",
      "labelarena_queue_jobs",
      "labelarena_attempts",
      "labelarena_metrics_source_up",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ])
      expect(page.text).toContain(`# HELP ${name} `);
    // Read in the same scrape as the gauges they vouch for, so even the first scrape has them.
    expect(sample(page.text, "labelarena_metrics_source_up", { source: "redis" })).toBe(1);
    expect(sample(page.text, "labelarena_metrics_source_up", { source: "postgres" })).toBe(1);
  });

  it("counts a socket save by result and observes its ack latency", async () => {
    const key = { result: "saved", transport: "socket" };
    const before = await scrape();
    const saved0 = sample(before.text, "labelarena_saves_total", key) ?? 0;
    const count0 = sample(before.text, "labelarena_save_ack_seconds_count", { transport: "socket" }) ?? 0;
    const sum0 = sample(before.text, "labelarena_save_ack_seconds_sum", { transport: "socket" }) ?? 0;

    const ack = await save(1, { boxes: [box] });
    expect(ack.data?.revision).toBe(1);

    const after = await scrape();
    expect(sample(after.text, "labelarena_saves_total", key)).toBe(saved0 + 1);
    expect(sample(after.text, "labelarena_save_ack_seconds_count", { transport: "socket" })).toBe(count0 + 1);
    const sum = sample(after.text, "labelarena_save_ack_seconds_sum", { transport: "socket" }) ?? 0;
    expect(sum).toBeGreaterThan(sum0);
    expect(sum - sum0).toBeLessThan(5);
    // The top bucket holds every observation; the 1 ms bucket is there for the fastest acks.
    expect(sample(after.text, "labelarena_save_ack_seconds_bucket", { transport: "socket", le: "5" })).toBe(
      count0 + 1,
    );
    expect(sample(after.text, "labelarena_save_ack_seconds_bucket", { le: "0.001" })).toBeDefined();
  });

  it("counts a retried revision as duplicate, a refused save by its error code, an HTTP save apart", async () => {
    const before = await scrape();
    const get = (text: string, result: string, transport = "socket") =>
      sample(text, "labelarena_saves_total", { result, transport }) ?? 0;

    expect((await save(1, { boxes: [box] })).data?.duplicate).toBe(true);
    expect((await save(2, { boxes: [{ ...box, w: -1 }] })).error?.code).toBe("VALIDATION_FAILED");
    const put = await contestant.put<SaveAnswerResult>(`/api/attempts/${attemptId}/answers`, {
      target: { kind: "item", id: itemId },
      revision: 3,
      data: { boxes: [box] },
    });
    expect(put.status).toBe(200);

    const after = await scrape();
    expect(get(after.text, "duplicate")).toBe(get(before.text, "duplicate") + 1);
    expect(get(after.text, "VALIDATION_FAILED")).toBe(get(before.text, "VALIDATION_FAILED") + 1);
    expect(get(after.text, "saved", "http")).toBe(get(before.text, "saved", "http") + 1);
    expect(sample(after.text, "labelarena_save_ack_seconds_count", { transport: "http" })).toBe(
      (sample(before.text, "labelarena_save_ack_seconds_count", { transport: "http" }) ?? 0) + 1,
    );
  });

  it("reports the sockets connected to this process by namespace", async () => {
    const page = await scrape();
    expect(sample(page.text, "labelarena_sockets", { namespace: "/exam" })).toBe(1);
    expect(sample(page.text, "labelarena_sockets", { namespace: "/proctor" })).toBe(0);
    const second = contestant.socket("/exam");
    await connected(second);
    expect(sample((await scrape()).text, "labelarena_sockets", { namespace: "/exam" })).toBe(2);
    second.disconnect();
    await expect
      .poll(async () => sample((await scrape()).text, "labelarena_sockets", { namespace: "/exam" }))
      .toBe(1);
  });

  it("reports attempts by status from PostgreSQL, every status included", async () => {
    const page = await scrape();
    const rows = await stack.db.attempt.groupBy({ by: ["status"], _count: { _all: true } });
    for (const r of rows)
      expect(sample(page.text, "labelarena_attempts", { status: r.status })).toBe(r._count._all);
    expect(sample(page.text, "labelarena_attempts", { status: "IN_PROGRESS" })).toBeGreaterThanOrEqual(1);
    expect(sample(page.text, "labelarena_attempts", { status: "SCORING_FAILED" })).toBe(0);
    expect(sample(page.text, "labelarena_metrics_source_up", { source: "postgres" })).toBe(1);
  });
});

describe("the queue on /metrics and on Bull Board", () => {
  let queue: Queue;
  beforeAll(async () => {
    // A job that fails for good, so the failed count and the board's retry have something to show.
    const prefix = `${stack.config.REDIS_PREFIX}:bull`;
    queue = new Queue(QUEUE_NAME, { connection: new Redis(REDIS_URL), prefix });
    const worker = new Worker(
      QUEUE_NAME,
      async () => {
        throw new Error("probe job fails on purpose");
      },
      { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix },
    );
    const failed = new Promise<void>((resolve) => worker.on("failed", () => resolve()));
    await queue.add("ops-probe", {}, { jobId: "ops-probe", attempts: 1 });
    await failed;
    await worker.close();
  });
  afterAll(async () => {
    await queue?.close();
  });

  it("reports job counts by state as Redis has them", async () => {
    const page = await scrape();
    const direct = await queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "failed",
      "prioritized",
      "completed",
    );
    for (const [state, n] of Object.entries(direct))
      expect(sample(page.text, "labelarena_queue_jobs", { state })).toBe(n);
    expect(sample(page.text, "labelarena_queue_jobs", { state: "failed" })).toBe(1);
    expect(sample(page.text, "labelarena_metrics_source_up", { source: "redis" })).toBe(1);
  });

  it("serves the board's page, a deep link, an asset and its API to an admin", async () => {
    const page = await fetch(`${stack.baseUrl}/admin/queues`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    const asset = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${stack.baseUrl}/admin/queues/${asset}`, { headers: { cookie: admin.cookie } });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const deep = await fetch(`${stack.baseUrl}/admin/queues/queue/${QUEUE_NAME}`, {
      headers: { cookie: admin.cookie },
    });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<base href="/admin/queues/"');

    const api = await admin.get<never>("/admin/queues/api/queues?activeQueue=labelarena&status=failed");
    expect(api.status).toBe(200);
    expect(api.text).toContain('"name":"labelarena"');
    expect(api.text).toContain("probe job fails on purpose");
  });

  it("lets an admin retry failed jobs and refuses every other change", async () => {
    const pause = await admin.put(`/admin/queues/api/queues/${QUEUE_NAME}/pause`);
    expect(pause.status).toBe(403);
    expect(pause.body.error?.code).toBe("FORBIDDEN");
    const clean = await admin.put(`/admin/queues/api/queues/${QUEUE_NAME}/clean/failed`);
    expect(clean.status).toBe(403);
    const add = await admin.post(`/admin/queues/api/queues/${QUEUE_NAME}/add`, { name: "x", data: {} });
    expect(add.status).toBe(403);
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.getJobCounts("failed")).toEqual({ failed: 1 });

    const retry = await admin.put<never>(`/admin/queues/api/queues/${QUEUE_NAME}/retry/failed`);
    expect(retry.status).toBe(200);
    expect(retry.text).toContain('"retried":1');
    expect(await queue.getJobState("ops-probe")).toBe("waiting");
    await queue.remove("ops-probe");
  });

  it("gives contestants, proctors and anonymous callers an error, never the board", async () => {
    for (const [who, cookie, status, code] of [
      ["contestant", contestant.cookie, 403, "FORBIDDEN"],
      ["proctor", proctor.cookie, 403, "FORBIDDEN"],
      ["anonymous", "", 404, "NOT_FOUND"],
    ] as const) {
      for (const path of [
        "/admin/queues",
        "/admin/queues/static/favicon-32x32.png",
        "/admin/queues/api/queues",
      ]) {
        const res = await fetch(`${stack.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
        const text = await res.text();
        expect([who, path, res.status]).toEqual([who, path, status]);
        expect(JSON.parse(text).error.code).toBe(code);
        expect(text).not.toContain("<html");
      }
    }
  });
});

describe("who may read /metrics", () => {
  it("refuses a wrong token, and a request without one even from the machine itself", async () => {
    const wrong = await scrape({ authorization: "Bearer not-the-token-0123456789" });
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.text).error.code).toBe("FORBIDDEN");
    // METRICS_TOKEN is set, so loopback alone no longer suffices.
    const none = await scrape({});
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text).error.code).toBe("NOT_FOUND");
    expect(none.text).not.toContain("labelarena_");
  });

  it("answers the right token and a signed-in admin", async () => {
    expect((await scrape()).status).toBe(200);
    const asAdmin = await scrape({ cookie: admin.cookie });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.text).toContain("labelarena_saves_total");
  });

  it("refuses a contestant and a proctor", async () => {
    for (const cookie of [contestant.cookie, proctor.cookie]) {
      const res = await scrape({ cookie });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).error.code).toBe("FORBIDDEN");
    }
  });
});
