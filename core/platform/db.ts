// The only place that constructs the Prisma client (PostgreSQL through the pg driver adapter).
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "../../prisma/generated/client.ts";
import { NO_JIT } from "./sql.ts";

export type Db = PrismaClient;
/** What an interactive transaction's callback receives. */
export type Tx = Prisma.TransactionClient;

export function createDb(databaseUrl: string, poolSize = 10): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize, options: `-c ${NO_JIT}` }),
  });
}

/** PostgreSQL's own clock in milliseconds (clock_timestamp: the moment of the call, not of a transaction). */
export async function readDbTime(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`;
  const ms = rows[0]?.ms;
  if (typeof ms !== "number" || !Number.isFinite(ms)) throw new Error("PostgreSQL returned no time");
  return ms;
}
