// What the applicant declared, and their team (the leader sees the join code to share).
import { useTranslation } from "react-i18next";
import type { RegistrationView } from "../../../protocol/index.ts";
import { formatDay } from "./format.ts";

export function ApplicationSummary({ view }: { view: RegistrationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  const f = view.form;
  const student = f.basis === "STUDENT";
  const rows: [string, string, string][] = [
    ["group", t("apply.sections.basis"), `${t(`apply.group.${f.group}`)} · ${t(`apply.basis.${f.basis}`)}`],
    ["name", t("apply.fields.name"), f.name],
    ["idNumber", t("apply.fields.idNumber"), f.idNumber],
    ["phone", t("apply.fields.phone"), f.phone],
    ["email", t("apply.fields.email"), f.email || "—"],
    [
      "organisation",
      student ? t("apply.fields.organisationSchool") : t("apply.fields.organisationEmployer"),
      f.organisation,
    ],
    [
      "field",
      student
        ? t("apply.fields.fieldMajor")
        : f.basis === "EMPLOYEE_TEACHER"
          ? t("apply.fields.fieldSubject")
          : t("apply.fields.fieldJob"),
      f.field,
    ],
  ];
  if (f.jobStartedOn)
    rows.push(["jobStartedOn", t("apply.fields.jobStartedOn"), formatDay(f.jobStartedOn, lang)]);
  rows.push([
    "honours",
    t("apply.sections.honours"),
    f.honours.length ? f.honours.join("、") : t("apply.status.honoursNone"),
  ]);

  return (
    <section className="card apply-section" data-testid="application-summary">
      <h2>{t("apply.status.application")}</h2>
      <dl className="apply-facts">
        {rows.map(([key, label, value]) => (
          <div key={key} className="apply-fact">
            <dt>{label}</dt>
            <dd data-testid={`summary-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t("apply.status.teamTitle")}</h3>
      {view.team ? (
        <div className="apply-team" data-testid="team">
          <p>
            <strong>{view.team.name}</strong> ·{" "}
            {view.team.leader ? t("apply.status.teamLeader") : t("apply.status.teamMember")} ·{" "}
            {t("apply.status.teamMembers", { count: view.team.members })}
          </p>
          {view.team.leader && view.team.joinCode && (
            <p>
              {t("apply.status.joinCode")}{" "}
              <code className="apply-join-code" data-testid="team-join-code">
                {view.team.joinCode}
              </code>
            </p>
          )}
        </div>
      ) : (
        <p className="muted">{t("apply.status.teamNone")}</p>
      )}
    </section>
  );
}
