// A small pool of plain `pg` connections for the one statement that runs a thousand times a second
// (saving answers): a named prepared statement is parsed and planned once per connection, and no
// ORM sits between the rows and the caller. Everything else goes through Prisma (db.ts).
import pg from "pg";

export interface Sql {
  /** Runs a prepared statement by name; `text` is sent the first time on each connection. */
  query<T>(name: string, text: string, values: unknown[]): Promise<T[]>;
  end(): Promise<void>;
}

export function createSql(databaseUrl: string, max: number): Sql {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // A connection PostgreSQL drops while idle (a restart) is replaced on the next query; the error
  // must not bring the process down.
  pool.on("error", () => {});
  // Answer documents are rewritten on every save, and once larger than 2 kB PostgreSQL compresses
  // them: lz4 costs far less CPU than the default (pglz) for JSON. A build without lz4 keeps pglz.
  pool.on("connect", (client) => {
    client.query("SET default_toast_compression = 'lz4'").catch(() => {});
    // A prepared statement's generic plan is made from the tables as they were at its first runs: an
    // exam's answers table starts empty, and a plan that scans it whole stays after it has grown to
    // thousands of rows. Planned for each run instead (cheap next to the rows a batch writes).
    client.query("SET plan_cache_mode = force_custom_plan").catch(() => {});
  });
  return {
    async query<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
      const res = await pool.query({ name, text, values });
      return res.rows as T[];
    },
    end: () => pool.end(),
  };
}
