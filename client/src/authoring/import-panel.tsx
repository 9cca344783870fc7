// A task's dataset import: the format (only those that fit the kind), a zip or several files (packed
// into one stored zip here), replace / add labels, "check" (a dry run) then "import"; the report row
// by row, refused rows first and marked, and when refused, plainly that nothing was imported.
import { useState } from "react";
import {
  DATASET_IMPORT_MAX_BYTES,
  type DatasetFormat,
  type DatasetImportReport,
  type DatasetImportRow,
  FORMATS_BY_KIND,
  type TaskDetail,
} from "../../../protocol/index.ts";
import { ErrorBanner } from "../admin/kit.tsx";
import { useTr } from "../judge/shared.tsx";
import { ApiError } from "../lib/api.ts";
import { authoringApi, refusedRows } from "./authoring-api.ts";
import { storedZip, zipProblem } from "./stored-zip.ts";
import { Frozen } from "./task-editor.tsx";

/** The body to upload: one file as it is (a zip or an annotation file), several packed into one zip. */
async function bodyOf(files: File[]): Promise<{ body: Blob; name: string }> {
  if (files.length === 1) {
    const f = files[0] as File;
    return { body: f, name: f.name };
  }
  const entries = await Promise.all(
    files.map(async (f) => ({
      name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name,
      bytes: new Uint8Array(await f.arrayBuffer()),
    })),
  );
  const problem = zipProblem(entries);
  if (problem) throw new Error(problem);
  return {
    body: new Blob([storedZip(entries) as BlobPart], { type: "application/zip" }),
    name: "dataset.zip",
  };
}

/** The zip entry a refusal of the whole upload names (details.entry), if any. */
function entryOf(e: ApiError): string | null {
  const entry =
    e.details && typeof e.details === "object" ? (e.details as { entry?: unknown }).entry : undefined;
  return typeof entry === "string" ? entry : null;
}

