// Pieces the judging pages share: a narrow translator, the translated refusal, a subject's name,
// the adjustment form and an appeal with its answer form.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AdjustmentView, AppealView, AttemptReview, Subject } from "../../../protocol/index.ts";
import { formatInstant } from "../admin/values.ts";
import { ApiError } from "../lib/api.ts";
import { judgeApi } from "../lib/judge-api.ts";
import { formatShare, parsePercent } from "./format.ts";

/** A translator as narrow as these pages need: the whole dictionary's type is too deep (TS2589). */
export type Tr = (key: string, params?: Record<string, unknown>) => string;

export function useTr(): { t: Tr; lang: string } {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as Tr, lang: i18n.language };
}

/** The server's refusal in words: the translated code when there is one (errors.RESULTS_RELEASED…). */
export function useRefusal(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Tr;
  return (e: unknown) => {
    if (e instanceof ApiError) {
      if (i18n.exists(`errors.${e.code}`)) return tr(`errors.${e.code}`);
      return tr("errors.generic", { message: e.message });
    }
    return tr("errors.generic", { message: e instanceof Error ? e.message : String(e) });
  };
}

/** "Task 2, item 3" / "Question 14". */
export function subjectName(
  t: Tr,
  a: Pick<AppealView, "taskPosition" | "itemPosition" | "questionPosition" | "subject">,
): string {
  if ("questionId" in a.subject)
    return t("judging.appeals.subjectQuestion", { question: a.questionPosition ?? "?" });
  return t("judging.appeals.subjectItem", { task: a.taskPosition ?? "?", item: a.itemPosition ?? "?" });
}

export const subjectTestId = (s: Subject) =>
  "itemId" in s ? `item-${s.itemId}` : `question-${s.questionId}`;

/** The adjustment in force, in a line. */
export function AdjustmentNote({ adjustment }: { adjustment: AdjustmentView | null }) {
  const { t } = useTr();
  if (!adjustment || adjustment.supersededAt) return null;
  return (
    <p className="judge-adjustment" data-testid="adjustment-in-force">
      {t("judging.attempt.adjustment", {
        share: formatShare(adjustment.score),
        by: adjustment.by,
        reason: adjustment.reason,
      })}
    </p>
  );
}

/** "Adjust" and its form: a share (0–100 %) or the withdrawal of the adjustment in force, and a reason. */
export function AdjustForm({
  attemptId,
  subject,
  adjustment,
  lockedBy,
  onSent,
}: {
  attemptId: string;
  subject: Subject;
  adjustment: AdjustmentView | null;
  /** Why adjusting is refused now (an error code), or null. */
  lockedBy: string | null;
  onSent: (review: AttemptReview) => void;
}) {
  const { t } = useTr();
  const [open, setOpen] = useState(false);
  const [share, setShare] = useState("");
  const [withdraw, setWithdraw] = useState(false);
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = subjectTestId(subject);
  const inForce = adjustment && !adjustment.supersededAt ? adjustment : null;

  // Refused now: the button stays, disabled, and says why (the page's banner says it once in full).
  if (lockedBy)
    return (
      <button
        type="button"
        className="btn btn-small"
        disabled
        title={t(`errors.${lockedBy}`)}
        data-testid={`adjust-${id}`}
        data-locked={lockedBy}
      >
        {t("judging.adjust.open")}
      </button>
    );
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          setOpen(true);
          setShare(inForce ? String(Math.round(inForce.score * 1000) / 10) : "");
        }}
        data-testid={`adjust-${id}`}
      >
        {t("judging.adjust.open")}
      </button>
    );

  const parsed = parsePercent(share);
  const shareIssue = !withdraw && parsed === null ? t("judging.adjust.invalidShare") : null;
  const reasonIssue = reason.trim().length < 2 ? t("judging.adjust.invalidReason") : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (shareIssue || reasonIssue) return;
    setBusy(true);
    setError(null);
    try {
      const review = await judgeApi.adjust(attemptId, {
        subject,
        score: withdraw ? null : parsed,
        reason: reason.trim(),
      });
      setOpen(false);
      setReason("");
      setTouched(false);
      onSent(review);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="judge-form" onSubmit={submit} data-testid={`adjust-form-${id}`} noValidate>
      <strong className="judge-form-title">{t("judging.adjust.title")}</strong>
      <div className="judge-form-row">
        <label className="judge-field judge-field-share">
          <span>{t("judging.adjust.share")}</span>
          <input
            type="text"
            inputMode="decimal"
            value={share}
            disabled={withdraw}
            onChange={(e) => setShare(e.target.value)}
            aria-invalid={touched && shareIssue ? true : undefined}
            data-testid={`adjust-share-${id}`}
          />
        </label>
        {inForce && (
          <label className="judge-check">
            <input
              type="checkbox"
              checked={withdraw}
              onChange={(e) => setWithdraw(e.target.checked)}
              data-testid={`adjust-withdraw-${id}`}
            />
            <span>{t("judging.adjust.withdraw")}</span>
          </label>
        )}
      </div>
      <label className="judge-field">
        <span>{t("judging.adjust.reason")}</span>
        <textarea
          value={reason}
          maxLength={500}
          rows={2}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={touched && reasonIssue ? true : undefined}
          data-testid={`adjust-reason-${id}`}
        />
      </label>
      <FormFoot
        id={id}
        prefix="adjust"
        issue={touched ? (shareIssue ?? reasonIssue) : null}
        error={error}
        busy={busy}
        submit={t("judging.adjust.submit")}
        sending={t("judging.adjust.sending")}
        cancel={{ label: t("judging.adjust.cancel"), onClick: () => setOpen(false) }}
      />
    </form>
  );
}

