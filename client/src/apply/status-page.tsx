// An applicant's own application, read with the access code (issue 9): status and the host's reason,
// the form's data and team, evidence uploads, correction and withdrawal, and once approved the
// ticket number, initial password and sittings.
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { OpenStage, RegistrationView } from "../../../protocol/index.ts";
import { currentLanguage } from "../i18n/index.ts";
import { applyApi, storedCode } from "../lib/apply-api.ts";
import { AdmissionPanel } from "./admission-panel.tsx";
import { ApplicationSummary } from "./application-summary.tsx";
import { ApplyForm } from "./apply-form.tsx";
import { ApplyShell } from "./apply-shell.tsx";
import { EvidencePanel } from "./evidence-panel.tsx";
import { draftOf } from "./form-model.ts";
import { formatMoment } from "./format.ts";
import { refusalMessage } from "./refusal.ts";

export function ApplicationStatusPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState(() => storedCode.get());
  const [typed, setTyped] = useState("");
  const [view, setView] = useState<RegistrationView | null>(null);
  const [stages, setStages] = useState<OpenStage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (c: string) => {
      setLoading(true);
      setError(null);
      try {
        setView(await applyApi.me(c));
      } catch (e) {
        setView(null);
        setError(refusalMessage(t, e, { lang: currentLanguage() }));
      } finally {
        setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    if (code) void load(code);
  }, [code, load]);
  useEffect(() => {
    applyApi.open().then(setStages, () => setStages([]));
  }, []);

  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    const c = typed.trim();
    if (!c) return;
    storedCode.set(c);
    if (c === code) void load(c);
    else setCode(c);
  };

  const forget = () => {
    storedCode.clear();
    setCode("");
    setView(null);
    setError(null);
  };

  return (
    <ApplyShell title={t("apply.statusTitle")}>
      {!view && (
        <form className="card apply-section apply-code-form" data-testid="code-form" onSubmit={lookUp}>
          <label className="field">
            <span>{t("apply.status.enterCode")}</span>
            <input
              data-testid="code-input"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="code-submit"
            disabled={!typed.trim() || loading}
          >
            {t("apply.status.look")}
          </button>
        </form>
      )}
      {loading && !view && <p className="muted">{t("apply.loading")}</p>}
      {error && (
        <p className="form-error" role="alert" data-testid="status-error">
          {error}
        </p>
      )}
      {view && (
        <Application
          view={view}
          code={code}
          stages={stages}
          onChange={setView}
          onReload={() => load(code)}
          onForget={forget}
        />
      )}
    </ApplyShell>
  );
}

function Application({
  view,
  code,
  stages,
  onChange,
  onReload,
  onForget,
}: {
  view: RegistrationView;
  code: string;
  stages: OpenStage[];
  onChange: (v: RegistrationView) => void;
  onReload: () => Promise<void>;
  onForget: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const stage = stages.find((s) => s.stageId === view.stage.id);
  const canCorrect = view.windowOpen && (view.status === "SUBMITTED" || view.status === "REJECTED");

  const withdraw = async () => {
    setActionError(null);
    try {
      await applyApi.withdraw(code);
      setConfirmWithdraw(false);
      await onReload();
    } catch (e) {
      setActionError(refusalMessage(t, e, { lang }));
    }
  };

  return (
    <div className="apply-status" data-testid="application" data-status={view.status}>
      <section className={`card apply-section apply-status-head status-${view.status.toLowerCase()}`}>
        <div className="apply-status-line">
          <span
            className={`apply-status-badge badge-${view.status.toLowerCase()}`}
            data-testid="application-status"
          >
            {t(`apply.status.labels.${view.status}`)}
          </span>
          <span className="apply-status-who">
            {view.form.name} · {view.contest.name} · {view.stage.name} ·{" "}
            {lang === "en" ? view.region.nameEn : view.region.nameZh}
          </span>
        </div>
        {view.reviewReason && (
          <p className="apply-reason" data-testid="review-reason">
            {t("apply.status.reason", { reason: view.reviewReason })}
          </p>
        )}
        <p className="muted small">
          {t("apply.status.submittedAt", { time: formatMoment(view.submittedAt, lang) })}
          {view.reviewedAt && (
            <> · {t("apply.status.reviewedAt", { time: formatMoment(view.reviewedAt, lang) })}</>
          )}
        </p>
        {!view.windowOpen && view.status !== "APPROVED" && view.status !== "WITHDRAWN" && (
          <p className="muted small">{t("apply.status.windowClosedNote")}</p>
        )}
        {notice && (
          <p className="banner banner-info" data-testid="status-notice">
            {notice}
          </p>
        )}
        <div className="apply-actions">
          {canCorrect && stage && !editing && (
            <button
              type="button"
              className="btn"
              data-testid="edit-application"
              onClick={() => setEditing(true)}
            >
              {t("apply.status.edit")}
            </button>
          )}
          {(view.status === "SUBMITTED" || view.status === "REJECTED") && !confirmWithdraw && (
            <button
              type="button"
              className="btn btn-danger"
              data-testid="withdraw"
              onClick={() => setConfirmWithdraw(true)}
            >
              {t("apply.status.withdraw")}
            </button>
          )}
          <button type="button" className="btn btn-ghost" data-testid="forget-code" onClick={onForget}>
            {t("apply.status.forget")}
          </button>
        </div>
        {confirmWithdraw && (
          <div className="apply-confirm" role="alertdialog" data-testid="withdraw-confirm">
            <span>{t("apply.status.withdrawConfirm")}</span>
            <button type="button" className="btn btn-danger" data-testid="withdraw-yes" onClick={withdraw}>
              {t("apply.status.withdrawYes")}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmWithdraw(false)}>
              {t("apply.status.withdrawNo")}
            </button>
          </div>
        )}
        {actionError && (
          <p className="form-error" role="alert" data-testid="action-error">
            {actionError}
          </p>
        )}
      </section>

      {view.admission && <AdmissionPanel admission={view.admission} />}

      {editing && stage ? (
        <ApplyForm
          stages={[stage]}
          initial={draftOf(view)}
          submitLabel={t("apply.status.resubmit")}
          correcting
          placeFixed
          onCancel={() => setEditing(false)}
          onSubmit={async (request) => {
            const next = await applyApi.resubmit(code, request);
            setEditing(false);
            setNotice(t("apply.status.resubmitted"));
            if (next && typeof next === "object" && "status" in next) onChange(next);
            else await onReload();
          }}
        />
      ) : (
        <ApplicationSummary view={view} />
      )}

      {view.status !== "WITHDRAWN" && (
        <EvidencePanel
          view={view}
          code={code}
          required={stage?.rules.requiredEvidence[view.form.basis]}
          maxBytes={stage?.rules.evidenceMaxBytes}
          readOnly={!canCorrect}
          onChange={onReload}
        />
      )}
    </div>
  );
}
