// The judge's view of one session (issue 10): its attempts (seat, name, ticket, status, theory,
// practical, total, version, adjustments, open appeals, proctors' reports), sortable and filterable
// (by status, by text, to reported attempts only), each opening its
// review; and the re-scoring of the whole session with a required reason, refused once the results
// are released or the region's report is locked; and the export of a task's annotations.
import { type FormEvent, useMemo, useState } from "react";
import type { JudgeAttemptRow } from "../../../protocol/index.ts";
import "../admin/admin.css";
import { type Column, DataTable, FilterBox, FilterSelect, formatInstant, useLoad } from "../admin/kit.tsx";
import { ApiError } from "../lib/api.ts";
import { judgeApi } from "../lib/judge-api.ts";
import { navigate } from "../lib/router.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { ExportPanel } from "./export-panel.tsx";
import { formatPts } from "./format.ts";
import { filterAttempts } from "./incidents.ts";
import "./judge.css";
import { useRefusal, useTr } from "./shared.tsx";

const STATUSES = ["NOT_STARTED", "IN_PROGRESS", "FROZEN", "SCORED", "SCORING_FAILED", "ABSENT"];

export function JudgeSessionPage({ sessionId }: { sessionId: string }) {
  const { t, lang } = useTr();
  const refusal = useRefusal();
  const attempts = useLoad(() => judgeApi.attempts(sessionId), [sessionId]);
  const sessions = useLoad(() => judgeApi.sessions(), []);
  const session = sessions.data?.find((s) => s.id === sessionId) ?? null;
  const [filter, setFilter] = useState("");
  const [status, setStatus] = useState("");
  const [reported, setReported] = useState("");

  const columns = useMemo<Column<JudgeAttemptRow>[]>(
    () => [
      { key: "seat", label: t("judging.session.seat"), value: (r) => r.seat },
      {
        key: "name",
        label: t("judging.session.name"),
        value: (r) => r.contestant.name,
        render: (r) => (
          <Link
            to={`/judge/attempts/${encodeURIComponent(r.attemptId)}`}
            onClick={(e) => e.stopPropagation()}
            data-testid={`attempt-link-${r.attemptId}`}
          >
            {r.contestant.name}
          </Link>
        ),
      },
      { key: "ticket", label: t("judging.session.ticket"), value: (r) => r.contestant.ticketNumber },
      {
        key: "status",
        label: t("judging.session.statusCol"),
        value: (r) => t(`judging.status.${r.status}`),
        render: (r) => (
          <span className={`badge badge-${r.status.toLowerCase()}`}>{t(`judging.status.${r.status}`)}</span>
        ),
      },
      {
        key: "theory",
        label: t("judging.session.theory"),
        value: (r) => r.theory,
        render: (r) => formatPts(r.theory),
        className: "num",
      },
      {
        key: "practical",
        label: t("judging.session.practical"),
        value: (r) => r.practical,
        render: (r) => formatPts(r.practical),
        className: "num",
      },
      {
        key: "total",
        label: t("judging.session.total"),
        value: (r) => r.total,
        render: (r) => <strong>{formatPts(r.total)}</strong>,
        className: "num",
      },
      { key: "version", label: t("judging.session.version"), value: (r) => r.version, className: "num" },
      {
        key: "adjustments",
        label: t("judging.session.adjustments"),
        value: (r) => r.adjustments,
        className: "num",
      },
      {
        key: "appeals",
        label: t("judging.session.appeals"),
        value: (r) => r.openAppeals,
        render: (r) =>
          r.openAppeals > 0 ? <span className="badge badge-frozen">{r.openAppeals}</span> : r.openAppeals,
        className: "num",
      },
      {
        key: "reports",
        label: t("judging.session.reports"),
        value: (r) => r.reports,
        render: (r) =>
          r.reports > 0 ? (
            <span
              className="badge badge-reported"
              title={t("judging.session.reportsTitle")}
              data-testid={`attempt-reports-${r.attemptId}`}
            >
              {r.reports}
            </span>
          ) : (
            r.reports
          ),
        className: "num",
      },
    ],
    [t],
  );

  const rows = filterAttempts(attempts.data ?? [], { status, reportedOnly: reported === "reported" });

  return (
    <div className="page admin-page" data-testid="judge-session-page">
      <AppHeader />
      <main className="page-main judge-main">
        <div className="judge-head">
          <h1>
            {t("judging.session.title")}
            {session ? ` · ${session.name}` : ""}
          </h1>
          <div className="judge-head-links">
            <Link to="/judge/appeals" className="btn btn-small">
              {t("judging.landing.appealsPlain")}
            </Link>
            <Link to="/judge" className="btn btn-small">
              {t("judging.backToJudge")}
            </Link>
          </div>
        </div>
        {session && (
          <p className="muted">
            {formatInstant(session.startsAt, lang)} ·{" "}
            {session.releasedAt
              ? `${t("judging.landing.released")} ${formatInstant(session.releasedAt, lang)}`
              : t("judging.landing.notReleased")}
          </p>
        )}
        {attempts.error !== null && (
          <div className="banner banner-error" role="alert" data-testid="attempts-error">
            {refusal(attempts.error)}
          </div>
        )}
        <section className="admin-section">
          <div className="toolbar-row judge-toolbar">
            <h2>{t("judging.session.attempts")}</h2>
            <FilterSelect
              label={t("judging.session.filterStatus")}
              value={status}
              onChange={setStatus}
              options={STATUSES.map((s) => ({ value: s, label: t(`judging.status.${s}`) }))}
              testId="attempts-status"
            />
            <FilterSelect
              label={t("judging.session.filterReports")}
              value={reported}
              onChange={setReported}
              options={[{ value: "reported", label: t("judging.session.onlyReported") }]}
              testId="attempts-reported"
            />
            <FilterBox value={filter} onChange={setFilter} testId="attempts-filter" />
          </div>
          {attempts.loading && !attempts.data ? (
            <p className="muted">{t("app.loading")}</p>
          ) : (
            <DataTable
              rows={rows}
              columns={columns}
              rowKey={(r) => r.attemptId}
              filter={filter}
              testId="attempts-table"
              rowTestId={(r) => `attempt-row-${r.attemptId}`}
              onRowClick={(r) => navigate(`/judge/attempts/${encodeURIComponent(r.attemptId)}`)}
              empty={t("judging.session.noAttempts")}
            />
          )}
        </section>
        <Rescore
          sessionId={sessionId}
          name={session?.name ?? sessionId}
          releasedAt={session?.releasedAt ?? null}
          reportLocked={session?.reportLocked ?? false}
          onDone={attempts.reload}
        />
        <ExportPanel sessionId={sessionId} />
      </main>
    </div>
  );
}

