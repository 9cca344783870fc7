// The contestant's own released result: total, theory and practical out of their weights, each
// question with the answer and the key, each task with a plain explanation per item. Before the
// session's release the server answers 409 and the page says the results are not released yet.
// While the appeal window is open, each item and question can be appealed (issue 10); an appeal's
// status and the judges' answer show on its item or question.
import { Fragment, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  AppealList,
  AttemptResult,
  QuestionResult,
  Subject,
  TaskResult,
} from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { formatDateTimeFor } from "../lib/date-format.ts";
import { appealsApi } from "../lib/judge-api.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { errorMessage } from "../ui/errors.ts";
import { Link } from "../ui/link.tsx";
import { AppealButton, AppealForm, AppealStatusView, AppealWindow, appealOn, subjectId } from "./appeals.tsx";
import {
  explainAdjustment,
  explainItem,
  formatAnswer,
  formatPercent,
  formatPoints,
  type Translate,
} from "./explain.ts";
import "./result-page.css";

type State =
  | { kind: "loading" }
  | { kind: "not-released" }
  | { kind: "no-result" }
  | { kind: "error"; message: string }
  | { kind: "ready"; result: AttemptResult };

export function ResultPage({ attemptId }: { attemptId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(async () => {
    try {
      setState({ kind: "ready", result: await api.attemptResults(attemptId) });
    } catch (e) {
      // 409: not released yet; or, with details { status }, an attempt never started has no result.
      if (e instanceof ApiError && e.code === "CONFLICT") {
        const details = e.details as { status?: unknown } | undefined;
        setState({ kind: typeof details?.status === "string" ? "no-result" : "not-released" });
      } else setState({ kind: "error", message: errorMessage(t, e) });
    }
  }, [attemptId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <AppHeader />
      <main className="page-main result-page" data-testid="result-page">
        <div className="result-head">
          <h1>{t("results.title")}</h1>
          <Link to="/lobby" className="btn btn-small">
            {t("app.backToLobby")}
          </Link>
        </div>
        {state.kind === "loading" && <p className="muted">{t("app.loading")}</p>}
        {state.kind === "error" && (
          <div className="banner banner-error" role="alert">
            {state.message}{" "}
            <button type="button" className="btn btn-small" onClick={() => void load()}>
              {t("app.retry")}
            </button>
          </div>
        )}
        {state.kind === "not-released" && (
          <section className="card result-pending" data-testid="results-not-released">
            <h2>{t("results.notReleased")}</h2>
            <p className="muted">{t("results.notReleasedHint")}</p>
          </section>
        )}
        {state.kind === "no-result" && (
          <section className="card result-pending" data-testid="results-none">
            <p>{t("results.noResult")}</p>
          </section>
        )}
        {state.kind === "ready" && <ResultView result={state.result} />}
      </main>
    </div>
  );
}

/** What the item and question rows need of the appeals. */
interface Appeals {
  attemptId: string;
  list: AppealList | null;
  /** The subject whose form is open. */
  editing: string | null;
  setEditing: (key: string | null) => void;
  reload: () => void;
}

function useAppeals(attemptId: string): Appeals {
  const [list, setList] = useState<AppealList | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const reload = useCallback(() => {
    // Appeals are an addition to the result: if they cannot be read, the result still shows.
    appealsApi.list(attemptId).then(setList, () => setList(null));
  }, [attemptId]);
  useEffect(() => {
    reload();
  }, [reload]);
  return { attemptId, list, editing, setEditing, reload };
}

/** A subject's appeal: its status, or the button and the form while the window is open. */
function AppealSlot({ appeals, subject }: { appeals: Appeals; subject: Subject }) {
  const appeal = appealOn(appeals.list, subject);
  if (appeal) return <AppealStatusView appeal={appeal} />;
  if (!appeals.list?.open) return null;
  const key = subjectId(subject);
  if (appeals.editing !== key)
    return <AppealButton subject={subject} onClick={() => appeals.setEditing(key)} />;
  return (
    <AppealForm
      attemptId={appeals.attemptId}
      subject={subject}
      onClose={() => appeals.setEditing(null)}
      onFiled={() => {
        appeals.setEditing(null);
        appeals.reload();
      }}
    />
  );
}

function ResultView({ result: r }: { result: AttemptResult }) {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Translate;
  const appeals = useAppeals(r.attemptId);
  return (
    <>
      <p className="muted">
        {t("results.session", { name: r.session.name })} ·{" "}
        {t("results.releasedAt", { time: formatDateTimeFor(r.session.releasedAt, i18n.language) })}
      </p>
      <section className="card result-summary">
        <div className="result-figure result-figure-total" data-testid="result-total" data-total={r.total}>
          <span className="result-figure-label">{t("results.total")}</span>
          <span className="result-figure-value">
            {t("results.outOf", {
              earned: formatPoints(r.total),
              points: formatPoints(r.weights.theory + r.weights.practical),
            })}
          </span>
        </div>
        <div className="result-figure" data-testid="result-theory" data-theory={r.theory}>
          <span className="result-figure-label">{t("results.theory")}</span>
          <span className="result-figure-value">
            {t("results.outOf", { earned: formatPoints(r.theory), points: formatPoints(r.weights.theory) })}
          </span>
        </div>
        <div className="result-figure" data-testid="result-practical" data-practical={r.practical}>
          <span className="result-figure-label">{t("results.practical")}</span>
          <span className="result-figure-value">
            {t("results.outOf", {
              earned: formatPoints(r.practical),
              points: formatPoints(r.weights.practical),
            })}
          </span>
        </div>
        <p className="muted small result-note">
          {t("results.weightsNote", {
            theory: formatPoints(r.weights.theory),
            practical: formatPoints(r.weights.practical),
          })}{" "}
          · {t("results.scorerVersion", { version: r.scorerVersion })}
        </p>
      </section>
      <AppealWindow list={appeals.list} />

      <h2>{t("results.questions")}</h2>
      {r.questions.length === 0 ? (
        <p className="empty">{t("results.noQuestions")}</p>
      ) : (
        <ol className="result-list">
          {r.questions.map((q) => (
            <QuestionRow key={q.questionId} q={q} t={tr} appeals={appeals} />
          ))}
        </ol>
      )}

      <h2>{t("results.tasks")}</h2>
      {r.tasks.length === 0 ? (
        <p className="empty">{t("results.noTasks")}</p>
      ) : (
        <>
          <p className="muted small">{t("results.explainHelp")}</p>
          {r.tasks.map((task) => (
            <TaskCard key={task.taskId} task={task} t={tr} appeals={appeals} />
          ))}
        </>
      )}
    </>
  );
}

function QuestionRow({ q, t, appeals }: { q: QuestionResult; t: Translate; appeals: Appeals }) {
  const full = q.earned >= q.points && q.points > 0;
  const none = q.earned <= 0;
  const mark = full ? "correct" : none ? "wrong" : "partial";
  return (
    <li className={`card result-question result-${mark}`} data-testid={`result-question-${q.position}`}>
      <div className="result-row-head">
        <span className="result-no">{t("results.questionNo", { position: q.position })}</span>
        <span className={`result-mark result-mark-${mark}`}>{t(`results.${mark}`)}</span>
        <span className="result-points">
          {t("results.outOf", { earned: formatPoints(q.earned), points: formatPoints(q.points) })}
        </span>
      </div>
      <p className="result-prompt">{q.prompt}</p>
      <dl className="result-answers">
        <div>
          <dt>{t("results.yourAnswer")}</dt>
          <dd>{formatAnswer(t, q.answer) ?? t("results.noAnswer")}</dd>
        </div>
        <div>
          <dt>{t("results.key")}</dt>
          <dd>{formatAnswer(t, q.key) ?? "—"}</dd>
        </div>
      </dl>
      {q.adjusted && (
        <p className="result-adjusted" data-testid="result-adjusted">
          {explainAdjustment(t, { score: q.points > 0 ? q.earned / q.points : 0, adjusted: q.adjusted })}
        </p>
      )}
      <div className="result-appeal-slot">
        <AppealSlot appeals={appeals} subject={{ questionId: q.questionId }} />
      </div>
    </li>
  );
}

function TaskCard({ task, t, appeals }: { task: TaskResult; t: Translate; appeals: Appeals }) {
  return (
    <section className="card result-task" data-testid={`result-task-${task.position}`}>
      <div className="result-row-head">
        <span className="result-no">{t("results.taskNo", { position: task.position })}</span>
        <h3 className="result-task-title">{task.title}</h3>
        <span className="result-points">
          {t("results.outOf", { earned: formatPoints(task.earned), points: formatPoints(task.points) })}
        </span>
      </div>
      <table className="result-items" aria-label={t("results.items")}>
        <tbody>
          {task.items.map((item) => {
            const subject: Subject = { itemId: item.itemId };
            const slot = appealOn(appeals.list, subject) || appeals.editing === subjectId(subject);
            return (
              <Fragment key={item.itemId}>
                <tr data-testid={`result-item-${task.position}-${item.position}`} data-score={item.score}>
                  <th scope="row">{t("results.itemNo", { position: item.position })}</th>
                  <td className="result-explain">
                    {explainItem(t, item)}
                    {item.adjusted && (
                      <div className="result-adjusted" data-testid="result-adjusted">
                        {explainAdjustment(t, item)}
                      </div>
                    )}
                  </td>
                  <td className="result-percent">
                    {t("results.itemScore", { percent: formatPercent(item.score) })}
                  </td>
                  <td className="result-appeal-cell">
                    {!slot && <AppealSlot appeals={appeals} subject={subject} />}
                  </td>
                </tr>
                {slot && (
                  <tr className="result-appeal-row">
                    <td colSpan={4}>
                      <AppealSlot appeals={appeals} subject={subject} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
