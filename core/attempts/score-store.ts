// Reading a frozen attempt's answers and writing its score, one statement each over plain pg (a
// session's deadline scores thousands of attempts at once). The write locks the attempt row FOR
// UPDATE (as lockAttempt does) and writes only while the attempt is still frozen, so two scorers
// racing on one attempt write one score version.
import type { AttemptStatus } from "../../protocol/index.ts";
import type { Sql } from "../platform/sql.ts";

export interface AttemptAnswers {
  status: AttemptStatus;
  examSessionId: string;
  paperId: string;
  answers: { itemId: string | null; questionId: string | null; data: unknown }[];
  /** The judges' adjustments in force: subject "item:<id>" / "question:<id>", the share, the reason. */
  adjustments: { subject: string; score: number; reason: string }[];
}

const READ = `
  SELECT a.status::text AS status, a."examSessionId", s."paperId",
         COALESCE(json_agg(json_build_object('itemId', x."itemId", 'questionId', x."questionId", 'data', x.data))
                  FILTER (WHERE x.id IS NOT NULL), '[]'::json) AS answers,
         COALESCE((SELECT json_agg(json_build_object('subject', j.subject, 'score', j.score, 'reason', j.reason))
                   FROM "ScoreAdjustment" j
                   WHERE j."attemptId" = a.id AND j."supersededAt" IS NULL), '[]'::json) AS adjustments
  FROM "Attempt" a
  JOIN "ExamSession" s ON s.id = a."examSessionId"
  LEFT JOIN "Answer" x ON x."attemptId" = a.id
  WHERE a.id = $1
  GROUP BY a.id, s."paperId"`;

export async function readAttemptAnswers(sql: Sql, attemptId: string): Promise<AttemptAnswers | null> {
  const rows = await sql.query<AttemptAnswers>("la_read_attempt_answers", READ, [attemptId]);
  return rows[0] ?? null;
}

export interface ScoreWrite {
  attemptId: string;
  scorerVersion: string;
  theory: number;
  practical: number;
  total: number;
  tasks: { taskId: string | null; sectionId: string; earned: number; possible: number; items: object[] }[];
}

// The old current version is switched off before the new one goes in: `ver` reads `old`, which runs
// it to completion first (one current version per attempt is a unique index).
const WRITE = `
  WITH a AS (
    SELECT id FROM "Attempt" WHERE id = $1 AND status = 'FROZEN' FOR UPDATE
  ), old AS (
    UPDATE "ScoreVersion" SET current = false
    WHERE "attemptId" = $1 AND current AND EXISTS (SELECT 1 FROM a)
    RETURNING version
  ), ver AS (
    INSERT INTO "ScoreVersion" (id, "attemptId", version, "scorerVersion", theory, practical, total, current,
                                "createdAt")
    SELECT gen_random_uuid()::text, a.id,
           COALESCE((SELECT max(version) FROM "ScoreVersion" WHERE "attemptId" = $1), 0) + 1
             + 0 * (SELECT count(*) FROM old),
           $2, $3, $4, $5, true, (now() AT TIME ZONE 'UTC')
    FROM a
    RETURNING id, "createdAt"
  ), tasks AS (
    INSERT INTO "TaskScore" (id, "scoreVersionId", "taskId", "sectionId", earned, possible, items)
    SELECT gen_random_uuid()::text, ver.id, t."taskId", t."sectionId", t.earned, t.possible, t.items
    FROM ver, jsonb_to_recordset($6::jsonb)
      AS t("taskId" text, "sectionId" text, earned float8, possible float8, items jsonb)
    RETURNING 1
  ), done AS (
    UPDATE "Attempt" SET status = 'SCORED' WHERE id IN (SELECT id FROM a) RETURNING id
  )
  SELECT (extract(epoch FROM ver."createdAt") * 1000)::float8 AS "createdMs",
         (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM done)::int AS done
  FROM ver`;

/** Writes the score of a frozen attempt; null when it is no longer frozen (scored by another). */
export async function writeScore(sql: Sql, w: ScoreWrite): Promise<Date | null> {
  const rows = await sql.query<{ createdMs: number }>("la_write_score", WRITE, [
    w.attemptId,
    w.scorerVersion,
    w.theory,
    w.practical,
    w.total,
    JSON.stringify(w.tasks),
  ]);
  const row = rows[0];
  return row ? new Date(row.createdMs) : null;
}
