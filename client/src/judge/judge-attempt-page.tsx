// The judge's review of one attempt (issue 10): who and which session, the status (re-scoring while
// FROZEN, polled every 2 s), every score version with the chosen one's totals beside the previous
// version's, each theory question (answer against key) and each task's items (the image with the
// truth and the answer drawn over it, or truth and answer side by side), each line with what changed
// since the previous version, the adjustment form and the item's appeal with its answer form; at the
// top, what proctors reported to the judges (issue 12) and the attempt's incidents, collapsible.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type AttemptReview,
  type ReviewIncidents,
  type ReviewItem,
  type ReviewItemLine,
  type ReviewQuestion,
  type ReviewTask,
  type ScoreVersionView,
  TASK_KINDS,
} from "../../../protocol/index.ts";
import "../admin/admin.css";
import { formatInstant } from "../admin/values.ts";
import { judgeApi } from "../lib/judge-api.ts";
import { formatAnswer, type Translate } from "../results/explain.ts";
import "../results/result-page.css";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { formatPts, formatShare, lineChange, lineDiffers } from "./format.ts";
import { countsInOrder, detailsText, incidentKindKey } from "./incidents.ts";
import "./judge.css";
import { useSession } from "../ui/session-context.tsx";
import { ItemView } from "./review-views.tsx";
import { AdjustForm, AdjustmentNote, AppealBox, type Tr, useRefusal, useTr } from "./shared.tsx";
import { TruthEditor } from "./truth-editor.tsx";

const POLL_MS = 2000;

