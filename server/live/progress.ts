// Coalesced progress fan-out: many saves of one attempt within a short window become one push to
// the proctors' room, computed from PostgreSQL so it is always the committed state.

import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Logger } from "../../core/platform/logger.ts";
import type { AttemptStatus } from "../../protocol/index.ts";
import type { PaperStructures } from "../exams/paper-structure.ts";

export interface ProgressNotifier {
  changed(sessionId: string, attemptId: string): void;
  close(): Promise<void>;
}

export class CoalescingProgressNotifier implements ProgressNotifier {
  private readonly pending = new Map<string, { sessionId: string; timer: NodeJS.Timeout }>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly papers: PaperStructures,
    private readonly broadcaster: Broadcaster,
    private readonly log: Logger,
    /** At most one push per attempt per window: a few updates a second at most. */
    private readonly windowMs = 500,
  ) {}

  changed(sessionId: string, attemptId: string): void {
    if (this.pending.has(attemptId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(attemptId);
      const p = this.push(sessionId, attemptId)
        .catch((e) => this.log.warn({ err: e, attemptId }, "progress push failed"))
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }, this.windowMs);
    this.pending.set(attemptId, { sessionId, timer });
  }

  /** One query per push: the attempt's state and how many of its answers count as done. */
  private async push(sessionId: string, attemptId: string): Promise<void> {
    const rows = await this.db.$queryRaw<
      {
        status: AttemptStatus;
        startedAt: Date | null;
        deadlineAt: Date | null;
        paperId: string;
        answered: number;
      }[]
    >`
      SELECT a.status::text AS status, a."startedAt", a."deadlineAt", s."paperId",
             (SELECT count(*)::int FROM "Answer" x WHERE x."attemptId" = a.id AND x.filled) AS answered
      FROM "Attempt" a JOIN "ExamSession" s ON s.id = a."examSessionId"
      WHERE a.id = ${attemptId}`;
    const attempt = rows[0];
    if (!attempt) return;
    const paper = await this.papers.get(attempt.paperId);
    this.broadcaster.toSession(sessionId, "contestant:progress", {
      sessionId,
      attemptId,
      answered: attempt.answered,
      total: paper.total,
      status: attempt.status,
      startedAt: attempt.startedAt?.toISOString() ?? null,
      deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
      at: new Date().toISOString(),
    });
  }

  async close(): Promise<void> {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
