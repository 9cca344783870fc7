// Pieces of a contestant's row and tile: connection with the heartbeat's age, time left, idle
// time, status, and the state badges.
import { useTranslation } from "react-i18next";
import type { RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { formatAgo, formatClockFor } from "../lib/date-format.ts";
import { formatDuration } from "../lib/format.ts";
import { connectionOf, idleOf, isPaused, type TaskPart, timeLeftOf } from "./roster-model.ts";

export function ConnectionCell({ entry, now }: { entry: RosterEntry; now: number }) {
  const { t, i18n } = useTranslation();
  const c = connectionOf(entry);
  const ago = entry.lastSeenAt ? formatAgo(entry.lastSeenAt, now, i18n.language) : null;
  // Offline: when the page was last seen; connected: how old its last heartbeat is (ticking with
  // `now` between the server's batches).
  const seen = ago
    ? t(c === "offline" ? "proctorConsole.presence.seen" : "proctorConsole.presence.beat", { ago })
    : c === "offline"
      ? t("proctorConsole.presence.never")
      : null;
  return (
    <span
      className={`pc-conn pc-conn-${c}`}
      data-testid="connection"
      data-connection={c}
      data-connected={entry.connected}
      data-seen={entry.lastSeenAt ?? ""}
      title={entry.lastSeenAt ? formatClockFor(entry.lastSeenAt, i18n.language) : undefined}
    >
      <span className="dot" aria-hidden="true" />
      <span className="pc-conn-text">
        {t(`proctorConsole.presence.${c}`)}
        {seen && (
          <span className="pc-conn-age" data-testid="connection-age">
            {seen}
          </span>
        )}
      </span>
    </span>
  );
}

export function TimeLeftCell({
  roster,
  entry,
  now,
}: {
  roster: SessionRoster;
  entry: RosterEntry;
  now: number;
}) {
  const { t } = useTranslation();
  const left = timeLeftOf(roster, entry, now);
  const paused = isPaused(entry);
  const ext = Math.round(entry.extensionSeconds / 60);
  return (
    <span
      className={`mono pc-time${left !== null && left <= 5 * 60_000 && !paused ? " text-warning" : ""}${paused ? " pc-time-paused" : ""}`}
      data-testid="time-left"
      data-ms={left ?? ""}
      data-paused={paused}
      title={ext > 0 ? t("proctorConsole.time.extended", { minutes: ext }) : undefined}
    >
      {left === null ? "—" : formatDuration(left)}
      {paused && <span title={t("proctorConsole.time.paused")}> ⏸</span>}
      {ext > 0 && <sup className="pc-ext">+{ext}</sup>}
    </span>
  );
}

export function idleText(entry: RosterEntry, now: number): string {
  const idle = idleOf(entry, now);
  if (idle === null) return "—";
  return formatDuration(Math.floor(idle / 1000) * 1000);
}

export function StatusBadge({ entry }: { entry: RosterEntry }) {
  const { t } = useTranslation();
  return (
    <span
      className={`badge badge-${entry.status.toLowerCase()}`}
      data-testid="status"
      data-status={entry.status}
      title={entry.scoringError ?? (entry.closedBy ? t(`proctor.closedBy.${entry.closedBy}`) : undefined)}
    >
      {t(`proctorConsole.status.${entry.status}`)}
    </span>
  );
}

/**
 * Paused, locked, offline, incidents and an unacknowledged message, as small badges. `inList`: the
 * list has columns of its own for the connection and the incidents, so those badges are left out.
 */
export function StateBadges({ entry, inList = false }: { entry: RosterEntry; inList?: boolean }) {
  const { t } = useTranslation();
  const open = entry.status === "NOT_STARTED" || entry.status === "IN_PROGRESS";
  return (
    <span className="pc-badges">
      {isPaused(entry) && (
        <span className="pc-badge pc-badge-paused" data-testid="badge-paused">
          {t("proctorConsole.badge.paused")}
        </span>
      )}
      {open && entry.lockedAt && (
        <span className="pc-badge pc-badge-locked" data-testid="badge-locked">
          {t("proctorConsole.badge.locked")}
        </span>
      )}
      {!inList && open && connectionOf(entry) === "offline" && entry.status === "IN_PROGRESS" && (
        <span className="pc-badge pc-badge-offline" data-testid="badge-offline">
          {t("proctorConsole.badge.offline")}
        </span>
      )}
      {!inList && entry.incidents > 0 && (
        <span className="pc-badge pc-badge-incidents" data-testid="badge-incidents">
          {t("proctorConsole.badge.incidents", { count: entry.incidents })}
        </span>
      )}
      {entry.latestMessage && !entry.latestMessage.acked && (
        <span
          className="pc-badge pc-badge-unacked"
          data-testid="badge-unacked"
          title={t("proctorConsole.badge.unacked")}
        >
          ✉
        </span>
      )}
    </span>
  );
}

export function ProgressBar({ entry }: { entry: RosterEntry }) {
  const pct = entry.total > 0 ? Math.round((100 * entry.answered) / entry.total) : 0;
  return (
    <span
      className="pc-progress"
      data-testid="progress"
      data-answered={entry.answered}
      data-total={entry.total}
    >
      <span className="progress-bar" role="presentation">
        <span className="progress-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="pc-progress-text">
        {entry.answered}/{entry.total}
      </span>
    </span>
  );
}

/** What a part's tooltip says: "任务 2：5/8" / "Task 2: 5/8", "理论：3/10" / "Theory: 3/10". */
export function taskTip(t: (key: string, o?: Record<string, unknown>) => string, p: TaskPart): string {
  return p.theory
    ? t("proctorConsole.tasks.theoryTip", { answered: p.answered, total: p.total })
    : t("proctorConsole.tasks.taskTip", { n: p.n, answered: p.answered, total: p.total });
}

/** One thin bar per part of the paper, side by side, each with its numbers as a tooltip. */
export function TaskBars({ parts }: { parts: TaskPart[] }) {
  const { t } = useTranslation();
  const tr = t as unknown as (key: string, o?: Record<string, unknown>) => string;
  if (parts.length === 0) return null;
  return (
    <span className="pc-task-bars" data-testid="task-bars">
      {parts.map((p) => {
        const pct = p.total > 0 ? Math.round((100 * p.answered) / p.total) : 0;
        return (
          <span
            key={p.taskId}
            className={`pc-task-bar${p.theory ? " pc-task-bar-theory" : ""}`}
            data-testid="task-bar"
            data-task={p.taskId}
            data-answered={p.answered}
            data-total={p.total}
            title={taskTip(tr, p)}
          >
            <span className="pc-task-fill" style={{ width: `${pct}%` }} />
          </span>
        );
      })}
    </span>
  );
}

/** The state colour of a tile or row. */
export function stateClass(entry: RosterEntry): string {
  if (entry.lockedAt && (entry.status === "NOT_STARTED" || entry.status === "IN_PROGRESS"))
    return "pc-st-locked";
  if (isPaused(entry)) return "pc-st-paused";
  if (entry.status === "IN_PROGRESS")
    return connectionOf(entry) === "offline" ? "pc-st-offline" : "pc-st-working";
  if (entry.status === "NOT_STARTED") return connectionOf(entry) === "lobby" ? "pc-st-lobby" : "pc-st-absent";
  if (entry.status === "SCORING_FAILED") return "pc-st-failed";
  return "pc-st-done";
}
