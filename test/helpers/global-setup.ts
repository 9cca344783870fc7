// Runs once per test run: migrates a fresh template database with the project's migration runner.
// The runner runs in its own process so that no connection to the template outlives it (a template
// with open connections cannot be copied).
import { execFileSync } from "node:child_process";
import { adminQuery, TEMPLATE_DB, urlFor } from "./db.ts";

export default async function setup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${TEMPLATE_DB}"`);
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/migrate.ts", "deploy"], {
    env: { ...process.env, DATABASE_URL: urlFor(TEMPLATE_DB) },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
