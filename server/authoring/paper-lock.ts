// A paper is frozen once a session using it has an attempt that began: its questions, tasks, items,
// truth and settings are what contestants were given and what the scorer reads. Every authoring
// change (tasks, items, imports, the theory section) asks here first, inside its transaction.
import { PaperInUseError } from "../../core/errors.ts";
import type { Db } from "../../core/platform/db.ts";

type Reader = Pick<Db, "attempt">;

/** The names of the sessions whose attempts on this paper began (empty: the paper may change). */
export async function sessionsUsingPaper(db: Reader, paperId: string): Promise<string[]> {
  const rows = await db.attempt.findMany({
    where: { examSession: { paperId }, status: { not: "NOT_STARTED" } },
    distinct: ["examSessionId"],
    select: { examSession: { select: { name: true } } },
    take: 20,
  });
  return rows.map((r) => r.examSession.name);
}

/** Throws 409 PAPER_IN_USE when a session using the paper has begun. */
export async function assertPaperEditable(db: Reader, paperId: string): Promise<void> {
  const sessions = await sessionsUsingPaper(db, paperId);
  if (sessions.length > 0) throw new PaperInUseError(sessions);
}
