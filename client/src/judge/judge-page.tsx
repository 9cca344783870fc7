// A judge's landing page (issue 9; the score review itself is issue 10): their scope and the
// sessions they may watch, each linking to its console.
import { useTranslation } from "react-i18next";
import "../admin/admin.css";
import { formatInstant } from "../admin/kit.tsx";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";

export function JudgePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  // Region names come with the grants (`me`); a judge has no region routes.
  const regionName = (id: string) => {
    const r = me.grants.find((g) => g.regionId === id)?.region;
    return r
      ? `${r.no}. ${i18n.language === "en" ? r.nameEn : r.nameZh}`
      : t("admin.judge.regionById", { id });
  };
  const sessionName = (id: string) => me.proctorSessions.find((s) => s.id === id)?.name ?? id;
  const grants = me.grants.filter((g) => g.role === "JUDGE");
  const sessions = [...me.proctorSessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <div className="page admin-page" data-testid="judge-page">
      <AppHeader />
      <main className="page-main">
        <h1>{t("admin.judge.title")}</h1>
        <p className="muted">{t("admin.judge.intro")}</p>
        <section className="card admin-panel" data-testid="judge-scope">
          <h2>{t("admin.judge.scope")}</h2>
          {grants.length === 0 && <p className="muted">{t("admin.judge.noGrants")}</p>}
          <ul className="scope-list">
            {grants.map((g) => (
              <li key={`${g.regionId}-${g.examSessionId}`}>
                {g.examSessionId
                  ? t("admin.judge.scopeSession", { name: sessionName(g.examSessionId) })
                  : g.regionId
                    ? t("admin.judge.scopeRegion", { name: regionName(g.regionId) })
                    : t("admin.judge.scopeContest")}
              </li>
            ))}
          </ul>
        </section>
        <section className="admin-section">
          <h2>{t("admin.judge.sessions")}</h2>
          {sessions.length === 0 && <p className="empty">{t("admin.judge.noSessions")}</p>}
          <ul className="session-list">
            {sessions.map((s) => (
              <li key={s.id} className="card session-item">
                <div>
                  <h3>{s.name}</h3>
                  <p className="muted">{formatInstant(s.startsAt, i18n.language)}</p>
                </div>
                <Link
                  to={`/proctor/${encodeURIComponent(s.id)}`}
                  className="btn btn-primary"
                  data-testid={`judge-session-${s.id}`}
                >
                  {t("admin.judge.watch")}
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <p className="banner banner-info" data-testid="judge-note">
          {t("admin.judge.reviewLater")}
        </p>
      </main>
    </div>
  );
}
