// Documents that could not be read (a damaged saved answer, a damaged copy on this computer): named
// in a banner instead of showing up as a blank canvas or an unanswered question.
import type { TFunction } from "i18next";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { AnswerTarget, QuestionView, TaskView } from "../../../protocol/index.ts";
import type { DocumentProblem, Target } from "./answers.ts";

/** "Question 3", "Street scene, image 2": how the page names a question or an item. */
export function targetName(
  t: TFunction,
  questions: readonly QuestionView[],
  tasks: readonly TaskView[],
  target: AnswerTarget,
): string {
  if (target.kind === "question") {
    // Numbered as shown (a shuffled section's stored positions are not its order on screen).
    const i = questions.findIndex((x) => x.id === target.id);
    return i >= 0 ? t("exam.question", { n: i + 1 }) : target.id;
  }
  for (const task of tasks) {
    const item = task.items.find((it) => it.id === target.id);
    if (item) return t("exam.itemName", { task: task.title, n: item.position });
  }
  return target.id;
}

/** A button that reads as a link inside the banner's text. */
const LINK: CSSProperties = {
  display: "inline",
  background: "none",
  border: 0,
  padding: 0,
  color: "inherit",
  font: "inherit",
  textAlign: "left",
  textDecoration: "underline",
  cursor: "pointer",
};

export interface DocumentProblemsProps {
  problems: readonly DocumentProblem[];
  questions: readonly QuestionView[];
  tasks: readonly TaskView[];
  onSelect: (target: Target) => void;
  onDismiss: () => void;
}

export function DocumentProblems({ problems, questions, tasks, onSelect, onDismiss }: DocumentProblemsProps) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="document-error">
      <p>{t("exam.documentError")}</p>
      <ul>
        {problems.map((p, i) => {
          const key = p.target ? `${p.target.kind}:${p.target.id}` : "";
          const name = p.target ? targetName(t, questions, tasks, p.target) : "";
          const text = !p.target
            ? t("exam.documentLocalUnknown", { reason: p.reason })
            : t(p.source === "server" ? "exam.documentServer" : "exam.documentLocal", {
                target: name,
                reason: p.reason,
              });
          const target = p.target;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
            <li key={i} data-target={key} data-source={p.source}>
              {target ? (
                <button type="button" style={LINK} onClick={() => onSelect(target)}>
                  {text}
                </button>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="btn btn-small"
        data-testid="document-error-dismiss"
        onClick={onDismiss}
      >
        {t("exam.dismiss")}
      </button>
    </div>
  );
}
