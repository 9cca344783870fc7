// One contestant at a glance, beside the roster: details, every control, a message to them alone,
// their incidents with kind, time and details, and the timeline of every event (read from the
// server, and read again when the row changes).
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  AttemptTimeline,
  ErrorBody,
  IncidentView,
  ProctorMessageView,
  RosterEntry,
  SessionRoster,
  TimelineEvent,
} from "../../../protocol/index.ts";
import { formatClockFor, formatDateTimeFor } from "../lib/date-format.ts";
import { formatDuration, formatScore } from "../lib/format.ts";
import type { ProctorSocket } from "../lib/socket.ts";
import type { AttemptActionKind } from "./action-dialog.tsx";
import { ConnectionCell, idleText, ProgressBar, StatusBadge, TimeLeftCell } from "./cells.tsx";
import { MessageForm } from "./message-form.tsx";
import { incidentLabel } from "./roster-list.tsx";
import { isPaused, type TaskPart, taskPartsOf } from "./roster-model.ts";
import { ackOrTimeout } from "./use-roster.ts";

type Loaded<T> = { state: "loading" } | { state: "ok"; data: T } | { state: "error"; error: ErrorBody };

export function ContestantDrawer({
  roster,
  entry: e,
  socket,
  now,
  focus,
  mayRetryScoring,
  onAction,
  onClose,
  onMessageSent,
}: {
  roster: SessionRoster;
  entry: RosterEntry;
  socket: ProctorSocket | null;
  now: number;
  focus?: "incidents";
  mayRetryScoring: boolean;
  onAction: (kind: AttemptActionKind, entry: RosterEntry) => void;
  onClose: () => void;
  onMessageSent: (m: ProctorMessageView) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [timeline, setTimeline] = useState<Loaded<AttemptTimeline>>({ state: "loading" });
  const [incidents, setIncidents] = useState<Loaded<IncidentView[]>>({ state: "loading" });
  const [reload, setReload] = useState(0);
  const incidentsRef = useRef<HTMLElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  // Whatever changes the row's story reads the timeline again.
  const version = [
    e.status,
    e.incidents,
    e.pausedAt,
    e.lockedAt,
    e.deadlineAt,
    e.latestMessage?.id,
    e.latestMessage?.acked,
    e.submittedAt,
    e.score?.total,
    reload,
  ].join("|");
  const attemptId = e.attemptId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the row's fields that change the story
  useEffect(() => {
    if (!socket) return;
    const timeout = t("proctor.actions.timeout");
    socket.timeout(15_000).emit(
      "attempt:timeline",
      { attemptId },
      ackOrTimeout(timeout, (res) =>
        setTimeline(res.error ? { state: "error", error: res.error } : { state: "ok", data: res.data }),
      ),
    );
    socket.timeout(15_000).emit(
      "attempt:incidents",
      { attemptId },
      ackOrTimeout(timeout, (res) =>
        setIncidents(res.error ? { state: "error", error: res.error } : { state: "ok", data: res.data }),
      ),
    );
  }, [socket, attemptId, version, t]);

  useEffect(() => {
    if (focus === "incidents") incidentsRef.current?.scrollIntoView({ block: "start" });
    else closeRef.current?.focus();
  }, [focus]);

  const open = e.status === "NOT_STARTED" || e.status === "IN_PROGRESS";
  const paused = isPaused(e);
  const btn = (kind: AttemptActionKind, label: string, cls = "btn btn-small") => (
    <button type="button" className={cls} data-testid={`drawer-${kind}`} onClick={() => onAction(kind, e)}>
      {label}
    </button>
  );
  return (
    <aside
      className="pc-drawer"
      data-testid="contestant-drawer"
      data-attempt={e.attemptId}
      aria-label={t("proctorConsole.drawer.title")}
      onKeyDown={(ev) => {
        if (ev.key === "Escape") onClose();
      }}
    >
      <header className="pc-drawer-head">
        <div>
          <h2 data-testid="drawer-name">{e.contestant.name}</h2>
          <p className="muted small mono">
            {e.contestant.ticketNumber} · {t("proctorConsole.drawer.seat")} {e.contestant.seat ?? "—"}
          </p>
        </div>
        <button
          type="button"
          className="btn btn-small"
          ref={closeRef}
          data-testid="drawer-close"
          onClick={onClose}
        >
          {t("proctorConsole.drawer.close")}
        </button>
      </header>

      <dl className="pc-facts">
        <dt>{t("proctorConsole.drawer.status")}</dt>
        <dd>
          <StatusBadge entry={e} />
          {e.closedBy && <span className="muted small"> {t(`proctor.closedBy.${e.closedBy}`)}</span>}
        </dd>
        <dt>{t("proctorConsole.drawer.connection")}</dt>
        <dd>
          <ConnectionCell entry={e} now={now} />
        </dd>
        <dt>{t("proctorConsole.drawer.progress")}</dt>
        <dd>
          <ProgressBar entry={e} />
          <TaskTable parts={taskPartsOf(roster, e)} />
        </dd>
        <dt>{t("proctorConsole.drawer.timeLeft")}</dt>
        <dd>
          <TimeLeftCell roster={roster} entry={e} now={now} />
        </dd>
        <dt>{t("proctorConsole.drawer.idle")}</dt>
        <dd className="mono">{idleText(e, now)}</dd>
        <dt>{t("proctorConsole.drawer.startedAt")}</dt>
        <dd>{formatDateTimeFor(e.startedAt, lang)}</dd>
        <dt>{t("proctorConsole.drawer.deadline")}</dt>
        <dd data-testid="drawer-deadline">{formatDateTimeFor(e.deadlineAt, lang)}</dd>
        {e.extensionSeconds > 0 && (
          <>
            <dt>{t("proctorConsole.drawer.extended")}</dt>
            <dd>{t("proctorConsole.drawer.minutes", { count: Math.round(e.extensionSeconds / 60) })}</dd>
          </>
        )}
        {e.pausedSeconds > 0 && (
          <>
            <dt>{t("proctorConsole.drawer.pausedTotal")}</dt>
            <dd className="mono">{formatDuration(e.pausedSeconds * 1000)}</dd>
          </>
        )}
        {e.submittedAt && (
          <>
            <dt>{t("proctorConsole.drawer.submittedAt")}</dt>
            <dd>{formatDateTimeFor(e.submittedAt, lang)}</dd>
          </>
        )}
        {e.score && (
          <>
            <dt>{t("proctorConsole.drawer.score")}</dt>
            <dd>
              <strong>{formatScore(e.score.total)}</strong>{" "}
              <span className="muted small">
                {t("proctor.scoreDetail", {
                  theory: formatScore(e.score.theory),
                  practical: formatScore(e.score.practical),
                })}
              </span>
            </dd>
          </>
        )}
        {e.latestMessage && (
          <>
            <dt>{t("proctorConsole.drawer.latestMessage")}</dt>
            <dd data-testid="drawer-message-ack" data-acked={e.latestMessage.acked}>
              {e.latestMessage.acked
                ? t("proctorConsole.drawer.acked", { time: formatClockFor(e.latestMessage.ackedAt, lang) })
                : t("proctorConsole.drawer.notAcked")}
            </dd>
          </>
        )}
      </dl>

      <section className="pc-drawer-section">
        <h3>{t("proctorConsole.drawer.controls")}</h3>
        <div className="pc-controls">
          {open && btn("extend", t("proctorConsole.act.extend"))}
          {e.status === "IN_PROGRESS" && !paused && btn("pause", t("proctorConsole.act.pause"))}
          {paused && btn("resume", t("proctorConsole.act.resume"), "btn btn-small btn-primary")}
          {open && !e.lockedAt && btn("lock", t("proctorConsole.act.lock"))}
          {open && e.lockedAt && btn("unlock", t("proctorConsole.act.unlock"), "btn btn-small btn-primary")}
          {e.status === "IN_PROGRESS" &&
            btn("force-submit", t("proctorConsole.act.forceSubmitFull"), "btn btn-small btn-danger")}
          {btn("report", t("proctorConsole.act.report"))}
          {e.status === "SCORING_FAILED" &&
            mayRetryScoring &&
            btn("retry-scoring", t("proctor.actions.retryScoring"))}
        </div>
        <MessageForm
          sessionId={roster.session.id}
          socket={socket}
          attemptId={e.attemptId}
          onSent={onMessageSent}
        />
      </section>

      <section className="pc-drawer-section" ref={incidentsRef} data-testid="drawer-incidents">
        <h3>{t("proctorConsole.drawer.incidents", { count: e.incidents })}</h3>
        {incidents.state === "loading" && <p className="muted small">{t("app.loading")}</p>}
        {incidents.state === "error" && (
          <p className="form-error" role="alert">
            {t("proctorConsole.drawer.loadFailed", {
              code: incidents.error.code,
              message: incidents.error.message,
            })}
          </p>
        )}
        {incidents.state === "ok" && incidents.data.length === 0 && (
          <p className="muted small">{t("proctorConsole.drawer.noIncidents")}</p>
        )}
        {incidents.state === "ok" && incidents.data.length > 0 && (
          <ol className="pc-incidents">
            {incidents.data.map((i) => (
              <li key={i.id} data-testid="incident-item" data-kind={i.kind}>
                <span className="mono small">{formatClockFor(i.at, lang)}</span>{" "}
                <strong>{incidentLabel(t, i.kind)}</strong> <Details details={i.details} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="pc-drawer-section" data-testid="drawer-timeline">
        <h3>
          {t("proctorConsole.drawer.timeline")}{" "}
          <button type="button" className="btn btn-small" onClick={() => setReload((n) => n + 1)}>
            {t("proctorConsole.drawer.refresh")}
          </button>
        </h3>
        {timeline.state === "loading" && <p className="muted small">{t("app.loading")}</p>}
        {timeline.state === "error" && (
          <p className="form-error" role="alert" data-testid="timeline-error">
            {t("proctorConsole.drawer.loadFailed", {
              code: timeline.error.code,
              message: timeline.error.message,
            })}
          </p>
        )}
        {timeline.state === "ok" && timeline.data.events.length === 0 && (
          <p className="muted small">{t("proctorConsole.drawer.noEvents")}</p>
        )}
        {timeline.state === "ok" && timeline.data.events.length > 0 && (
          <ol className="pc-timeline">
            {keyed(timeline.data.events).map(({ ev, key }) => (
              <li
                key={key}
                data-testid="timeline-event"
                data-kind={ev.kind}
                data-action={"action" in ev ? ev.action : undefined}
              >
                <span className="mono small">{formatClockFor(ev.at, lang)}</span> <TimelineText ev={ev} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}

/** Timeline rows with stable keys (kind and time, numbered when repeated). */
function keyed(events: TimelineEvent[]): { ev: TimelineEvent; key: string }[] {
  const seen = new Map<string, number>();
  return events.map((ev) => {
    const base = `${ev.kind}-${ev.at}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ev, key: `${base}-${n}` };
  });
}

function Details({ details }: { details: Record<string, unknown> }) {
  // Ids mean nothing to a person (a report names its reporter by name too).
  const parts = Object.entries(details ?? {})
    .filter(([k, v]) => v !== null && v !== undefined && v !== "" && !/Id$/.test(k))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  if (parts.length === 0) return null;
  return <span className="muted small pc-details">{parts.join(" · ")}</span>;
}

function TimelineText({ ev }: { ev: TimelineEvent }) {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  switch (ev.kind) {
    case "started":
      return <span>{t("proctorConsole.timeline.started")}</span>;
    case "saves":
      return (
        <span>
          {t("proctorConsole.timeline.saves", {
            count: ev.count,
            until: formatClockFor(ev.lastAt, i18n.language),
          })}
        </span>
      );
    case "incident":
      return (
        <span>
          <strong>{incidentLabel(t, ev.incident.kind)}</strong> <Details details={ev.incident.details} />
        </span>
      );
    case "control": {
      const known = [
        "attempt.extend",
        "attempt.pause",
        "attempt.resume",
        "attempt.lock",
        "attempt.unlock",
        "attempt.force-submit",
        "attempt.report",
        "attempt.retry-scoring",
      ].includes(ev.action);
      return (
        <span>
          <strong>
            {known
              ? tr(`proctorConsole.timeline.control.${ev.action}`)
              : tr("proctorConsole.timeline.control.other", { action: ev.action })}
          </strong>
          {ev.reason && <span> · {t("proctorConsole.timeline.reason", { reason: ev.reason })}</span>}
          {ev.actor && (
            <span className="muted small"> · {t("proctorConsole.timeline.by", { actor: ev.actor })}</span>
          )}{" "}
          <Details details={ev.details} />
        </span>
      );
    }
    case "message":
      return (
        <span>
          {ev.toAll
            ? t("proctorConsole.timeline.messageAll", { text: ev.text })
            : t("proctorConsole.timeline.message", { text: ev.text })}
        </span>
      );
    case "message-ack":
      return <span>{t("proctorConsole.timeline.messageAck")}</span>;
    case "submitted":
      return (
        <span>
          {t("proctorConsole.timeline.submitted")}
          {ev.closedBy && <span className="muted small"> {t(`proctor.closedBy.${ev.closedBy}`)}</span>}
        </span>
      );
    case "scored":
      return (
        <span>
          {ev.current
            ? t("proctorConsole.timeline.scored", { total: formatScore(ev.total) })
            : t("proctorConsole.timeline.scoredOld", { total: formatScore(ev.total) })}
        </span>
      );
  }
}

/** Progress per part of the paper: theory and each practical task, with its title and a bar. */
function TaskTable({ parts }: { parts: TaskPart[] }) {
  const { t } = useTranslation();
  if (parts.length === 0) return null;
  return (
    <table className="pc-task-table" data-testid="task-table">
      <thead>
        <tr>
          <th scope="col">{t("proctorConsole.tasks.part")}</th>
          <th scope="col">{t("proctorConsole.tasks.done")}</th>
        </tr>
      </thead>
      <tbody>
        {parts.map((p) => {
          const pct = p.total > 0 ? Math.round((100 * p.answered) / p.total) : 0;
          const label = p.theory
            ? t("proctorConsole.tasks.theory")
            : t("proctorConsole.tasks.task", { n: p.n });
          return (
            <tr key={p.taskId} data-testid="task-row" data-task={p.taskId}>
              <td className="pc-task-name" title={p.title}>
                <span className="pc-task-label">{label}</span> {p.title}
              </td>
              <td className="pc-task-done">
                <span className="pc-task-bar" aria-hidden="true">
                  <span className="pc-task-fill" style={{ width: `${pct}%` }} />
                </span>
                <span className="mono" data-testid="task-count">
                  {p.answered}/{p.total}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
