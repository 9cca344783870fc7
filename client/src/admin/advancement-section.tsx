// The committee's advancement to the final (issue 10): a preliminary and a final stage, the rule
// (a quota per region × group with exceptions, or the best N overall or per group), a preview of
// the finalists from the submitted reports with the regions still missing, the enrolment with a
// reason, and the enrolled finalists' list to download.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AdvancementPreview,
  type AdvancementRule,
  advancementEnrolSchema,
  advancementRuleSchema,
  type EnrolResult,
  type Finalist,
  GROUPS,
  type Group,
} from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import { committeeReportsApi } from "../lib/reports-api.ts";
import { formatPoints } from "../results/format.ts";
import { SectionHead } from "./crud.tsx";
import {
  type Column,
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  TextField,
  useLoad,
  useValidation,
} from "./kit.tsx";
import { regionLabel } from "./regions-section.tsx";
import { CodedError, ReasonField, StageSelect } from "./report-kit.tsx";
import {
  defaultStageOf,
  duplicateOverrides,
  EMPTY_RULE,
  type RuleDraft,
  ruleOf,
  stageOptions,
} from "./reports-values.ts";

export function AdvancementSection() {
  const { t } = useTranslation();
  const contests = useLoad(() => committeeApi.contests(), []);
  const prelims = useMemo(() => stageOptions(contests.data ?? [], "PRELIMINARY"), [contests.data]);
  const finals = useMemo(() => stageOptions(contests.data ?? [], "FINAL"), [contests.data]);
  const [prelimId, setPrelimId] = useState("");
  const [finalId, setFinalId] = useState("");

  useEffect(() => {
    if (prelims.length === 0 || prelims.some((o) => o.id === prelimId)) return;
    setPrelimId(defaultStageOf(prelims)?.id ?? "");
  }, [prelims, prelimId]);
  const prelim = prelims.find((o) => o.id === prelimId) ?? null;
  useEffect(() => {
    if (finals.length === 0 || finals.some((o) => o.id === finalId)) return;
    // The final of the preliminary's contest.
    setFinalId(defaultStageOf(finals, prelim?.contestId)?.id ?? finals[0]?.id ?? "");
  }, [finals, finalId, prelim]);
  const final = finals.find((o) => o.id === finalId) ?? null;

  return (
    <section className="admin-section" data-testid="advancement-section">
      <SectionHead title={t("reports.advancement.title")} />
      <p className="muted rankings-intro">{t("reports.advancement.intro")}</p>
      <ErrorBanner error={contests.error} />
      <div className="toolbar-row">
        <StageSelect
          label={t("reports.advancement.preliminary")}
          options={prelims}
          value={prelimId}
          onChange={setPrelimId}
          testId="advancement-preliminary"
        />
        <StageSelect
          label={t("reports.advancement.final")}
          options={finals}
          value={finalId}
          onChange={setFinalId}
          testId="advancement-final"
        />
      </div>
      {contests.data && prelims.length === 0 && (
        <p className="empty">{t("reports.advancement.noPreliminary")}</p>
      )}
      {contests.data && finals.length === 0 && <p className="empty">{t("reports.advancement.noFinal")}</p>}
      {prelim && <Advancement key={prelim.id} stageId={prelim.id} final={final} />}
    </section>
  );
}

