// Once approved: the ticket number and initial password, the sittings, and where to sign in.
import { useTranslation } from "react-i18next";
import type { RegistrationView } from "../../../protocol/index.ts";
import { Link } from "../ui/link.tsx";
import { formatMoment } from "./format.ts";

type Admission = NonNullable<RegistrationView["admission"]>;

export function AdmissionPanel({ admission }: { admission: Admission }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  return (
    <section className="card apply-section apply-admission" data-testid="admission">
      <h2>{t("apply.status.admissionTitle")}</h2>
      <dl className="apply-credentials">
        <div>
          <dt>{t("apply.status.ticket")}</dt>
          <dd className="apply-secret" data-testid="ticket-number">
            {admission.ticketNumber}
          </dd>
        </div>
        <div>
          <dt>{t("apply.status.password")}</dt>
          {admission.initialPassword ? (
            <dd className="apply-secret" data-testid="initial-password">
              {admission.initialPassword}
            </dd>
          ) : (
            <dd className="muted">{t("apply.status.passwordGone")}</dd>
          )}
        </div>
      </dl>
      <h3>{t("apply.status.sittings")}</h3>
      {admission.sittings.length === 0 ? (
        <p className="muted" data-testid="no-sittings">
          {t("apply.status.noSittings")}
        </p>
      ) : (
        <ul className="apply-sittings">
          {admission.sittings.map((s) => (
            <li key={`${s.sessionName}-${s.startsAt}`} className="apply-sitting" data-testid="sitting">
              <strong>{s.sessionName}</strong>
              <dl className="apply-facts">
                <div className="apply-fact">
                  <dt>{t("apply.status.startsAt")}</dt>
                  <dd data-testid="sitting-starts">{formatMoment(s.startsAt, lang)}</dd>
                </div>
                <div className="apply-fact">
                  <dt>{t("apply.status.duration")}</dt>
                  <dd>{t("apply.status.minutes", { count: s.durationMinutes })}</dd>
                </div>
                <div className="apply-fact">
                  <dt>{t("apply.status.venue")}</dt>
                  <dd>{s.venue ?? t("apply.status.tbd")}</dd>
                </div>
                <div className="apply-fact">
                  <dt>{t("apply.status.address")}</dt>
                  <dd>{s.address ?? t("apply.status.tbd")}</dd>
                </div>
                <div className="apply-fact">
                  <dt>{t("apply.status.seat")}</dt>
                  <dd data-testid="sitting-seat">{s.seat ?? t("apply.status.tbd")}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <p className="apply-signin-hint">
        {t("apply.status.signInHint")}{" "}
        <Link to="/login" data-testid="to-login">
          {t("apply.status.signIn")}
        </Link>
      </p>
    </section>
  );
}
