// Aggregation across real cluster workers: a worker's /metrics text is the whole cluster's, summed
// where the processes add up and not where they all read the same Redis and PostgreSQL.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const script = path.join(import.meta.dirname, "cluster-metrics.script.ts");

function value(text: string, series: string): number | undefined {
  const l = text.split("\n").find((x) => x.startsWith(`${series} `));
  return l === undefined ? undefined : Number(l.slice(series.length + 1));
}

describe("cluster metrics", () => {
  it("gives one worker the sum of both workers' saves and sockets, and the largest queue reading", async () => {
    // Two workers: 2 and 3 saves, 4 and 1 exam sockets, 5 and 7 waiting jobs, the same attempts.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      timeout: 30_000,
    });
    const { text, error } = JSON.parse(stdout) as { text: string; error?: string };
    expect(error).toBeUndefined();
    expect(value(text, 'labelarena_saves_total{result="saved",transport="socket"}')).toBe(5);
    expect(value(text, 'labelarena_saves_total{result="DEADLINE_PASSED",transport="http"}')).toBe(2);
    expect(value(text, 'labelarena_save_ack_seconds_count{transport="socket"}')).toBe(5);
    expect(value(text, 'labelarena_save_ack_seconds_bucket{le="0.005",transport="socket"}')).toBe(5);
    expect(value(text, 'labelarena_sockets{namespace="/exam"}')).toBe(5);
    expect(value(text, 'labelarena_queue_jobs{state="waiting"}')).toBe(7);
    expect(value(text, 'labelarena_queue_jobs{state="failed"}')).toBe(2);
    expect(value(text, 'labelarena_attempts{status="IN_PROGRESS"}')).toBe(30);
    expect(value(text, 'labelarena_attempts{status="SCORING_FAILED"}')).toBe(1);
    expect(value(text, 'labelarena_metrics_source_up{source="redis"}')).toBe(1);
    // Process metrics of both workers are there too (summed memory, for instance).
    expect(text).toContain("# HELP process_resident_memory_bytes");
  }, 40_000);
});
