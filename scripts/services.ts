// PostgreSQL and Redis for `npm test`, `npm run demo` and `npm run dev`: checks that they answer,
// starts the missing ones with Docker Compose when a Docker engine is available, and creates the
// application database. Every failure is a ServiceError whose message says what to do, so callers
// print one clear paragraph instead of a stack trace.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const COMPOSE_FILE = path.join(ROOT, "docker-compose.yml");
const CHECK_TIMEOUT_MS = 3000;

export class ServiceError extends Error {
  override name = "ServiceError";
}

export type CheckResult =
  | { ok: true; note?: string }
  /** `listening`: something accepted the TCP connection, so starting another server would not help. */
  | { ok: false; reason: string; listening: boolean };

type Log = (line: string) => void;

interface Endpoint {
  host: string;
  port: number;
}

function endpoint(url: string, defaultPort: number): Endpoint {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(u.port || defaultPort) };
}

function show({ host, port }: Endpoint): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function reasonOf(e: unknown, ep?: Endpoint): string {
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ETIMEDOUT":
    case "TIMEOUT":
      return `no answer within ${CHECK_TIMEOUT_MS / 1000} s`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host ${ep ? `"${ep.host}" ` : ""}not found`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "ECONNRESET":
      return "connection reset";
  }
  const message = (err.message ?? String(e)).split("\n")[0] ?? "";
  if (/timeout|timed out/i.test(message)) return `no answer within ${CHECK_TIMEOUT_MS / 1000} s`;
  return message || err.code || "unknown error";
}

/** Opens and closes a TCP connection; rejects with a coded error when nothing listens. */
function tcpProbe({ host, port }: Endpoint, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    socket.once("connect", () => done());
    socket.once("error", done);
  });
}

/** `url` with another database name (pg lets the connection string win over a `database` option). */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function pgSelect1(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether the PostgreSQL server of `url` answers `SELECT 1`. A database that does not exist yet
 * counts as reachable (`ensureDatabase` creates it): the check then runs against `postgres`.
 */
export async function checkPostgres(url: string): Promise<CheckResult> {
  const ep = endpoint(url, 5432);
  if (ep.host) {
    try {
      await tcpProbe(ep);
    } catch (e) {
      return { ok: false, reason: reasonOf(e, ep), listening: false };
    }
  }
  try {
    await pgSelect1(url);
    return { ok: true };
  } catch (e) {
    if ((e as { code?: string }).code === "3D000") {
      try {
        await pgSelect1(withDatabase(url, "postgres"));
        return { ok: true, note: `database "${databaseName(url)}" does not exist yet` };
      } catch (e2) {
        return { ok: false, reason: reasonOf(e2, ep), listening: true };
      }
    }
    return { ok: false, reason: reasonOf(e, ep), listening: Boolean(ep.host) };
  }
}

/** Whether the Redis server of `url` answers `PING`. */
export async function checkRedis(url: string): Promise<CheckResult> {
  const ep = endpoint(url, 6379);
  try {
    await tcpProbe(ep);
  } catch (e) {
    return { ok: false, reason: reasonOf(e, ep), listening: false };
  }
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    const pong = await redis.ping();
    return pong === "PONG" ? { ok: true } : { ok: false, reason: `PING answered ${pong}`, listening: true };
  } catch (e) {
    return { ok: false, reason: reasonOf(e, ep), listening: true };
  } finally {
    redis.disconnect();
  }
}

type DockerState = "engine" | "cli-only" | "absent";

function dockerState(): DockerState {
  const info = spawnSync("docker", ["info"], { stdio: "ignore", timeout: 20_000 });
  if (info.error && (info.error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
  return info.status === 0 ? "engine" : "cli-only";
}

/** `docker compose` (v2 plugin) or the older `docker-compose`, whichever is installed. */
function composeCommand(): string[] | null {
  const ok = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { stdio: "ignore", timeout: 20_000 }).status === 0;
  if (ok("docker", ["compose", "version"])) return ["docker", "compose"];
  if (ok("docker-compose", ["version"])) return ["docker-compose"];
  return null;
}

function isLocal(host: string): boolean {
  return host === "" || host === "localhost" || host === "::1" || /^127\./.test(host);
}

interface Service {
  name: "PostgreSQL" | "Redis";
  compose: "postgres" | "redis";
  envName: string;
  url: string;
  ep: Endpoint;
  check: (url: string) => Promise<CheckResult>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function validUrl(url: string, protocols: string[], envName: string, what: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ServiceError(`${envName} is not a valid URL: "${url}". Expected e.g. ${what}.`);
  }
  if (!protocols.includes(u.protocol))
    throw new ServiceError(
      `${envName} must start with ${protocols.map((p) => `${p}//`).join(" or ")} (got ${u.protocol}//). Expected e.g. ${what}.`,
    );
}

