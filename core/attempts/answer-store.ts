// Saving one answer in one statement: it takes the attempt row FOR SHARE (see attempt-lock.ts),
// checks that the attempt is open and its deadline (plus grace) not passed, and keeps the highest
// revision, all in a single round trip to PostgreSQL. What the statement could not save comes back
// with the reason, for the caller to turn into an error.
import { Prisma } from "../../prisma/generated/client.ts";
import type { AnswerTarget, AttemptStatus } from "../../protocol/index.ts";
import type { Db } from "../platform/db.ts";

export interface AnswerWrite {
  attemptId: string;
  target: AnswerTarget;
  revision: number;
  /** The document, already validated, serialized. */
  json: string;
  filled: boolean;
  /** When the save is taken (the database's clock). */
  now: Date;
  /** Saves are taken while `deadlineAt > now - grace`. */
  graceMs: number;
}

export type AnswerWriteResult =
  | { kind: "saved"; revision: number }
  | { kind: "missing" }
  | { kind: "not-open"; status: AttemptStatus }
  | { kind: "deadline-passed"; deadlineAt: Date | null }
  /** Not saved because this revision or a later one is already there. */
  | { kind: "kept"; current: { revision: number; data: unknown; savedAt: Date } };

interface Row {
  status: AttemptStatus;
  deadlineAt: Date | null;
  savedRevision: number | null;
  currentRevision: number | null;
  currentData: unknown;
  currentSavedAt: Date | null;
}

/** A timestamp without time zone, as Prisma stores it (UTC), from epoch milliseconds. */
const utc = (ms: number) => Prisma.sql`(to_timestamp(${ms}::float8 / 1000) AT TIME ZONE 'UTC')`;

export async function writeAnswer(db: Db, w: AnswerWrite): Promise<AnswerWriteResult> {
  const column = Prisma.raw(w.target.kind === "item" ? `"itemId"` : `"questionId"`);
  const now = w.now.getTime();
  const rows = await db.$queryRaw<Row[]>`
    WITH att AS (
      SELECT status, "deadlineAt" FROM "Attempt" WHERE id = ${w.attemptId} FOR SHARE
    ), cur AS (
      SELECT revision, data, "savedAt" FROM "Answer"
      WHERE "attemptId" = ${w.attemptId} AND ${column} = ${w.target.id}
    ), up AS (
      INSERT INTO "Answer" (id, "attemptId", ${column}, revision, data, filled, "savedAt")
      SELECT gen_random_uuid()::text, ${w.attemptId}, ${w.target.id}, ${w.revision}::int,
             ${w.json}::jsonb, ${w.filled}, ${utc(now)}
      FROM att WHERE att.status = 'IN_PROGRESS' AND att."deadlineAt" > ${utc(now - w.graceMs)}
      ON CONFLICT ("attemptId", ${column}) DO UPDATE
        SET revision = EXCLUDED.revision, data = EXCLUDED.data, filled = EXCLUDED.filled,
            "savedAt" = EXCLUDED."savedAt"
        WHERE "Answer".revision < EXCLUDED.revision
      RETURNING revision
    )
    SELECT att.status::text AS status, att."deadlineAt", (SELECT revision FROM up) AS "savedRevision",
           cur.revision AS "currentRevision", cur.data AS "currentData", cur."savedAt" AS "currentSavedAt"
    FROM att LEFT JOIN cur ON true`;
  const row = rows[0];
  if (!row) return { kind: "missing" };
  if (row.savedRevision !== null) return { kind: "saved", revision: row.savedRevision };
  if (row.status !== "IN_PROGRESS") return { kind: "not-open", status: row.status };
  if (!row.deadlineAt || row.deadlineAt.getTime() <= now - w.graceMs)
    return { kind: "deadline-passed", deadlineAt: row.deadlineAt };
  if (row.currentRevision !== null && row.currentSavedAt)
    return {
      kind: "kept",
      current: { revision: row.currentRevision, data: row.currentData, savedAt: row.currentSavedAt },
    };
  // Another save of the same target committed between this statement's snapshot and its insert:
  // read what won.
  const winner = await db.answer.findFirst({
    where:
      w.target.kind === "item"
        ? { attemptId: w.attemptId, itemId: w.target.id }
        : { attemptId: w.attemptId, questionId: w.target.id },
    select: { revision: true, data: true, savedAt: true },
  });
  if (!winner) throw new Error(`answer of ${w.target.kind} ${w.target.id} was neither saved nor found`);
  return { kind: "kept", current: winner };
}
