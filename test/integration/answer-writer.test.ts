// Saves written many to a statement against the real PostgreSQL: each row gets the answer it would
// have got alone (saved, kept, closed, late, missing), and the group-commit writer batches what
// arrives while a statement runs without losing or mixing up a single save.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnswerWrite, AnswerWriter, writeAnswers } from "../../core/attempts/answer-store.ts";
import { createDb, type Db } from "../../core/platform/db.ts";
import { createSql, type Sql } from "../../core/platform/sql.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { type ExamFixture, newExamFixture } from "../helpers/factories.ts";

let database: { url: string; drop: () => Promise<void> };
let db: Db;
let sql: Sql;
let fx: ExamFixture;
const now = new Date();
const box = (id: string) => ({ boxes: [{ id, label: "car", x: 10, y: 20, w: 30, h: 40 }] });

function write(
  attemptId: string,
  target: AnswerWrite["target"],
  revision: number,
  data: unknown,
): AnswerWrite {
  return { attemptId, target, revision, json: JSON.stringify(data), filled: true, now, graceMs: 2000 };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  sql = createSql(database.url, 2);
  fx = await newExamFixture(db, { contestants: 24 });
  const inAnHour = new Date(now.getTime() + 3600_000);
  const ids = fx.contestants.map((c) => c.attemptId);
  await db.attempt.updateMany({
    where: { id: { in: ids } },
    data: { status: "IN_PROGRESS", startedAt: now, deadlineAt: inAnHour },
  });
  // Contestant 2 has submitted, 3's deadline passed 3 s ago, 4 has not started.
  await db.attempt.update({ where: { id: ids[1] }, data: { status: "FROZEN", submittedAt: now } });
  await db.attempt.update({ where: { id: ids[2] }, data: { deadlineAt: new Date(now.getTime() - 3000) } });
  await db.attempt.update({
    where: { id: ids[3] },
    data: { status: "NOT_STARTED", startedAt: null, deadlineAt: null },
  });
});
afterAll(async () => {
  await sql?.end();
  await db?.$disconnect();
  await database?.drop();
});

describe("writeAnswers", () => {
  it("answers every row of one statement as it would have been answered alone", async () => {
    const [a, frozen, late, notStarted] = fx.contestants.map((c) => c.attemptId);
    const item = { kind: "item" as const, id: fx.items[0]?.id ?? "" };
    const item2 = { kind: "item" as const, id: fx.items[1]?.id ?? "" };
    const question = { kind: "question" as const, id: fx.questions[0]?.id ?? "" };
    const first = await writeAnswers(sql, [
      write(a ?? "", item, 3, box("x")),
      write(a ?? "", question, 1, { choice: "A" }),
      write(frozen ?? "", item, 1, box("y")),
      write(late ?? "", item, 1, box("z")),
      write(notStarted ?? "", item, 1, box("w")),
      write("no-such-attempt", item, 1, box("v")),
    ]);
    expect(first).toEqual([
      { kind: "saved", revision: 3 },
      { kind: "saved", revision: 1 },
      { kind: "not-open", status: "FROZEN" },
      { kind: "deadline-passed", deadlineAt: expect.any(Date) },
      { kind: "not-open", status: "NOT_STARTED" },
      { kind: "missing" },
    ]);
    const second = await writeAnswers(sql, [
      write(a ?? "", item, 2, box("older")),
      write(a ?? "", question, 1, { choice: "A" }),
      write(a ?? "", item2, 1, box("new")),
    ]);
    expect(second[0]).toMatchObject({ kind: "kept", current: { revision: 3, data: box("x") } });
    expect(second[1]).toMatchObject({ kind: "kept", current: { revision: 1, data: { choice: "A" } } });
    expect(second[2]).toEqual({ kind: "saved", revision: 1 });
    const stored = await db.answer.findMany({ where: { attemptId: a }, orderBy: { revision: "asc" } });
    expect(stored.map((s) => [s.itemId ?? s.questionId, s.revision, s.data])).toEqual(
      expect.arrayContaining([
        [item.id, 3, box("x")],
        [question.id, 1, { choice: "A" }],
        [item2.id, 1, box("new")],
      ]),
    );
    expect(
      await db.answer.count({ where: { attemptId: { in: [frozen, late, notStarted] as string[] } } }),
    ).toBe(0);
  });
});

describe("AnswerWriter", () => {
  it("batches saves that arrive together, one row per target per statement, and keeps the highest revision", async () => {
    const attempts = fx.contestants.slice(4).map((c) => c.attemptId);
    const items = fx.items.slice(0, 5);
    let statements = 0;
    const counting: Sql = {
      query: (name, text, values) => {
        statements++;
        return sql.query(name, text, values);
      },
      end: () => sql.end(),
    };
    const writer = new AnswerWriter(counting, 2, 50);
    // Every target twice (revisions 1 and 2, sent together), 20 attempts × 5 items × 2.
    const writes = attempts.flatMap((aid) =>
      items.flatMap((it) =>
        [1, 2].map((rev) => write(aid, { kind: "item", id: it.id }, rev, box(`${aid}-${it.id}-${rev}`))),
      ),
    );
    const results = await Promise.all(writes.map((w) => writer.write(w)));
    expect(results.every((r) => r.kind === "saved" || r.kind === "kept")).toBe(true);
    // 200 saves went out in far fewer statements than saves.
    expect(statements).toBeGreaterThanOrEqual(4);
    expect(statements).toBeLessThan(20);
    const stored = await db.answer.findMany({ where: { attemptId: { in: attempts } } });
    expect(stored).toHaveLength(attempts.length * items.length);
    for (const s of stored) {
      expect(s.revision).toBe(2);
      expect(s.data).toEqual(box(`${s.attemptId}-${s.itemId}-2`));
    }
  });
});
