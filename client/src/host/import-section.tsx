// Bulk import of contestants a host collected on paper: the template, the upload, then either the
// issued tickets and passwords or the row-by-row errors (nothing is imported unless every row is good).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { IMPORT_MAX_BYTES, type ImportResult, type ImportRowError } from "../../../protocol/index.ts";
import { SectionHead } from "../admin/crud.tsx";
import { DataTable, ErrorBanner } from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";
import { ApiError } from "../lib/api.ts";
import { useStages } from "./sessions-section.tsx";

const ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";

export function ImportSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const { stages, error: stagesError } = useStages();
  const [stageId, setStageId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportRowError[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tooBig = file !== null && file.size > IMPORT_MAX_BYTES;

  const upload = async () => {
    if (!file || !stageId) return;
    setBusy(true);
    setError(null);
    setResult(null);
    setRowErrors(null);
    try {
      setResult(await hostApi.importFile(regionId, stageId, file));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === "IMPORT_REJECTED") {
        const rows = (e.details as { rows?: ImportRowError[] } | undefined)?.rows;
        if (Array.isArray(rows)) setRowErrors(rows);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="admin-section" data-testid="import-section">
      <SectionHead title={t("admin.import.title")} />
      <p className="muted">{t("admin.import.intro")}</p>
      <p className="row">
        <a
          className="btn btn-small"
          href={hostApi.templateUrl(regionId, "xlsx")}
          download
          data-testid="template-xlsx"
        >
          {t("admin.import.templateXlsx")}
        </a>
        <a
          className="btn btn-small"
          href={hostApi.templateUrl(regionId, "csv")}
          download
          data-testid="template-csv"
        >
          {t("admin.import.templateCsv")}
        </a>
      </p>
      <ErrorBanner error={stagesError} />
      <form
        className="card admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <div className="form-grid">
          <label className="field field-wide">
            <span>{t("admin.columns.stage")}</span>
            <select value={stageId} onChange={(e) => setStageId(e.target.value)} data-testid="import-stage">
              <option value="">{t("admin.choose")}</option>
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("admin.import.file")}</span>
            <input
              type="file"
              accept={ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
            {tooBig && (
              <span className="field-issue">
                {t("admin.import.tooBig", { mb: IMPORT_MAX_BYTES / 1024 / 1024 })}
              </span>
            )}
          </label>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!file || !stageId || busy || tooBig}
            data-testid="import-upload"
          >
            {busy ? t("admin.import.uploading") : t("admin.import.upload")}
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {rowErrors && (
        <div data-testid="import-errors">
          <h3>{t("admin.import.errorsTitle", { count: rowErrors.length })}</h3>
          <DataTable
            rows={rowErrors}
            rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
            columns={[
              { key: "row", label: t("admin.import.row"), value: (r) => r.row, className: "num" },
              { key: "column", label: t("admin.import.column"), value: (r) => r.column },
              {
                key: "message",
                label: t("admin.import.message"),
                value: (r) => r.message,
                className: "wrap",
              },
            ]}
          />
        </div>
      )}
      {result && (
        <div data-testid="import-result">
          <p className="banner banner-info" role="status">
            {t("admin.import.imported", { count: result.imported })}
          </p>
          <p className="small text-warning">{t("admin.import.passwordsOnce")}</p>
          <DataTable
            rows={result.contestants}
            rowKey={(c) => c.ticketNumber}
            columns={[
              { key: "row", label: t("admin.import.row"), value: (c) => c.row, className: "num" },
              { key: "name", label: t("admin.columns.name"), value: (c) => c.name },
              {
                key: "ticket",
                label: t("admin.columns.ticket"),
                value: (c) => c.ticketNumber,
                className: "mono",
              },
              {
                key: "password",
                label: t("admin.registrations.initialPassword"),
                value: (c) => c.initialPassword,
                className: "mono",
              },
            ]}
          />
        </div>
      )}
    </section>
  );
}
