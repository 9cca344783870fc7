// A proctor's control on one contestant (extend, pause, resume, lock, unlock, force-submit, report,
// retry scoring) or on the whole session (extend, pause or resume everyone): asks for the reason,
// which the server writes to the audit log, and shows the server's refusal with its code.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ack, AttemptState, ErrorBody, RosterEntry } from "../../../protocol/index.ts";
import { api } from "../lib/api.ts";
import type { ProctorSocket } from "../lib/socket.ts";
import { ackOrTimeout } from "./use-roster.ts";

export type AttemptActionKind =
  | "extend"
  | "force-submit"
  | "retry-scoring"
  | "pause"
  | "resume"
  | "lock"
  | "unlock"
  | "report";
export type SessionActionKind = "extend-all" | "pause-all" | "resume-all";
export type ProctorActionKind = AttemptActionKind | SessionActionKind;

const TITLE = {
  extend: "proctor.actions.extendTitle",
  "force-submit": "proctor.actions.forceTitle",
  "retry-scoring": "proctor.actions.retryTitle",
  pause: "proctorConsole.dialog.pauseTitle",
  resume: "proctorConsole.dialog.resumeTitle",
  lock: "proctorConsole.dialog.lockTitle",
  unlock: "proctorConsole.dialog.unlockTitle",
  report: "proctorConsole.dialog.reportTitle",
  "extend-all": "proctorConsole.dialog.extendAllTitle",
  "pause-all": "proctorConsole.dialog.pauseAllTitle",
  "resume-all": "proctorConsole.dialog.resumeAllTitle",
} as const;
const BODY = {
  extend: "proctor.actions.extendBody",
  "force-submit": "proctor.actions.forceBody",
  "retry-scoring": "proctor.actions.retryBody",
  pause: "proctorConsole.dialog.pauseBody",
  resume: "proctorConsole.dialog.resumeBody",
  lock: "proctorConsole.dialog.lockBody",
  unlock: "proctorConsole.dialog.unlockBody",
  report: "proctorConsole.dialog.reportBody",
  "extend-all": "proctorConsole.dialog.extendAllBody",
  "pause-all": "proctorConsole.dialog.pauseAllBody",
  "resume-all": "proctorConsole.dialog.resumeAllBody",
} as const;
const CONFIRM = {
  extend: "proctorConsole.act.extend",
  "force-submit": "proctorConsole.act.forceSubmitFull",
  "retry-scoring": "proctor.actions.retryScoring",
  pause: "proctorConsole.act.pause",
  resume: "proctorConsole.act.resume",
  lock: "proctorConsole.act.lock",
  unlock: "proctorConsole.act.unlock",
  report: "proctorConsole.act.report",
  "extend-all": "proctorConsole.act.extendAll",
  "pause-all": "proctorConsole.act.pauseAll",
  "resume-all": "proctorConsole.act.resumeAll",
} as const;
const DANGER = new Set<ProctorActionKind>(["force-submit", "lock", "pause-all"]);

/** What a successful control changed, for the console to show at once. */
export interface ActionResult {
  kind: ProctorActionKind;
  /** The attempts' new states (one, or those a session-wide control applied to). */
  states: AttemptState[];
}

export interface ActionDialogProps {
  kind: ProctorActionKind;
  /** The contestant (a session-wide control has none). */
  entry: RosterEntry | null;
  sessionId: string;
  socket: ProctorSocket;
  onClose: () => void;
  onDone?: (result: ActionResult) => void;
}

export function ActionDialog({ kind, entry, sessionId, socket, onClose, onDone }: ActionDialogProps) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState(10);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => reasonRef.current?.focus(), []);

  const finish = <T,>(res: Ack<T>, states: (data: T) => AttemptState[]) => {
    setBusy(false);
    if (res.error) {
      setError(res.error);
      return;
    }
    onDone?.({ kind, states: states(res.data) });
    onClose();
  };

  const confirm = () => {
    setBusy(true);
    setError(null);
    const trimmed = reason.trim();
    const timeout = t("proctor.actions.timeout");
    const s = socket.timeout(10_000);
    const one = (state: AttemptState) => [state];
    const none = () => [];
    const attemptId = entry?.attemptId ?? "";
    switch (kind) {
      case "retry-scoring":
        api.retryScoring(attemptId, { reason: trimmed }).then(
          () => finish({ data: null }, none),
          (e: unknown) =>
            finish(
              {
                error: {
                  code: (e as { code?: ErrorBody["code"] }).code ?? "INTERNAL",
                  message: e instanceof Error ? e.message : String(e),
                },
              },
              none,
            ),
        );
        return;
      case "extend":
        s.emit(
          "attempt:extend",
          { attemptId, minutes, reason: trimmed },
          ackOrTimeout(timeout, (r) => finish(r, one)),
        );
        return;
      case "force-submit":
        s.emit(
          "attempt:force-submit",
          { attemptId, reason: trimmed },
          ackOrTimeout(timeout, (r) => finish(r, none)),
        );
        return;
      case "pause":
      case "resume":
      case "lock":
      case "unlock":
        s.emit(
          `attempt:${kind}`,
          { attemptId, reason: trimmed },
          ackOrTimeout(timeout, (r) => finish(r, one)),
        );
        return;
      case "report":
        s.emit(
          "attempt:report",
          { attemptId, reason: trimmed, ...(note.trim() ? { note: note.trim() } : {}) },
          ackOrTimeout(timeout, (r) => finish(r, none)),
        );
        return;
      case "extend-all":
        s.emit(
          "session:extend",
          { sessionId, minutes, reason: trimmed },
          ackOrTimeout(timeout, (r) => finish(r, (d) => d.affected)),
        );
        return;
      case "pause-all":
      case "resume-all":
        s.emit(
          kind === "pause-all" ? "session:pause" : "session:resume",
          { sessionId, reason: trimmed },
          ackOrTimeout(timeout, (r) => finish(r, (d) => d.affected)),
        );
        return;
    }
  };

  const who = entry ? `${entry.contestant.ticketNumber} ${entry.contestant.name}` : "";
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
        {kind === "retry-scoring" && entry?.scoringError && (
          <p className="muted small" data-testid="scoring-error">
            {entry.scoringError}
          </p>
        )}
        {(kind === "extend" || kind === "extend-all") && (
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
        {kind === "report" && (
          <label className="field">
            <span>{t("proctorConsole.dialog.note")}</span>
            <textarea
              rows={3}
              maxLength={2000}
              value={note}
              data-testid="action-note"
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="action-error" data-code={error.code}>
            {t("proctorConsole.dialog.refused", { code: error.code, message: error.message })}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("proctor.actions.cancel")}
          </button>
          <button
            type="button"
            className={DANGER.has(kind) ? "btn btn-danger" : "btn btn-primary"}
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
