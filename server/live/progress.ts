// Coalesced progress fan-out: the saves of every attempt within a short window become one query for
// all of them and one push per attempt to the proctors' room, computed from PostgreSQL so it is
// always the committed state. However many contestants save, this process reads progress a few times
// a second, not once per save.
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Logger } from "../../core/platform/logger.ts";
import type { AttemptStatus } from "../../protocol/index.ts";
import type { PaperStructures } from "../exams/paper-structure.ts";

export interface ProgressNotifier {
  changed(sessionId: string, attemptId: string): void;
  close(): Promise<void>;
}

interface ProgressRow {
  id: string;
  examSessionId: string;
  status: AttemptStatus;
  startedAt: Date | null;
  deadlineAt: Date | null;
  paperId: string;
  answered: number;
}

export class CoalescingProgressNotifier implements ProgressNotifier {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly papers: PaperStructures,
    private readonly broadcaster: Broadcaster,
    private readonly log: Logger,
    /** At most one push per attempt per window: a few updates a second at most. */
    private readonly windowMs = 500,
  ) {}

  changed(_sessionId: string, attemptId: string): void {
    this.pending.add(attemptId);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  private flush(): void {
    this.timer = null;
    const ids = [...this.pending];
    this.pending = new Set();
    if (ids.length === 0) return;
    const p = this.push(ids)
      .catch((e) => this.log.warn({ err: e, attempts: ids.length }, "progress push failed"))
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** One query for every attempt of the window: its state and how many of its answers count as done. */
  private async push(attemptIds: string[]): Promise<void> {
    for (let i = 0; i < attemptIds.length; i += 1000) {
      const rows = await this.db.$queryRaw<ProgressRow[]>`
        SELECT a.id, a."examSessionId", a.status::text AS status, a."startedAt", a."deadlineAt", s."paperId",
               (SELECT count(*)::int FROM "Answer" x WHERE x."attemptId" = a.id AND x.filled) AS answered
        FROM "Attempt" a JOIN "ExamSession" s ON s.id = a."examSessionId"
        WHERE a.id = ANY(${attemptIds.slice(i, i + 1000)}::text[])`;
      const at = new Date().toISOString();
      for (const row of rows) {
        const paper = await this.papers.get(row.paperId);
        this.broadcaster.toSession(row.examSessionId, "contestant:progress", {
          sessionId: row.examSessionId,
          attemptId: row.id,
          answered: row.answered,
          total: paper.total,
          status: row.status,
          startedAt: row.startedAt?.toISOString() ?? null,
          deadlineAt: row.deadlineAt?.toISOString() ?? null,
          at,
        });
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