const formatSize = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MB`
    : n >= 1024
      ? `${Math.round(n / 1024)} KB`
      : `${n} B`;

type Outcome =
  | { kind: "report"; report: DatasetImportReport }
  | { kind: "refused"; rows: DatasetImportRow[]; error: unknown; dryRun: boolean };

export function ImportPanel({
  task,
  inUse,
  onImported,
  onShowItems,
}: {
  task: TaskDetail;
  inUse: boolean;
  onImported: () => void;
  onShowItems: () => void;
}) {
  const { t } = useTr();
  const formats = FORMATS_BY_KIND[task.kind];
  const [format, setFormat] = useState<DatasetFormat>(formats[0] as DatasetFormat);
  const [files, setFiles] = useState<File[]>([]);
  const [replace, setReplace] = useState(false);
  const [addLabels, setAddLabels] = useState(false);
  const [busy, setBusy] = useState<null | "check" | "import">(null);
  const [progress, setProgress] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const total = files.reduce((s, f) => s + f.size, 0);
  const tooLarge = total > DATASET_IMPORT_MAX_BYTES;
  const signature = JSON.stringify([
    files.map((f) => [f.name, f.size, f.lastModified]),
    format,
    replace,
    addLabels,
  ]);

  const send = async (dryRun: boolean) => {
    setBusy(dryRun ? "check" : "import");
    setProgress(0);
    setError(null);
    setOutcome(null);
    try {
      const { body, name } = await bodyOf(files);
      if (body.size > DATASET_IMPORT_MAX_BYTES)
        throw new ApiError(
          "PAYLOAD_TOO_LARGE",
          t("authoring.import.tooLarge", { size: formatSize(body.size) }),
          413,
        );
      const report = await authoringApi.importDataset(
        task.id,
        { format, name, dryRun, replace, addLabels },
        body,
        setProgress,
      );
      setOutcome({ kind: "report", report });
      if (dryRun) setChecked(signature);
      else {
        setChecked(null);
        onImported();
      }
    } catch (e) {
      const rows =
        refusedRows(e) ??
        (e instanceof ApiError && e.code === "IMPORT_REJECTED"
          ? [
              {
                where: entryOf(e) ?? files.map((f) => f.name).join(", "),
                outcome: "refused" as const,
                problems: [e.message],
              },
            ]
          : null);
      if (rows) setOutcome({ kind: "refused", rows, error: e, dryRun });
      else setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="card admin-form" data-testid="import-panel">
      <Frozen inUse={inUse}>
        <p className="muted">{t("authoring.import.intro")}</p>
        <div className="form-grid">
          <label className="field">
            <span>{t("authoring.import.format")}</span>
            <select
              value={format}
              onChange={(e) => setFormat(e.target.value as DatasetFormat)}
              data-testid="import-format"
            >
              {formats.map((f) => (
                <option key={f} value={f}>
                  {t(`authoring.formats.${f}`)}
                </option>
              ))}
            </select>
            <span className="field-hint">{t(`authoring.formatHints.${format}`)}</span>
          </label>
          <label className="field field-wide">
            <span>{t("authoring.import.files")}</span>
            <input
              type="file"
              multiple
              onChange={(e) => {
                setFiles(Array.from(e.target.files ?? []));
                setOutcome(null);
                setError(null);
              }}
              data-testid="import-files"
            />
            <span className="field-hint">
              {files.length === 0
                ? t("authoring.import.filesHint", { max: formatSize(DATASET_IMPORT_MAX_BYTES) })
                : files.length === 1
                  ? t("authoring.import.oneFile", { name: files[0]?.name, size: formatSize(total) })
                  : t("authoring.import.manyFiles", { count: files.length, size: formatSize(total) })}
            </span>
            {tooLarge && (
              <span className="field-issue" role="alert">
                {t("authoring.import.tooLarge", { size: formatSize(total) })}
              </span>
            )}
          </label>
        </div>
        <div className="import-options">
          <label className="check-line">
            <input
              type="checkbox"
              checked={replace}
              onChange={(e) => setReplace(e.target.checked)}
              data-testid="import-replace"
            />
            <span>{t("authoring.import.replace", { count: task.items.length })}</span>
          </label>
          <label className="check-line">
            <input
              type="checkbox"
              checked={addLabels}
              onChange={(e) => setAddLabels(e.target.checked)}
              data-testid="import-add-labels"
            />
            <span>{t("authoring.import.addLabels")}</span>
          </label>
        </div>
        {busy && (
          <div className="upload-progress" data-testid="import-progress">
            <progress max={1} value={progress} />
            <span>
              {progress < 1
                ? t("authoring.import.uploading", { share: Math.round(progress * 100) })
                : t("authoring.import.reading")}
            </span>
          </div>
        )}
        <ErrorBanner error={error} />
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={files.length === 0 || tooLarge || busy !== null}
            onClick={() => void send(true)}
            data-testid="import-check"
          >
            {busy === "check" ? t("authoring.import.checking") : t("authoring.import.check")}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={files.length === 0 || tooLarge || busy !== null}
            onClick={() => void send(false)}
            title={checked === signature ? undefined : t("authoring.import.checkFirst")}
            data-testid="import-run"
          >
            {busy === "import" ? t("authoring.import.importing") : t("authoring.import.run")}
          </button>
        </div>
      </Frozen>
      {outcome && <ImportOutcome outcome={outcome} onShowItems={onShowItems} />}
    </div>
  );
}

function ImportOutcome({ outcome, onShowItems }: { outcome: Outcome; onShowItems: () => void }) {
  const { t } = useTr();
  const rows = outcome.kind === "report" ? outcome.report.rows : outcome.rows;
  const refused = rows.filter((r) => r.outcome === "refused").length;
  // Refused rows first, then the rest in dataset order.
  const ordered = [
    ...rows.filter((r) => r.outcome === "refused"),
    ...rows.filter((r) => r.outcome !== "refused"),
  ];
  return (
    <div className="import-outcome" data-testid="import-report" data-outcome={outcome.kind}>
      {outcome.kind === "refused" ? (
        <div className="banner banner-error" role="alert" data-testid="import-refused">
          <strong>
            {outcome.dryRun ? t("authoring.import.checkRefused") : t("authoring.import.refused")}
          </strong>{" "}
          {t("authoring.import.nothingImported", { refused, total: rows.length })}
          {outcome.error instanceof ApiError && (
            <>
              {" "}
              <span className="muted">{outcome.error.message}</span>{" "}
              <code className="error-code">{outcome.error.code}</code>
            </>
          )}
        </div>
      ) : outcome.report.dryRun ? (
        <div className="banner banner-info" role="status" data-testid="import-checked">
          {t("authoring.import.checkedOk", {
            imported: outcome.report.imported,
            skipped: outcome.report.skipped,
          })}
          {outcome.report.labelsAdded.length > 0 &&
            ` ${t("authoring.import.labelsWouldAdd", { labels: outcome.report.labelsAdded.join(", ") })}`}
        </div>
      ) : (
        <div className="banner banner-success" role="status" data-testid="import-done">
          {t("authoring.import.done", { imported: outcome.report.imported, skipped: outcome.report.skipped })}
          {outcome.report.labelsAdded.length > 0 &&
            ` ${t("authoring.import.labelsAdded", { labels: outcome.report.labelsAdded.join(", ") })}`}{" "}
          <button
            type="button"
            className="btn btn-small"
            onClick={onShowItems}
            data-testid="import-show-items"
          >
            {t("authoring.import.showItems")}
          </button>
        </div>
      )}
      <div className="table-wrap report-wrap">
        <table className="roster admin-table report-table" data-testid="import-rows">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("authoring.import.where")}</th>
              <th>{t("authoring.import.outcome")}</th>
              <th>{t("authoring.import.problems")}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r, i) => (
              <tr
                // biome-ignore lint/suspicious/noArrayIndexKey: a report's rows are fixed
                key={i}
                className={`row-${r.outcome}`}
                data-testid="import-row"
                data-outcome={r.outcome}
              >
                <td className="num">{rows.indexOf(r) + 1}</td>
                <td className="mono wrap">{r.where}</td>
                <td>
                  <span className={`badge badge-outcome-${r.outcome}`}>
                    {t(`authoring.import.outcomes.${r.outcome}`)}
                  </span>
                </td>
                <td className="wrap">
                  {r.problems.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="problems">
                      {r.problems.map((p, j) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: fixed list
                        <li key={j}>{p}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted table-empty">
                  {t("authoring.import.noRows")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
