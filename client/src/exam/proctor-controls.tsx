// What the contestant sees of a proctor's controls: a paused or locked overlay over the page, a
// notice after an extension (with the minutes and the new end time), a resume or an unlock, and a
// proctor's message that stays until the contestant acknowledges it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProctorMessage } from "../../../protocol/index.ts";
import { formatDateTimeFor } from "../lib/date-format.ts";
import type { ExamNotice } from "./exam-controller.ts";

/** Paused (the clock stands still) or locked (the clock runs): the page is blocked either way. */
export function ControlOverlay({ paused, locked }: { paused: boolean; locked: boolean }) {
  const { t } = useTranslation();
  if (!paused && !locked) return null;
  // A lock is the stronger of the two: it is shown when both hold.
  const kind = locked ? "locked" : "paused";
  return (
    <div className="modal-backdrop modal-backdrop-soft">
      <div
        className={`modal card control-overlay is-${kind}`}
        data-testid={`exam-${kind}`}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="control-title"
        aria-describedby="control-text"
      >
        <h2 id="control-title">{t(locked ? "examPage.lockedTitle" : "examPage.pausedTitle")}</h2>
        <p id="control-text" className="lead">
          {t(locked ? "examPage.lockedText" : "examPage.pausedText")}
        </p>
        {locked && <p className="muted">{t("examPage.lockedReason")}</p>}
      </div>
    </div>
  );
}

/** After an extension, a resume or an unlock: what changed, until the contestant dismisses it. */
export function NoticeBanner({ notice, onDismiss }: { notice: ExamNotice | null; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  if (!notice) return null;
  const text =
    notice.kind === "extended"
      ? t("examPage.extended", {
          minutes: notice.minutes,
          time: formatDateTimeFor(notice.deadlineAt, i18n.language),
        })
      : t(notice.kind === "resumed" ? "examPage.resumed" : "examPage.unlocked");
  return (
    <div
      className="banner banner-info exam-notice"
      role="status"
      aria-live="polite"
      data-testid="exam-notice"
      data-kind={notice.kind}
    >
      <span>{text}</span>
      <button type="button" className="btn btn-small" data-testid="dismiss-notice" onClick={onDismiss}>
        {t("examPage.dismiss")}
      </button>
    </div>
  );
}

/**
 * The oldest unacknowledged proctor message in a dialog; "I have read it" sends the ack and shows
 * the next one. It cannot be closed otherwise.
 */
export function MessageDialog({
  messages,
  onAcknowledge,
}: {
  messages: readonly ProctorMessage[];
  onAcknowledge: (id: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [sending, setSending] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const message = messages[0];
  if (!message) return null;
  const ack = async () => {
    setSending(message.id);
    setFailed(null);
    const ok = await onAcknowledge(message.id);
    setSending(null);
    if (!ok) setFailed(message.id);
  };
  return (
    <div className="modal-backdrop">
      <div
        className="modal card proctor-message-dialog"
        data-testid="proctor-message"
        data-message-id={message.id}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="proctor-message-title"
        aria-describedby="proctor-message-text"
      >
        <h2 id="proctor-message-title">{t("examPage.messageTitle")}</h2>
        <p id="proctor-message-text" className="lead proctor-message-text">
          {message.text}
        </p>
        <p className="muted small">
          {t("examPage.messageAt", { time: formatDateTimeFor(message.at, i18n.language) })}
          {messages.length > 1 && ` · ${t("examPage.moreMessages", { count: messages.length - 1 })}`}
        </p>
        {failed === message.id && (
          <p className="banner banner-error" role="alert">
            {t("examPage.ackFailed")}
          </p>
        )}
        <div className="modal-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="ack-message"
            disabled={sending === message.id}
            onClick={() => void ack()}
          >
            {sending === message.id ? t("examPage.acknowledging") : t("examPage.acknowledge")}
          </button>
        </div>
      </div>
    </div>
  );
}
