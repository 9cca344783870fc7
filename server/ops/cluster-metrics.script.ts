// A real two-worker cluster for cluster-metrics.test.ts: each worker records its own saves and
// readings, the first asks for the whole cluster's metrics over IPC, the primary prints the text.
import cluster, { type Worker } from "node:cluster";
import { setupPrimaryMetrics } from "./cluster-metrics.ts";
import { createServerMetrics } from "./metrics.ts";

type Message = { type: "ready" } | { type: "scrape" } | { type: "scraped"; text: string; error?: string };

if (cluster.isPrimary) {
  setupPrimaryMetrics();
  setTimeout(() => {
    console.error("no answer from the workers in time");
    process.exit(1);
  }, 20_000).unref();
  const workers: Worker[] = [
    cluster.fork({ SAVES: "2", WAITING: "5", EXAM_SOCKETS: "4" }),
    cluster.fork({ SAVES: "3", WAITING: "7", EXAM_SOCKETS: "1" }),
  ];
  let ready = 0;
  cluster.on("message", (_worker, m: Message) => {
    if (m.type === "ready" && ++ready === workers.length) workers[0]?.send({ type: "scrape" });
    if (m.type === "scraped") {
      process.stdout.write(JSON.stringify(m), () => cluster.disconnect(() => process.exit(m.error ? 1 : 0)));
    }
  });
} else {
  const env = (name: string) => Number(process.env[name]);
  // Both workers read "the same" Redis and PostgreSQL at slightly different moments.
  const metrics = createServerMetrics({
    jobCounts: async () => ({ waiting: env("WAITING"), failed: 2 }),
    attemptCounts: async () => ({ IN_PROGRESS: 30, SCORING_FAILED: 1 }),
    sockets: () => ({ "/exam": env("EXAM_SOCKETS"), "/proctor": 0 }),
  });
  for (let i = 0; i < env("SAVES"); i++) metrics.saveAcked("saved", 0.004, "socket");
  metrics.saveAcked("DEADLINE_PASSED", 0.002, "http");
  process.on("message", (m: Message) => {
    if (m.type !== "scrape") return;
    metrics.render().then(
      (text) => process.send?.({ type: "scraped", text }),
      (e: Error) => process.send?.({ type: "scraped", text: "", error: e.message }),
    );
  });
  process.send?.({ type: "ready" });
}
