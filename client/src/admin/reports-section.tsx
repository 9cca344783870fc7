// The committee's view of the regions' reports of a stage (issue 10): the 20 regions with their
// status, who submitted when, their sessions, scores and open appeals and any reopening; a region's
// drawer with the snapshot's rankings per group and the reopening, with a reason.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type RegionReportView, type ReportStatus, reopenReportSchema } from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import { committeeReportsApi } from "../lib/reports-api.ts";
import { SectionHead } from "./crud.tsx";
import {
  type Column,
  DataTable,
  ErrorBanner,
  FilterBox,
  FilterSelect,
  formatInstant,
  useLoad,
  useValidation,
} from "./kit.tsx";
import { regionLabel } from "./regions-section.tsx";
import {
  CodedError,
  ReasonField,
  ReportFigures,
  SnapshotRankings,
  StageSelect,
  StatusBadge,
} from "./report-kit.tsx";
import { countByStatus, defaultStageOf, stageOptions } from "./reports-values.ts";

const STATUSES: ReportStatus[] = ["NOT_SUBMITTED", "SUBMITTED", "REOPENED"];

export function ReportsSection() {
  const { t, i18n } = useTranslation();
  const contests = useLoad(() => committeeApi.contests(), []);
  const options = useMemo(() => stageOptions(contests.data ?? []), [contests.data]);
  const [stageId, setStageId] = useState("");
  const [status, setStatus] = useState("");
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    if (options.length === 0 || options.some((o) => o.id === stageId)) return;
    const prelims = options.filter((o) => o.kind === "PRELIMINARY");
    setStageId(defaultStageOf(prelims.length > 0 ? prelims : options)?.id ?? "");
  }, [options, stageId]);

  const reports = useLoad(
    () => (stageId ? committeeReportsApi.list(stageId) : Promise.resolve([] as RegionReportView[])),
    [stageId],
  );
  const all = reports.data ?? [];
  const rows = status ? all.filter((r) => r.status === status) : all;
  const counts = countByStatus(all);
  const lang = i18n.language;
  const current = all.find((r) => r.region.id === selected) ?? null;

  const columns = useMemo(
    (): Column<RegionReportView>[] => [
      { key: "no", label: t("reports.committee.columns.no"), value: (r) => r.region.no, className: "num" },
      {
        key: "region",
        label: t("reports.committee.columns.region"),
        value: (r) => (lang === "en" ? r.region.nameEn : r.region.nameZh),
        // The region's name opens its report (the table has no room for a column of buttons).
        render: (r) => (
          <button
            type="button"
            className="link-button"
            title={t("reports.committee.open")}
            onClick={(e) => {
              e.stopPropagation();
              setSelected(r.region.id);
            }}
            data-testid={`report-open-${r.region.no}`}
          >
            {lang === "en" ? r.region.nameEn : r.region.nameZh}
          </button>
        ),
      },
      {
        key: "hostOrg",
        label: t("reports.committee.columns.hostOrg"),
        value: (r) => r.region.hostOrg,
        className: "wrap",
      },
      {
        key: "status",
        label: t("reports.committee.columns.status"),
        value: (r) => t(`reports.status.${r.status}`),
        render: (r) => <StatusBadge status={r.status} testId={`report-status-${r.region.no}`} />,
      },
      {
        key: "submitted",
        label: t("reports.committee.columns.submitted"),
        value: (r) => r.submittedAt,
        render: (r) =>
          r.submittedAt ? (
            <span className="cell-lines">
              <span>{formatInstant(r.submittedAt, lang)}</span>
              <span className="muted">{r.submittedBy ?? "—"}</span>
            </span>
          ) : (
            "—"
          ),
      },
      {
        key: "sessions",
        label: t("reports.committee.columns.sessions"),
        value: (r) => `${r.sessions.released} / ${r.sessions.total}`,
        className: "num",
      },
      {
        key: "scored",
        label: t("reports.committee.columns.scored"),
        value: (r) => `${r.contestants.scored} / ${r.contestants.total}`,
        className: "num",
      },
      {
        key: "appeals",
        label: t("reports.committee.columns.openAppeals"),
        value: (r) => r.openAppeals,
        className: "num",
      },
      {
        key: "reopened",
        label: t("reports.committee.columns.reopened"),
        value: (r) => r.reopenReason,
        render: (r) =>
          r.reopenedAt ? (
            <span className="cell-lines" data-testid={`report-reopened-${r.region.no}`}>
              <span>
                {t("reports.committee.reopenedBy", {
                  who: r.reopenedBy ?? "—",
                  time: formatInstant(r.reopenedAt, lang),
                })}
              </span>
              <span className="muted">{r.reopenReason}</span>
            </span>
          ) : (
            "—"
          ),
        className: "wrap",
      },
    ],
    [t, lang],
  );

  return (
    <section className="admin-section" data-testid="reports-section">
      <SectionHead title={t("reports.committee.title")} />
      <p className="muted rankings-intro">{t("reports.committee.intro")}</p>
      <ErrorBanner error={contests.error} />
      <div className="toolbar-row">
        <StageSelect
          label={t("reports.stage")}
          options={options}
          value={stageId}
          onChange={(id) => {
            setStageId(id);
            setSelected(null);
          }}
          testId="reports-stage"
        />
        <button
          type="button"
          className="btn btn-small"
          onClick={reports.reload}
          disabled={!stageId || reports.loading}
          data-testid="reports-refresh"
        >
          {t("admin.refresh")}
        </button>
      </div>
      {contests.data && options.length === 0 && <p className="empty">{t("reports.noStages")}</p>}
      <CodedError error={reports.error} />
      {stageId && (
        <>
          <div className="toolbar-row">
            <span className="reports-summary" data-testid="reports-summary">
              <strong>
                {t("reports.committee.submittedCount", { submitted: counts.SUBMITTED, total: all.length })}
              </strong>
              {counts.REOPENED > 0 && (
                <span className="muted">
                  {t("reports.committee.reopenedCount", { count: counts.REOPENED })}
                </span>
              )}
            </span>
            <span className="spacer" />
            <FilterSelect
              label={t("reports.committee.statusFilter")}
              value={status}
              onChange={setStatus}
              options={STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
              testId="reports-status-filter"
            />
            <FilterBox value={filter} onChange={setFilter} testId="reports-filter" />
          </div>
          <DataTable
            testId="reports-table"
            rows={rows}
            columns={columns}
            filter={filter}
            rowKey={(r) => r.region.id}
            rowTestId={(r) => `report-row-${r.region.no}`}
            selectedKey={selected}
            onRowClick={(r) => setSelected(r.region.id)}
            empty={t("reports.committee.empty")}
          />
        </>
      )}
      {stageId && current && (
        <ReportDrawer
          key={`${stageId}-${current.region.id}`}
          stageId={stageId}
          regionId={current.region.id}
          regionName={regionLabel(current.region, lang)}
          onClose={() => setSelected(null)}
          onChanged={reports.reload}
        />
      )}
    </section>
  );
}

