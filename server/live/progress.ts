// Coalesced progress fan-out: many saves of one attempt within a short window become one push to
// the proctors' room, computed from PostgreSQL so it is always the committed state.

import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Logger } from "../../core/platform/logger.ts";
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
    private readonly windowMs = 250,
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

  private async push(sessionId: string, attemptId: string): Promise<void> {
    const attempt = await this.db.attempt.findUnique({
      where: { id: attemptId },
      select: { status: true, startedAt: true, deadlineAt: true, examSession: { select: { paperId: true } } },
    });
    if (!attempt) return;
    const [answered, paper] = await Promise.all([
      this.db.answer.count({ where: { attemptId, filled: true } }),
      this.papers.get(attempt.examSession.paperId),
    ]);
    this.broadcaster.toSession(sessionId, "contestant:progress", {
      sessionId,
      attemptId,
      answered,
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
