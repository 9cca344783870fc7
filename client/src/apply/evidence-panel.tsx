// The proof an application carries: each kind its basis requires (missing ones highlighted), uploads
// sent as the raw file, downloads (the code travels in a header, so through fetch) and deletion.
import { type ChangeEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EvidenceKind, EvidenceView, RegistrationView } from "../../../protocol/index.ts";
import { applyApi } from "../lib/apply-api.ts";
import { formatBytes, formatMoment } from "./format.ts";
import { refusalMessage } from "./refusal.ts";

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function EvidencePanel({
  view,
  code,
  required,
  maxBytes = DEFAULT_MAX_BYTES,
  readOnly,
  onChange,
}: {
  view: RegistrationView;
  code: string;
  /** The kinds the basis requires (from the stage's rules; else what the server says is missing). */
  required?: EvidenceKind[];
  maxBytes?: number;
  readOnly: boolean;
  onChange: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  const [busy, setBusy] = useState<EvidenceKind | null>(null);
  const [error, setError] = useState<string | null>(null);

  const kinds: EvidenceKind[] = [
    ...new Set([...(required ?? []), ...view.missingEvidence, ...view.evidence.map((e) => e.kind)]),
  ].filter((k) => k !== "OTHER");
  const missing = new Set(view.missingEvidence);

  const upload = async (kind: EvidenceKind, e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    input.value = ""; // the same file may be chosen again after a refusal
    if (!file) return;
    setError(null);
    if (file.size > maxBytes) {
      setError(t("apply.status.tooBig", { name: file.name, size: formatBytes(file.size) }));
      return;
    }
    setBusy(kind);
    try {
      await applyApi.upload(code, kind, file);
      await onChange();
    } catch (err) {
      setError(refusalMessage(t, err, { lang, evidenceMaxBytes: maxBytes }));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (ev: EvidenceView) => {
    setError(null);
    try {
      await applyApi.deleteEvidence(code, ev.id);
      await onChange();
    } catch (err) {
      setError(refusalMessage(t, err, { lang }));
    }
  };

  const download = async (ev: EvidenceView) => {
    setError(null);
    try {
      const blob = await applyApi.downloadEvidence(code, ev.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = ev.fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(refusalMessage(t, err, { lang }));
    }
  };

  const row = (kind: EvidenceKind, optional: boolean) => {
    const files = view.evidence.filter((e) => e.kind === kind);
    const isMissing = !optional && missing.has(kind);
    return (
      <li
        key={kind}
        className={`apply-evidence ${isMissing ? "is-missing" : ""}`}
        data-testid={`evidence-${kind}`}
        data-missing={isMissing}
      >
        <div className="apply-evidence-head">
          <strong>{t(`apply.evidenceKind.${kind}`)}</strong>
          {!optional && (
            <span className={`apply-pill ${isMissing ? "apply-pill-missing" : "apply-pill-open"}`}>
              {isMissing ? t("apply.status.missing") : t("apply.status.uploaded")}
            </span>
          )}
          {!readOnly && (
            <label className={`btn btn-small apply-upload ${busy === kind ? "is-busy" : ""}`}>
              {busy === kind
                ? t("apply.status.uploading")
                : optional
                  ? t("apply.status.otherUpload")
                  : t("apply.status.upload")}
              <input
                type="file"
                className="visually-hidden"
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                data-testid={`upload-${kind}`}
                disabled={busy !== null}
                onChange={(e) => upload(kind, e)}
              />
            </label>
          )}
        </div>
        {files.length > 0 && (
          <ul className="apply-files">
            {files.map((f) => (
              <li key={f.id} className="apply-file" data-testid="evidence-file" data-kind={f.kind}>
                <span className="apply-file-name">{f.fileName}</span>
                <span className="muted small">
                  {formatBytes(f.size)} · {formatMoment(f.uploadedAt, lang)}
                </span>
                <span className="apply-file-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid="evidence-download"
                    onClick={() => download(f)}
                  >
                    {t("apply.status.download")}
                  </button>
                  {!readOnly && (
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      data-testid="evidence-delete"
                      onClick={() => remove(f)}
                    >
                      {t("apply.status.delete")}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <section className="card apply-section" data-testid="evidence">
      <h2>{t("apply.status.evidenceTitle")}</h2>
      <p className="muted small">{t("apply.status.evidenceRule", { size: formatBytes(maxBytes) })}</p>
      {view.missingEvidence.length > 0 && !readOnly && (
        <p className="apply-warning" data-testid="missing-evidence">
          {t("apply.status.missingSummary", {
            list: view.missingEvidence
              .map((k) => t(`apply.evidenceKind.${k}`))
              .join(lang === "en" ? "; " : "、"),
          })}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="evidence-error">
          {error}
        </p>
      )}
      <ul className="apply-evidence-list">
        {kinds.map((k) => row(k, false))}
        {row("OTHER", true)}
      </ul>
    </section>
  );
}