export function JudgeAttemptPage({ attemptId }: { attemptId: string }) {
  const { t, lang } = useTr();
  const refusal = useRefusal();
  const [review, setReview] = useState<AttemptReview | null>(null);
  /** The version asked for (null: the current one). */
  const [version, setVersion] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const versionRef = useRef(version);
  versionRef.current = version;

  const load = useCallback(
    async (v: number | null) => {
      setLoading(true);
      try {
        const r = await judgeApi.review(attemptId, v ?? undefined);
        if (versionRef.current === v) setReview(r);
        setError(null);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [attemptId],
  );

  useEffect(() => {
    void load(version);
  }, [load, version]);

  // While the attempt is being (re-)scored, ask again every 2 s for the current version.
  const frozen = review?.status === "FROZEN";
  useEffect(() => {
    if (!frozen) return;
    const timer = window.setInterval(() => {
      if (versionRef.current === null) void load(null);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [frozen, load]);

  /** After an adjustment (202) or an answered appeal: back to the current version, which is re-scoring. */
  const afterChange = (r?: AttemptReview) => {
    setVersion(null);
    versionRef.current = null;
    if (r) setReview(r);
    else void load(null);
  };

  return (
    <div className="page admin-page" data-testid="judge-attempt-page">
      <AppHeader />
      <main className="page-main judge-main">
        <div className="judge-head">
          <h1>{t("judging.attempt.title")}</h1>
          <div className="judge-head-links">
            {review && (
              <Link to={`/judge/sessions/${encodeURIComponent(review.session.id)}`} className="btn btn-small">
                {review.session.name}
              </Link>
            )}
            <Link to="/judge" className="btn btn-small">
              {t("judging.backToJudge")}
            </Link>
          </div>
        </div>
        {error !== null && (
          <div className="banner banner-error" role="alert" data-testid="review-error">
            {refusal(error)}{" "}
            <button type="button" className="btn btn-small" onClick={() => void load(version)}>
              {t("app.retry")}
            </button>
          </div>
        )}
        {!review && loading && <p className="muted">{t("app.loading")}</p>}
        {review && (
          <ReviewView
            review={review}
            lang={lang}
            chosen={version}
            onChoose={(v) => setVersion(v)}
            onChanged={afterChange}
          />
        )}
      </main>
    </div>
  );
}

function ReviewView({
  review: r,
  lang,
  chosen,
  onChoose,
  onChanged,
}: {
  review: AttemptReview;
  lang: string;
  chosen: number | null;
  onChoose: (v: number | null) => void;
  onChanged: (r?: AttemptReview) => void;
}) {
  const { t } = useTr();
  const versions = [...r.versions].sort((a, b) => b.version - a.version);
  const shown = versions.find((v) => v.version === r.version) ?? null;
  const previous = shown ? (versions.find((v) => v.version < shown.version) ?? null) : null;
  const viewingOld = shown !== null && !shown.current;
  // Adjusting applies to the current version: never from an old one.
  const lockedBy = r.adjustable ? null : (r.lockedBy ?? "RESULTS_RELEASED");
  const canAdjust = !viewingOld;
  const status = r.status;

  return (
    <>
      <ProctorReports incidents={r.incidents} lang={lang} />
      <section className="card judge-summary" data-testid="review-head" data-status={status}>
        <dl className="judge-facts">
          <div>
            <dt>{t("judging.attempt.contestant")}</dt>
            <dd data-testid="review-contestant">{r.contestant.name}</dd>
          </div>
          <div>
            <dt>{t("judging.attempt.ticket")}</dt>
            <dd>{r.contestant.ticketNumber}</dd>
          </div>
          <div>
            <dt>{t("judging.attempt.group")}</dt>
            <dd>
              {r.contestant.group === "EMPLOYEE" || r.contestant.group === "STUDENT"
                ? t(`judging.group.${r.contestant.group}`)
                : r.contestant.group}
            </dd>
          </div>
          <div>
            <dt>{t("judging.attempt.session")}</dt>
            <dd>{r.session.name}</dd>
          </div>
          <div>
            <dt>{t("judging.attempt.statusLabel")}</dt>
            <dd>
              <span className={`badge badge-${status.toLowerCase()}`} data-testid="review-status">
                {t(`judging.status.${status}`)}
              </span>
            </dd>
          </div>
        </dl>
        {status === "FROZEN" && (
          <p className="banner banner-info judge-rescoring" data-testid="review-rescoring" role="status">
            {t("judging.attempt.rescoring")}
          </p>
        )}
        {r.versions.length === 0 ? (
          <p className="muted" data-testid="review-never-scored">
            {t("judging.attempt.neverScored")}
          </p>
        ) : (
          <>
            <label className="inline-label judge-version">
              {t("judging.attempt.version")}
              <select
                className="select"
                value={String(r.version ?? "")}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  const isCurrent = versions.find((x) => x.version === v)?.current;
                  onChoose(isCurrent ? null : v);
                }}
                data-testid="version-picker"
              >
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {t("judging.attempt.versionOption", {
                      version: v.version,
                      time: formatInstant(v.createdAt, lang),
                    })}
                    {v.current ? t("judging.attempt.current") : ""}
                  </option>
                ))}
              </select>
            </label>
            {viewingOld && (
              <p className="muted small" data-testid="viewing-old">
                {t("judging.attempt.viewingOld")}{" "}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => onChoose(null)}>
                  {t("judging.attempt.current")}
                </button>
              </p>
            )}
            {shown && <Totals shown={shown} previous={previous} />}
          </>
        )}
        {lockedBy && (
          <p className="banner banner-info" data-testid="review-locked" data-code={lockedBy}>
            {t("judging.attempt.locked")} {t(`errors.${lockedBy}`)}
          </p>
        )}
      </section>

      <IncidentList incidents={r.incidents} lang={lang} />

      <h2>{t("judging.attempt.questions")}</h2>
      {r.questions.length === 0 ? (
        <p className="empty">{t("judging.attempt.noQuestions")}</p>
      ) : (
        <ol className="judge-list">
          {[...r.questions]
            .sort((a, b) => a.position - b.position)
            .map((q) => (
              <QuestionCard
                key={q.questionId}
                q={q}
                attemptId={r.attemptId}
                lockedBy={lockedBy}
                canAdjust={canAdjust}
                onChanged={onChanged}
              />
            ))}
        </ol>
      )}

      <h2>{t("judging.attempt.tasks")}</h2>
      {r.tasks.length === 0 ? (
        <p className="empty">{t("judging.attempt.noTasks")}</p>
      ) : (
        [...r.tasks]
          .sort((a, b) => a.position - b.position)
          .map((task) => (
            <TaskCard
              key={task.taskId}
              task={task}
              attemptId={r.attemptId}
              lockedBy={lockedBy}
              canAdjust={canAdjust}
              onChanged={onChanged}
            />
          ))
      )}
      {chosen !== null && <span hidden data-testid="review-version" data-version={chosen} />}
    </>
  );
}

function Totals({ shown, previous }: { shown: ScoreVersionView; previous: ScoreVersionView | null }) {
  const { t } = useTr();
  const figure = (key: "total" | "theory" | "practical") => {
    const changed = previous && Math.abs(previous[key] - shown[key]) > 1e-9;
    return (
      <div
        className={`result-figure${key === "total" ? " result-figure-total" : ""}`}
        data-testid={`review-${key}`}
        data-value={shown[key]}
      >
        <span className="result-figure-label">{t(`judging.attempt.${key}`)}</span>
        <span className="result-figure-value">{formatPts(shown[key])}</span>
        {previous && (
          <span className={changed ? "judge-previous judge-changed" : "judge-previous"}>
            {t("judging.attempt.previous", { value: formatPts(previous[key]) })}
          </span>
        )}
      </div>
    );
  };
  return (
    <div className="judge-totals" data-testid="review-totals" data-version={shown.version}>
      {figure("total")}
      {figure("theory")}
      {figure("practical")}
      <span className="muted small judge-scorer">
        {t("judging.attempt.scorerVersion", { version: shown.scorerVersion })}
      </span>
    </div>
  );
}