function Advancement({ stageId, final }: { stageId: string; final: { id: string; name: string } | null }) {
  const { t, i18n } = useTranslation();
  const regions = useLoad(() => committeeApi.regions(), []);
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_RULE);
  const rule = useMemo(() => ruleOf(draft), [draft]);
  const v = useValidation(advancementRuleSchema, rule);
  const dups = duplicateOverrides(draft.overrides);
  const valid = v.valid && dups.size === 0;
  const [preview, setPreview] = useState<{ data: AdvancementPreview; rule: string } | null>(null);
  const [enrolled, setEnrolled] = useState<EnrolResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ruleKey = JSON.stringify(rule);
  const stale = preview !== null && preview.rule !== ruleKey;

  const set = <K extends keyof RuleDraft>(k: K, value: RuleDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: value }));
    v.touch(k);
  };
  const setOverride = (key: number, field: "regionId" | "group" | "quota", value: string, index: number) => {
    setDraft((d) => ({
      ...d,
      overrides: d.overrides.map((o) => (o.key === key ? { ...o, [field]: value } : o)),
    }));
    v.touch(`overrides.${index}.${field}`);
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () =>
    run(async () => {
      const parsed: AdvancementRule = advancementRuleSchema.parse(rule);
      const data = await committeeReportsApi.preview(stageId, parsed);
      setPreview({ data, rule: ruleKey });
      setEnrolled(null);
    });

  const regionList = regions.data ?? [];
  const lang = i18n.language;
  const finalists = enrolled?.finalists ?? preview?.data.finalists ?? [];
  return (
    <>
      <form
        className="card rule-form"
        data-testid="rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !busy) void doPreview();
          else v.touchAll();
        }}
      >
        <h3>{t("reports.advancement.rule")}</h3>
        <div className="rule-kinds" role="radiogroup" aria-label={t("reports.advancement.rule")}>
          {(["quota", "top"] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="rule-kind"
                checked={draft.kind === k}
                onChange={() => set("kind", k)}
                data-testid={`rule-kind-${k}`}
              />
              {t(`reports.advancement.kind.${k}`)}
            </label>
          ))}
        </div>
        {draft.kind === "quota" && (
          <>
            <div className="form-grid">
              <TextField
                label={t("reports.advancement.perRegionGroup")}
                type="number"
                min={1}
                max={1000}
                value={draft.perRegionGroup}
                onChange={(value) => set("perRegionGroup", value)}
                issue={v.issue("perRegionGroup")}
                hint={t("reports.advancement.quotaHint")}
                testId="rule-quota"
              />
            </div>
            <span className="field-label">{t("reports.advancement.overrides")}</span>
            {draft.overrides.length === 0 ? (
              <p className="muted small">{t("reports.advancement.noOverrides")}</p>
            ) : (
              <table className="roster override-table" data-testid="rule-overrides">
                <thead>
                  <tr>
                    <th>{t("reports.advancement.region")}</th>
                    <th>{t("reports.advancement.group")}</th>
                    <th>{t("reports.advancement.quota")}</th>
                    <th>
                      <span className="sr-only">{t("admin.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {draft.overrides.map((o, i) => (
                    <tr key={o.key} data-testid={`override-row-${i}`}>
                      <td>
                        <select
                          className="select"
                          value={o.regionId}
                          onChange={(e) => setOverride(o.key, "regionId", e.target.value, i)}
                          aria-label={t("reports.advancement.region")}
                          data-testid={`override-region-${i}`}
                        >
                          <option value="">{t("admin.choose")}</option>
                          {regionList.map((r) => (
                            <option key={r.id} value={r.id}>
                              {regionLabel(r, lang)}
                            </option>
                          ))}
                        </select>
                        <FieldIssue message={v.issue(`overrides.${i}.regionId`)} />
                        {dups.has(o.key) && (
                          <FieldIssue message={t("reports.advancement.duplicateOverride")} />
                        )}
                      </td>
                      <td>
                        <select
                          className="select"
                          value={o.group}
                          onChange={(e) => setOverride(o.key, "group", e.target.value, i)}
                          aria-label={t("reports.advancement.group")}
                          data-testid={`override-group-${i}`}
                        >
                          {GROUPS.map((g) => (
                            <option key={g} value={g}>
                              {t(`admin.group.${g}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input
                          type="number"
                          className="cell-input narrow-input"
                          min={0}
                          max={1000}
                          value={o.quota}
                          onChange={(e) => setOverride(o.key, "quota", e.target.value, i)}
                          aria-label={t("reports.advancement.quota")}
                          aria-invalid={v.issue(`overrides.${i}.quota`) ? true : undefined}
                          data-testid={`override-quota-${i}`}
                        />
                        <FieldIssue message={v.issue(`overrides.${i}.quota`)} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-small btn-danger"
                          onClick={() =>
                            setDraft((d) => ({ ...d, overrides: d.overrides.filter((x) => x.key !== o.key) }))
                          }
                          data-testid={`override-remove-${i}`}
                        >
                          {t("reports.advancement.removeOverride")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <FieldIssue message={v.issue("overrides")} />
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                setDraft((d) => ({
                  ...d,
                  overrides: [
                    ...d.overrides,
                    {
                      key: Math.max(0, ...d.overrides.map((o) => o.key)) + 1,
                      regionId: "",
                      group: "EMPLOYEE" as Group,
                      quota: d.perRegionGroup,
                    },
                  ],
                }))
              }
              data-testid="override-add"
            >
              {t("reports.advancement.addOverride")}
            </button>
          </>
        )}
        {draft.kind === "top" && (
          <div className="form-grid">
            <TextField
              label={t("reports.advancement.n")}
              type="number"
              min={1}
              value={draft.n}
              onChange={(value) => set("n", value)}
              issue={v.issue("n")}
              hint={t("reports.advancement.topHint")}
              testId="rule-n"
            />
            <label className="field field-check">
              <span>
                <input
                  type="checkbox"
                  checked={draft.perGroup}
                  onChange={(e) => set("perGroup", e.target.checked)}
                  data-testid="rule-per-group"
                />{" "}
                {t("reports.advancement.perGroup")}
              </span>
            </label>
          </div>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!valid || busy}
            data-testid="advancement-preview"
          >
            {busy ? t("reports.advancement.previewing") : t("reports.advancement.preview")}
          </button>
        </div>
      </form>
      <CodedError error={error} onClose={() => setError(null)} />
      {preview && (
        <div className="advancement-result" data-testid="advancement-result">
          {stale && (
            <p className="banner banner-warning" data-testid="advancement-stale">
              {t("reports.advancement.stale")}
            </p>
          )}
          {preview.data.missingRegions.length > 0 && (
            <div className="banner banner-warning report-notice" data-testid="advancement-missing">
              <strong>
                {t("reports.advancement.missing", { count: preview.data.missingRegions.length })}
              </strong>
              <ul className="missing-list">
                {preview.data.missingRegions.map((r) => (
                  <li key={r.id} data-testid={`missing-region-${r.no}`}>
                    {regionLabel(r, lang)} <span className="small">({t(`reports.status.${r.status}`)})</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <FinalistsTable finalists={finalists} />
          {enrolled && (
            <p className="banner banner-success" role="status" data-testid="enrol-result">
              {t("reports.advancement.enrolled", {
                enrolled: enrolled.enrolled,
                already: enrolled.alreadyEnrolled,
              })}
            </p>
          )}
          {final && !stale && !enrolled && finalists.length > 0 && (
            <EnrolForm
              stageId={stageId}
              rule={preview.data.rule}
              final={final}
              count={finalists.length}
              onEnrolled={setEnrolled}
            />
          )}
        </div>
      )}
      {final && (
        <div className="export-links" data-testid="finalists-exports">
          <span className="export-label">
            {t("reports.advancement.exports")} · {final.name}
          </span>
          {(["xlsx", "csv"] as const).map((f) => (
            <a
              key={f}
              className="btn btn-small"
              href={committeeReportsApi.finalistsUrl(stageId, f, final.id)}
              download
              data-testid={`finalists-${f}`}
            >
              {t(`reports.advancement.${f}`)}
            </a>
          ))}
        </div>
      )}
    </>
  );
}

function FinalistsTable({ finalists }: { finalists: Finalist[] }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState("");
  const lang = i18n.language;
  const byGroup = { EMPLOYEE: 0, STUDENT: 0 };
  for (const f of finalists) byGroup[f.group] += 1;
  const columns = useMemo(
    (): Column<Finalist>[] => [
      {
        key: "region",
        label: t("reports.advancement.columns.region"),
        value: (f) => regionLabel(f.region, lang),
      },
      {
        key: "rank",
        label: t("reports.advancement.columns.rank"),
        value: (f) => f.regionRank,
        className: "num",
      },
      { key: "name", label: t("reports.advancement.columns.name"), value: (f) => f.name },
      {
        key: "org",
        label: t("reports.advancement.columns.organisation"),
        value: (f) => f.organisation,
        className: "wrap",
      },
      {
        key: "group",
        label: t("reports.advancement.columns.group"),
        value: (f) => t(`admin.group.${f.group}`),
      },
      { key: "team", label: t("reports.advancement.columns.team"), value: (f) => f.team?.name ?? null },
      {
        key: "total",
        label: t("reports.advancement.columns.total"),
        value: (f) => f.total,
        render: (f) => <strong>{formatPoints(f.total)}</strong>,
        className: "num",
      },
      {
        key: "finalTicket",
        label: t("reports.advancement.columns.finalTicket"),
        value: (f) => f.finalTicketNumber,
        render: (f) =>
          f.finalTicketNumber ? (
            <span className="mono">{f.finalTicketNumber}</span>
          ) : (
            <span className="muted">{t("reports.advancement.notEnrolled")}</span>
          ),
      },
    ],
    [t, lang],
  );
  return (
    <div className="ranking-block">
      <div className="section-head ranking-head">
        <h3 data-testid="finalists-count">
          {t("reports.advancement.finalists", { count: finalists.length })}
        </h3>
        <span className="muted small">
          {t("reports.advancement.byGroup", { employee: byGroup.EMPLOYEE, student: byGroup.STUDENT })}
        </span>
        <span className="spacer" />
        <FilterBox value={filter} onChange={setFilter} testId="finalists-filter" />
      </div>
      <DataTable
        testId="finalists-table"
        rows={finalists}
        columns={columns}
        filter={filter}
        rowKey={(f) => f.contestantId}
        rowTestId={(f) => `finalist-row-${f.ticketNumber}`}
        empty={t("reports.advancement.empty")}
      />
    </div>
  );
}

function EnrolForm({
  stageId,
  rule,
  final,
  count,
  onEnrolled,
}: {
  stageId: string;
  rule: AdvancementRule;
  final: { id: string; name: string };
  count: number;
  onEnrolled: (r: EnrolResult) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const body = useMemo(() => ({ rule, finalStageId: final.id, reason }), [rule, final.id, reason]);
  const v = useValidation(advancementEnrolSchema, body);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const enrol = async () => {
    if (!window.confirm(t("reports.advancement.confirmEnrol", { count, stage: final.name }))) return;
    setBusy(true);
    setError(null);
    try {
      onEnrolled(await committeeReportsApi.enrol(stageId, { ...body, reason: reason.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="confirm-box"
      data-testid="enrol-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid && !busy) void enrol();
        else v.touchAll();
      }}
    >
      <h4>{t("reports.advancement.enrolTitle", { count, stage: final.name })}</h4>
      <p className="small">{t("reports.advancement.enrolHint")}</p>
      <ReasonField
        label={t("reports.advancement.reason")}
        value={reason}
        onChange={(value) => {
          setReason(value);
          v.touch("reason");
        }}
        issue={v.issue("reason")}
        testId="enrol-reason"
      />
      <CodedError error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="enrol-confirm"
        >
          {busy ? t("reports.advancement.enrolling") : t("reports.advancement.enrol")}
        </button>
      </div>
    </form>
  );
}
