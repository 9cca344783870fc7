// Whether a paper can be given to a session: something to answer (questions or items), and every
// task's settings read by its kind's schema (protocol/task-settings.ts). A paper that fails here
// would fail its scoring after the contestants sat it; it is refused when the session is made.
import { ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { parseTaskSettings } from "../../protocol/index.ts";

/** Throws 400 VALIDATION_FAILED naming the task and the key, or the paper with nothing in it. */
export async function assertPaperReady(db: Tx, paperId: string): Promise<void> {
  // A change of the paper in progress (authoring takes its row lock) is waited for.
  await db.$queryRaw`SELECT id FROM "Paper" WHERE id = ${paperId} FOR SHARE`;
  const sections = await db.section.findMany({
    where: { paperId },
    select: {
      _count: { select: { questions: true } },
      tasks: {
        orderBy: { position: "asc" },
        select: { id: true, title: true, kind: true, settings: true, _count: { select: { items: true } } },
      },
    },
  });
  const tasks = sections.flatMap((s) => s.tasks);
  const questions = sections.reduce((n, s) => n + s._count.questions, 0);
  const items = tasks.reduce((n, t) => n + t._count.items, 0);
  if (questions === 0 && items === 0)
    throw new ValidationError("The paper has no questions and no items: it cannot be given to a session.", [
      { path: "paperId", message: "The paper is empty.", paperId, problem: "paper-empty" },
    ]);
  for (const t of tasks) {
    const parsed = parseTaskSettings(t.kind, t.settings);
    if (!parsed.success)
      throw new ValidationError(`Task "${t.title}" of the paper has invalid settings: ${parsed.error}`, [
        {
          path: "paperId",
          message: parsed.error,
          paperId,
          taskId: t.id,
          task: t.title,
          problem: "task-settings",
        },
      ]);
  }
}