function QuestionCard({
  q,
  attemptId,
  lockedBy,
  canAdjust,
  onChanged,
}: {
  q: ReviewQuestion;
  attemptId: string;
  lockedBy: string | null;
  canAdjust: boolean;
  onChanged: (r?: AttemptReview) => void;
}) {
  const { t } = useTr();
  const tr = t as Translate;
  const changed = q.previousEarned !== null && Math.abs(q.previousEarned - q.earned) > 1e-9;
  return (
    <li className="card judge-question" data-testid={`review-question-${q.position}`}>
      <div className="result-row-head">
        <span className="result-no">{t("judging.attempt.questionNo", { position: q.position })}</span>
        <span className="result-points" data-testid={`question-earned-${q.position}`} data-earned={q.earned}>
          {t("judging.attempt.earned", { earned: formatPts(q.earned), points: formatPts(q.points) })}
        </span>
        {changed && (
          <span className="judge-changed" data-testid={`question-changed-${q.position}`}>
            {t("judging.attempt.changed", {
              change: `${formatPts(q.previousEarned)} → ${formatPts(q.earned)}`,
            })}
          </span>
        )}
      </div>
      <p className="result-prompt">{q.prompt}</p>
      <dl className="result-answers">
        <div>
          <dt>{t("judging.attempt.answer")}</dt>
          <dd>{formatAnswer(tr, q.answer) ?? t("judging.attempt.noAnswer")}</dd>
        </div>
        <div>
          <dt>{t("judging.attempt.key")}</dt>
          <dd>{formatAnswer(tr, q.key) ?? "—"}</dd>
        </div>
      </dl>
      <AdjustmentNote adjustment={q.adjustment} />
      {q.appeal && <AppealBox appeal={q.appeal} onAnswered={() => onChanged()} />}
      {canAdjust && (
        <AdjustForm
          attemptId={attemptId}
          subject={{ questionId: q.questionId }}
          adjustment={q.adjustment}
          lockedBy={lockedBy}
          onSent={onChanged}
        />
      )}
    </li>
  );
}

function TaskCard({
  task,
  attemptId,
  lockedBy,
  canAdjust,
  onChanged,
}: {
  task: ReviewTask;
  attemptId: string;
  lockedBy: string | null;
  canAdjust: boolean;
  onChanged: (r?: AttemptReview) => void;
}) {
  const { t } = useTr();
  const changed = task.previousEarned !== null && Math.abs(task.previousEarned - task.earned) > 1e-9;
  return (
    <section className="card judge-task" data-testid={`review-task-${task.position}`}>
      <div className="result-row-head">
        <span className="result-no">{t("judging.attempt.taskNo", { position: task.position })}</span>
        <h3 className="result-task-title">{task.title}</h3>
        <span className="muted small">{kindName(t, task.kind)}</span>
        <span className="result-points">
          {t("judging.attempt.earned", { earned: formatPts(task.earned), points: formatPts(task.points) })}
        </span>
        {changed && (
          <span className="judge-changed">
            {t("judging.attempt.changed", {
              change: `${formatPts(task.previousEarned)} → ${formatPts(task.earned)}`,
            })}
          </span>
        )}
      </div>
      {[...task.items]
        .sort((a, b) => a.position - b.position)
        .map((item) => (
          <ItemCard
            key={item.itemId}
            task={task}
            item={item}
            attemptId={attemptId}
            lockedBy={lockedBy}
            canAdjust={canAdjust}
            onChanged={onChanged}
          />
        ))}
    </section>
  );
}

const KINDS: ReadonlySet<string> = new Set(TASK_KINDS);

/** A task kind's name, or the kind itself when it is one this page does not know. */
const kindName = (t: Tr, kind: string) => (KINDS.has(kind) ? t(`judging.kind.${kind}`) : kind);

function lineText(t: Tr, line: ReviewItemLine): string {
  return t("judging.attempt.line", {
    score: formatShare(line.score),
    tp: line.tp,
    fp: line.fp,
    fn: line.fn,
  });
}