export interface EnsureServicesOptions {
  databaseUrl: string;
  redisUrl: string;
  log?: Log;
  /** Names of the variables the URLs came from, for messages (default DATABASE_URL and REDIS_URL). */
  env?: { database?: string; redis?: string };
  /** How long to wait for services started with Docker Compose (default 60 s). */
  timeoutMs?: number;
}

/**
 * Makes sure PostgreSQL and Redis answer. Local services that do not are started with
 * `docker compose up -d …` when a Docker engine is available; otherwise a ServiceError says what to
 * install or start.
 */
export async function ensureServices(opts: EnsureServicesOptions): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dbEnv = opts.env?.database ?? "DATABASE_URL";
  const redisEnv = opts.env?.redis ?? "REDIS_URL";
  validUrl(
    opts.databaseUrl,
    ["postgres:", "postgresql:"],
    dbEnv,
    "postgresql://postgres@127.0.0.1:5432/labelarena",
  );
  validUrl(opts.redisUrl, ["redis:", "rediss:"], redisEnv, "redis://127.0.0.1:6379/0");

  const pgEp = endpoint(opts.databaseUrl, 5432);
  const redisEp = endpoint(opts.redisUrl, 6379);
  const services: Service[] = [
    {
      name: "PostgreSQL",
      compose: "postgres",
      envName: dbEnv,
      url: opts.databaseUrl,
      ep: pgEp,
      check: checkPostgres,
    },
    {
      name: "Redis",
      compose: "redis",
      envName: redisEnv,
      url: opts.redisUrl,
      ep: redisEp,
      check: checkRedis,
    },
  ];
  const results = await Promise.all(services.map((s) => s.check(s.url)));
  const down = services
    .map((s, i) => ({ s, r: results[i] as CheckResult }))
    .filter((x): x is { s: Service; r: Extract<CheckResult, { ok: false }> } => !x.r.ok);
  if (down.length === 0) {
    log(`PostgreSQL (${show(pgEp)}) and Redis (${show(redisEp)}) answer.`);
    return;
  }

  // Something answers but refuses us (wrong password, no such user, TLS…): another server won't help.
  const refused = down.find((d) => d.r.listening);
  if (refused) {
    const { s, r } = refused;
    throw new ServiceError(
      `${s.name} at ${show(s.ep)} answered but refused the connection (${r.reason}). ` +
        `Check the user, password and database in ${s.envName}.`,
    );
  }
  const remote = down.find((d) => !isLocal(d.s.ep.host));
  if (remote) {
    const { s, r } = remote;
    throw new ServiceError(
      `${s.name} is not reachable at ${show(s.ep)} (${r.reason}). ` +
        `Start that server or point ${s.envName} at one that runs.`,
    );
  }

  const what = joinAnd(down.map(({ s, r }) => `${s.name} is not reachable at ${show(s.ep)} (${r.reason})`));
  const composeArgs = `up -d ${down.map((d) => d.s.compose).join(" ")}`;
  const docker = dockerState();
  const compose = docker === "engine" ? composeCommand() : null;
  if (!compose) {
    const them = down.length > 1 ? "them" : "it";
    const units = down.map((d) => (d.s.compose === "postgres" ? "postgresql" : "redis-server")).join(" ");
    const dockerAdvice =
      docker === "absent"
        ? `install Docker and run \`docker compose ${composeArgs}\``
        : docker === "cli-only"
          ? `start the Docker engine (\`docker info\` fails) and run \`docker compose ${composeArgs}\``
          : `install Docker Compose and run \`docker compose ${composeArgs}\``;
    const envs = joinAnd(down.map((d) => d.s.envName));
    throw new ServiceError(
      `${what}. Start ${them} (e.g. \`sudo systemctl start ${units}\`) or ${dockerAdvice}. ` +
        `To use ${down.length > 1 ? "other servers" : "another server"}, set ${envs}.`,
    );
  }

  const command = `${compose.join(" ")} ${composeArgs}`;
  log(`${what}: starting ${down.length > 1 ? "them" : "it"} with Docker (\`${command}\`).`);
  const [bin, ...pre] = compose as [string, ...string[]];
  const up = spawnSync(bin, [...pre, "-f", COMPOSE_FILE, ...composeArgs.split(" ")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (up.status !== 0)
    throw new ServiceError(
      `\`${command}\` failed (${up.error ? up.error.message : `exit code ${up.status}`}); see its output above. ` +
        `Or start ${joinAnd(down.map((d) => d.s.name))} yourself and set ${joinAnd(down.map((d) => d.s.envName))}.`,
    );

  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  let waiting = down.map((d) => d.s);
  let last = new Map<Service, string>();
  while (waiting.length > 0) {
    const checks = await Promise.all(waiting.map((s) => s.check(s.url)));
    last = new Map();
    const still: Service[] = [];
    checks.forEach((r, i) => {
      const s = waiting[i] as Service;
      if (r.ok)
        log(`${s.name} answers at ${show(s.ep)} (after ${Math.round((Date.now() - started) / 1000)} s).`);
      else {
        still.push(s);
        last.set(s, r.reason);
      }
    });
    waiting = still;
    if (waiting.length === 0) break;
    if (Date.now() - started > timeoutMs) {
      const names = waiting.map((s) => `${s.name} at ${show(s.ep)} (${last.get(s)})`);
      throw new ServiceError(
        `Docker Compose started ${joinAnd(waiting.map((s) => s.compose))}, but ${joinAnd(names)} ` +
          `did not answer within ${Math.round(timeoutMs / 1000)} s. ` +
          `See \`docker compose logs ${waiting.map((s) => s.compose).join(" ")}\`.`,
      );
    }
    await sleep(1000);
  }
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Creates the database named in `url` when it does not exist; returns whether it was created. */
export async function ensureDatabase(url: string, log: Log = (l) => console.log(l)): Promise<boolean> {
  const name = databaseName(url);
  if (!name) return false;
  try {
    await pgSelect1(url);
    return false;
  } catch (e) {
    if ((e as { code?: string }).code !== "3D000")
      throw new ServiceError(`Cannot connect to database "${name}" (${reasonOf(e)}). Check DATABASE_URL.`);
  }
  let lastError: unknown;
  for (const maintenance of ["postgres", "template1"]) {
    const client = new pg.Client({
      connectionString: withDatabase(url, maintenance),
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    });
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (e) {
      lastError = e;
      await client.end().catch(() => {});
      continue;
    }
    try {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      log(`Created database "${name}".`);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === "42P04") return false; // created meanwhile by someone else
      throw new ServiceError(
        `Cannot create database "${name}" (${reasonOf(e)}). Create it yourself or check DATABASE_URL.`,
      );
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new ServiceError(
    `Database "${name}" does not exist and cannot be created: connecting to the maintenance database failed ` +
      `(${reasonOf(lastError)}). Create it yourself or check DATABASE_URL.`,
  );
}
