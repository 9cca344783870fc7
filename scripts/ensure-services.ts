// First step of `npm test`: PostgreSQL and Redis must answer (started with Docker Compose when they
// don't and a Docker engine is available). Checks the servers the tests use: TEST_DATABASE_URL and
// TEST_REDIS_URL, with the same defaults as test/helpers. Exit code 1 and one clear message when not.
import fs from "node:fs";
import { ensureServices, ServiceError } from "./services.ts";

const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";
const log = (line: string) => console.log(`[services] ${line}`);

try {
  await ensureServices({
    databaseUrl,
    redisUrl,
    log,
    env: { database: "TEST_DATABASE_URL", redis: "TEST_REDIS_URL" },
  });
  // The end-to-end tests need Chromium; say so now rather than after the other tests have run.
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium))
    log(
      `warning: Chromium not found at ${chromium}; the end-to-end tests will fail. Install it ` +
        "(`sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
} catch (e) {
  console.error(e instanceof ServiceError ? e.message : `Checking PostgreSQL and Redis failed: ${String(e)}`);
  process.exitCode = 1;
}
