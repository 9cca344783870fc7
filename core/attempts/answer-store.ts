// Saving answers, many in one statement: each row takes its attempt FOR SHARE (see
// attempt-lock.ts), is checked for an open attempt and a deadline (plus grace) not passed, and keeps
// the highest revision. The AnswerWriter gathers the saves that arrive while earlier statements are
// running into the next one, so under load PostgreSQL commits (and flushes its log) once for many
// saves instead of once per save, and a quiet server still writes each save at once.
import type { AnswerTarget, AttemptStatus } from "../../protocol/index.ts";
import type { Sql } from "../platform/sql.ts";
import { isTransientError } from "../platform/transient-errors.ts";

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
  /** A proctor paused the attempt: nothing saved until they resume it. */
  | { kind: "paused"; pausedAt: Date }
  /** A proctor locked the attempt: nothing saved until they unlock it. */
  | { kind: "locked"; lockedAt: Date }
  /** Not saved because this revision or a later one is already there. */
  | { kind: "kept"; current: { revision: number; data: unknown; savedAt: Date } };

interface Row {
  ord: number;
  status: AttemptStatus | null;
  /** Epoch milliseconds: plain pg would read a timestamp in the machine's time zone. */
  deadlineMs: number | null;
  pausedMs: number | null;
  lockedMs: number | null;
  savedRevision: number | null;
  currentRevision: number | null;
  /** The stored document, only when this row was not saved (a duplicate or a conflict). */
  currentData: unknown;
  currentSavedMs: number | null;
}

const WRITE_ANSWERS = `
  WITH input AS (
    SELECT t.ord::int AS ord, t.aid, NULLIF(t.iid, '') AS iid, NULLIF(t.qid, '') AS qid, t.rev, t.filled,
           (to_timestamp(t.now_ms / 1000) AT TIME ZONE 'UTC') AS saved_at,
           (to_timestamp(t.cutoff_ms / 1000) AT TIME ZONE 'UTC') AS cutoff, d.doc
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::float8[], $7::float8[])
           WITH ORDINALITY AS t(aid, iid, qid, rev, filled, now_ms, cutoff_ms, ord)
    JOIN jsonb_array_elements($8::jsonb) WITH ORDINALITY AS d(doc, ord) ON d.ord = t.ord
  ), att AS (
    SELECT a.id, a.status, a."deadlineAt", a."pausedAt", a."lockedAt" FROM "Attempt" a
    WHERE a.id = ANY($1::text[]) ORDER BY a.id FOR SHARE
  ), cur AS (
    SELECT i.ord, x.revision, x.data, x."savedAt" FROM input i
    JOIN "Answer" x ON x."attemptId" = i.aid AND x."itemId" = i.iid
    UNION ALL
    SELECT i.ord, x.revision, x.data, x."savedAt" FROM input i
    JOIN "Answer" x ON x."attemptId" = i.aid AND x."questionId" = i.qid
  ), ok AS (
    SELECT i.* FROM input i JOIN att ON att.id = i.aid
    WHERE att.status = 'IN_PROGRESS' AND att."deadlineAt" > i.cutoff
      AND att."pausedAt" IS NULL AND att."lockedAt" IS NULL
  ), up_item AS (
    INSERT INTO "Answer" (id, "attemptId", "itemId", revision, data, filled, "savedAt")
    SELECT gen_random_uuid()::text, aid, iid, rev, doc, filled, saved_at FROM ok WHERE iid IS NOT NULL
    ON CONFLICT ("attemptId", "itemId") DO UPDATE
      SET revision = EXCLUDED.revision, data = EXCLUDED.data, filled = EXCLUDED.filled,
          "savedAt" = EXCLUDED."savedAt"
      WHERE "Answer".revision < EXCLUDED.revision
    RETURNING "attemptId", "itemId" AS tid, revision
  ), up_question AS (
    INSERT INTO "Answer" (id, "attemptId", "questionId", revision, data, filled, "savedAt")
    SELECT gen_random_uuid()::text, aid, qid, rev, doc, filled, saved_at FROM ok WHERE qid IS NOT NULL
    ON CONFLICT ("attemptId", "questionId") DO UPDATE
      SET revision = EXCLUDED.revision, data = EXCLUDED.data, filled = EXCLUDED.filled,
          "savedAt" = EXCLUDED."savedAt"
      WHERE "Answer".revision < EXCLUDED.revision
    RETURNING "attemptId", "questionId" AS tid, revision
  ), up AS (
    SELECT * FROM up_item UNION ALL SELECT * FROM up_question
  ), minutes AS (
    -- Saves counted per attempt and minute, for the proctors' timeline and idle time.
    INSERT INTO "SaveMinute" ("attemptId", minute, saves, "lastAt")
    SELECT i.aid, date_trunc('minute', i.saved_at), count(*)::int, max(i.saved_at)
    FROM up JOIN input i ON i.aid = up."attemptId" AND COALESCE(i.iid, i.qid) = up.tid
    GROUP BY i.aid, date_trunc('minute', i.saved_at)
    -- One order for every statement: concurrent batches lock the same rows in the same order.
    ORDER BY 1, 2
    ON CONFLICT ("attemptId", minute) DO UPDATE
      SET saves = "SaveMinute".saves + EXCLUDED.saves,
          "lastAt" = GREATEST("SaveMinute"."lastAt", EXCLUDED."lastAt")
  )
  SELECT i.ord, att.status::text AS status,
         (extract(epoch FROM att."deadlineAt") * 1000)::float8 AS "deadlineMs",
         (extract(epoch FROM att."pausedAt") * 1000)::float8 AS "pausedMs",
         (extract(epoch FROM att."lockedAt") * 1000)::float8 AS "lockedMs",
         up.revision AS "savedRevision", cur.revision AS "currentRevision",
         CASE WHEN up.revision IS NULL THEN cur.data END AS "currentData",
         (extract(epoch FROM cur."savedAt") * 1000)::float8 AS "currentSavedMs"
  FROM input i
  LEFT JOIN att ON att.id = i.aid
  LEFT JOIN cur ON cur.ord = i.ord
  LEFT JOIN up ON up."attemptId" = i.aid AND up.tid = COALESCE(i.iid, i.qid)
  ORDER BY i.ord`;

