// The proctor console of one session: a live roster over the /proctor socket, with summary counts.
import { useEffect, useReducer, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorBody, RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { formatDateTime, formatDuration, formatScore } from "../lib/format.ts";
import { serverClock, useServerNow } from "../lib/server-clock.ts";
import { connectProctor, type ProctorSocket } from "../lib/socket.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";
import { ActionDialog, type ProctorActionKind } from "./action-dialog.tsx";
import { LoginLocksPanel } from "./login-locks-panel.tsx";
import { MessageForm } from "./message-form.tsx";
import { applyRosterEvent, deadlineOf, type RosterEvent, summarize } from "./roster-model.ts";

type Action = { type: "set"; roster: SessionRoster } | RosterEvent;

function reducer(state: SessionRoster | null, action: Action): SessionRoster | null {
  if (action.type === "set") return action.roster;
  return state ? applyRosterEvent(state, action) : state;
}

type Connection = "connecting" | "online" | "offline";

export function ProctorConsolePage({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  const [roster, dispatch] = useReducer(reducer, null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<ErrorBody | null>(null);
  const now = useServerNow(1000);
  const socketRef = useRef<ProctorSocket | null>(null);
  const [action, setAction] = useState<{ kind: ProctorActionKind; entry: RosterEntry } | null>(null);
  const isAdmin = useSession().me.roles.includes("ADMIN");

  useEffect(() => {
    const socket = connectProctor();
    socketRef.current = socket;
    // Watching again on every (re)connect: rooms do not survive a reconnect, and the roster read
    // after joining covers whatever was missed while away.
    const watch = () => {
      const sentAt = Date.now();
      socket.emit("session:watch", { sessionId }, (res) => {
        if (res.error) {
          setError(res.error);
          return;
        }
        serverClock.observe(res.data.serverNow, sentAt, Date.now());
        setError(null);
        dispatch({ type: "set", roster: res.data });
      });
    };
    socket.on("connect", () => {
      setConnection("online");
      watch();
    });
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("connect_error", (err) => {
      setConnection("offline");
      if (!socket.active) setError({ code: "UNAUTHENTICATED", message: err.message });
    });
    socket.on("contestant:progress", (e) => dispatch({ type: "progress", e }));
    socket.on("contestant:presence", (e) => dispatch({ type: "presence", e }));
    socket.on("attempt:closed", (e) => dispatch({ type: "closed", e }));
    socket.on("attempt:scored", (e) => dispatch({ type: "scored", e }));
    socket.on("contestant:incident", (e) => dispatch({ type: "incident", e }));
    socket.on("attempt:scoring-failed", (e) => dispatch({ type: "scoring-failed", e }));
    socket.on("attempt:scoring-retried", (e) => dispatch({ type: "scoring-retried", e }));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [sessionId]);

  const summary = roster ? summarize(roster) : null;

  return (
    <div className="page">
      <AppHeader>
        <Link to="/proctor" className="header-link">
          ← {t("proctor.allSessions")}
        </Link>
      </AppHeader>
      <main className="page-main page-wide" data-testid="proctor-console">
        <div className="console-head">
          <div>
            <h1>{roster?.session.name ?? t("proctor.consoleTitle")}</h1>
            {roster && (
              <p className="muted">
                {t("proctor.startsAt", { time: formatDateTime(roster.session.startsAt, i18n.language) })} ·{" "}
                {t("proctor.duration", { count: roster.session.durationMinutes })}
              </p>
            )}
          </div>
          <span className={`live-pill live-${connection}`}>
            <span className="dot" aria-hidden="true" />
            {connection === "online" ? t("proctor.live") : t("proctor.reconnecting")}
          </span>
        </div>
        {error && (
          <div className="banner banner-error" role="alert">
            {t("proctor.watchFailed", { message: error.message })}
          </div>
        )}
        {!roster && !error && <p className="muted">{t("app.loading")}</p>}
        {summary && summary.scoringFailed > 0 && (
          <div className="banner banner-error" role="alert" data-testid="scoring-failed-banner">
            {t("proctor.scoringFailedBanner", { count: summary.scoringFailed })}
          </div>
        )}
        {summary && (
          <div className="summary">
            {(
              [
                "total",
                "connected",
                "notStarted",
                "inProgress",
                "submitted",
                "scored",
                ...(summary.scoringFailed > 0 ? (["scoringFailed"] as const) : []),
              ] as const
            ).map((k) => (
              <div key={k} className={`summary-card summary-${k}`} data-testid={`summary-${k}`}>
                <span className="summary-value">{summary[k]}</span>
                <span className="summary-label">{t(`proctor.summary.${k}`)}</span>
              </div>
            ))}
          </div>
        )}
        {roster && <MessageForm sessionId={sessionId} socket={socketRef.current} />}
        {roster && <LoginLocksPanel sessionId={sessionId} />}
        {roster && roster.entries.length === 0 && <p className="empty">{t("proctor.empty")}</p>}
        {roster && roster.entries.length > 0 && (
          <div className="table-wrap">
            <table className="roster">
              <thead>
                <tr>
                  <th>{t("proctor.columns.ticket")}</th>
                  <th>{t("proctor.columns.name")}</th>
                  <th>{t("proctor.columns.seat")}</th>
                  <th>{t("proctor.columns.connected")}</th>
                  <th className="col-progress">{t("proctor.columns.progress")}</th>
                  <th>{t("proctor.columns.timeLeft")}</th>
                  <th>{t("proctor.columns.status")}</th>
                  <th className="num">{t("proctor.columns.incidents")}</th>
                  <th className="num">{t("proctor.columns.score")}</th>
                  <th>{t("proctor.actions.column")}</th>
                </tr>
              </thead>
              <tbody>
                {roster.entries.map((e) => (
                  <RosterRow
                    key={e.attemptId}
                    entry={e}
                    deadline={deadlineOf(roster, e)}
                    now={now}
                    mayRetryScoring={isAdmin}
                    onAction={(kind) => setAction({ kind, entry: e })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </main>
      {action && socketRef.current && (
        <ActionDialog
          kind={action.kind}
          entry={action.entry}
          socket={socketRef.current}
          onClose={() => setAction(null)}
        />
      )}
    </div>
  );
}

function RosterRow({
  entry: e,
  deadline,
  now,
  mayRetryScoring,
  onAction,
}: {
  entry: RosterEntry;
  deadline: number | null;
  now: number;
  mayRetryScoring: boolean;
  onAction: (kind: ProctorActionKind) => void;
}) {
  const { t } = useTranslation();
  const pct = e.total > 0 ? Math.round((100 * e.answered) / e.total) : 0;
  const left = e.status === "IN_PROGRESS" && deadline !== null ? deadline - now : null;
  return (
    <tr data-testid={`roster-row-${e.contestant.ticketNumber}`} className={`row-${e.status.toLowerCase()}`}>
      <td className="mono">{e.contestant.ticketNumber}</td>
      <td>{e.contestant.name}</td>
      <td>{e.contestant.seat ?? "—"}</td>
      <td data-testid="connected" data-connected={e.connected}>
        <span
          className={`presence ${e.connected ? "is-online" : "is-offline"}`}
          title={e.connected ? t("proctor.online") : t("proctor.offline")}
        >
          <span className="dot" aria-hidden="true" />
          <span className="visually-hidden">{e.connected ? t("proctor.online") : t("proctor.offline")}</span>
        </span>
      </td>
      <td data-testid="progress" className="col-progress">
        <div className="progress">
          <div className="progress-bar" role="presentation">
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="progress-text">
            {e.answered} / {e.total}
          </span>
        </div>
      </td>
      <td className={`mono${left !== null && left <= 5 * 60_000 ? " text-warning" : ""}`}>
        {left === null ? "—" : formatDuration(left)}
      </td>
      <td data-testid="status" data-status={e.status} title={e.scoringError ?? undefined}>
        <span className={`badge badge-${e.status.toLowerCase()}`}>{t(`proctor.status.${e.status}`)}</span>
        {e.closedBy && <span className="muted small"> {t(`proctor.closedBy.${e.closedBy}`)}</span>}
      </td>
      <td
        data-testid="incidents"
        className={`num${e.incidents > 0 ? " text-warning" : ""}`}
        title={t("proctor.incidentsHint")}
      >
        {e.incidents}
      </td>
      <td data-testid="score" className="num">
        {e.score ? (
          <span
            title={t("proctor.scoreDetail", {
              theory: formatScore(e.score.theory),
              practical: formatScore(e.score.practical),
            })}
          >
            <strong>{formatScore(e.score.total)}</strong>
            <span className="score-detail">
              {t("proctor.scoreDetail", {
                theory: formatScore(e.score.theory),
                practical: formatScore(e.score.practical),
              })}
            </span>
          </span>
        ) : (
          "—"
        )}
      </td>
      <td className="row-actions">
        {(e.status === "NOT_STARTED" || e.status === "IN_PROGRESS") && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="extend"
            onClick={() => onAction("extend")}
          >
            {t("proctor.actions.extend")}
          </button>
        )}
        {e.status === "IN_PROGRESS" && (
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid="force-submit"
            onClick={() => onAction("force-submit")}
          >
            {t("proctor.actions.forceSubmit")}
          </button>
        )}
        {e.status === "SCORING_FAILED" && mayRetryScoring && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="retry-scoring"
            onClick={() => onAction("retry-scoring")}
          >
            {t("proctor.actions.retryScoring")}
          </button>
        )}
      </td>
    </tr>
  );
}
