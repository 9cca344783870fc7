// Benchmark: time from a contestant's submit to the score arriving on the proctor's socket, with
// the real server, worker, PostgreSQL, Redis and BullMQ in one process. Prints a table, then one
// JSON line. Usage: npm run bench:submit-to-score [-- --attempts 30]
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import type { ScoreSummary, SessionRoster } from "../protocol/index.ts";
import { adminQuery, TEMPLATE_DB, urlFor } from "../test/helpers/db.ts";
import { newExamFixture, PASSWORD } from "../test/helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, startStack } from "../test/helpers/stack.ts";

const { values } = parseArgs({ options: { attempts: { type: "string", default: "30" } } });
const n = Number(values.attempts);

await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
await adminQuery(`CREATE DATABASE "${TEMPLATE_DB}"`);
execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/migrate.ts", "deploy"], {
  env: { ...process.env, DATABASE_URL: urlFor(TEMPLATE_DB) },
  stdio: "ignore",
});
const stack = await startStack({ worker: true });
try {
  const fx = await newExamFixture(stack.db, { contestants: n });
  const proctor = new Client(stack.baseUrl);
  await proctor.login(fx.proctor, PASSWORD);
  const ps = proctor.socket("/proctor");
  await connected(ps);
  await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId });
  const samples: number[] = [];
  for (const [i, c] of fx.contestants.entries()) {
    const client = new Client(stack.baseUrl);
    await client.login(c.ticket, PASSWORD);
    await client.post(`/api/attempts/${c.attemptId}/start`);
    // A realistic answer: every question, and every item's truth boxes nudged a little.
    for (const q of fx.questions)
      await client.put(`/api/attempts/${c.attemptId}/answers`, {
        target: { kind: "question", id: q.id },
        revision: 1,
        data: "choice" in q.spec.key ? { choice: q.spec.key.choice } : q.spec.key,
      });
    for (const item of fx.items)
      await client.put(`/api/attempts/${c.attemptId}/answers`, {
        target: { kind: "item", id: item.id },
        revision: 1,
        data: { boxes: item.truth.map((b, j) => ({ ...b, id: `b${j}`, x: b.x + (i % 3) })) },
      });
    const scored = nextEvent<{ attemptId: string; score: ScoreSummary }>(
      ps,
      "attempt:scored",
      (e) => e.attemptId === c.attemptId,
    );
    const t0 = performance.now();
    await client.post(`/api/attempts/${c.attemptId}/submit`);
    await scored;
    samples.push(performance.now() - t0);
  }
  ps.disconnect();
  samples.sort((a, b) => a - b);
  const pick = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  const row = { attempts: n, median_ms: pick(0.5), p95_ms: pick(0.95), max_ms: pick(1) };
  console.log("submit → attempt:scored on the proctor socket");
  console.table([row]);
  console.log(
    JSON.stringify({
      submit_to_score_median_ms: Math.round(row.median_ms),
      submit_to_score_p95_ms: Math.round(row.p95_ms),
    }),
  );
} finally {
  await stack.stop();
  process.exit(0);
}