function ReportDrawer({
  stageId,
  regionId,
  regionName,
  onClose,
  onChanged,
}: {
  stageId: string;
  regionId: string;
  regionName: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const detail = useLoad(() => committeeReportsApi.detail(stageId, regionId), [stageId, regionId]);
  const [reopening, setReopening] = useState(false);
  const d = detail.data;
  const lang = i18n.language;
  return (
    <aside
      className="card detail-panel report-drawer"
      data-testid="report-detail"
      data-status={d?.status}
      aria-label={t("reports.committee.detailTitle", { region: regionName })}
    >
      <SectionHead title={t("reports.committee.detailTitle", { region: regionName })}>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={onClose}
          data-testid="detail-close"
        >
          {t("admin.close")}
        </button>
      </SectionHead>
      <p className="muted">{d?.region.hostOrg}</p>
      <CodedError error={detail.error} />
      {!d && detail.loading && <p className="muted">{t("app.loading")}</p>}
      {d && (
        <>
          <div className="report-card-head">
            <h3>{d.stage.name}</h3>
            <StatusBadge status={d.status} testId="report-detail-status" />
          </div>
          <ReportFigures view={d} />
          {d.submittedAt && (
            <p className="small" data-testid="report-detail-submitted">
              {t("reports.committee.columns.submitted")}: {formatInstant(d.submittedAt, lang)} ·{" "}
              {d.submittedBy ?? "—"}
            </p>
          )}
          {d.reopenedAt && (
            <div className="banner banner-warning report-notice" data-testid="report-detail-reopened">
              {t("reports.committee.columns.reopened")}:{" "}
              {t("reports.committee.reopenedBy", {
                who: d.reopenedBy ?? "—",
                time: formatInstant(d.reopenedAt, lang),
              })}{" "}
              — {d.reopenReason}
            </div>
          )}
          {d.status === "SUBMITTED" && !reopening && (
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => setReopening(true)}
              data-testid="report-reopen"
            >
              {t("reports.committee.reopen")}
            </button>
          )}
          {d.status === "SUBMITTED" && reopening && (
            <ReopenForm
              stageId={stageId}
              regionId={regionId}
              regionName={regionName}
              onCancel={() => setReopening(false)}
              onDone={() => {
                setReopening(false);
                detail.reload();
                onChanged();
              }}
            />
          )}
          {d.snapshot ? (
            <>
              <p className="muted small" data-testid="snapshot-taken">
                {t("reports.committee.takenAt", { time: formatInstant(d.snapshot.takenAt, lang) })}
              </p>
              <SnapshotRankings snapshot={d.snapshot} />
            </>
          ) : (
            <p className="empty">{t("reports.committee.noSnapshot")}</p>
          )}
        </>
      )}
    </aside>
  );
}

function ReopenForm({
  stageId,
  regionId,
  regionName,
  onCancel,
  onDone,
}: {
  stageId: string;
  regionId: string;
  regionName: string;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const body = useMemo(() => ({ reason }), [reason]);
  const v = useValidation(reopenReportSchema, body);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reopen = async () => {
    if (!window.confirm(t("reports.committee.confirmReopen", { region: regionName }))) return;
    setBusy(true);
    setError(null);
    try {
      await committeeReportsApi.reopen(stageId, regionId, { reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="confirm-box"
      data-testid="reopen-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid && !busy) void reopen();
        else v.touchAll();
      }}
    >
      <h4>{t("reports.committee.reopenTitle", { region: regionName })}</h4>
      <p className="small">{t("reports.committee.reopenHint")}</p>
      <ReasonField
        label={t("reports.committee.reopenReason")}
        value={reason}
        onChange={(value) => {
          setReason(value);
          v.touch("reason");
        }}
        issue={v.issue("reason")}
        testId="reopen-reason"
      />
      <CodedError error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-danger"
          disabled={!v.valid || busy}
          data-testid="reopen-confirm"
        >
          {busy ? t("reports.committee.reopening") : t("reports.committee.reopen")}
        </button>
      </div>
    </form>
  );
}
