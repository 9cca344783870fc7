// The registration form, for a first application and for a correction: validated as the applicant types
// with the server's own schema, the server's refusals shown above the submit button.
import { type FormEvent, type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ELIGIBILITY_BASES,
  type EligibilityBasis,
  GROUP_OF_BASIS,
  GROUPS,
  type OpenRegion,
  type OpenStage,
  type RegistrationRequest,
} from "../../../protocol/index.ts";
import { currentLanguage } from "../i18n/index.ts";
import { check, type Draft, type FieldName, type TeamMode } from "./form-model.ts";
import { formatDay, formatMoment } from "./format.ts";
import { issueText } from "./issue-text.ts";
import { refusalMessage } from "./refusal.ts";

export interface ApplyFormProps {
  stages: OpenStage[];
  initial: Draft;
  submitLabel: string;
  onSubmit: (request: RegistrationRequest) => Promise<void>;
  /** A correction of an existing application (a member gives the leader's join code again). */
  correcting?: boolean;
  /** The stage and region cannot change (a correction). */
  placeFixed?: boolean;
  onCancel?: () => void;
}

/** English names of the contest's default barred titles (other titles a contest sets show as given). */
const HONOUR_GLOSS: Record<string, string> = {
  中华技能大奖: "China Skills Grand Award",
  全国技术能手: "National Technical Expert",
};

/** How long a value must be before its format is judged while still typing. */
const JUDGE_AT: Partial<Record<FieldName, number>> = { idNumber: 18, phone: 11 };