/**
 * Writes answers of distinct targets in one statement and returns one result per write, in order.
 * Two writes of the same target of the same attempt must not share a statement.
 */
export async function writeAnswers(sql: Sql, writes: readonly AnswerWrite[]): Promise<AnswerWriteResult[]> {
  if (writes.length === 0) return [];
  const rows = await sql.query<Row>("la_write_answers", WRITE_ANSWERS, [
    writes.map((w) => w.attemptId),
    // '' rather than NULL keeps the arrays plain text[]; NULLIF turns it back.
    writes.map((w) => (w.target.kind === "item" ? w.target.id : "")),
    writes.map((w) => (w.target.kind === "question" ? w.target.id : "")),
    writes.map((w) => w.revision),
    writes.map((w) => w.filled),
    writes.map((w) => w.now.getTime()),
    writes.map((w) => w.now.getTime() - w.graceMs),
    // The documents are JSON already: joined into one array, they are parsed once, never re-escaped.
    `[${writes.map((w) => w.json).join(",")}]`,
  ]);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return Promise.all(writes.map((w, i) => resultOf(sql, w, byOrd.get(i + 1))));
}

async function resultOf(sql: Sql, w: AnswerWrite, row: Row | undefined): Promise<AnswerWriteResult> {
  if (!row?.status) return { kind: "missing" };
  if (row.savedRevision !== null) return { kind: "saved", revision: row.savedRevision };
  if (row.status !== "IN_PROGRESS") return { kind: "not-open", status: row.status };
  if (row.pausedMs !== null) return { kind: "paused", pausedAt: new Date(row.pausedMs) };
  if (row.lockedMs !== null) return { kind: "locked", lockedAt: new Date(row.lockedMs) };
  if (row.deadlineMs === null || row.deadlineMs <= w.now.getTime() - w.graceMs)
    return { kind: "deadline-passed", deadlineAt: row.deadlineMs === null ? null : new Date(row.deadlineMs) };
  if (row.currentRevision !== null && row.currentSavedMs !== null)
    return {
      kind: "kept",
      current: {
        revision: row.currentRevision,
        data: row.currentData,
        savedAt: new Date(row.currentSavedMs),
      },
    };
  // Another save of the same target committed between this statement's snapshot and its insert:
  // read what won.
  const winner = await sql.query<{ revision: number; data: unknown; savedMs: number }>(
    w.target.kind === "item" ? "la_answer_of_item" : "la_answer_of_question",
    `SELECT revision, data, (extract(epoch FROM "savedAt") * 1000)::float8 AS "savedMs" FROM "Answer"
     WHERE "attemptId" = $1 AND ${w.target.kind === "item" ? `"itemId"` : `"questionId"`} = $2`,
    [w.attemptId, w.target.id],
  );
  const won = winner[0];
  if (!won) throw new Error(`answer of ${w.target.kind} ${w.target.id} was neither saved nor found`);
  return {
    kind: "kept",
    current: { revision: won.revision, data: won.data, savedAt: new Date(won.savedMs) },
  };
}

interface Pending {
  write: AnswerWrite;
  key: string;
  resolve: (r: AnswerWriteResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for saves. A save goes out at once while fewer than `concurrency` statements are
 * running; otherwise it waits for the next statement, which takes every waiting save (up to
 * `maxBatch`, one per target). So the batch grows exactly as much as the database is slow.
 */
export class AnswerWriter {
  private queue: Pending[] = [];
  private running = 0;

  constructor(
    private readonly sql: Sql,
    private readonly concurrency = 4,
    private readonly maxBatch = 200,
  ) {}

  write(write: AnswerWrite): Promise<AnswerWriteResult> {
    return new Promise((resolve, reject) => {
      const key = `${write.attemptId}|${write.target.kind}|${write.target.id}`;
      this.queue.push({ write, key, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const keys = new Set<string>();
      for (const p of this.queue) {
        // A second save of a target waits for the next statement (one row per target per statement).
        if (batch.length < this.maxBatch && !keys.has(p.key)) {
          keys.add(p.key);
          batch.push(p);
        } else rest.push(p);
      }
      this.queue = rest;
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const results = await writeAnswers(
        this.sql,
        batch.map((p) => p.write),
      );
      batch.forEach((p, i) => {
        const r = results[i];
        if (r) p.resolve(r);
        else p.reject(new Error("no result for a save"));
      });
    } catch (e) {
      // An outage fails them all alike; anything else is retried one by one, so that one odd save
      // cannot take the others down with it.
      if (batch.length === 1 || isTransientError(e)) {
        for (const p of batch) p.reject(e);
        return;
      }
      await Promise.all(
        batch.map((p) =>
          writeAnswers(this.sql, [p.write]).then(
            ([r]) => (r ? p.resolve(r) : p.reject(new Error("no result for a save"))),
            p.reject,
          ),
        ),
      );
    }
  }
}
