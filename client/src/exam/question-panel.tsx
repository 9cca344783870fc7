// One theory question: single choice (radios), multiple choice (checkboxes) or true/false.
import { useTranslation } from "react-i18next";
import type { QuestionAnswer, QuestionView } from "../../../protocol/index.ts";
import { toggleChoice } from "./answers.ts";

export interface QuestionPanelProps {
  question: QuestionView;
  index: number;
  total: number;
  answer: QuestionAnswer | undefined;
  disabled: boolean;
  onAnswer: (answer: QuestionAnswer) => void;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}

/** The letter an option is shown with: by its place on screen (a shuffled question reads A, B, C…). */
function optionKey(i: number, id: string): string {
  return "ABCDEFGH"[i] ?? id;
}

export function QuestionPanel(props: QuestionPanelProps) {
  const { question: q, index, total, answer, disabled, onAnswer, onPrevious, onNext } = props;
  const { t } = useTranslation();
  const choice = answer && "choice" in answer ? answer.choice : null;
  const choices = answer && "choices" in answer ? answer.choices : [];
  const value = answer && "value" in answer ? answer.value : null;
  const name = `question-${q.id}`;

  return (
    <section
      className="question card"
      data-testid={`question-${index + 1}`}
      aria-labelledby={`${name}-prompt`}
    >
      <div className="question-meta">
        <span>{t("exam.questionOf", { n: index + 1, total })}</span>
        <span className="badge">{t(`exam.kinds.${q.kind}`)}</span>
        <span className="muted">{t("exam.points", { points: q.points })}</span>
      </div>
      <h2 className="question-prompt" id={`${name}-prompt`}>
        <span className="question-number">{index + 1}.</span> {q.prompt}
      </h2>
      <fieldset className="options" disabled={disabled}>
        <legend className="visually-hidden">{q.prompt}</legend>
        {q.kind === "SINGLE_CHOICE" &&
          q.options.map((o, i) => (
            <label key={o.id} className={`option${choice === o.id ? " is-checked" : ""}`}>
              <input
                type="radio"
                name={name}
                value={o.id}
                data-testid={`option-${o.id}`}
                checked={choice === o.id}
                onChange={() => onAnswer({ choice: o.id })}
              />
              <span className="option-key">{optionKey(i, o.id)}</span>
              <span className="option-text">{o.text}</span>
            </label>
          ))}
        {q.kind === "MULTIPLE_CHOICE" &&
          q.options.map((o, i) => (
            <label key={o.id} className={`option${choices.includes(o.id) ? " is-checked" : ""}`}>
              <input
                type="checkbox"
                name={name}
                value={o.id}
                data-testid={`option-${o.id}`}
                checked={choices.includes(o.id)}
                onChange={() => onAnswer({ choices: toggleChoice(q, choices, o.id) })}
              />
              <span className="option-key">{optionKey(i, o.id)}</span>
              <span className="option-text">{o.text}</span>
            </label>
          ))}
        {q.kind === "TRUE_FALSE" &&
          ([true, false] as const).map((v) => (
            <label key={String(v)} className={`option${value === v ? " is-checked" : ""}`}>
              <input
                type="radio"
                name={name}
                value={String(v)}
                data-testid={v ? "tf-true" : "tf-false"}
                checked={value === v}
                onChange={() => onAnswer({ value: v })}
              />
              <span className="option-key">{v ? "✓" : "✗"}</span>
              <span className="option-text">{v ? t("exam.true") : t("exam.false")}</span>
            </label>
          ))}
      </fieldset>
      <div className="question-footer">
        <button type="button" className="btn" disabled={!onPrevious} onClick={onPrevious ?? undefined}>
          ← {t("exam.previous")}
        </button>
        <button type="button" className="btn" disabled={!onNext} onClick={onNext ?? undefined}>
          {t("exam.next")} →
        </button>
      </div>
    </section>
  );
}
