// The two real processes: they start against the real services, stop cleanly on SIGTERM, and say
// clearly, without a stack trace, when PostgreSQL or Redis cannot be reached.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/db.ts";
import { spawnEntry } from "../helpers/processes.ts";
import { deleteKeys, REDIS_URL } from "../helpers/stack.ts";

let database: { url: string; drop: () => Promise<void> };
const PREFIX = `test-proc-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  await deleteKeys(`${PREFIX}:*`);
});

function run(entry: string, env: Record<string, string>) {
  return spawnEntry(entry, { LOG_LEVEL: "info", REDIS_PREFIX: PREFIX, ...env });
}

/** Generous: a process starts in ~5 s alone, but CI runs it beside Chromium and other suites. */
async function waitFor(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

describe("server and worker processes", () => {
  it("the server serves, then stops cleanly on SIGTERM", async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const p = run("server/main.ts", { DATABASE_URL: database.url, REDIS_URL, PORT: port });
    await waitFor(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
      } catch {
        return false;
      }
    });
    p.child.kill("SIGTERM");
    expect(await p.exit).toBe(0);
    expect(p.output()).toMatch(/shutting down/);
  }, 90_000);

  it("the worker starts, sweeps, then stops cleanly on SIGTERM", async () => {
    const p = run("workers/main.ts", { DATABASE_URL: database.url, REDIS_URL });
    await waitFor(() => p.output().includes("LabelArena worker started"));
    p.child.kill("SIGTERM");
    expect(await p.exit).toBe(0);
  }, 90_000);

  it.each([
    [
      "server/main.ts",
      { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
      /PostgreSQL is not reachable at 127\.0\.0\.1:1/,
    ],
    ["server/main.ts", { REDIS_URL: "redis://127.0.0.1:1/0" }, /Redis is not reachable at 127\.0\.0\.1:1/],
    [
      "workers/main.ts",
      { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" },
      /PostgreSQL is not reachable/,
    ],
    ["server/main.ts", { PORT: "not-a-port" }, /Invalid configuration:\n\s+PORT/],
  ])("%s refuses to start with one clear message when %o", async (entry, env, message) => {
    const p = run(entry, { DATABASE_URL: database.url, REDIS_URL, ...env });
    expect(await p.exit).toBe(1);
    expect(p.output()).toMatch(message);
    expect(p.output()).not.toMatch(/\n\s+at /);
  });
});
