// The roster as a sortable list of fixed-height rows, windowed: only the rows in view are rendered.
// Each row ends with the two most used controls and the details button (the rest in the drawer).
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { incidentKindKey } from "../judge/incidents.ts";
import { formatClockFor } from "../lib/date-format.ts";
import { formatScore } from "../lib/format.ts";
import type { AttemptActionKind } from "./action-dialog.tsx";
import {
  ConnectionCell,
  idleText,
  ProgressBar,
  StateBadges,
  StatusBadge,
  stateClass,
  TaskBars,
  TimeLeftCell,
} from "./cells.tsx";
import { type RowQuery, type SortKey, taskPartsOf } from "./roster-model.ts";
import { useWindowed } from "./windowed.ts";

export const ROW_HEIGHT = 46;

const COLUMNS: { key: SortKey | "actions"; label: string; num?: boolean }[] = [
  { key: "seat", label: "seat" },
  { key: "name", label: "name" },
  { key: "connection", label: "connection" },
  { key: "progress", label: "progress" },
  { key: "timeLeft", label: "timeLeft" },
  { key: "idle", label: "idle" },
  { key: "incidents", label: "incidents", num: true },
  { key: "status", label: "status" },
  { key: "score", label: "score", num: true },
  { key: "actions", label: "actions" },
];

export interface RowHandlers {
  onAction: (kind: AttemptActionKind, entry: RosterEntry) => void;
  onOpen: (entry: RosterEntry, focus?: "incidents") => void;
  mayRetryScoring: boolean;
}

export function RosterList({
  roster,
  rows,
  now,
  query,
  onSort,
  handlers,
}: {
  roster: SessionRoster;
  rows: RosterEntry[];
  now: number;
  query: RowQuery;
  onSort: (key: SortKey) => void;
  handlers: RowHandlers;
}) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const { start, end, onScroll } = useWindowed(scroller, ROW_HEIGHT, rows.length);
  return (
    <div className="pc-list" data-testid="roster-list">
      <div className="pc-row pc-head">
        {COLUMNS.map((c) => {
          const label = t(`proctorConsole.columns.${c.label}` as "proctorConsole.columns.seat");
          if (c.key === "actions")
            return (
              <span key={c.key} className="pc-cell pc-cell-actions">
                {label}
              </span>
            );
          const key = c.key;
          const active = query.sort === key;
          return (
            <span
              key={c.key}
              className={`pc-cell pc-cell-${c.key}${c.num ? " num" : ""}`}
              data-sort={active ? (query.desc ? "desc" : "asc") : undefined}
            >
              <button
                type="button"
                className="pc-sort"
                data-testid={`sort-${key}`}
                title={t("proctorConsole.filter.sortBy", { column: label })}
                onClick={() => onSort(key)}
              >
                {label}
                <span aria-hidden="true" className="pc-sort-mark">
                  {active ? (query.desc ? "▼" : "▲") : ""}
                </span>
              </button>
            </span>
          );
        })}
      </div>
      <div className="pc-scroll" ref={scroller} onScroll={onScroll} data-testid="roster-scroll">
        <div style={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
          {rows.slice(start, end).map((e, i) => (
            <Row
              key={e.attemptId}
              entry={e}
              top={(start + i) * ROW_HEIGHT}
              roster={roster}
              now={now}
              handlers={handlers}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function Row({
  entry: e,
  top,
  roster,
  now,
  handlers,
}: {
  entry: RosterEntry;
  top: number;
  roster: SessionRoster;
  now: number;
  handlers: RowHandlers;
}) {
  const { t, i18n } = useTranslation();
  const open = e.status === "NOT_STARTED" || e.status === "IN_PROGRESS";
  return (
    <div
      className={`pc-row ${stateClass(e)}`}
      style={{ top, height: ROW_HEIGHT }}
      data-testid={`roster-row-${e.contestant.ticketNumber}`}
      data-attempt={e.attemptId}
    >
      <span className="pc-cell pc-cell-seat mono">{e.contestant.seat ?? "—"}</span>
      <span className="pc-cell pc-cell-name">
        <span className="pc-name" title={e.contestant.name}>
          {e.contestant.name}
        </span>
        <span className="pc-ticket mono">
          {e.contestant.ticketNumber}
          <StateBadges entry={e} inList />
        </span>
      </span>
      <span className="pc-cell pc-cell-connection">
        <ConnectionCell entry={e} now={now} />
      </span>
      <span className="pc-cell pc-cell-progress">
        <ProgressBar entry={e} />
        <TaskBars parts={taskPartsOf(roster, e)} />
      </span>
      <span className="pc-cell pc-cell-timeLeft">
        <TimeLeftCell roster={roster} entry={e} now={now} />
      </span>
      <span className="pc-cell pc-cell-idle mono" data-testid="idle">
        {idleText(e, now)}
      </span>
      <span className="pc-cell pc-cell-incidents num">
        <button
          type="button"
          className={`pc-link${e.incidents > 0 ? " text-warning" : ""}`}
          data-testid="incidents"
          data-count={e.incidents}
          title={
            e.lastIncident
              ? t("proctorConsole.incident.last", {
                  kind: incidentLabel(t, e.lastIncident.kind),
                  time: formatClockFor(e.lastIncident.at, i18n.language),
                })
              : t("proctor.incidentsHint")
          }
          onClick={() => handlers.onOpen(e, "incidents")}
        >
          {e.incidents}
        </button>
      </span>
      <span className="pc-cell pc-cell-status">
        <StatusBadge entry={e} />
      </span>
      <span className="pc-cell pc-cell-score num" data-testid="score">
        {e.score ? formatScore(e.score.total) : "—"}
      </span>
      <span className="pc-cell pc-cell-actions">
        {open && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="extend"
            onClick={() => handlers.onAction("extend", e)}
          >
            {t("proctorConsole.act.extend")}
          </button>
        )}
        {e.status === "IN_PROGRESS" && (
          <button
            type="button"
            className="btn btn-small btn-danger"
            data-testid="force-submit"
            title={t("proctorConsole.act.forceSubmitFull")}
            onClick={() => handlers.onAction("force-submit", e)}
          >
            {t("proctorConsole.act.forceSubmit")}
          </button>
        )}
        {e.status === "SCORING_FAILED" && handlers.mayRetryScoring && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="retry-scoring"
            onClick={() => handlers.onAction("retry-scoring", e)}
          >
            {t("proctor.actions.retryScoring")}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small pc-more"
          data-testid="details"
          title={t("proctorConsole.act.details")}
          aria-label={t("proctorConsole.act.details")}
          onClick={() => handlers.onOpen(e)}
        >
          ⋯
        </button>
      </span>
    </div>
  );
}

type T = ReturnType<typeof useTranslation>["t"];
export function incidentLabel(t: T, kind: string): string {
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  // One set of labels for every staff page: the judges' review names the kinds the same way.
  const key = incidentKindKey(kind);
  return key ? tr(key) : tr("proctorConsole.incident.other", { kind });
}