/** An appeal as the judge sees it: the message, its status or answer, and the answer form while OPEN. */
export function AppealBox({
  appeal,
  onAnswered,
  showSubject = false,
}: {
  appeal: AppealView;
  onAnswered: () => void;
  showSubject?: boolean;
}) {
  const { t, lang } = useTr();
  return (
    <div
      className={`judge-appeal judge-appeal-${appeal.status.toLowerCase()}`}
      data-testid={`appeal-${appeal.id}`}
      data-status={appeal.status}
    >
      <div className="judge-appeal-head">
        <strong>{t("judging.appeals.inline")}</strong>
        {showSubject && <span>{subjectName(t, appeal)}</span>}
        <span className={`badge judge-badge-${appeal.status.toLowerCase()}`}>
          {t(`judging.appeals.status.${appeal.status}`)}
        </span>
        <span className="muted small">{formatInstant(appeal.filedAt, lang)}</span>
      </div>
      <p className="judge-appeal-message">{appeal.message}</p>
      {appeal.status !== "OPEN" ? (
        <p className="judge-appeal-answer" data-testid={`appeal-answer-${appeal.id}`}>
          {t("judging.appeals.answered", {
            status: t(`judging.appeals.status.${appeal.status}`),
            time: formatInstant(appeal.answeredAt, lang),
          })}
          {appeal.score !== null &&
            ` · ${t("judging.appeals.newShare", { share: formatShare(appeal.score) })}`}
          {appeal.answer ? ` · ${appeal.answer}` : ""}
        </p>
      ) : (
        <AppealAnswerForm appeal={appeal} onAnswered={onAnswered} />
      )}
    </div>
  );
}

/** Accept (with the new share) or reject an OPEN appeal, with a reason. */
export function AppealAnswerForm({ appeal, onAnswered }: { appeal: AppealView; onAnswered: () => void }) {
  const { t } = useTr();
  const [decision, setDecision] = useState<"ACCEPTED" | "REJECTED">("ACCEPTED");
  const [share, setShare] = useState("");
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parsed = parsePercent(share);
  const shareIssue = decision === "ACCEPTED" && parsed === null ? t("judging.adjust.invalidShare") : null;
  const reasonIssue = reason.trim().length < 2 ? t("judging.adjust.invalidReason") : null;
  const id = appeal.id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (shareIssue || reasonIssue) return;
    setBusy(true);
    setError(null);
    try {
      await judgeApi.answerAppeal(
        appeal.id,
        decision === "ACCEPTED"
          ? { decision, score: parsed as number, reason: reason.trim() }
          : { decision, reason: reason.trim() },
      );
      onAnswered();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="judge-form" onSubmit={submit} data-testid={`appeal-form-${id}`} noValidate>
      <fieldset className="judge-decision">
        <legend>{t("judging.appeals.decision")}</legend>
        <label className="judge-check">
          <input
            type="radio"
            name={`decision-${id}`}
            checked={decision === "ACCEPTED"}
            onChange={() => setDecision("ACCEPTED")}
            data-testid={`appeal-accept-${id}`}
          />
          <span>{t("judging.appeals.accept")}</span>
        </label>
        <label className="judge-check">
          <input
            type="radio"
            name={`decision-${id}`}
            checked={decision === "REJECTED"}
            onChange={() => setDecision("REJECTED")}
            data-testid={`appeal-reject-${id}`}
          />
          <span>{t("judging.appeals.reject")}</span>
        </label>
      </fieldset>
      {decision === "ACCEPTED" && (
        <label className="judge-field judge-field-share">
          <span>{t("judging.appeals.share")}</span>
          <input
            type="text"
            inputMode="decimal"
            value={share}
            onChange={(e) => setShare(e.target.value)}
            aria-invalid={touched && shareIssue ? true : undefined}
            data-testid={`appeal-share-${id}`}
          />
        </label>
      )}
      <label className="judge-field">
        <span>{t("judging.appeals.reason")}</span>
        <textarea
          value={reason}
          rows={2}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={touched && reasonIssue ? true : undefined}
          data-testid={`appeal-reason-${id}`}
        />
      </label>
      <FormFoot
        id={id}
        prefix="appeal"
        issue={touched ? (shareIssue ?? reasonIssue) : null}
        error={error}
        busy={busy}
        submit={t("judging.appeals.submit")}
        sending={t("judging.appeals.sending")}
      />
    </form>
  );
}

/**
 * The foot of a judge's form: the first issue once the form was tried, the server's refusal, and
 * the submit (and cancel) buttons. `prefix` names the test ids (`<prefix>-error-<id>`, `-submit-`).
 */
export function FormFoot({
  id,
  prefix,
  issue,
  error,
  busy,
  submit,
  sending,
  cancel,
}: {
  id: string;
  prefix: string;
  issue: string | null | undefined;
  error: unknown;
  busy: boolean;
  submit: string;
  sending: string;
  cancel?: { label: string; onClick: () => void };
}) {
  const refusal = useRefusal();
  return (
    <>
      {issue && (
        <p className="field-issue" role="alert">
          {issue}
        </p>
      )}
      {error !== null && (
        <p className="banner banner-error" role="alert" data-testid={`${prefix}-error-${id}`}>
          {refusal(error)}
        </p>
      )}
      <div className="judge-form-actions">
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={busy}
          data-testid={`${prefix}-submit-${id}`}
        >
          {busy ? sending : submit}
        </button>
        {cancel && (
          <button type="button" className="btn btn-ghost btn-small" onClick={cancel.onClick}>
            {cancel.label}
          </button>
        )}
      </div>
    </>
  );
}
