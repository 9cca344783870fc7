// The exam's left column: every theory question and practical item, with done marks.
import { useTranslation } from "react-i18next";
import type { QuestionAnswer, QuestionView, TaskView } from "../../../protocol/index.ts";
import { isQuestionAnswered, sameTarget, type Target } from "./answers.ts";

export interface ExamNavProps {
  questions: readonly QuestionView[];
  tasks: readonly TaskView[];
  answers: Readonly<Record<string, QuestionAnswer>>;
  doneItems: Readonly<Record<string, boolean>>;
  current: Target;
  onSelect: (target: Target) => void;
}

export function ExamNav({ questions, tasks, answers, doneItems, current, onSelect }: ExamNavProps) {
  const { t } = useTranslation();
  const answered = questions.filter((q) => isQuestionAnswered(answers[q.id])).length;
  return (
    <nav className="exam-nav" aria-label={t("exam.navigation")}>
      {questions.length > 0 && (
        <div className="nav-section">
          <h3>
            {t("exam.theory")}
            <span className="nav-count">
              {answered}/{questions.length}
            </span>
          </h3>
          <div className="nav-grid">
            {questions.map((q) => {
              const target: Target = { kind: "question", id: q.id };
              const done = isQuestionAnswered(answers[q.id]);
              return (
                <NavButton
                  key={q.id}
                  testId={`nav-question-${q.position}`}
                  label={String(q.position)}
                  title={`${t("exam.question", { n: q.position })} · ${done ? t("exam.answered") : t("exam.unanswered")}`}
                  done={done}
                  current={sameTarget(current, target)}
                  onClick={() => onSelect(target)}
                />
              );
            })}
          </div>
        </div>
      )}
      {tasks.map((task) => {
        const done = task.items.filter((it) => doneItems[it.id]).length;
        return (
          <div className="nav-section" key={task.id}>
            <h3>
              <span className="nav-task-title" title={task.title}>
                {t("exam.practical")} {task.position}
              </span>
              <span className="nav-count">
                {done}/{task.items.length}
              </span>
            </h3>
            <p className="nav-task-name">{task.title}</p>
            <div className="nav-grid">
              {task.items.map((it) => {
                const target: Target = { kind: "item", id: it.id };
                const itemDone = Boolean(doneItems[it.id]);
                return (
                  <NavButton
                    key={it.id}
                    testId={`nav-item-${task.position}-${it.position}`}
                    label={String(it.position)}
                    title={`${t("exam.item", { n: it.position })} · ${itemDone ? t("exam.answered") : t("exam.unanswered")}`}
                    done={itemDone}
                    current={sameTarget(current, target)}
                    onClick={() => onSelect(target)}
                  />
                );
              })}
            </div>
          </div>
        );
      })}
    </nav>
  );
}

function NavButton(props: {
  testId: string;
  label: string;
  title: string;
  done: boolean;
  current: boolean;
  onClick: () => void;
}) {
  const { testId, label, title, done, current, onClick } = props;
  return (
    <button
      type="button"
      className={`nav-cell${done ? " is-done" : ""}${current ? " is-current" : ""}`}
      data-testid={testId}
      data-done={done}
      aria-current={current ? "step" : undefined}
      title={title}
      aria-label={title}
      onClick={onClick}
    >
      {label}
      {done && (
        <span className="nav-check" aria-hidden="true">
          ✓
        </span>
      )}
    </button>
  );
}
