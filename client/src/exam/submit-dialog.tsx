// The confirmation before submitting: what is answered, what is unsaved, then submit.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../ui/errors.ts";
import { type ExamController, UnsavedAnswersError } from "./exam-controller.ts";

export interface SubmitDialogProps {
  controller: ExamController;
  questions: { done: number; total: number };
  items: { done: number; total: number };
  unsaved: number;
  onClose: () => void;
}

export function SubmitDialog({ controller, questions, items, unsaved, onClose }: SubmitDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unsavedFailed, setUnsavedFailed] = useState<number | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => cancelRef.current?.focus(), []);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await controller.submit(unsavedFailed !== null);
      onClose();
    } catch (e) {
      if (e instanceof UnsavedAnswersError) setUnsavedFailed(e.unsaved);
      else setError(t("submit.failed", { message: errorMessage(t, e) }));
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="submit-title"
        onKeyDown={(e) => {
          e.stopPropagation(); // keys here are not canvas shortcuts
          if (e.key === "Escape" && !busy) onClose();
        }}
      >
        <h2 id="submit-title">{t("submit.title")}</h2>
        <p>{t("submit.body")}</p>
        <ul className="submit-stats">
          {questions.total > 0 && <li>{t("submit.questions", questions)}</li>}
          {items.total > 0 && <li>{t("submit.items", items)}</li>}
        </ul>
        {unsavedFailed === null && unsaved > 0 && (
          <p className="muted">{t("submit.unsaved", { count: unsaved })}</p>
        )}
        {unsavedFailed !== null && (
          <p className="form-error" role="alert">
            {t("submit.unsavedFailed", { count: unsavedFailed })}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" ref={cancelRef} onClick={onClose} disabled={busy}>
            {t("submit.cancel")}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="confirm-submit"
            onClick={() => void confirm()}
            disabled={busy}
          >
            {busy
              ? t("submit.submitting")
              : unsavedFailed !== null
                ? t("submit.confirmAnyway")
                : t("submit.confirm")}
          </button>
        </div>
      </div>
    </div>
  );
}
