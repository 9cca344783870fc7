// The proctor console of one session at venue scale: the venue's figures, a live seat map or a
// sortable, filterable, windowed list, a drawer per contestant (timeline, incidents, controls),
// session-wide controls, and messages with their acknowledgements. The roster lives in a store fed
// by the /proctor socket in batches and is read again after every reconnect.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RosterEntry } from "../../../protocol/index.ts";
import { formatDateTimeFor } from "../lib/date-format.ts";
import { useServerNow } from "../lib/server-clock.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";
import { ActionDialog, type ActionResult, type ProctorActionKind } from "./action-dialog.tsx";
import { ContestantDrawer } from "./contestant-drawer.tsx";
import { FiguresBar } from "./figures.tsx";
import { LoginLocksPanel } from "./login-locks-panel.tsx";
import { MessageForm, MessagesList } from "./message-form.tsx";
import { RosterGrid } from "./roster-grid.tsx";
import { RosterList, type RowHandlers } from "./roster-list.tsx";
import {
  type ConnectionFilter,
  DEFAULT_QUERY,
  type RowQuery,
  type SortKey,
  type StatusFilter,
  selectRows,
  venueFigures,
} from "./roster-model.ts";
import { useLiveRoster } from "./use-roster.ts";
import "./proctor.css";

const STATUS_FILTERS: StatusFilter[] = [
  "all",
  "notStarted",
  "working",
  "paused",
  "locked",
  "submitted",
  "scoringFailed",
];
const CONNECTION_FILTERS: ConnectionFilter[] = ["all", "online", "offline", "lobby"];
/** Sorting by these follows the clock, so the rows are sorted again as it ticks. */
const TIMED: SortKey[] = ["timeLeft", "idle"];

