// The contestant's appeals on their released result (issue 10): the window's closing time, per item
// or question an "appeal" button while the window is open, a short form (at most 1000 characters),
// and the appeal's status with the judges' answer. Only the contestant's own appeals are ever loaded.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppealList, AppealView, Subject } from "../../../protocol/index.ts";
import { ApiError } from "../lib/api.ts";
import { formatDateTimeFor } from "../lib/date-format.ts";
import { appealsApi } from "../lib/judge-api.ts";
import { formatPercent, type Translate } from "./explain.ts";

export const APPEAL_MAX = 1000;

export const subjectId = (s: Subject) => ("itemId" in s ? `item-${s.itemId}` : `question-${s.questionId}`);

/** The appeal filed on a subject, if any. */
export function appealOn(list: AppealList | null, s: Subject): AppealView | null {
  if (!list) return null;
  const key = subjectId(s);
  return list.appeals.find((a) => subjectId(a.subject) === key) ?? null;
}

/** The window line: when appeals close, or that they closed. */
export function AppealWindow({ list }: { list: AppealList | null }) {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Translate;
  if (!list?.closesAt) return null;
  const time = formatDateTimeFor(list.closesAt, i18n.language);
  return (
    <p
      className={list.open ? "banner banner-info" : "muted"}
      data-testid="appeal-window"
      data-open={list.open ? "true" : "false"}
    >
      {list.open ? tr("results.appeal.window", { time }) : tr("results.appeal.closed", { time })}
    </p>
  );
}

/** An appeal's status and the judges' answer. */
export function AppealStatusView({ appeal }: { appeal: AppealView }) {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Translate;
  return (
    <div
      className={`result-appeal result-appeal-${appeal.status.toLowerCase()}`}
      data-testid={`appeal-status-${subjectId(appeal.subject)}`}
      data-status={appeal.status}
    >
      <p className="result-appeal-head">
        <strong>{tr(`results.appeal.status.${appeal.status}`)}</strong>{" "}
        <span className="muted small">
          {tr("results.appeal.filed", { time: formatDateTimeFor(appeal.filedAt, i18n.language) })}
        </span>
      </p>
      <p className="result-appeal-text">{tr("results.appeal.yours", { message: appeal.message })}</p>
      {appeal.answer && (
        <p className="result-appeal-text" data-testid={`appeal-answer-${subjectId(appeal.subject)}`}>
          {tr("results.appeal.answer", { answer: appeal.answer })}
          {appeal.status === "ACCEPTED" && appeal.score !== null
            ? ` · ${tr("results.appeal.newScore", { percent: formatPercent(appeal.score) })}`
            : ""}
        </p>
      )}
    </div>
  );
}

/** The button and, once pressed, the form of a new appeal on one subject. */
export function AppealForm({
  attemptId,
  subject,
  onFiled,
  onClose,
}: {
  attemptId: string;
  subject: Subject;
  onFiled: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Translate;
  const [message, setMessage] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = subjectId(subject);
  const trimmed = message.trim();
  const issue =
    trimmed.length === 0
      ? tr("results.appeal.empty")
      : [...trimmed].length > APPEAL_MAX
        ? tr("results.appeal.tooLong")
        : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (issue) return;
    setBusy(true);
    setError(null);
    try {
      await appealsApi.file(attemptId, { subject, message: trimmed });
      onFiled();
    } catch (err) {
      if (err instanceof ApiError && i18n.exists(`errors.${err.code}`)) setError(tr(`errors.${err.code}`));
      else setError(tr("errors.generic", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="result-appeal-form" onSubmit={submit} data-testid={`appeal-form-${id}`} noValidate>
      <label className="result-appeal-field">
        <span>{tr("results.appeal.message")}</span>
        <textarea
          value={message}
          rows={3}
          maxLength={APPEAL_MAX}
          onChange={(e) => setMessage(e.target.value)}
          aria-invalid={touched && issue ? true : undefined}
          data-testid={`appeal-message-${id}`}
        />
      </label>
      <div className="result-appeal-actions">
        <span className="muted small">{tr("results.appeal.count", { count: [...message].length })}</span>
        {touched && issue && (
          <span className="field-issue" role="alert">
            {issue}
          </span>
        )}
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={busy}
          data-testid={`appeal-submit-${id}`}
        >
          {busy ? tr("results.appeal.sending") : tr("results.appeal.submit")}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          {tr("results.appeal.cancel")}
        </button>
      </div>
      {error && (
        <p className="banner banner-error" role="alert" data-testid={`appeal-error-${id}`}>
          {error}
        </p>
      )}
    </form>
  );
}

/** The "appeal" button of one subject. */
export function AppealButton({ subject, onClick }: { subject: Subject; onClick: () => void }) {
  const { t } = useTranslation();
  const tr = t as unknown as Translate;
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={onClick}
      data-testid={`appeal-open-${subjectId(subject)}`}
    >
      {tr("results.appeal.open")}
    </button>
  );
}
