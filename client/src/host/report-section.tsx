// The region's report of a stage to the national committee (issue 10): where it stands (sessions
// released, contestants scored, open appeals, when the appeal windows close), what still blocks it,
// the submission with a confirm and an optional note, the lock once submitted, the committee's
// reopening and, once submitted, the certificate lists per group.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { GROUPS, type RegionReportView, submitReportSchema } from "../../../protocol/index.ts";
import { SectionHead } from "../admin/crud.tsx";
import { ErrorBanner, formatInstant, useLoad, useValidation } from "../admin/kit.tsx";
import {
  BlockerList,
  CodedError,
  ReasonField,
  ReportFigures,
  StageSelect,
  StatusBadge,
} from "../admin/report-kit.tsx";
import {
  type Blocker,
  blockersOfView,
  blocksForSure,
  refusalBlockers,
  stageOptions,
} from "../admin/reports-values.ts";
import { contestsApi } from "../lib/admin-api.ts";
import { ApiError } from "../lib/api.ts";
import { reportsApi } from "../lib/reports-api.ts";
import { defaultStage, stageChoices } from "../results/format.ts";

export function ReportSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const contests = useLoad(() => contestsApi.list(), []);
  const options = useMemo(() => stageOptions(contests.data ?? []), [contests.data]);
  const [stageId, setStageId] = useState("");

  useEffect(() => {
    if (options.length === 0 || options.some((o) => o.id === stageId)) return;
    // A preliminary open in this region, as the rankings choose a stage.
    const prelims = (contests.data ?? []).map((c) => ({
      ...c,
      stages: c.stages.filter((s) => s.kind === "PRELIMINARY"),
    }));
    setStageId(defaultStage(stageChoices(prelims, regionId))?.id ?? options[0]?.id ?? "");
  }, [options, stageId, contests.data, regionId]);

  return (
    <section className="admin-section" data-testid="report-section">
      <SectionHead title={t("reports.host.title")} />
      <p className="muted rankings-intro">{t("reports.host.intro")}</p>
      <ErrorBanner error={contests.error} />
      <div className="toolbar-row">
        <StageSelect
          label={t("reports.stage")}
          options={options}
          value={stageId}
          onChange={setStageId}
          testId="report-stage"
        />
      </div>
      {contests.data && options.length === 0 && <p className="empty">{t("reports.noStages")}</p>}
      {stageId && <RegionReport key={stageId} regionId={regionId} stageId={stageId} />}
    </section>
  );
}

