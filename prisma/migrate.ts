// Offline stand-in for `prisma migrate dev|deploy|status`: drives Prisma's own Wasm schema engine
// (@prisma/schema-engine-wasm, the build the CLI bundles) through @prisma/adapter-pg, so no native
// schema-engine binary is needed. Writes the standard prisma/migrations layout and _prisma_migrations
// table, so the normal CLI can deploy the same migrations where the native engine exists.
// Usage: tsx prisma/migrate.ts dev <name> | deploy | status | check
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)));
const SCHEMA = path.join(ROOT, "schema.prisma");
const MIGRATIONS = path.join(ROOT, "migrations");

interface PgFields {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

function pgFields(url: string): PgFields {
  const u = new URL(url);
  // Discrete fields, not connectionString: the shadow DB overrides `database`.
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  };
}

// adapter-pg cannot deserialize PostgreSQL's internal "char" (OID 18), which the engine's catalog
// queries return: report it as text.
let patched = false;
function patchCharType(): void {
  if (patched) return;
  patched = true;
  const proto = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
}

async function admin(cfg: PgFields, sql: string): Promise<void> {
  const c = new pg.Client({ ...cfg, database: "postgres" });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function migrationsList() {
  fs.mkdirSync(MIGRATIONS, { recursive: true });
  const lockPath = path.join(MIGRATIONS, "migration_lock.toml");
  const dirs = fs
    .readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: MIGRATIONS,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const f = path.join(MIGRATIONS, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f)
            ? { tag: "ok", value: fs.readFileSync(f, "utf8") }
            : { tag: "error", value: "missing" },
        },
      };
    }),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the engine's API is untyped wasm-bindgen output
type Engine = any;

async function openEngine(url: string): Promise<Engine> {
  patchCharType();
  const cfg = pgFields(url);
  const base = new PrismaPg(cfg);
  // Own shadow-DB factory: adapter-pg 7.10.0 drops the shadow database before closing its pool.
  const factory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const name = `prisma_shadow_${process.pid}_${Date.now()}`;
      await admin(cfg, `CREATE DATABASE "${name}"`);
      const adapter = await new PrismaPg({ ...cfg, database: name }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await admin(cfg, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  const registry = {
    message: "",
    set_message(m: string) {
      registry.message = m;
    },
  };
  g.PRISMA_WASM_PANIC_REGISTRY = registry;
  const wasmPath = createRequire(import.meta.url)
    .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
    .replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  const schema = fs.readFileSync(SCHEMA, "utf8");
  return bg.SchemaEngine.new(
    { datamodels: [[SCHEMA, schema]] },
    (m: string) => process.env.DEBUG_SE && console.error("[schema-engine]", m),
    bindMigrationAwareSqlAdapterFactory(factory as never),
  );
}

const filters = { externalTables: [], externalEnums: [] };

/** Applies every pending migration to the database at `url`; returns the names applied. */
export async function deployMigrations(url: string): Promise<string[]> {
  const engine = await openEngine(url);
  try {
    const res = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    return res.appliedMigrationNames as string[];
  } finally {
    engine.free();
  }
}

/** Creates a migration for the difference between the migrations and the schema, then applies it. */
async function createMigration(url: string, name: string): Promise<string | null> {
  const engine = await openEngine(url);
  try {
    const diag = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
    if (diag.action.tag === "reset") throw new Error(`drift, reset needed: ${diag.action.reason}`);
    const out = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList: migrationsList(),
      schema: { files: [{ path: SCHEMA, content: fs.readFileSync(SCHEMA, "utf8") }] },
      filters,
    });
    if (!out.migrationScript) return null;
    const dir = path.join(MIGRATIONS, out.generatedMigrationName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `migration.${out.extension}`), out.migrationScript);
    const lock = path.join(MIGRATIONS, "migration_lock.toml");
    if (!fs.existsSync(lock))
      fs.writeFileSync(lock, `# Please do not edit this file manually\nprovider = "${out.connectorType}"\n`);
    await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    return out.generatedMigrationName as string;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring a database holding every migration up to the schema; empty when the
 * migrations are complete. Used by a test that fails when a schema change has no migration.
 */
export async function pendingSchemaDiff(url: string): Promise<string> {
  const engine = await openEngine(url);
  try {
    const out = await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA, content: fs.readFileSync(SCHEMA, "utf8") }] },
      shadowDatabaseUrl: null,
      script: true,
      exitCode: null,
      filters,
    });
    const sql = String(out?.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } finally {
    engine.free();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/labelarena";
  const [cmd, name] = process.argv.slice(2);
  if (cmd === "dev") {
    const created = await createMigration(url, name ?? "migration");
    console.log(created ? `created and applied ${created}` : "no schema changes");
  } else if (cmd === "deploy") {
    const applied = await deployMigrations(url);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (cmd === "status") {
    const engine = await openEngine(url);
    try {
      const diag = await engine.diagnoseMigrationHistory({
        migrationsList: migrationsList(),
        optInToShadowDatabase: false,
        filters,
      });
      console.log(JSON.stringify(diag, null, 2));
    } finally {
      engine.free();
    }
  } else {
    console.error("usage: tsx prisma/migrate.ts dev <name> | deploy | status");
    process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main()
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    })
    .finally(() => process.exit());
}
