// The judge's landing page, issue 10's part: the sessions they review (start, whether released,
// attempts scored / pending / absent, open appeals), each opening its review, and the appeals link.
import type { JudgeSessionRow } from "../../../protocol/index.ts";
import { formatInstant, useLoad } from "../admin/kit.tsx";
import { ApiError } from "../lib/api.ts";
import { judgeApi } from "../lib/judge-api.ts";
import { Link } from "../ui/link.tsx";
import "./judge.css";
import { useRefusal, useTr } from "./shared.tsx";

export function JudgeSessionsSection() {
  const { t, lang } = useTr();
  const refusal = useRefusal();
  const sessions = useLoad(() => judgeApi.sessions(), []);
  const rows = [...(sessions.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const open = rows.reduce((n, s) => n + s.openAppeals, 0);
  // Staff who judge nothing (a proctor who came here) are refused: the section is not theirs.
  if (sessions.error instanceof ApiError && sessions.error.code === "FORBIDDEN") return null;

  return (
    <section className="admin-section" data-testid="judge-review-sessions">
      <div className="judge-head">
        <h2>{t("judging.landing.sessions")}</h2>
        <Link
          to="/judge/appeals"
          className={open > 0 ? "btn btn-primary btn-small" : "btn btn-small"}
          data-testid="judge-appeals-link"
          data-open={open}
        >
          {sessions.data ? t("judging.landing.appeals", { count: open }) : t("judging.landing.appealsPlain")}
        </Link>
      </div>
      {sessions.error !== null && (
        <div className="banner banner-error" role="alert">
          {refusal(sessions.error)}
        </div>
      )}
      {sessions.loading && !sessions.data && <p className="muted">{t("app.loading")}</p>}
      {sessions.data && rows.length === 0 && <p className="empty">{t("judging.landing.noSessions")}</p>}
      <ul className="session-list">
        {rows.map((s) => (
          <SessionItem key={s.id} s={s} lang={lang} />
        ))}
      </ul>
    </section>
  );
}

function SessionItem({ s, lang }: { s: JudgeSessionRow; lang: string }) {
  const { t } = useTr();
  return (
    <li className="card session-item judge-session-item" data-testid={`review-session-${s.id}`}>
      <div>
        <h3>{s.name}</h3>
        <p className="muted">
          {formatInstant(s.startsAt, lang)} ·{" "}
          <span className={s.releasedAt ? "badge badge-scored" : "badge"} data-testid={`released-${s.id}`}>
            {s.releasedAt ? t("judging.landing.released") : t("judging.landing.notReleased")}
          </span>
        </p>
        <p className="small">
          {t("judging.landing.counts", {
            scored: s.attempts.scored,
            pending: s.attempts.pending,
            absent: s.attempts.absent,
          })}
          {s.openAppeals > 0 && (
            <>
              {" · "}
              <span className="badge badge-frozen">
                {t("judging.landing.openAppeals", { count: s.openAppeals })}
              </span>
            </>
          )}
        </p>
      </div>
      <Link
        to={`/judge/sessions/${encodeURIComponent(s.id)}`}
        className="btn btn-primary"
        data-testid={`review-session-link-${s.id}`}
      >
        {t("judging.landing.review")}
      </Link>
    </li>
  );
}