function RegionReport({ regionId, stageId }: { regionId: string; stageId: string }) {
  const { t, i18n } = useTranslation();
  const report = useLoad(() => reportsApi.view(regionId, stageId), [regionId, stageId]);
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<Blocker[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const view: RegionReportView | null = report.data;
  if (!view)
    return (
      <>
        <CodedError error={report.error} />
        {report.loading && <p className="muted">{t("app.loading")}</p>}
      </>
    );

  const submitted = view.status === "SUBMITTED";
  const blockers = submitted ? [] : blockersOfView(view, Date.now());
  // Counts block for sure; the window is the browser's reading of the time, so the server decides.
  const blocked = blockers.some(blocksForSure);
  const lang = i18n.language;

  const submit = async (reason: string | undefined) => {
    setBusy(true);
    setError(null);
    setRefusal(null);
    try {
      report.setData(await reportsApi.submit(regionId, stageId, reason ? { reason } : {}));
      setConfirming(false);
    } catch (e) {
      const reasons =
        e instanceof ApiError && e.code === "CONFLICT" ? refusalBlockers(e.details, Date.now()) : null;
      if (reasons && reasons.length > 0) {
        // The reasons replace the confirm: the button comes back for when they are dealt with.
        setRefusal(reasons);
        setConfirming(false);
      } else setError(e);
      report.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card report-card" data-testid="report-card" data-status={view.status}>
      <div className="report-card-head">
        <h3>{view.stage.name}</h3>
        <StatusBadge status={view.status} testId="report-status" />
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            // The refusal was of the state then: the figures say what still blocks now.
            setRefusal(null);
            report.reload();
          }}
          disabled={report.loading}
          data-testid="report-refresh"
        >
          {t("admin.refresh")}
        </button>
      </div>
      <ReportFigures view={view} />
      {submitted && (
        <div className="banner banner-success report-notice" role="status" data-testid="report-locked">
          <p>
            {t("reports.host.locked", {
              time: formatInstant(view.submittedAt, lang),
              who: view.submittedBy ?? "—",
            })}
          </p>
          <p data-testid="report-snapshot-summary">
            {t("reports.host.snapshot", { total: view.contestants.total, scored: view.contestants.scored })}
          </p>
        </div>
      )}
      {view.status === "REOPENED" && (
        <div className="banner banner-warning report-notice" role="status" data-testid="report-reopened">
          <p>
            {t("reports.host.reopened", {
              who: view.reopenedBy ?? "—",
              time: formatInstant(view.reopenedAt, lang),
              reason: view.reopenReason ?? "—",
            })}
          </p>
          <p>{t("reports.host.reopenedNext")}</p>
        </div>
      )}
      {!submitted && !refusal && blockers.length > 0 && (
        <div className="banner banner-info report-notice" data-testid="report-blockers">
          <strong>{t("reports.host.blockersTitle")}</strong>
          <BlockerList blockers={blockers} />
        </div>
      )}
      {!submitted && !refusal && blockers.length === 0 && (
        <p className="muted" data-testid="report-ready">
          {t("reports.host.ready")}
        </p>
      )}
      {refusal && (
        <div className="banner banner-error report-notice" role="alert" data-testid="report-refused">
          <strong>{t("reports.host.refusedTitle")}</strong>
          <BlockerList blockers={refusal} />
        </div>
      )}
      <CodedError error={error} onClose={() => setError(null)} />
      {!submitted && !confirming && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={blocked || busy}
          onClick={() => {
            setConfirming(true);
            setRefusal(null);
          }}
          data-testid="report-submit"
        >
          {view.status === "REOPENED" ? t("reports.host.submitAgain") : t("reports.host.submit")}
        </button>
      )}
      {!submitted && confirming && (
        <SubmitConfirm
          stage={view.stage.name}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={(reason) => void submit(reason)}
        />
      )}
      {submitted && <Certificates regionId={regionId} stageId={stageId} />}
    </div>
  );
}

/** The confirm step: what submitting does, and an optional note. */
function SubmitConfirm({
  stage,
  busy,
  onCancel,
  onConfirm,
}: {
  stage: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (reason: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const body = useMemo(() => (reason.trim() ? { reason } : {}), [reason]);
  const v = useValidation(submitReportSchema, body);
  return (
    <form
      className="confirm-box"
      data-testid="report-confirm-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid && !busy) onConfirm(reason.trim() || undefined);
      }}
    >
      <h4>{t("reports.host.confirmTitle", { stage })}</h4>
      <p>{t("reports.host.confirmText")}</p>
      <ReasonField
        label={t("reports.host.reason")}
        value={reason}
        onChange={(value) => {
          setReason(value);
          v.touch("reason");
        }}
        issue={v.issue("reason")}
        testId="report-reason"
      />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="report-confirm"
        >
          {busy ? t("reports.host.submitting") : t("reports.host.confirm")}
        </button>
      </div>
    </form>
  );
}

/** The certificate lists of the submitted report, per group. */
function Certificates({ regionId, stageId }: { regionId: string; stageId: string }) {
  const { t } = useTranslation();
  return (
    <div className="certificates" data-testid="certificates">
      <h4>{t("reports.host.certificates")}</h4>
      <p className="muted small">{t("reports.host.certificatesIntro")}</p>
      {GROUPS.map((g) => (
        <div key={g} className="export-links">
          <span className="export-label">{t(`admin.group.${g}`)}</span>
          {(["xlsx", "csv"] as const).map((f) => (
            <a
              key={f}
              className="btn btn-small"
              href={reportsApi.certificatesUrl(regionId, f, stageId, g)}
              download
              aria-label={t(`reports.host.${f}`, { group: t(`admin.group.${g}`) })}
              data-testid={`certificates-${g}-${f}`}
            >
              {f === "xlsx" ? t("admin.results.exportXlsx") : t("admin.results.exportCsv")}
            </a>
          ))}
        </div>
      ))}
    </div>
  );
}
