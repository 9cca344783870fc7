// The judge's appeals (issue 10): every appeal of the sessions they judge, OPEN ones by default, each
// with the contestant, the session, what it is about, the message and when it was filed, a link to
// the attempt's review and, while open, the answer form (accept with a new share, or reject).
import { useState } from "react";
import type { AppealStatus, JudgeAppealRow } from "../../../protocol/index.ts";
import "../admin/admin.css";
import { FilterBox, useLoad } from "../admin/kit.tsx";
import { judgeApi } from "../lib/judge-api.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import "./judge.css";
import { AppealBox, subjectName, useRefusal, useTr } from "./shared.tsx";

const STATUSES: AppealStatus[] = ["OPEN", "ACCEPTED", "REJECTED"];

export function JudgeAppealsPage() {
  const { t } = useTr();
  const refusal = useRefusal();
  const [status, setStatus] = useState<AppealStatus | "">("OPEN");
  const [filter, setFilter] = useState("");
  const appeals = useLoad(() => judgeApi.appeals(status ? { status } : {}), [status]);
  const needle = filter.trim().toLowerCase();
  const rows = (appeals.data ?? []).filter(
    (a) =>
      !needle ||
      [a.contestant.name, a.contestant.ticketNumber, a.sessionName, a.message, subjectName(t, a)]
        .join(" ")
        .toLowerCase()
        .includes(needle),
  );

  return (
    <div className="page admin-page" data-testid="judge-appeals-page">
      <AppHeader />
      <main className="page-main judge-main">
        <div className="judge-head">
          <h1>{t("judging.appeals.title")}</h1>
          <Link to="/judge" className="btn btn-small">
            {t("judging.backToJudge")}
          </Link>
        </div>
        <div className="toolbar-row">
          <label className="filter-select">
            <span>{t("judging.appeals.filterStatus")}</span>
            <select
              className="select"
              value={status}
              onChange={(e) => setStatus(e.target.value as AppealStatus | "")}
              data-testid="appeals-status"
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`judging.appeals.status.${s}`)}
                </option>
              ))}
              <option value="">{t("judging.appeals.all")}</option>
            </select>
          </label>
          <FilterBox value={filter} onChange={setFilter} testId="appeals-filter" />
        </div>
        {appeals.error !== null && (
          <div className="banner banner-error" role="alert" data-testid="appeals-error">
            {refusal(appeals.error)}
          </div>
        )}
        {appeals.loading && !appeals.data && <p className="muted">{t("app.loading")}</p>}
        {appeals.data && rows.length === 0 && (
          <p className="empty" data-testid="appeals-none">
            {t("judging.appeals.none")}
          </p>
        )}
        <ul className="judge-appeal-list" data-testid="appeals-list">
          {rows.map((a) => (
            <AppealRow key={a.id} a={a} sessionName={a.sessionName} onAnswered={appeals.reload} />
          ))}
        </ul>
      </main>
    </div>
  );
}

function AppealRow({
  a,
  sessionName,
  onAnswered,
}: {
  a: JudgeAppealRow;
  sessionName: string;
  onAnswered: () => void;
}) {
  const { t } = useTr();
  return (
    <li className="card judge-appeal-card" data-testid={`appeal-row-${a.id}`} data-status={a.status}>
      <dl className="judge-facts">
        <div>
          <dt>{t("judging.appeals.contestant")}</dt>
          <dd>
            {a.contestant.name} <span className="muted">({a.contestant.ticketNumber})</span>
          </dd>
        </div>
        <div>
          <dt>{t("judging.appeals.session")}</dt>
          <dd>{sessionName}</dd>
        </div>
        <div>
          <dt>{t("judging.appeals.subject")}</dt>
          <dd data-testid={`appeal-subject-${a.id}`}>{subjectName(t, a)}</dd>
        </div>
        <div className="judge-facts-link">
          <Link
            to={`/judge/attempts/${encodeURIComponent(a.attemptId)}`}
            className="btn btn-small"
            data-testid={`appeal-review-${a.id}`}
          >
            {t("judging.appeals.openReview")}
          </Link>
        </div>
      </dl>
      <AppealBox appeal={a} onAnswered={onAnswered} />
    </li>
  );
}
