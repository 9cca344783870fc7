// The metrics registry without a server: save recording, and scrape-time reads that fail or hang.
import { describe, expect, it } from "vitest";
import { DeadlinePassedError } from "../../core/errors.ts";
import {
  createServerMetrics,
  type MetricSources,
  noopMetrics,
  observeSave,
  type SaveMetrics,
} from "./metrics.ts";

function line(text: string, prefix: string): string | undefined {
  return text.split("\n").find((l) => l.startsWith(prefix));
}

function sources(over: Partial<MetricSources> = {}): MetricSources {
  return {
    jobCounts: async () => ({ waiting: 3, failed: 1 }),
    attemptCounts: async () => ({ IN_PROGRESS: 2, SCORING_FAILED: 0 }),
    sockets: () => ({ "/exam": 4, "/proctor": 1 }),
    ...over,
  };
}

const never = <T>() => new Promise<T>(() => {});

describe("createServerMetrics", () => {
  it("reports every source on the first scrape", async () => {
    const m = createServerMetrics(sources(), { cluster: false });
    const text = await m.render();
    expect(line(text, 'labelarena_queue_jobs{state="waiting"}')).toBe(
      'labelarena_queue_jobs{state="waiting"} 3',
    );
    expect(line(text, 'labelarena_attempts{status="SCORING_FAILED"}')).toMatch(/ 0$/);
    expect(line(text, 'labelarena_sockets{namespace="/exam"}')).toMatch(/ 4$/);
    expect(line(text, 'labelarena_metrics_source_up{source="redis"}')).toMatch(/ 1$/);
    expect(line(text, 'labelarena_metrics_source_up{source="postgres"}')).toMatch(/ 1$/);
  });

  it("answers within the read timeout when Redis and PostgreSQL hang, without stale series", async () => {
    let hang = false;
    let reads = 0;
    const m = createServerMetrics(
      sources({
        jobCounts: () => {
          reads++;
          return hang ? never() : Promise.resolve({ waiting: 3 });
        },
        attemptCounts: () => (hang ? never() : Promise.resolve({ IN_PROGRESS: 2 })),
      }),
      { cluster: false, readTimeoutMs: 50 },
    );
    expect(line(await m.render(), "labelarena_queue_jobs{")).toBeDefined();
    hang = true;
    const started = performance.now();
    const text = await m.render();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(line(text, "labelarena_queue_jobs{")).toBeUndefined();
    expect(line(text, "labelarena_attempts{")).toBeUndefined();
    expect(line(text, 'labelarena_metrics_source_up{source="redis"}')).toMatch(/ 0$/);
    expect(line(text, 'labelarena_metrics_source_up{source="postgres"}')).toMatch(/ 0$/);
    // Sockets and saves are this process's own and still reported.
    expect(line(text, 'labelarena_sockets{namespace="/exam"}')).toMatch(/ 4$/);
    // The hanging read is awaited again, not started once more per scrape.
    await m.render();
    expect(reads).toBe(2);
  });

  it("reports a failing read as a source down", async () => {
    const m = createServerMetrics(sources({ attemptCounts: () => Promise.reject(new Error("pg down")) }), {
      cluster: false,
    });
    const text = await m.render();
    expect(line(text, 'labelarena_metrics_source_up{source="postgres"}')).toMatch(/ 0$/);
    expect(line(text, 'labelarena_metrics_source_up{source="redis"}')).toMatch(/ 1$/);
    expect(line(text, "labelarena_attempts{")).toBeUndefined();
  });

  it("counts saves by result and transport and observes their latency", async () => {
    const m = createServerMetrics(sources(), { cluster: false });
    m.saveAcked("saved", 0.003, "socket");
    m.saveAcked("saved", 0.2, "socket");
    m.saveAcked("RATE_LIMITED", 0.0005, "http");
    const text = await m.render();
    expect(line(text, 'labelarena_saves_total{result="saved",transport="socket"}')).toMatch(/ 2$/);
    expect(line(text, 'labelarena_saves_total{result="RATE_LIMITED",transport="http"}')).toMatch(/ 1$/);
    expect(line(text, 'labelarena_save_ack_seconds_bucket{le="0.005",transport="socket"}')).toMatch(/ 1$/);
    expect(line(text, 'labelarena_save_ack_seconds_bucket{le="0.25",transport="socket"}')).toMatch(/ 2$/);
    expect(line(text, 'labelarena_save_ack_seconds_bucket{le="0.001",transport="http"}')).toMatch(/ 1$/);
  });
});

describe("observeSave", () => {
  function recorder() {
    const seen: { result: string; seconds: number; transport: string }[] = [];
    const metrics: SaveMetrics = {
      saveAcked: (result, seconds, transport) => seen.push({ result, seconds, transport }),
    };
    return { seen, metrics };
  }

  it("records saved, duplicate, an error's code, and INTERNAL for an unknown error, and passes results through", async () => {
    const { seen, metrics } = recorder();
    await expect(
      observeSave(metrics, "socket", async () => ({ duplicate: false, revision: 1 })),
    ).resolves.toEqual({
      duplicate: false,
      revision: 1,
    });
    await observeSave(metrics, "http", async () => ({ duplicate: true }));
    const deadline = new DeadlinePassedError(new Date(0));
    await expect(observeSave(metrics, "socket", () => Promise.reject(deadline))).rejects.toBe(deadline);
    await expect(
      observeSave(metrics, "socket", () => {
        throw new TypeError("boom");
      }),
    ).rejects.toThrow("boom");
    expect(seen.map((s) => [s.result, s.transport])).toEqual([
      ["saved", "socket"],
      ["duplicate", "http"],
      ["DEADLINE_PASSED", "socket"],
      ["INTERNAL", "socket"],
    ]);
    for (const s of seen) expect(s.seconds).toBeGreaterThanOrEqual(0);
  });

  it("times the save from the call to the moment it settles", async () => {
    const { seen, metrics } = recorder();
    await observeSave(
      metrics,
      "socket",
      () => new Promise<{ duplicate: boolean }>((r) => setTimeout(() => r({ duplicate: false }), 60)),
    );
    expect(seen[0]?.seconds).toBeGreaterThanOrEqual(0.05);
    expect(seen[0]?.seconds).toBeLessThan(1);
  });

  it("works with the no-op metrics", async () => {
    await expect(observeSave(noopMetrics, "http", async () => ({ duplicate: false }))).resolves.toEqual({
      duplicate: false,
    });
  });
});