export function ProctorConsolePage({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  const live = useLiveRoster(sessionId);
  const { roster, connection, error, socket } = live;
  const now = useServerNow(1000);
  const isAdmin = useSession().me.roles.includes("ADMIN");
  const [view, setView] = useState<"list" | "grid">("list");
  const [query, setQuery] = useState<RowQuery>(DEFAULT_QUERY);
  const [action, setAction] = useState<{ kind: ProctorActionKind; entry: RosterEntry | null } | null>(null);
  const [open, setOpen] = useState<{ attemptId: string; focus?: "incidents" } | null>(null);
  /** How many attempts the last session-wide control applied to (translated when shown). */
  const [notice, setNotice] = useState<number | null>(null);

  const figures = useMemo(() => (roster ? venueFigures(roster) : null), [roster]);
  const timed = TIMED.includes(query.sort);
  const clock = timed ? now : 0;
  const rows = useMemo(() => (roster ? selectRows(roster, query, clock) : []), [roster, query, clock]);
  const openEntry =
    open && roster ? (roster.entries.find((e) => e.attemptId === open.attemptId) ?? null) : null;

  const handlers: RowHandlers = {
    onAction: (kind, entry) => setAction({ kind, entry }),
    onOpen: (entry, focus) => setOpen({ attemptId: entry.attemptId, focus }),
    mayRetryScoring: isAdmin,
  };
  const onSort = (key: SortKey) =>
    setQuery((q) => (q.sort === key ? { ...q, desc: !q.desc } : { ...q, sort: key, desc: false }));
  const onDone = (r: ActionResult) => {
    const control = {
      extend: "extend",
      "extend-all": "extend",
      pause: "pause",
      "pause-all": "pause",
      resume: "resume",
      "resume-all": "resume",
      lock: "lock",
      unlock: "unlock",
    } as const;
    const kind = control[r.kind as keyof typeof control];
    if (kind && r.states.length > 0) live.applyStates(r.states, kind);
    if (r.kind === "extend-all" || r.kind === "pause-all" || r.kind === "resume-all")
      setNotice(r.states.length);
  };

  return (
    <div className="page">
      <AppHeader>
        <Link to="/proctor" className="header-link">
          ← {t("proctor.allSessions")}
        </Link>
      </AppHeader>
      <main
        className="page-main page-wide pc-main"
        data-testid="proctor-console"
        data-watches={live.watches}
        data-connection={connection}
      >
        <div className="console-head">
          <div>
            <h1>{roster?.session.name ?? t("proctor.consoleTitle")}</h1>
            {roster && (
              <p className="muted" data-testid="session-starts">
                {t("proctor.startsAt", { time: formatDateTimeFor(roster.session.startsAt, i18n.language) })} ·{" "}
                {t("proctor.duration", { count: roster.session.durationMinutes })}
              </p>
            )}
          </div>
          <span
            className={`live-pill live-${connection}`}
            data-testid="live-pill"
            data-connection={connection}
          >
            <span className="dot" aria-hidden="true" />
            {connection === "online" ? t("proctor.live") : t("proctor.reconnecting")}
          </span>
        </div>
        {connection === "offline" && roster && (
          <div className="banner banner-info" role="status" data-testid="reconnecting-banner">
            {t("proctorConsole.reconnecting")}
          </div>
        )}
        {error && (
          <div className="banner banner-error" role="alert" data-testid="watch-error">
            {t("proctor.watchFailed", { message: error.message })}
          </div>
        )}
        {!roster && !error && <p className="muted">{t("app.loading")}</p>}
        {figures && figures.scoringFailed > 0 && (
          <div className="banner banner-error" role="alert" data-testid="scoring-failed-banner">
            {t("proctor.scoringFailedBanner", { count: figures.scoringFailed })}
          </div>
        )}
        {figures && <FiguresBar figures={figures} />}
        {notice !== null && (
          <div className="banner banner-info" role="status" data-testid="console-notice" data-count={notice}>
            {t("proctorConsole.dialog.applied", { count: notice })}{" "}
            <button type="button" className="btn btn-small" onClick={() => setNotice(null)}>
              {t("proctorConsole.drawer.close")}
            </button>
          </div>
        )}
        {roster && (
          <details className="pc-panel" open data-testid="messages-panel">
            <summary>
              {t("proctorConsole.messages.title")} ({roster.messages.length})
            </summary>
            <MessageForm sessionId={sessionId} socket={socket} onSent={live.applyMessage} />
            <MessagesList roster={roster} lang={i18n.language} />
          </details>
        )}
        {roster && <LoginLocksPanel sessionId={sessionId} />}
        {roster && (
          <div className="pc-toolbar" data-testid="console-toolbar">
            <fieldset className="pc-view" aria-label={t("proctorConsole.view.label")}>
              {(["list", "grid"] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className={`btn btn-small${view === v ? " btn-primary" : ""}`}
                  aria-pressed={view === v}
                  data-testid={`view-${v}`}
                  onClick={() => setView(v)}
                >
                  {t(`proctorConsole.view.${v}`)}
                </button>
              ))}
            </fieldset>
            <input
              type="search"
              className="pc-search"
              value={query.search}
              placeholder={t("proctorConsole.filter.search")}
              aria-label={t("proctorConsole.filter.search")}
              data-testid="filter-search"
              onChange={(e) => setQuery((q) => ({ ...q, search: e.target.value }))}
            />
            <label className="pc-select">
              <span>{t("proctorConsole.filter.status")}</span>
              <select
                value={query.status}
                data-testid="filter-status"
                onChange={(e) => setQuery((q) => ({ ...q, status: e.target.value as StatusFilter }))}
              >
                {STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {t(`proctorConsole.filter.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="pc-select">
              <span>{t("proctorConsole.filter.connection")}</span>
              <select
                value={query.connection}
                data-testid="filter-connection"
                onChange={(e) => setQuery((q) => ({ ...q, connection: e.target.value as ConnectionFilter }))}
              >
                {CONNECTION_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {t(`proctorConsole.filter.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="pc-check">
              <input
                type="checkbox"
                checked={query.incidents}
                data-testid="filter-incidents"
                onChange={(e) => setQuery((q) => ({ ...q, incidents: e.target.checked }))}
              />
              {t("proctorConsole.filter.incidents")}
            </label>
            <span className="muted small" data-testid="rows-shown" data-shown={rows.length}>
              {t("proctorConsole.filter.shown", { shown: rows.length, total: roster.entries.length })}
            </span>
            <span className="pc-bulk">
              <button
                type="button"
                className="btn btn-small"
                data-testid="extend-all"
                onClick={() => setAction({ kind: "extend-all", entry: null })}
              >
                {t("proctorConsole.act.extendAll")}
              </button>
              <button
                type="button"
                className="btn btn-small"
                data-testid="pause-all"
                onClick={() => setAction({ kind: "pause-all", entry: null })}
              >
                {t("proctorConsole.act.pauseAll")}
              </button>
              <button
                type="button"
                className="btn btn-small"
                data-testid="resume-all"
                onClick={() => setAction({ kind: "resume-all", entry: null })}
              >
                {t("proctorConsole.act.resumeAll")}
              </button>
            </span>
          </div>
        )}
        {roster && roster.entries.length === 0 && <p className="empty">{t("proctor.empty")}</p>}
        {roster &&
          roster.entries.length > 0 &&
          (view === "list" ? (
            <RosterList
              roster={roster}
              rows={rows}
              now={now}
              query={query}
              onSort={onSort}
              handlers={handlers}
            />
          ) : (
            <RosterGrid roster={roster} rows={rows} now={now} onOpen={(e) => handlers.onOpen(e)} />
          ))}
      </main>
      {openEntry && roster && (
        <ContestantDrawer
          key={openEntry.attemptId}
          roster={roster}
          entry={openEntry}
          socket={socket}
          now={now}
          focus={open?.focus}
          mayRetryScoring={isAdmin}
          onAction={handlers.onAction}
          onClose={() => setOpen(null)}
          onMessageSent={live.applyMessage}
        />
      )}
      {action && socket && (
        <ActionDialog
          kind={action.kind}
          entry={action.entry}
          sessionId={sessionId}
          socket={socket}
          onClose={() => setAction(null)}
          onDone={onDone}
        />
      )}
    </div>
  );
}
