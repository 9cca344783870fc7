// The exam page: header with clock, save status and Submit; navigation; the current question or item.
// It loads the paper and what the journal kept on this computer before the exam starts.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ExamView, ItemView, QuestionView, TaskView } from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { formatDuration } from "../lib/format.ts";
import { navigate } from "../lib/router.ts";
import { serverClock, useServerNow } from "../lib/server-clock.ts";
import { errorMessage } from "../ui/errors.ts";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { paperOrder, stepTarget } from "../workspace/paper-nav.ts";
import { isQuestionAnswered, sameTarget, type Target } from "./answers.ts";
import { DocumentProblems, targetName } from "./document-problems.tsx";
import { ExamController } from "./exam-controller.ts";
import { ExamNav } from "./exam-nav.tsx";
import { type LocalCopy, openLocalCopy } from "./journal.ts";
import { browserSessionStorage, readPlace, writePlace } from "./place.ts";
import { ControlOverlay, MessageDialog, NoticeBanner } from "./proctor-controls.tsx";
import { QuestionPanel } from "./question-panel.tsx";
import { SaveIndicator } from "./save-indicator.tsx";
import { SubmitDialog } from "./submit-dialog.tsx";
import { TASK_KIND_CLIENTS } from "./task-kinds.ts";

export function ExamPage({ attemptId }: { attemptId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ view: ExamView; local: LocalCopy } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` counts retries and reloads on purpose
  useEffect(() => {
    let live = true;
    setError(null);
    const sentAt = Date.now();
    api.exam(attemptId).then(
      async (v) => {
        if (!live) return;
        serverClock.observe(v.attempt.serverNow, sentAt, Date.now());
        const local = await openLocalCopy(v.attempt.attemptId);
        if (!live) return local.journal?.close();
        setLoaded({ view: v, local });
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [attemptId, attempt]);

  if (error) {
    const notStarted = error instanceof ApiError && error.code === "ATTEMPT_NOT_STARTED";
    return (
      <div className="page page-center">
        <div className="card narrow">
          <p role="alert">
            {notStarted ? t("exam.notStarted") : t("exam.loadFailed", { message: errorMessage(t, error) })}
          </p>
          <div className="row">
            {!notStarted && (
              <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
                {t("app.retry")}
              </button>
            )}
            <button type="button" className="btn btn-primary" onClick={() => navigate("/lobby")}>
              {t("app.backToLobby")}
            </button>
          </div>
        </div>
      </div>
    );
  }
  if (!loaded) return <div className="page page-center muted">{t("app.loading")}</div>;
  return <ExamWorkspace key={loaded.view.attempt.attemptId} view={loaded.view} local={loaded.local} />;
}

function firstTarget(questions: readonly QuestionView[], tasks: readonly TaskView[]): Target | null {
  const q = questions[0];
  if (q) return { kind: "question", id: q.id };
  const it = tasks[0]?.items[0];
  return it ? { kind: "item", id: it.id } : null;
}

function ExamWorkspace({ view, local }: { view: ExamView; local: LocalCopy }) {
  const { t } = useTranslation();
  const [controller] = useState(() => new ExamController(view, undefined, local));
  useEffect(() => {
    controller.start();
    return () => controller.stop();
  }, [controller]);
  const exam = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const save = useSyncExternalStore(controller.autosave.subscribe, controller.autosave.getSnapshot);
  const now = useServerNow(250);
  const [confirming, setConfirming] = useState(false);

  const { questions, tasks } = useMemo(() => {
    const sections = view.paper.sections;
    return { questions: sections.flatMap((s) => s.questions), tasks: sections.flatMap((s) => s.tasks) };
  }, [view]);
  const attemptId = view.attempt.attemptId;
  // The place in the paper survives a reload (kept per attempt in the tab's sessionStorage).
  const [current, setCurrentState] = useState<Target | null>(
    () =>
      readPlace(browserSessionStorage(), attemptId, (target) =>
        target.kind === "question"
          ? questions.some((q) => q.id === target.id)
          : tasks.some((tk) => tk.items.some((it) => it.id === target.id)),
      ) ?? firstTarget(questions, tasks),
  );
  const setCurrent = useCallback(
    (target: Target) => {
      setCurrentState(target);
      writePlace(browserSessionStorage(), attemptId, target);
    },
    [attemptId],
  );

  // Time left stands still while a proctor has paused the attempt.
  const timeLeft = exam.deadlineAt === null ? null : controller.timeLeft(now);
  const timeUp = timeLeft !== null && timeLeft <= 0;
  const over = exam.closed !== null || timeUp;
  const paused = exam.pausedAt !== null;
  const proctorLocked = exam.lockedAt !== null;
  // Nothing is edited when the attempt is over, paused or locked by a proctor.
  const locked = over || paused || proctorLocked;

  // Leaving the page with unsaved answers asks first, unless they are kept on this computer.
  const unkept = save.unsaved > 0 && save.journal !== "ok";
  useEffect(() => {
    if (!unkept || over) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unkept, over]);

  const questionIndex = current?.kind === "question" ? questions.findIndex((q) => q.id === current.id) : -1;
  const question = questions[questionIndex];
  const task =
    current?.kind === "item" ? tasks.find((tk) => tk.items.some((it) => it.id === current.id)) : undefined;
  const item = task?.items.find((it) => it.id === current?.id);

  const answeredQuestions = questions.filter((q) => isQuestionAnswered(exam.answers[q.id])).length;
  const allItems = tasks.flatMap((tk) => tk.items);
  const doneItems = allItems.filter((it) => exam.doneItems[it.id]).length;
  const unsentAfterClose =
    (save.closed !== null || save.held) && save.unsaved > 0
      ? controller.autosave
          .unsavedTargets()
          .map((target) => targetName(t, questions, tasks, target))
          .join(", ")
      : null;
  const currentProblem = current
    ? exam.documentProblems.find((p) => p.target && sameTarget(p.target, current))
    : undefined;
  // The question panel's previous / next buttons step through the whole paper, into the tasks.
  const step = (by: 1 | -1) => {
    const target = stepTarget(paperOrder(questions, tasks), current, by);
    return target ? () => setCurrent(target) : null;
  };

  const clockClass =
    timeLeft === null
      ? ""
      : timeLeft <= 5 * 60_000
        ? " is-critical"
        : timeLeft <= 15 * 60_000
          ? " is-warning"
          : "";

  return (
    <div className="exam" data-testid="exam">
      <header className="exam-header">
        <div className="exam-title">
          <span className="brand-mark" aria-hidden="true">
            LA
          </span>
          <div>
            <div className="exam-session">{view.session.name}</div>
            <div className="muted small">
              {t("exam.progress", {
                done: answeredQuestions + doneItems,
                total: questions.length + allItems.length,
              })}
            </div>
          </div>
        </div>
        <div className={`exam-clock${clockClass}${paused ? " is-paused" : ""}`} data-paused={paused}>
          <span className="exam-clock-label">{t("exam.timeLeft")}</span>
          <span className="exam-clock-value" data-testid="time-left">
            {timeLeft === null ? "—" : formatDuration(timeLeft)}
          </span>
        </div>
        <div className="exam-header-right">
          <SaveIndicator
            save={save}
            heldText={
              proctorLocked ? t("examPage.lockedSave") : paused ? t("examPage.pausedSave") : undefined
            }
          />
          <LangSwitch />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="submit-exam"
            disabled={locked}
            onClick={() => setConfirming(true)}
          >
            {t("exam.submit")}
          </button>
        </div>
      </header>
      {exam.connection === "denied" && (
        <div className="banner banner-error" role="alert">
          {t("exam.denied")}
        </div>
      )}
      {exam.connection === "ended" && (
        <div className="banner banner-error" role="alert" data-testid="sign-in-ended">
          <span>{t("exam.signInEnded")}</span>
          <button type="button" className="btn btn-small" onClick={() => navigate("/login")}>
            {t("exam.signInAgain")}
          </button>
        </div>
      )}
      <NoticeBanner notice={exam.notice} onDismiss={() => controller.dismissNotice()} />
      <DocumentProblems
        problems={exam.documentProblems}
        questions={questions}
        tasks={tasks}
        onSelect={setCurrent}
        onDismiss={() => controller.dismissDocumentProblems()}
      />
      <div className="exam-body">
        <ExamNav
          attemptId={view.attempt.attemptId}
          questions={questions}
          tasks={tasks}
          answers={exam.answers}
          doneItems={exam.doneItems}
          current={current}
          onSelect={setCurrent}
        />
        <main className="exam-main">
          {currentProblem && (
            <p className="banner banner-error" data-testid="document-error-current" role="alert">
              {t(currentProblem.source === "server" ? "exam.documentServer" : "exam.documentLocal", {
                target: current ? targetName(t, questions, tasks, current) : "",
                reason: currentProblem.reason,
              })}
            </p>
          )}
          {question && (
            <QuestionPanel
              key={question.id}
              question={question}
              index={questionIndex}
              total={questions.length}
              answer={exam.answers[question.id]}
              disabled={locked}
              onAnswer={(a) => controller.answerQuestion(question.id, a)}
              onPrevious={step(-1)}
              onNext={step(1)}
            />
          )}
          {task && item && <TaskWorkspace controller={controller} task={task} item={item} locked={locked} />}
          {!question && !item && <p className="empty">{t("exam.noQuestions")}</p>}
        </main>
      </div>
      {!over && <ControlOverlay paused={paused} locked={proctorLocked} />}
      {!over && (
        <MessageDialog messages={exam.messages} onAcknowledge={(id) => controller.acknowledgeMessage(id)} />
      )}
      {confirming && !locked && (
        <SubmitDialog
          controller={controller}
          questions={{ done: answeredQuestions, total: questions.length }}
          items={{ done: doneItems, total: allItems.length }}
          unsaved={save.unsaved}
          onClose={() => setConfirming(false)}
        />
      )}
      {over && (
        <div className="modal-backdrop modal-backdrop-soft">
          <div
            className="modal card closed-card"
            data-testid="exam-closed"
            role="alertdialog"
            aria-labelledby="closed-title"
          >
            <h2 id="closed-title">{t("closed.title")}</h2>
            <p className="lead">{exam.closed ? t(`closed.${exam.closed}`) : t("closed.timeUp")}</p>
            {unsentAfterClose !== null && (
              <p className="banner banner-error" data-testid="unsaved-after-close">
                {t(save.journal === "ok" ? "closed.unsaved" : "closed.unsavedLost", {
                  count: save.unsaved,
                  targets: unsentAfterClose,
                })}
              </p>
            )}
            <p className="muted">{t("closed.note")}</p>
            <div className="modal-actions">
              <button type="button" className="btn btn-primary" onClick={() => navigate("/lobby")}>
                {t("app.backToLobby")}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** The current item in its task kind's tool. */
function TaskWorkspace(props: {
  controller: ExamController;
  task: TaskView;
  item: ItemView;
  locked: boolean;
}) {
  const { controller, task, item, locked } = props;
  const { Workspace } = TASK_KIND_CLIENTS[task.kind];
  return (
    <Workspace
      key={item.id}
      task={task}
      item={item}
      editor={controller.editorFor(task, item)}
      locked={locked}
    />
  );
}
