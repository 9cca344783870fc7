// The committee's contests: the list, a contest's form (name, year, weights and every rule setting),
// its stages, and each stage's registration windows per region.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ContestRequest,
  type ContestSummary,
  contestRequestSchema,
  contestSettingsSchema,
  ELIGIBILITY_BASES,
  type EligibilityBasis,
  EVIDENCE_KINDS,
  type EvidenceKind,
  TEAM_RULES,
  type TeamRule,
} from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import {
  actionsColumn,
  FormActions,
  fieldSetter,
  NewButton,
  RowButton,
  SaveForm,
  SectionHead,
  useAction,
  useEditing,
} from "./crud.tsx";
import { DataTable, ErrorBanner, FieldIssue, FilterBox, TextField, useLoad, useValidation } from "./kit.tsx";
import { StagesPanel } from "./stages-panel.tsx";

const DEFAULTS = contestSettingsSchema.parse({});

interface ContestDraft {
  name: string;
  year: string;
  theoryWeight: string;
  practicalWeight: string;
  employeeMinYears: string;
  teamMinSize: string;
  teamMaxSize: string;
  teamsMaySpanOrganisations: boolean;
  barredHonours: string;
  requiredEvidence: Record<EligibilityBasis, EvidenceKind[]>;
  evidenceMaxBytes: string;
  evidenceMaxFiles: string;
  teamRule: TeamRule;
  appealWindowMinutes: string;
}

function draftOf(c: ContestSummary | null): ContestDraft {
  const s = c?.settings ?? DEFAULTS;
  return {
    name: c?.name ?? "",
    year: String(c?.year ?? new Date().getFullYear()),
    theoryWeight: String(c?.theoryWeight ?? 30),
    practicalWeight: String(c?.practicalWeight ?? 70),
    employeeMinYears: String(s.employeeMinYears),
    teamMinSize: String(s.teamMinSize),
    teamMaxSize: String(s.teamMaxSize),
    teamsMaySpanOrganisations: s.teamsMaySpanOrganisations,
    barredHonours: s.barredHonours.join("、"),
    requiredEvidence: { ...s.requiredEvidence },
    evidenceMaxBytes: String(s.evidenceMaxBytes),
    evidenceMaxFiles: String(s.evidenceMaxFiles),
    teamRule: s.teamRule,
    appealWindowMinutes: String(s.appealWindowMinutes),
  };
}

/** A typed number: "" and junk become NaN, which the schema refuses with its own message. */
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

