// A proctor's action on one contestant (extend time, force-submit): asks for the reason, which the
// server writes to the audit log, and reports the server's answer.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ack, RosterEntry } from "../../../protocol/index.ts";
import { api } from "../lib/api.ts";
import type { ProctorSocket } from "../lib/socket.ts";

const TITLE = {
  extend: "proctor.actions.extendTitle",
  "force-submit": "proctor.actions.forceTitle",
  "retry-scoring": "proctor.actions.retryTitle",
} as const;
const BODY = {
  extend: "proctor.actions.extendBody",
  "force-submit": "proctor.actions.forceBody",
  "retry-scoring": "proctor.actions.retryBody",
} as const;
const CONFIRM = {
  extend: "proctor.actions.extend",
  "force-submit": "proctor.actions.forceSubmit",
  "retry-scoring": "proctor.actions.retryScoring",
} as const;

export type ProctorActionKind = "extend" | "force-submit" | "retry-scoring";

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
    if (kind === "retry-scoring")
      api.retryScoring(attemptId, { reason: trimmed }).then(
        () => done({ data: null }),
        (e: unknown) =>
          done({ error: { code: "INTERNAL", message: e instanceof Error ? e.message : String(e) } }),
      );
    else if (kind === "extend")
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
        <h2 id="action-title">{t(TITLE[kind])}</h2>
        <p>{t(BODY[kind], { who })}</p>
        {kind === "retry-scoring" && entry.scoringError && (
          <p className="muted small" data-testid="scoring-error">
            {entry.scoringError}
          </p>
        )}
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
            className={kind === "force-submit" ? "btn btn-danger" : "btn btn-primary"}
            data-testid="action-confirm"
            disabled={busy || reason.trim().length < 2}
            onClick={confirm}
          >
            {t(CONFIRM[kind])}
          </button>
        </div>
      </div>
    </div>
  );
}