function Rescore({
  sessionId,
  name,
  releasedAt,
  reportLocked,
  onDone,
}: {
  sessionId: string;
  name: string;
  releasedAt: string | null;
  reportLocked: boolean;
  onDone: () => void;
}) {
  const { t } = useTr();
  const refusal = useRefusal();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  /** A lock the server reported (the region's report submitted, or a release made meanwhile). */
  const [refusedBy, setRefusedBy] = useState<string | null>(null);
  const lockedBy = releasedAt !== null ? "RESULTS_RELEASED" : reportLocked ? "REPORT_LOCKED" : refusedBy;
  const locked = lockedBy !== null;
  const valid = reason.trim().length >= 2;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid || locked) return;
    if (!window.confirm(t("judging.session.rescoreConfirm", { name }))) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await judgeApi.rescore(sessionId, { reason: reason.trim() });
      setDone(r.requeued);
      setReason("");
      onDone();
    } catch (err) {
      if (err instanceof ApiError && (err.code === "RESULTS_RELEASED" || err.code === "REPORT_LOCKED"))
        setRefusedBy(err.code);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-panel judge-rescore" data-testid="rescore">
      <h2>{t("judging.session.rescoreTitle")}</h2>
      <p className="muted small">{t("judging.session.rescoreHelp")}</p>
      {lockedBy && (
        <p className="banner banner-info" data-testid="rescore-locked" data-code={lockedBy}>
          {t(`errors.${lockedBy}`)}
        </p>
      )}
      <form onSubmit={submit} className="judge-form" noValidate>
        <label className="judge-field">
          <span>{t("judging.session.rescoreReason")}</span>
          <textarea
            value={reason}
            rows={2}
            maxLength={500}
            disabled={locked}
            onChange={(e) => setReason(e.target.value)}
            data-testid="rescore-reason"
          />
        </label>
        {error !== null && (
          <p className="banner banner-error" role="alert" data-testid="rescore-error">
            {refusal(error)}
          </p>
        )}
        {done !== null && (
          <p className="banner banner-info" role="status" data-testid="rescore-done">
            {t("judging.session.rescoreDone", { count: done })}
          </p>
        )}
        <div className="judge-form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={locked || !valid || busy}
            data-testid="rescore-submit"
          >
            {busy ? t("judging.session.rescoring") : t("judging.session.rescore")}
          </button>
        </div>
      </form>
    </section>
  );
}
