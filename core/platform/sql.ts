// A small pool of plain `pg` connections for the statements that run a thousand times a second
// (saving answers, writing scores): a named prepared statement is parsed once per connection, and no
// ORM sits between the rows and the caller. Everything else goes through Prisma (db.ts).
import pg from "pg";

/**
 * PostgreSQL compiles a query whose estimated cost is high to machine code first (JIT), which takes
 * tens of milliseconds each time: a progress read over hundreds of attempts or a batch of saves
 * crosses that line and would pay it every few hundred milliseconds. Our queries are short.
 */
export const NO_JIT = "jit=off";

export interface Sql {
  /** Runs a prepared statement by name; `text` is sent the first time on each connection. */
  query<T>(name: string, text: string, values: unknown[]): Promise<T[]>;
  end(): Promise<void>;
}

/**
 * Settings of every connection, given at connect time:
 * - plan_cache_mode: a prepared statement's generic plan is made from the tables as they were at its
 *   first runs. An exam's answers table starts empty, and a plan that scans it whole would stay
 *   after it has grown to thousands of rows: planned for each run instead (cheap next to the rows a
 *   batch writes).
 * - jit: see NO_JIT.
 * - default_toast_compression: answer documents are rewritten on every save, and once larger than
 *   2 kB PostgreSQL compresses them; lz4 costs far less CPU than the default (pglz) for JSON, where
 *   PostgreSQL was built with it.
 */
async function connectionOptions(databaseUrl: string): Promise<string> {
  const options = ["-c plan_cache_mode=force_custom_plan", `-c ${NO_JIT}`];
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    const lz4 = await probe.query(
      `SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`,
    );
    if (lz4.rowCount) options.push("-c default_toast_compression=lz4");
  } catch {
    // PostgreSQL unreachable now: the pool's own connections will say so.
  } finally {
    await probe.end().catch(() => {});
  }
  return options.join(" ");
}

export function createSql(databaseUrl: string, max: number): Sql {
  const pool = connectionOptions(databaseUrl).then((options) => {
    const p = new pg.Pool({ connectionString: databaseUrl, max, options });
    // A connection PostgreSQL drops while idle (a restart) is replaced on the next query; the error
    // must not bring the process down.
    p.on("error", () => {});
    return p;
  });
  return {
    async query<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
      const res = await (await pool).query({ name, text, values });
      return res.rows as T[];
    },
    end: async () => (await pool).end(),
  };
}
