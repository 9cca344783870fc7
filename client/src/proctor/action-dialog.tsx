// A proctor's action on one contestant (extend time, force-submit): asks for the reason, which the
// server writes to the audit log, and reports the server's answer.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ack, RosterEntry } from "../../../protocol/index.ts";
import type { ProctorSocket } from "../lib/socket.ts";

export type ProctorActionKind = "extend" | "force-submit";

export interface ActionDialogProps {
  kind: ProctorActionKind;
  entry: RosterEntry;
  socket: ProctorSocket;
  onClose: () => void;
}

export function ActionDialog({ kind, entry, socket, onClose }: ActionDialogProps) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState(10);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => reasonRef.current?.focus(), []);

  const done = (res: Ack<unknown>) => {
    setBusy(false);
    if (res.error) setError(res.error.message);
    else onClose();
  };

  const confirm = () => {
    setBusy(true);
    setError(null);
    const attemptId = entry.attemptId;
    const trimmed = reason.trim();
    if (kind === "extend")
      socket
        .timeout(10_000)
        .emit("attempt:extend", { attemptId, minutes, reason: trimmed }, (err, res) =>
          done(err ? { error: { code: "INTERNAL", message: t("proctor.actions.timeout") } } : res),
        );
    else
      socket
        .timeout(10_000)
        .emit("attempt:force-submit", { attemptId, reason: trimmed }, (err, res) =>
          done(err ? { error: { code: "INTERNAL", message: t("proctor.actions.timeout") } } : res),
        );
  };

  const who = `${entry.contestant.ticketNumber} ${entry.contestant.name}`;
  return (
    <div className="modal-backdrop">
      <div
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="action-title"
        data-testid={`action-dialog-${kind}`}
        onKeyDown={(e) => {
          if (e.key === "Escape" && !busy) onClose();
        }}
      >
        <h2 id="action-title">
          {t(kind === "extend" ? "proctor.actions.extendTitle" : "proctor.actions.forceTitle")}
        </h2>
        <p>{t(kind === "extend" ? "proctor.actions.extendBody" : "proctor.actions.forceBody", { who })}</p>
        {kind === "extend" && (
          <label className="field">
            <span>{t("proctor.actions.minutes")}</span>
            <input
              type="number"
              min={1}
              max={240}
              value={minutes}
              data-testid="action-minutes"
              onChange={(e) =>
                setMinutes(Math.max(1, Math.min(240, Math.round(Number(e.target.value) || 1))))
              }
            />
          </label>
        )}
        <label className="field">
          <span>{t("proctor.actions.reason")}</span>
          <textarea
            ref={reasonRef}
            rows={3}
            maxLength={500}
            value={reason}
            data-testid="action-reason"
            placeholder={t("proctor.actions.reasonHint")}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="action-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("proctor.actions.cancel")}
          </button>
          <button
            type="button"
            className={kind === "extend" ? "btn btn-primary" : "btn btn-danger"}
            data-testid="action-confirm"
            disabled={busy || reason.trim().length < 2}
            onClick={confirm}
          >
            {t(kind === "extend" ? "proctor.actions.extend" : "proctor.actions.forceSubmit")}
          </button>
        </div>
      </div>
    </div>
  );
}