function requestOf(d: ContestDraft): ContestRequest {
  return {
    name: d.name,
    year: num(d.year),
    theoryWeight: num(d.theoryWeight),
    practicalWeight: num(d.practicalWeight),
    settings: {
      employeeMinYears: num(d.employeeMinYears),
      teamMinSize: num(d.teamMinSize),
      teamMaxSize: num(d.teamMaxSize),
      teamsMaySpanOrganisations: d.teamsMaySpanOrganisations,
      barredHonours: d.barredHonours
        .split(/[、,，;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
      requiredEvidence: d.requiredEvidence,
      evidenceMaxBytes: num(d.evidenceMaxBytes),
      evidenceMaxFiles: num(d.evidenceMaxFiles),
      teamRule: d.teamRule,
      appealWindowMinutes: num(d.appealWindowMinutes),
    },
  };
}

export function ContestsSection() {
  const { t } = useTranslation();
  const contests = useLoad(() => committeeApi.contests(), []);
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const rows = contests.data ?? [];
  const current = rows.find((c) => c.id === selected) ?? null;
  const { editing, setEditing, current: editingContest } = useEditing(rows, (c) => c.id);

  return (
    <section className="admin-section" data-testid="contests-section">
      <SectionHead title={t("admin.contests.title")}>
        <NewButton label={t("admin.contests.new")} onClick={() => setEditing("new")} testId="contest-new" />
      </SectionHead>
      <ErrorBanner error={contests.error} />
      {editing && (
        <ContestForm
          key={editing}
          contest={editingContest}
          onCancel={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            setSelected(c.id);
            contests.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="contests-filter" />
      </div>
      <DataTable
        testId="contests-table"
        rows={rows}
        filter={filter}
        rowKey={(c) => c.id}
        rowTestId={(c) => `contest-row-${c.name}`}
        selectedKey={selected}
        onRowClick={(c) => setSelected(c.id)}
        empty={t("admin.contests.empty")}
        columns={[
          { key: "name", label: t("admin.contests.name"), value: (c) => c.name, className: "wrap" },
          { key: "year", label: t("admin.contests.year"), value: (c) => c.year, className: "num" },
          {
            key: "weights",
            label: t("admin.contests.weights"),
            value: (c) => `${c.theoryWeight} / ${c.practicalWeight}`,
          },
          {
            key: "stages",
            label: t("admin.contests.stages"),
            value: (c) => c.stages.length,
            className: "num",
          },
          actionsColumn(t("admin.actions"), (c: ContestSummary) => (
            <>
              <RowButton onClick={() => setSelected(c.id)} testId={`contest-open-${c.id}`}>
                {t("admin.contests.openStages")}
              </RowButton>
              <RowButton onClick={() => setEditing(c.id)} testId={`contest-edit-${c.id}`}>
                {t("admin.edit")}
              </RowButton>
            </>
          )),
        ]}
      />
      {current && <StagesPanel key={current.id} contest={current} onChanged={contests.reload} />}
    </section>
  );
}

function ContestForm({
  contest,
  onCancel,
  onSaved,
}: {
  contest: ContestSummary | null;
  onCancel: () => void;
  onSaved: (c: ContestSummary) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ContestDraft>(() => draftOf(contest));
  const body = useMemo(() => requestOf(draft), [draft]);
  const v = useValidation(contestRequestSchema, body, [["theoryWeight", "practicalWeight"]]);
  // The settings on their own, so each setting gets its own message.
  const sv = useValidation(contestSettingsSchema, body.settings, [["teamMinSize", "teamMaxSize"]]);
  const { error, busy, run } = useAction();

  const set = fieldSetter(setDraft, (k) => {
    v.touch(k);
    sv.touch(k);
  });
  const settingIssue = (k: string) => sv.issue(k);
  const toggleEvidence = (basis: EligibilityBasis, kind: EvidenceKind) => {
    const list = draft.requiredEvidence[basis];
    const next = list.includes(kind) ? list.filter((k) => k !== kind) : [...list, kind];
    set("requiredEvidence")({ ...draft.requiredEvidence, [basis]: next });
    sv.touch(`requiredEvidence.${basis}`);
  };

  const save = () =>
    run(async () => {
      const saved = contest
        ? await committeeApi.updateContest(contest.id, body)
        : await committeeApi.createContest(body);
      onSaved(saved);
    });

  const mb = num(draft.evidenceMaxBytes) / (1024 * 1024);
  return (
    <SaveForm testId="contest-form" valid={v.valid} onSave={save}>
      <h3>
        {contest ? t("admin.contests.editTitle", { name: contest.name }) : t("admin.contests.newTitle")}
      </h3>
      <div className="form-grid">
        <TextField
          label={t("admin.contests.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="contest-name"
        />
        <TextField
          label={t("admin.contests.year")}
          type="number"
          value={draft.year}
          onChange={set("year")}
          issue={v.issue("year")}
          testId="contest-year"
        />
        <TextField
          label={t("admin.contests.theoryWeight")}
          type="number"
          value={draft.theoryWeight}
          onChange={set("theoryWeight")}
          issue={v.issue("theoryWeight")}
          testId="contest-theory-weight"
        />
        <TextField
          label={t("admin.contests.practicalWeight")}
          type="number"
          value={draft.practicalWeight}
          onChange={set("practicalWeight")}
          issue={v.issue("practicalWeight")}
          testId="contest-practical-weight"
        />
      </div>
      <fieldset className="settings">
        <legend>{t("admin.contests.rules")}</legend>
        <div className="form-grid">
          <TextField
            label={t("admin.settings.employeeMinYears")}
            type="number"
            step="0.5"
            value={draft.employeeMinYears}
            onChange={set("employeeMinYears")}
            issue={settingIssue("employeeMinYears")}
            testId="setting-employeeMinYears"
          />
          <TextField
            label={t("admin.settings.teamMinSize")}
            type="number"
            value={draft.teamMinSize}
            onChange={set("teamMinSize")}
            issue={settingIssue("teamMinSize")}
            testId="setting-teamMinSize"
          />
          <TextField
            label={t("admin.settings.teamMaxSize")}
            type="number"
            value={draft.teamMaxSize}
            onChange={set("teamMaxSize")}
            issue={settingIssue("teamMaxSize")}
            testId="setting-teamMaxSize"
          />
          <TextField
            label={t("admin.settings.evidenceMaxBytes")}
            type="number"
            value={draft.evidenceMaxBytes}
            onChange={set("evidenceMaxBytes")}
            issue={settingIssue("evidenceMaxBytes")}
            hint={Number.isFinite(mb) ? t("admin.settings.megabytes", { mb: mb.toFixed(1) }) : undefined}
            testId="setting-evidenceMaxBytes"
          />
          <TextField
            label={t("admin.settings.evidenceMaxFiles")}
            type="number"
            value={draft.evidenceMaxFiles}
            onChange={set("evidenceMaxFiles")}
            issue={settingIssue("evidenceMaxFiles")}
          />
          <TextField
            label={t("admin.settings.appealWindowMinutes")}
            type="number"
            min={0}
            max={10080}
            value={draft.appealWindowMinutes}
            onChange={set("appealWindowMinutes")}
            issue={settingIssue("appealWindowMinutes")}
            hint={t("admin.settings.appealWindowMinutesHint")}
            testId="setting-appealWindowMinutes"
          />
          <label className="field">
            <span>{t("admin.settings.teamRule")}</span>
            <select
              value={draft.teamRule}
              onChange={(e) => set("teamRule")(e.target.value as TeamRule)}
              data-testid="setting-teamRule"
            >
              {TEAM_RULES.map((r) => (
                <option key={r} value={r}>
                  {t(`admin.results.rule.${r}`)}
                </option>
              ))}
            </select>
            <span className="field-hint">{t(`admin.settings.teamRuleHint.${draft.teamRule}`)}</span>
            <FieldIssue message={settingIssue("teamRule")} />
          </label>
          <label className="field field-check">
            <span>
              <input
                type="checkbox"
                checked={draft.teamsMaySpanOrganisations}
                onChange={(e) => set("teamsMaySpanOrganisations")(e.target.checked)}
                data-testid="setting-teamsMaySpanOrganisations"
              />{" "}
              {t("admin.settings.teamsMaySpanOrganisations")}
            </span>
            <span className="field-hint">{t("admin.settings.teamsMaySpanOrganisationsHint")}</span>
          </label>
        </div>
        <label className="field">
          <span>{t("admin.settings.barredHonours")}</span>
          <textarea
            rows={2}
            value={draft.barredHonours}
            onChange={(e) => set("barredHonours")(e.target.value)}
            data-testid="setting-barredHonours"
          />
          <span className="field-hint">{t("admin.settings.barredHonoursHint")}</span>
          <FieldIssue message={settingIssue("barredHonours") ?? settingIssue("barredHonours.0")} />
        </label>
        <div className="evidence-matrix">
          <span className="field-label">{t("admin.settings.requiredEvidence")}</span>
          <table className="roster">
            <thead>
              <tr>
                <th>{t("admin.columns.basis")}</th>
                {EVIDENCE_KINDS.map((k) => (
                  <th key={k}>{t(`admin.evidenceKind.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ELIGIBILITY_BASES.map((b) => (
                <tr key={b}>
                  <th scope="row">{t(`admin.basis.${b}`)}</th>
                  {EVIDENCE_KINDS.map((k) => (
                    <td key={k} className="center">
                      <input
                        type="checkbox"
                        aria-label={`${t(`admin.basis.${b}`)}: ${t(`admin.evidenceKind.${k}`)}`}
                        checked={draft.requiredEvidence[b].includes(k)}
                        onChange={() => toggleEvidence(b, k)}
                        data-testid={`evidence-${b}-${k}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <FormActions error={error} onCancel={onCancel} disabled={!v.valid || busy} saveTestId="contest-save" />
    </SaveForm>
  );
}
