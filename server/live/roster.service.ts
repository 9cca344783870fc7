// The proctor console's roster of one exam session: every contestant, their progress and score.

import { ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type {
  AttemptTimeline,
  IncidentView,
  ProctorMessageView,
  RosterEntry,
  SessionRoster,
  TimelineEvent,
} from "../../protocol/index.ts";
import { canWatchSession, type Principal } from "../auth/principal.ts";
import type { PaperStructures } from "../exams/paper-structure.ts";
import { remainingMs } from "./attempt-state.ts";
import { byAttempt, taskProgress } from "./task-progress.ts";

export interface Presence {
  /** Attempt ids of the session with at least one connected contestant socket. */
  connectedAttempts(sessionId: string): Promise<Set<string>>;
  /** Every attempt seen: connected or not, and its last heartbeat (epoch ms). */
  snapshot(sessionId: string): Promise<Map<string, { connected: boolean; lastSeenMs: number | null }>>;
  readonly heartbeatMs: number;
  readonly ttlMs: number;
}

export class RosterService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly papers: PaperStructures,
    private readonly presence: Presence,
  ) {}

  /** Throws unless the principal may watch the session; returns the session's summary. */
  async authorize(p: Principal, sessionId: string) {
    const session = await this.db.examSession.findUnique({
      where: { id: sessionId },
      select: {
        id: true,
        name: true,
        startsAt: true,
        durationMinutes: true,
        paperId: true,
        regionId: true,
      },
    });
    if (!session) throw new NotFoundError("The exam session");
    if (!canWatchSession(p, { id: session.id, regionId: session.regionId }))
      throw new ForbiddenError("You are not a proctor of this exam session.");
    return session;
  }

  async roster(p: Principal, sessionId: string): Promise<SessionRoster> {
    const session = await this.authorize(p, sessionId);
    const [attempts, counts, incidentCounts, paper, seen, activity, lastIncidents, messages, perTask] =
      await Promise.all([
        this.db.attempt.findMany({
          where: { examSessionId: sessionId },
          select: {
            id: true,
            status: true,
            startedAt: true,
            deadlineAt: true,
            submittedAt: true,
            closedBy: true,
            scoringError: true,
            seat: true,
            pausedAt: true,
            pausedSeconds: true,
            lockedAt: true,
            extensionSeconds: true,
            contestant: {
              select: {
                id: true,
                ticketNumber: true,
                group: true,
                user: { select: { name: true } },
              },
            },
            scoreVersions: {
              where: { current: true },
              select: { theory: true, practical: true, total: true, createdAt: true },
              take: 1,
            },
          },
          orderBy: { contestant: { ticketNumber: "asc" } },
        }),
        this.db.answer.groupBy({
          by: ["attemptId"],
          where: { attempt: { examSessionId: sessionId }, filled: true },
          _count: { _all: true },
        }),
        this.db.incident.groupBy({
          by: ["attemptId"],
          where: { attempt: { examSessionId: sessionId } },
          _count: { _all: true },
        }),
        this.papers.get(session.paperId),
        this.presence.snapshot(sessionId),
        this.db.saveMinute.groupBy({
          by: ["attemptId"],
          where: { attempt: { examSessionId: sessionId } },
          _max: { lastAt: true },
        }),
        this.db.$queryRaw<{ attemptId: string; kind: string; at: Date }[]>`
        SELECT DISTINCT ON (i."attemptId") i."attemptId", i.kind, i.at
        FROM "Incident" i JOIN "Attempt" a ON a.id = i."attemptId"
        WHERE a."examSessionId" = ${sessionId}
        ORDER BY i."attemptId", i.at DESC, i.id DESC`,
        this.messages(sessionId),
        // Filled answers per attempt and task: one GROUP BY for the whole session.
        this.db.$queryRaw<{ attemptId: string; taskId: string; n: number }[]>`
        SELECT x."attemptId", i."taskId", count(*)::int AS n
        FROM "Answer" x JOIN "Attempt" a ON a.id = x."attemptId" JOIN "Item" i ON i.id = x."itemId"
        WHERE a."examSessionId" = ${sessionId} AND x.filled
        GROUP BY x."attemptId", i."taskId"`,
      ]);
    const tasksOf = byAttempt(perTask);
    const parts = paper.parts ?? [];
    const lastSave = new Map(activity.map((a) => [a.attemptId, a._max.lastAt]));
    const lastIncident = new Map(lastIncidents.map((i) => [i.attemptId, i]));
    const acks = await this.latestAcks(sessionId, messages);
    const now = this.clock.now();
    const answered = new Map(counts.map((c) => [c.attemptId, c._count._all]));
    const incidents = new Map(incidentCounts.map((c) => [c.attemptId, c._count._all]));
    const entries: RosterEntry[] = attempts.map((a) => {
      const score = a.scoreVersions[0];
      const presence = seen.get(a.id);
      const connected = presence?.connected ?? false;
      const saved = lastSave.get(a.id) ?? null;
      const activityAt = latest(saved, a.startedAt);
      const incident = lastIncident.get(a.id);
      const latestMessage = messages.find((m) => m.attemptId === null || m.attemptId === a.id);
      const ackedAt = latestMessage ? (acks.get(`${latestMessage.id}|${a.id}`) ?? null) : null;
      return {
        attemptId: a.id,
        contestant: {
          id: a.contestant.id,
          name: a.contestant.user.name,
          ticketNumber: a.contestant.ticketNumber,
          seat: a.seat,
          group: a.contestant.group,
        },
        status: a.status,
        connected,
        presence: connected ? (a.status === "NOT_STARTED" ? "lobby" : "exam") : "offline",
        lastSeenAt: presence?.lastSeenMs ? new Date(presence.lastSeenMs).toISOString() : null,
        lastActivityAt: activityAt?.toISOString() ?? null,
        pausedAt: a.pausedAt?.toISOString() ?? null,
        pausedSeconds: a.pausedSeconds,
        lockedAt: a.lockedAt?.toISOString() ?? null,
        extensionSeconds: a.extensionSeconds,
        remainingMs: remainingMs(a, now),
        lastIncident: incident ? { kind: incident.kind, at: incident.at.toISOString() } : null,
        latestMessage: latestMessage
          ? {
              id: latestMessage.id,
              at: latestMessage.at,
              acked: ackedAt !== null,
              ackedAt: ackedAt?.toISOString() ?? null,
            }
          : null,
        answered: answered.get(a.id) ?? 0,
        total: paper.total,
        tasks: taskProgress(parts, answered.get(a.id) ?? 0, tasksOf.get(a.id)),
        startedAt: a.startedAt?.toISOString() ?? null,
        deadlineAt: a.deadlineAt?.toISOString() ?? null,
        submittedAt: a.submittedAt?.toISOString() ?? null,
        closedBy: a.closedBy,
        incidents: incidents.get(a.id) ?? 0,
        scoringError: a.scoringError,
        score: score
          ? {
              theory: score.theory,
              practical: score.practical,
              total: score.total,
              scoredAt: score.createdAt.toISOString(),
            }
          : null,
      };
    });
    return {
      session: {
        id: session.id,
        name: session.name,
        startsAt: session.startsAt.toISOString(),
        durationMinutes: session.durationMinutes,
        tasks: parts.map((t) =>
          t.theory ? { id: t.id, title: t.title, theory: true } : { id: t.id, title: t.title },
        ),
      },
      serverNow: now.toISOString(),
      entries,
      messages,
      presence: { heartbeatMs: this.presence.heartbeatMs, ttlMs: this.presence.ttlMs },
    };
  }

  /** The session's messages, newest first, with acknowledgement counts. */
  private async messages(sessionId: string): Promise<ProctorMessageView[]> {
    const [rows, attempts] = await Promise.all([
      this.db.proctorMessage.findMany({
        where: { examSessionId: sessionId },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: 50,
        select: { id: true, attemptId: true, text: true, at: true, _count: { select: { acks: true } } },
      }),
      this.db.attempt.count({ where: { examSessionId: sessionId } }),
    ]);
    return rows.map((m) => ({
      id: m.id,
      sessionId,
      attemptId: m.attemptId,
      text: m.text,
      at: m.at.toISOString(),
      acked: m._count.acks,
      recipients: m.attemptId ? 1 : attempts,
    }));
  }

  /** Acknowledgements of the messages that are someone's latest: "messageId|attemptId" → when. */
  private async latestAcks(sessionId: string, messages: ProctorMessageView[]): Promise<Map<string, Date>> {
    const latestToAll = messages.find((m) => m.attemptId === null);
    const ids = [
      ...new Set(
        messages
          .filter((m) => m.attemptId !== null && (!latestToAll || m.at > latestToAll.at))
          .map((m) => m.id),
      ),
      ...(latestToAll ? [latestToAll.id] : []),
    ];
    if (ids.length === 0) return new Map();
    const rows = await this.db.messageAck.findMany({
      where: { messageId: { in: ids }, message: { examSessionId: sessionId } },
      select: { messageId: true, attemptId: true, at: true },
    });
    return new Map(rows.map((r) => [`${r.messageId}|${r.attemptId}`, r.at]));
  }

  /** Loads an attempt and checks that the principal may watch its session. */
  private async attemptOf(p: Principal, attemptId: string) {
    const a = await this.db.attempt.findUnique({
      where: { id: attemptId },
      select: { id: true, examSessionId: true, startedAt: true, submittedAt: true, closedBy: true },
    });
    if (!a) throw new NotFoundError("The attempt");
    await this.authorize(p, a.examSessionId);
    return a;
  }

  /** The attempt's incidents with their details, oldest first. */
  async incidents(p: Principal, attemptId: string): Promise<IncidentView[]> {
    await this.attemptOf(p, attemptId);
    return this.incidentRows(attemptId);
  }

  private async incidentRows(attemptId: string): Promise<IncidentView[]> {
    const rows = await this.db.incident.findMany({
      where: { attemptId },
      orderBy: { at: "asc" },
      take: 5000,
      select: { id: true, kind: true, at: true, details: true },
    });
    return rows.map((r) => ({
      id: r.id,
      attemptId,
      kind: r.kind,
      at: r.at.toISOString(),
      details: (r.details ?? {}) as Record<string, unknown>,
    }));
  }

  /**
   * Every event of the attempt in time order: start, saves per minute, incidents, proctors' controls
   * (from the audit log), messages and acknowledgements, submission and scores. Presence changes are
   * not recorded (they live in Redis for a few seconds only).
   */
  async timeline(p: Principal, attemptId: string): Promise<AttemptTimeline> {
    const a = await this.attemptOf(p, attemptId);
    const [saves, incidents, audits, messages, acks, scores] = await Promise.all([
      this.db.saveMinute.findMany({ where: { attemptId }, orderBy: { minute: "asc" } }),
      this.incidentRows(attemptId),
      this.db.auditEntry.findMany({
        where: { target: `attempt:${attemptId}`, action: { not: "message.send" } },
        orderBy: { at: "asc" },
        take: 2000,
        select: { action: true, at: true, reason: true, details: true, actor: { select: { name: true } } },
      }),
      this.db.proctorMessage.findMany({
        where: { examSessionId: a.examSessionId, OR: [{ attemptId }, { attemptId: null }] },
        orderBy: { at: "asc" },
        take: 2000,
        select: { id: true, text: true, at: true, attemptId: true },
      }),
      this.db.messageAck.findMany({ where: { attemptId }, select: { messageId: true, at: true } }),
      this.db.scoreVersion.findMany({
        where: { attemptId },
        orderBy: { createdAt: "asc" },
        select: { total: true, createdAt: true, current: true },
      }),
    ]);
    const events: TimelineEvent[] = [];
    if (a.startedAt) events.push({ kind: "started", at: a.startedAt.toISOString() });
    for (const s of saves)
      events.push({
        kind: "saves",
        at: s.minute.toISOString(),
        lastAt: s.lastAt.toISOString(),
        count: s.saves,
      });
    for (const i of incidents) events.push({ kind: "incident", at: i.at, incident: i });
    for (const e of audits)
      events.push({
        kind: "control",
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actor?.name ?? null,
        reason: e.reason,
        details: (e.details ?? {}) as Record<string, unknown>,
      });
    for (const m of messages)
      events.push({
        kind: "message",
        at: m.at.toISOString(),
        messageId: m.id,
        text: m.text,
        toAll: m.attemptId === null,
      });
    for (const k of acks)
      events.push({ kind: "message-ack", at: k.at.toISOString(), messageId: k.messageId });
    if (a.submittedAt)
      events.push({ kind: "submitted", at: a.submittedAt.toISOString(), closedBy: a.closedBy });
    for (const s of scores)
      events.push({ kind: "scored", at: s.createdAt.toISOString(), total: s.total, current: s.current });
    // Stable: events of the same instant keep the order above (start before saves, and so on).
    events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    return { attemptId, sessionId: a.examSessionId, serverNow: this.clock.now().toISOString(), events };
  }
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