function ItemCard({
  task,
  item,
  attemptId,
  lockedBy,
  canAdjust,
  onChanged,
}: {
  task: ReviewTask;
  item: ReviewItem;
  attemptId: string;
  lockedBy: string | null;
  canAdjust: boolean;
  onChanged: (r?: AttemptReview) => void;
}) {
  const { t } = useTr();
  const { me } = useSession();
  const isAdmin = me.roles.includes("ADMIN");
  const line = item.line;
  const change = lineChange(item.previous, line);
  return (
    <div className="judge-item" data-testid={`review-item-${task.position}-${item.position}`}>
      <div className="judge-item-head">
        <strong>{t("judging.attempt.itemNo", { position: item.position })}</strong>
        {line ? (
          <span className="judge-line" data-testid="item-line" data-score={line.score}>
            {lineText(t, line)}
          </span>
        ) : (
          <span className="muted">{t("judging.attempt.noLine")}</span>
        )}
        {change && (
          <span className="judge-changed" data-testid="item-changed">
            {t("judging.attempt.changed", { change })}
          </span>
        )}
      </div>
      {line?.adjusted && (
        <p className="judge-adjusted" data-testid="item-adjusted">
          {t("judging.attempt.adjusted", {
            scorer: formatShare(line.adjusted.scorer),
            reason: line.adjusted.reason,
          })}
        </p>
      )}
      {lineDiffers(item.previous, line) && item.previous && (
        <p className="muted small" data-testid="item-previous">
          {t("judging.attempt.previousLine", { line: lineText(t, item.previous) })}
        </p>
      )}
      <ItemView task={task} item={item} />
      <AdjustmentNote adjustment={item.adjustment} />
      {item.appeal && <AppealBox appeal={item.appeal} onAnswered={() => onChanged()} />}
      {canAdjust && (
        <AdjustForm
          attemptId={attemptId}
          subject={{ itemId: item.itemId }}
          adjustment={item.adjustment}
          lockedBy={lockedBy}
          onSent={onChanged}
        />
      )}
      {isAdmin && <TruthEditor itemId={item.itemId} truth={item.truth} onSaved={() => onChanged()} />}
    </div>
  );
}

/** What proctors reported to the judges: a red panel at the top, only when there is a report. */
function ProctorReports({ incidents, lang }: { incidents: ReviewIncidents; lang: string }) {
  const { t } = useTr();
  if (incidents.reports.length === 0) return null;
  return (
    <section className="judge-reports" data-testid="review-reports">
      <h2>{t("judging.incidents.reportedTitle", { count: incidents.reports.length })}</h2>
      <p className="small">{t("judging.incidents.reportedHelp")}</p>
      <ol>
        {incidents.reports.map((x) => (
          <li key={x.id} data-testid={`review-report-${x.id}`}>
            <div className="muted small">
              {t("judging.incidents.reportLine", {
                time: formatInstant(x.at, lang),
                by: x.reporter ?? t("judging.incidents.unknownProctor"),
              })}
            </div>
            <p className="judge-report-reason">
              <strong>{t("judging.incidents.reason")}</strong>
              <span data-testid="review-report-reason">{x.reason}</span>
            </p>
            {x.note && (
              <p className="judge-report-note">
                <strong>{t("judging.incidents.note")}</strong>
                <span data-testid="review-report-note">{x.note}</span>
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The page's own incidents (blur, paste, second sign-in…): counts by kind and the list, folded. */
function IncidentList({ incidents, lang }: { incidents: ReviewIncidents; lang: string }) {
  const { t } = useTr();
  const kindName = (kind: string) => {
    const key = incidentKindKey(kind);
    return key ? t(key) : kind;
  };
  return (
    <details className="card judge-incidents" data-testid="review-incidents">
      <summary>{t("judging.incidents.title", { count: incidents.total })}</summary>
      {incidents.total === 0 ? (
        <p className="muted">{t("judging.incidents.none")}</p>
      ) : (
        <>
          <ul className="judge-incident-counts" aria-label={t("judging.incidents.counts")}>
            {countsInOrder(incidents.counts).map(([kind, n]) => (
              <li key={kind} className="badge" data-testid={`incident-count-${kind}`}>
                {kindName(kind)} × {n}
              </li>
            ))}
          </ul>
          {incidents.truncated && (
            <p className="muted small" data-testid="incidents-truncated">
              {t("judging.incidents.truncated", { shown: incidents.list.length, total: incidents.total })}
            </p>
          )}
          <table className="judge-incident-table" data-testid="incidents-table">
            <thead>
              <tr>
                <th>{t("judging.incidents.time")}</th>
                <th>{t("judging.incidents.kindCol")}</th>
                <th>{t("judging.incidents.details")}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.list.map((x) => (
                <tr key={x.id}>
                  <td>{formatInstant(x.at, lang)}</td>
                  <td>{kindName(x.kind)}</td>
                  <td>{detailsText(x.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
