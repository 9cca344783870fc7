// Pieces shared by the host's report page and the committee's reports and advancement pages: the
// status badge, the report's figures, what blocks a submission, a stage picker, the server's
// refusal translated by its code, and a snapshot's rankings.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { RankingRow, RegionReportView, ReportSnapshot, ReportStatus } from "../../../protocol/index.ts";
import { ApiError } from "../lib/api.ts";
import { formatPoints, isRanked } from "../results/format.ts";
import { type Column, DataTable, FieldIssue, formatInstant } from "./kit.tsx";
import type { Blocker, StageOption } from "./reports-values.ts";
import "./reports.css";

export function StatusBadge({ status, testId }: { status: ReportStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-report-${status.toLowerCase()}`} data-testid={testId} data-status={status}>
      {t(`reports.status.${status}`)}
    </span>
  );
}

/** The server's refusal in this language where its code has a message, else the server's words. */
export function CodedError({
  error,
  onClose,
  testId = "server-error",
}: {
  error: unknown;
  onClose?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : "ERROR";
  let message: string;
  switch (code) {
    case "NETWORK":
    case "UNAUTHENTICATED":
    case "FORBIDDEN":
    case "NOT_FOUND":
    case "REPORT_LOCKED":
    case "RESULTS_RELEASED":
    case "APPEAL_CLOSED":
      message = t(`errors.${code}`);
      break;
    default:
      message = error instanceof Error ? error.message : String(error);
  }
  return (
    <div className="banner banner-error admin-error" role="alert" data-testid={testId} data-code={code}>
      <span>
        {t("reports.refused")} {message} <code className="error-code">{code}</code>
      </span>
      {onClose && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          {t("admin.dismiss")}
        </button>
      )}
    </div>
  );
}

/** A stage select; "" while none is chosen. */
export function StageSelect({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: StageOption[];
  value: string;
  onChange: (id: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <label className="inline-label stage-select">
      {label}
      <select
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {value === "" && <option value="">{t("admin.choose")}</option>}
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Sessions released, contestants scored, open appeals and when the appeal windows close. */
export function ReportFigures({ view }: { view: RegionReportView }) {
  const { t, i18n } = useTranslation();
  const ratio = (done: number, total: number) => t("reports.figures.ratio", { done, total });
  return (
    <dl className="report-figures" data-testid="report-figures">
      <div>
        <dt>{t("reports.figures.sessions")}</dt>
        <dd data-testid="report-sessions">{ratio(view.sessions.released, view.sessions.total)}</dd>
      </div>
      <div>
        <dt>{t("reports.figures.contestants")}</dt>
        <dd data-testid="report-scored">{ratio(view.contestants.scored, view.contestants.total)}</dd>
      </div>
      <div>
        <dt>{t("reports.figures.openAppeals")}</dt>
        <dd data-testid="report-appeals" className={view.openAppeals > 0 ? "warn" : undefined}>
          {view.openAppeals}
        </dd>
      </div>
      <div>
        <dt>{t("reports.figures.appealsCloseAt")}</dt>
        <dd data-testid="report-appeals-close" className="small-value">
          {view.appealsCloseAt
            ? formatInstant(view.appealsCloseAt, i18n.language)
            : t("reports.figures.noRelease")}
        </dd>
      </div>
    </dl>
  );
}

/** One line per reason a report cannot be submitted. */
export function BlockerList({ blockers, testId }: { blockers: Blocker[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="blocker-list" data-testid={testId}>
      {blockers.map((b) => (
        <li key={b.kind} data-blocker={b.kind}>
          {b.kind === "noSessions"
            ? t("reports.blocker.noSessions")
            : b.kind === "window"
              ? t("reports.blocker.window", { time: formatInstant(b.closesAt, i18n.language) })
              : t(`reports.blocker.${b.kind}`, { count: b.count })}
        </li>
      ))}
    </ul>
  );
}

/** The rankings as submitted: one table per group. */
export function SnapshotRankings({ snapshot }: { snapshot: ReportSnapshot }) {
  const { t } = useTranslation();
  return (
    <div className="snapshot" data-testid="snapshot">
      {snapshot.rankings.map((r) => (
        <div key={r.group} className="snapshot-group" data-testid={`snapshot-${r.group}`}>
          <h4>
            {t(`admin.group.${r.group}`)}{" "}
            <span className="muted small">
              {t("reports.committee.snapshotCount", { count: r.rows.length })}
            </span>
          </h4>
          <SnapshotTable rows={r.rows} />
        </div>
      ))}
    </div>
  );
}

function SnapshotTable({ rows }: { rows: RankingRow[] }) {
  const { t } = useTranslation();
  const columns = useMemo(
    (): Column<RankingRow>[] => [
      {
        key: "rank",
        label: t("admin.results.columns.rank"),
        value: (r) => (isRanked(r) ? r.rank : null),
        render: (r) =>
          isRanked(r) ? (
            <strong>{r.rank}</strong>
          ) : (
            <span className="muted">{t("reports.committee.unranked")}</span>
          ),
        className: "num",
      },
      { key: "name", label: t("admin.results.columns.name"), value: (r) => r.name },
      {
        key: "org",
        label: t("admin.results.columns.organisation"),
        value: (r) => r.organisation,
        className: "wrap",
      },
      { key: "team", label: t("admin.results.columns.team"), value: (r) => r.team?.name ?? null },
      {
        key: "theory",
        label: t("admin.results.columns.theory"),
        value: (r) => (isRanked(r) ? formatPoints(r.theory) : null),
        className: "num",
      },
      {
        key: "practical",
        label: t("admin.results.columns.practical"),
        value: (r) => (isRanked(r) ? formatPoints(r.practical) : null),
        className: "num",
      },
      {
        key: "total",
        label: t("admin.results.columns.total"),
        value: (r) => (isRanked(r) ? formatPoints(r.total) : null),
        render: (r) => (isRanked(r) ? <strong>{formatPoints(r.total)}</strong> : "—"),
        className: "num",
      },
    ],
    [t],
  );
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.contestantId}
      rowTestId={(r) => `snapshot-row-${r.ticketNumber}`}
      empty={t("admin.results.empty")}
    />
  );
}

/** The reason a decision is made with (audited): a labelled text area with its issue under it. */
export function ReasonField({
  label,
  value,
  onChange,
  issue,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  issue: string | undefined;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issue ? true : undefined}
        data-testid={testId}
      />
      <FieldIssue message={issue} />
    </label>
  );
}
