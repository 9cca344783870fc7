// The staff's start page: the exam sessions they may proctor, each linking to its console.
import { useTranslation } from "react-i18next";
import { formatDateTimeFor } from "../lib/date-format.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";

export function ProctorSessionsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const sessions = [...me.proctorSessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div className="page">
      <AppHeader />
      <main className="page-main">
        <h1>{t("proctor.sessionsTitle")}</h1>
        <p className="muted">{t("proctor.sessionsIntro")}</p>
        {sessions.length === 0 && <p className="empty">{t("proctor.noSessions")}</p>}
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="card session-item">
              <div>
                <h2>{s.name}</h2>
                <p className="muted">
                  {t("proctor.startsAt", { time: formatDateTimeFor(s.startsAt, i18n.language) })}
                </p>
              </div>
              <Link
                to={`/proctor/${encodeURIComponent(s.id)}`}
                className="btn btn-primary"
                data-testid={`session-link-${s.id}`}
              >
                {t("proctor.open")}
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