export function ApplyForm({
  stages,
  initial,
  submitLabel,
  onSubmit,
  correcting,
  placeFixed,
  onCancel,
}: ApplyFormProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : currentLanguage();
  const [draft, setDraft] = useState<Draft>(initial);
  const [touched, setTouched] = useState<Set<FieldName>>(() => new Set());
  const [blurred, setBlurred] = useState<Set<FieldName>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const { request, issues } = useMemo(() => check(draft), [draft]);
  const stage = stages.find((s) => s.stageId === draft.stageId) ?? null;
  const rules = stage?.rules;
  const region = stage?.regions.find((r) => r.id === draft.regionId) ?? null;

  const set = <K extends keyof Draft>(key: K, value: Draft[K], field?: FieldName) => {
    setDraft((d) => {
      const next = { ...d, [key]: value };
      if (key === "stageId") {
        const s = stages.find((x) => x.stageId === value);
        if (!s?.regions.some((r) => r.id === d.regionId)) next.regionId = "";
      }
      return next;
    });
    const f = field ?? (key as FieldName);
    setTouched((s) => (s.has(f) ? s : new Set(s).add(f)));
    setRefusal(null);
  };
  const blur = (f: FieldName) => setBlurred((s) => (s.has(f) ? s : new Set(s).add(f)));

  /** The message under a field, once the applicant has been at it. */
  const issueOf = (f: FieldName, value: unknown): string | null => {
    const issue = issues[f];
    if (!issue || !touched.has(f)) return null;
    const need = JUDGE_AT[f];
    if (need && !blurred.has(f) && typeof value === "string" && value.trim().length < need) return null;
    return issueText(t, f, issue, value);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!request || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      await onSubmit(request);
    } catch (err) {
      setRefusal(
        refusalMessage(t, err, {
          lang,
          employeeMinYears: rules?.employeeMinYears,
          evidenceMaxBytes: rules?.evidenceMaxBytes,
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  const text = (f: Exclude<FieldName, "honours" | "declaration" | "basis" | "stageId" | "regionId">) => {
    const key = f === "teamName" ? "teamName" : f;
    return {
      value: draft[key] as string,
      onChange: (e: { target: { value: string } }) => set(key, e.target.value, f),
      onBlur: () => blur(f),
      "aria-invalid": issueOf(f, draft[key]) !== null,
      "data-testid": `field-${f}`,
      "aria-describedby": `apply-${f}-issue`,
      id: `apply-${f}`,
      name: f,
    };
  };

  const pending = Object.keys(issues).length;
  const orgLabel =
    draft.basis === "STUDENT" ? t("apply.fields.organisationSchool") : t("apply.fields.organisationEmployer");
  const fieldLabel =
    draft.basis === "STUDENT"
      ? t("apply.fields.fieldMajor")
      : draft.basis === "EMPLOYEE_TEACHER"
        ? t("apply.fields.fieldSubject")
        : t("apply.fields.fieldJob");
  const barredTicked = draft.honours.some((h) => rules?.barredHonours.includes(h));

  return (
    <form className="apply-form" data-testid="apply-form" onSubmit={submit} noValidate>
      <fieldset className="card apply-section">
        <legend>{t("apply.sections.stage")}</legend>
        <Field label={t("apply.stage")} issue={issueOf("stageId", draft.stageId)} name="stageId">
          <select
            className="apply-select"
            id="apply-stageId"
            data-testid="stage-select"
            value={draft.stageId}
            onChange={(e) => set("stageId", e.target.value)}
            disabled={placeFixed}
          >
            <option value="" disabled>
              {t("apply.chooseStage")}
            </option>
            {stages.map((s) => (
              <option key={s.stageId} value={s.stageId}>
                {s.contestName} · {s.stageName}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("apply.region")} issue={issueOf("regionId", draft.regionId)} name="regionId">
          <select
            className="apply-select"
            id="apply-regionId"
            data-testid="region-select"
            value={draft.regionId}
            onChange={(e) => set("regionId", e.target.value)}
            disabled={!stage || placeFixed}
          >
            <option value="" disabled>
              {t("apply.chooseRegion")}
            </option>
            {stage?.regions.map((r) => (
              <option key={r.id} value={r.id} disabled={!r.open}>
                {regionOption(r)}
              </option>
            ))}
          </select>
        </Field>
        {region && (
          <div className="apply-window" data-testid="region-window" data-open={region.open}>
            <span className={`apply-pill ${region.open ? "apply-pill-open" : "apply-pill-closed"}`}>
              {windowState(region)}
            </span>
            <span>
              {t("apply.window", {
                from: formatMoment(region.opensAt, lang),
                to: formatMoment(region.closesAt, lang),
              })}
            </span>
            <span className="muted">{t("apply.regionHost", { org: region.hostOrg })}</span>
          </div>
        )}
      </fieldset>

      <fieldset className="card apply-section">
        <legend>{t("apply.sections.basis")}</legend>
        {GROUPS.map((g) => (
          <div key={g} className="apply-group">
            <h3>{t(`apply.group.${g}`)}</h3>
            <div className="apply-choices">
              {ELIGIBILITY_BASES.filter((b) => GROUP_OF_BASIS[b] === g).map((b) => (
                <label key={b} className={`apply-choice ${draft.basis === b ? "is-chosen" : ""}`}>
                  <input
                    type="radio"
                    name="basis"
                    data-testid={`basis-${b}`}
                    checked={draft.basis === b}
                    onChange={() => set("basis", b as EligibilityBasis)}
                  />
                  <span className="apply-choice-body">
                    <strong>{t(`apply.basis.${b}`)}</strong>
                    <span>{t(`apply.basisNeeds.${b}`, { years: rules?.employeeMinYears ?? 1 })}</span>
                    {rules && (
                      <span className="muted small">
                        {t("apply.proofNeeded", {
                          list: rules.requiredEvidence[b]
                            .map((k) => t(`apply.evidenceKind.${k}`))
                            .join(lang === "en" ? "; " : "；"),
                        })}
                      </span>
                    )}
                  </span>
                </label>
              ))}
            </div>
          </div>
        ))}
        {issueOf("basis", draft.basis) && <Issue name="basis">{issueOf("basis", draft.basis)}</Issue>}
      </fieldset>

      <fieldset className="card apply-section">
        <legend>{t("apply.sections.person")}</legend>
        <div className="apply-grid">
          <Field label={t("apply.fields.name")} issue={issueOf("name", draft.name)} name="name">
            <input autoComplete="name" {...text("name")} />
          </Field>
          <Field
            label={t("apply.fields.idNumber")}
            hint={t("apply.fields.idNumberHint")}
            issue={issueOf("idNumber", draft.idNumber)}
            name="idNumber"
          >
            <input
              autoComplete="off"
              spellCheck={false}
              inputMode="text"
              maxLength={20}
              {...text("idNumber")}
            />
          </Field>
          <Field label={t("apply.fields.phone")} issue={issueOf("phone", draft.phone)} name="phone">
            <input type="tel" autoComplete="tel" inputMode="numeric" maxLength={11} {...text("phone")} />
          </Field>
          <Field label={t("apply.fields.email")} issue={issueOf("email", draft.email)} name="email">
            <input type="email" autoComplete="email" {...text("email")} />
          </Field>
          <Field label={orgLabel} issue={issueOf("organisation", draft.organisation)} name="organisation">
            <input autoComplete="organization" {...text("organisation")} />
          </Field>
          <Field label={fieldLabel} issue={issueOf("field", draft.field)} name="field">
            <input {...text("field")} />
          </Field>
          {draft.basis === "EMPLOYEE_JOB" && (
            <Field
              label={t("apply.fields.jobStartedOn")}
              issue={issueOf("jobStartedOn", draft.jobStartedOn)}
              name="jobStartedOn"
              hint={
                /^\d{4}-\d{2}-\d{2}$/.test(draft.jobStartedOn)
                  ? t("apply.fields.dayChosen", { day: formatDay(draft.jobStartedOn, lang) })
                  : undefined
              }
            >
              <input type="date" {...text("jobStartedOn")} />
            </Field>
          )}
        </div>
      </fieldset>

      <fieldset className="card apply-section">
        <legend>{t("apply.sections.honours")}</legend>
        <p className="muted">{t("apply.honoursIntro")}</p>
        <div className="apply-checks">
          {(rules?.barredHonours ?? []).map((h, i) => (
            <label key={h} className="apply-check">
              <input
                type="checkbox"
                data-testid={`honour-${i}`}
                data-honour={h}
                checked={draft.honours.includes(h)}
                onChange={(e) =>
                  set(
                    "honours",
                    e.target.checked ? [...draft.honours, h] : draft.honours.filter((x) => x !== h),
                  )
                }
              />
              <span>
                {h}
                {lang === "en" && HONOUR_GLOSS[h] && (
                  <span className="apply-gloss"> ({HONOUR_GLOSS[h]})</span>
                )}
              </span>
            </label>
          ))}
        </div>
        {barredTicked && (
          <p className="apply-warning" data-testid="honour-warning">
            {t("apply.honourBarredWarning")}
          </p>
        )}
        <label className="apply-check apply-declaration">
          <input
            type="checkbox"
            data-testid="declaration"
            checked={draft.declaration}
            onChange={(e) => set("declaration", e.target.checked)}
          />
          <span>{t("apply.declaration")}</span>
        </label>
        {issueOf("declaration", draft.declaration) && (
          <Issue name="declaration">{issueOf("declaration", draft.declaration)}</Issue>
        )}
      </fieldset>

      <fieldset className="card apply-section">
        <legend>{t("apply.sections.team")}</legend>
        {rules && (
          <p className="muted small">
            {t("apply.team.sizeHint", { min: rules.teamMinSize, max: rules.teamMaxSize })}
          </p>
        )}
        <div className="apply-checks">
          {(["none", "lead", "join"] as TeamMode[]).map((m) => (
            <label key={m} className="apply-check">
              <input
                type="radio"
                name="teamMode"
                data-testid={`team-${m}`}
                checked={draft.teamMode === m}
                onChange={() =>
                  set("teamMode", m, m === "lead" ? "teamName" : m === "join" ? "joinCode" : undefined)
                }
              />
              <span>{t(`apply.team.${m}`)}</span>
            </label>
          ))}
        </div>
        {draft.teamMode === "lead" && (
          <Field label={t("apply.team.name")} issue={issueOf("teamName", draft.teamName)} name="teamName">
            <input {...text("teamName")} />
          </Field>
        )}
        {draft.teamMode === "join" && (
          <Field
            label={t("apply.team.joinCode")}
            hint={correcting ? t("apply.team.rejoinHint") : undefined}
            issue={issueOf("joinCode", draft.joinCode)}
            name="joinCode"
          >
            <input autoComplete="off" spellCheck={false} {...text("joinCode")} />
          </Field>
        )}
      </fieldset>

      {refusal && (
        <p className="form-error apply-refusal" role="alert" data-testid="apply-refusal">
          {refusal}
        </p>
      )}
      <div className="apply-actions">
        <button
          type="submit"
          className="btn btn-primary btn-large"
          data-testid="apply-submit"
          disabled={!request || busy}
        >
          {busy ? t("apply.submitting") : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} data-testid="apply-cancel">
            {t("apply.status.cancelEdit")}
          </button>
        )}
        {pending > 0 && (
          <span className="muted small" data-testid="apply-pending">
            {t("apply.pending", { count: pending })}
          </span>
        )}
      </div>
    </form>
  );

  function regionOption(r: OpenRegion): string {
    const name = lang === "en" ? r.nameEn : r.nameZh;
    if (r.open) return `${name} — ${t("apply.windowOpen")}`;
    return `${name} — ${windowState(r)} (${formatMoment(r.opensAt, lang)} – ${formatMoment(r.closesAt, lang)})`;
  }

  function windowState(r: OpenRegion): string {
    if (r.open) return t("apply.windowOpen");
    return Date.parse(r.opensAt) > Date.now() ? t("apply.windowNotYet") : t("apply.windowClosed");
  }
}

function Field({
  label,
  hint,
  issue,
  name,
  children,
}: {
  label: string;
  hint?: string;
  issue: string | null;
  name: FieldName;
  children: ReactNode;
}) {
  return (
    <div className="field apply-field">
      <label htmlFor={`apply-${name}`}>{label}</label>
      {children}
      {hint && <span className="muted small apply-hint">{hint}</span>}
      {issue && <Issue name={name}>{issue}</Issue>}
    </div>
  );
}

function Issue({ name, children }: { name: FieldName; children: ReactNode }) {
  return (
    <span className="apply-issue" id={`apply-${name}-issue`} data-testid={`issue-${name}`} role="alert">
      {children}
    </span>
  );
}
