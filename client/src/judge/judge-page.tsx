// A judge's landing page (issues 9, 10): their scope, the sessions they may watch, each linking to its
// console, and the live rankings of each region in their scope (a judge has no host pages, so the
// rankings show here, with a region picker when there are several); the sessions they review, with
// their counts and open appeals, and the way to the appeals (issue 10).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import "../admin/admin.css";
import { formatInstant } from "../admin/kit.tsx";
import { RankingsSection } from "../host/results-section.tsx";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";
import { JudgeSessionsSection } from "./judge-sessions-section.tsx";

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
  // The regions whose rankings this judge may see: their region grants, once each, by number.
  const regions = [
    ...new Map(
      grants.flatMap((g) => (g.regionId ? [[g.regionId, g.region?.no ?? 0] as const] : [])),
    ).entries(),
  ]
    .sort((a, b) => a[1] - b[1])
    .map(([id]) => id);
  const [picked, setPicked] = useState<string | null>(null);
  const rankingsRegion = picked && regions.includes(picked) ? picked : (regions[0] ?? null);

  return (
    <div className="page admin-page" data-testid="judge-page">
      <AppHeader />
      <main className={rankingsRegion ? "page-main page-wide" : "page-main"}>
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
        <JudgeSessionsSection />
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
        {rankingsRegion && (
          <div className="judge-rankings" data-testid="judge-rankings">
            {regions.length > 1 && (
              <label className="inline-label region-pick">
                {t("admin.results.region")}
                <select
                  className="select"
                  value={rankingsRegion}
                  onChange={(e) => setPicked(e.target.value)}
                  data-testid="judge-rankings-region"
                >
                  {regions.map((id) => (
                    <option key={id} value={id}>
                      {regionName(id)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <RankingsSection
              key={rankingsRegion}
              regionId={rankingsRegion}
              title={`${t("admin.results.judgeTitle")} · ${regionName(rankingsRegion)}`}
            />
          </div>
        )}
        <p className="banner banner-info" data-testid="judge-note">
          {t("judging.landing.note")}
        </p>
      </main>
    </div>
  );
}
