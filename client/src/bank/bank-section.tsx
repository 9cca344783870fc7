// The committee's question bank tab: import (XLSX/CSV, template, a check before the import and the
// row-by-row report), the topic × kind counts, and the bank browsed by kind, topic and text.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  BANK_IMPORT_MAX_BYTES,
  type BankImportReport,
  type BankImportRow,
  type BankQuestionView,
} from "../../../protocol/bank.ts";
import { QUESTION_KINDS } from "../../../protocol/index.ts";
import "../admin/admin.css";
import "./bank.css";
import { SectionHead, useAction } from "../admin/crud.tsx";
import { DataTable, ErrorBanner, FilterSelect, useLoad } from "../admin/kit.tsx";
import { ApiError } from "../lib/api.ts";
import { bankApi } from "./bank-api.ts";

const ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";
const PAGE = 50;

export function BankSection() {
  const { t } = useTranslation();
  const topics = useLoad(() => bankApi.topics(), []);
  const [listTick, setListTick] = useState(0);
  const changed = () => {
    topics.reload();
    setListTick((n) => n + 1);
  };
  return (
    <section className="admin-section bank-section" data-testid="bank-section">
      <SectionHead title={t("bank.title")} />
      <p className="muted">{t("bank.intro")}</p>
      <BankImport onImported={changed} />
      <TopicTable topics={topics.data ?? []} error={topics.error} />
      <BankList topics={(topics.data ?? []).map((x) => x.topic)} tick={listTick} onChanged={changed} />
    </section>
  );
}

function BankImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<BankImportReport | null>(null);
  const [refused, setRefused] = useState<BankImportRow[] | null>(null);
  const [checked, setChecked] = useState<File | null>(null);
  const action = useAction();
  const tooBig = file !== null && file.size > BANK_IMPORT_MAX_BYTES;

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setReport(null);
    setRefused(null);
    action.setError(null);
    try {
      const r = await bankApi.importFile(file, dryRun);
      setReport(r);
      setChecked(dryRun ? file : null);
      if (!dryRun) onImported();
    } catch (e) {
      setChecked(null);
      if (e instanceof ApiError && e.code === "IMPORT_REJECTED") {
        const details = e.details as { report?: BankImportRow[]; rows?: BankImportRow[] } | undefined;
        setRefused(
          details?.report ?? details?.rows?.map((r) => ({ ...r, outcome: "refused" as const })) ?? [],
        );
      } else action.setError(e);
    }
  };
  const busy = action.busy;
  const run = (dryRun: boolean) => void action.run(() => send(dryRun));
  const rows = refused ?? report?.rows ?? null;
  const refusedCount = refused?.filter((r) => r.outcome === "refused").length ?? 0;

  return (
    <div className="card admin-form bank-import" data-testid="bank-import">
      <h3>{t("bank.import.title")}</h3>
      <p className="row">
        <a
          className="btn btn-small"
          href={bankApi.templateUrl("xlsx")}
          download
          data-testid="bank-template-xlsx"
        >
          {t("bank.import.templateXlsx")}
        </a>{" "}
        <a
          className="btn btn-small"
          href={bankApi.templateUrl("csv")}
          download
          data-testid="bank-template-csv"
        >
          {t("bank.import.templateCsv")}
        </a>
      </p>
      <label className="field">
        <span>{t("bank.import.file")}</span>
        <input
          type="file"
          accept={ACCEPT}
          data-testid="bank-file"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setChecked(null);
            setReport(null);
            setRefused(null);
          }}
        />
        {tooBig && (
          <span className="field-issue">
            {t("bank.import.tooBig", { mb: BANK_IMPORT_MAX_BYTES / 1024 / 1024 })}
          </span>
        )}
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={!file || busy || tooBig}
          onClick={() => run(true)}
          data-testid="bank-check"
        >
          {busy && !checked ? t("bank.import.checking") : t("bank.import.check")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!file || busy || tooBig || checked !== file}
          title={checked !== file ? t("bank.import.checkFirst") : undefined}
          onClick={() => run(false)}
          data-testid="bank-import-confirm"
        >
          {busy && checked ? t("bank.import.importing") : t("bank.import.confirm")}
        </button>
      </div>
      <ErrorBanner error={action.error} />
      {report && (
        <p className="banner banner-info" role="status" data-testid="bank-import-summary">
          {t(report.dryRun ? "bank.import.dryRunOk" : "bank.import.done", {
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
          })}
        </p>
      )}
      {refused && (
        <p className="banner banner-error" role="alert" data-testid="bank-import-refused">
          {t("bank.import.refused", { count: refusedCount })}
        </p>
      )}
      {rows && rows.length > 0 && (
        <div className="bank-report" data-testid="bank-report">
          <table className="roster admin-table">
            <thead>
              <tr>
                <th className="num">{t("bank.import.row")}</th>
                <th>{t("bank.import.code")}</th>
                <th>{t("bank.import.outcome")}</th>
                <th>{t("bank.import.problems")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={`${r.row}-${r.code}`}
                  className={r.outcome === "refused" ? "bank-row-refused" : undefined}
                  data-testid={`bank-report-row-${r.row}`}
                  data-outcome={r.outcome}
                >
                  <td className="num">{r.row}</td>
                  <td className="mono">{r.code || "—"}</td>
                  <td>
                    <span className={`badge bank-outcome-${r.outcome}`}>
                      {t(`bank.import.outcomes.${r.outcome}`)}
                    </span>
                  </td>
                  <td className="wrap">
                    {r.problems.length > 0 ? (
                      <ul className="bank-problems">
                        {r.problems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function TopicTable({
  topics,
  error,
}: {
  topics: { topic: string; counts: Record<(typeof QUESTION_KINDS)[number], number> }[];
  error: unknown;
}) {
  const { t } = useTranslation();
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  return (
    <div className="bank-topics">
      <h3>{t("bank.topics.title")}</h3>
      <ErrorBanner error={error} />
      <DataTable
        testId="bank-topics"
        rows={topics}
        rowKey={(r) => r.topic}
        rowTestId={(r) => `bank-topic-${r.topic}`}
        empty={t("bank.topics.empty")}
        columns={[
          { key: "topic", label: t("bank.topics.topic"), value: (r) => r.topic },
          ...QUESTION_KINDS.map((k) => ({
            key: k,
            label: t(`bank.kinds.${k}`),
            value: (r: (typeof topics)[number]) => r.counts[k],
            className: "num",
          })),
          { key: "total", label: t("bank.topics.total"), value: (r) => sum(r.counts), className: "num" },
        ]}
      />
    </div>
  );
}

/** The key as the committee reads it: B, ACD, or true/false in words. */
function answerText(q: Pick<BankQuestionView, "key">, words: { yes: string; no: string }): string {
  const k = q.key;
  if ("choice" in k) return k.choice;
  if ("choices" in k) return k.choices.join("");
  return k.value ? words.yes : words.no;
}

function BankList({ topics, tick, onChanged }: { topics: string[]; tick: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState("");
  const [topic, setTopic] = useState("");
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () =>
      bankApi.list({
        kind: kind || undefined,
        topic: topic || undefined,
        q: q.trim() || undefined,
        offset,
        limit: PAGE,
      }),
    [kind, topic, q, offset, tick],
  );
  const remove = useAction();
  const total = list.data?.total ?? 0;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + PAGE, total);
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setOffset(0);
  };
  return (
    <div className="bank-list">
      <h3>{t("bank.list.title")}</h3>
      <div className="toolbar-row">
        <FilterSelect
          label={t("bank.list.kind")}
          value={kind}
          onChange={filter(setKind)}
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`bank.kinds.${k}`) }))}
          testId="bank-filter-kind"
        />
        <FilterSelect
          label={t("bank.list.topic")}
          value={topic}
          onChange={filter(setTopic)}
          options={topics.map((x) => ({ value: x, label: x }))}
          testId="bank-filter-topic"
        />
        <input
          type="search"
          className="filter-box"
          placeholder={t("bank.list.search")}
          aria-label={t("bank.list.search")}
          value={q}
          maxLength={100}
          onChange={(e) => filter(setQ)(e.target.value)}
          data-testid="bank-search"
        />
        <span className="spacer" />
        <span className="muted small" data-testid="bank-count">
          {t("bank.list.count", { total, from, to })}
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          {t("bank.list.previous")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          {t("bank.list.next")}
        </button>
      </div>
      <ErrorBanner error={list.error ?? remove.error} />
      <DataTable
        testId="bank-list"
        rows={list.data?.questions ?? []}
        rowKey={(r) => r.id}
        rowTestId={(r) => `bank-q-${r.code}`}
        columns={[
          { key: "code", label: t("bank.import.code"), value: (r) => r.code, className: "mono" },
          { key: "kind", label: t("bank.list.kind"), value: (r) => t(`bank.kinds.${r.kind}`) },
          { key: "topic", label: t("bank.list.topic"), value: (r) => r.topic },
          {
            key: "prompt",
            label: t("bank.list.prompt"),
            value: (r) => r.prompt,
            className: "wrap bank-prompt",
            render: (r) => (
              <>
                <span>{r.prompt}</span>
                {r.options.length > 0 && (
                  <span className="muted small bank-options">
                    {r.options.map((o) => `${o.id}. ${o.text}`).join("　")}
                  </span>
                )}
              </>
            ),
          },
          {
            key: "answer",
            label: t("bank.list.answer"),
            value: (r) => answerText(r, { yes: t("bank.list.true"), no: t("bank.list.false") }),
            className: "mono",
          },
          { key: "points", label: t("bank.list.points"), value: (r) => r.points, className: "num" },
          { key: "usedIn", label: t("bank.list.usedIn"), value: (r) => r.usedIn, className: "num" },
          {
            key: "actions",
            label: "",
            sortable: false,
            value: () => null,
            render: (r) => (
              <button
                type="button"
                className="btn btn-ghost btn-small"
                data-testid={`bank-remove-${r.code}`}
                disabled={remove.busy}
                onClick={() => {
                  if (!window.confirm(t("bank.list.confirmRemove", { code: r.code }))) return;
                  void remove.run(() => bankApi.remove(r.id)).then((done) => done && onChanged());
                }}
              >
                {t("bank.list.remove")}
              </button>
            ),
          },
        ]}
      />
    </div>
  );
}
