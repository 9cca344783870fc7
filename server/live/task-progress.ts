// Progress per part of the paper (each practical task, and the theory questions as one part) from
// the counts one GROUP BY gives: filled answers per attempt and task.
import type { TaskProgress } from "../../protocol/index.ts";
import type { PaperPart } from "../exams/paper-structure.ts";

/**
 * One attempt's progress per part, in paper order. `byTask`: its filled answers per task id (items
 * only); the theory part gets the rest of `answered` (its filled answers to questions).
 */
export function taskProgress(
  parts: readonly PaperPart[],
  answered: number,
  byTask: ReadonlyMap<string, number> | undefined,
): TaskProgress[] {
  let practical = 0;
  const out: TaskProgress[] = parts.map((p) => {
    if (p.theory) return { taskId: p.id, answered: 0, total: p.total };
    const n = Math.min(p.total, byTask?.get(p.id) ?? 0);
    practical += n;
    return { taskId: p.id, answered: n, total: p.total };
  });
  const theory = out.find((_, i) => parts[i]?.theory);
  if (theory) theory.answered = Math.max(0, Math.min(theory.total, answered - practical));
  return out;
}

/** Rows of `(attemptId, taskId, n)` as attemptId → taskId → n. */
export function byAttempt(rows: readonly { attemptId: string; taskId: string; n: number }[]) {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let m = out.get(r.attemptId);
    if (!m) {
      m = new Map();
      out.set(r.attemptId, m);
    }
    m.set(r.taskId, r.n);
  }
  return out;
}
