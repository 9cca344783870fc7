// Messages from the proctor: to one contestant or to the whole session (stored and audited), and
// the session's messages with how many have acknowledged each ("37/40 acknowledged"), expandable
// to the names of those who have and have not.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProctorMessageView, RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { formatClockFor } from "../lib/date-format.ts";
import type { ProctorSocket } from "../lib/socket.ts";
import { ackOrTimeout } from "./use-roster.ts";

export function MessageForm({
  sessionId,
  socket,
  attemptId,
  onSent,
}: {
  sessionId: string;
  socket: ProctorSocket | null;
  /** One contestant's attempt; without it, everyone in the session. */
  attemptId?: string;
  onSent?: (m: ProctorMessageView) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [state, setState] = useState<{ busy: boolean; error: string | null; sent: boolean }>({
    busy: false,
    error: null,
    sent: false,
  });
  const send = () => {
    if (!socket) return;
    setState({ busy: true, error: null, sent: false });
    socket.timeout(10_000).emit(
      "message:send",
      { sessionId, text: text.trim(), ...(attemptId ? { attemptId } : {}) },
      ackOrTimeout(t("proctor.actions.timeout"), (res) => {
        if (res.error)
          setState({
            busy: false,
            error: t("proctorConsole.dialog.refused", { code: res.error.code, message: res.error.message }),
            sent: false,
          });
        else {
          setText("");
          setState({ busy: false, error: null, sent: true });
          if (res.data.message) onSent?.(res.data.message);
        }
      }),
    );
  };
  const one = attemptId !== undefined;
  return (
    <form
      className="message-form"
      data-testid={one ? "message-one-form" : "message-all-form"}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input
        type="text"
        maxLength={500}
        value={text}
        placeholder={t(
          one ? "proctorConsole.messages.placeholderOne" : "proctorConsole.messages.placeholderAll",
        )}
        data-testid={one ? "message-one-text" : "message-text"}
        onChange={(e) => setText(e.target.value)}
      />
      <button
        type="submit"
        className="btn btn-primary"
        data-testid={one ? "message-one-send" : "message-send"}
        disabled={state.busy || text.trim() === "" || !socket}
      >
        {t(one ? "proctorConsole.messages.send" : "proctorConsole.messages.sendAll")}
      </button>
      {state.sent && <span className="muted small">{t("proctorConsole.messages.sent")}</span>}
      {state.error && (
        <span className="form-error" role="alert" data-testid="message-error">
          {state.error}
        </span>
      )}
    </form>
  );
}

export function MessagesList({ roster, lang }: { roster: SessionRoster; lang: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  if (roster.messages.length === 0) return <p className="muted small">{t("proctorConsole.messages.none")}</p>;
  const byAttempt = new Map(roster.entries.map((e) => [e.attemptId, e]));
  return (
    <ul className="pc-messages" data-testid="messages-list">
      {roster.messages.map((m) => {
        const to = m.attemptId ? byAttempt.get(m.attemptId) : null;
        const expanded = open === m.id;
        return (
          <li key={m.id} data-testid={`message-${m.id}`}>
            <div className="pc-message-line">
              <span className="mono small">{formatClockFor(m.at, lang)}</span>
              <span className="pc-message-to">
                {m.attemptId
                  ? t("proctorConsole.messages.toOne", { who: to ? who(to) : m.attemptId })
                  : t("proctorConsole.messages.toAll")}
              </span>
              <span className="pc-message-text">{m.text}</span>
              <span
                className={`pc-acks${m.acked < m.recipients ? " text-warning" : ""}`}
                data-testid="message-acks"
                data-acked={m.acked}
                data-recipients={m.recipients}
              >
                {t("proctorConsole.messages.acked", { acked: m.acked, recipients: m.recipients })}
              </span>
              <button
                type="button"
                className="btn btn-small"
                aria-expanded={expanded}
                data-testid="message-acks-toggle"
                onClick={() => setOpen(expanded ? null : m.id)}
              >
                {t(expanded ? "proctorConsole.messages.hide" : "proctorConsole.messages.who")}
              </button>
            </div>
            {expanded && <AckNames message={m} entries={roster.entries} />}
          </li>
        );
      })}
    </ul>
  );
}

function who(e: RosterEntry): string {
  return `${e.contestant.seat ? `${e.contestant.seat} ` : ""}${e.contestant.name}`;
}

function AckNames({ message, entries }: { message: ProctorMessageView; entries: RosterEntry[] }) {
  const { t } = useTranslation();
  const mine = entries.filter((e) => e.latestMessage?.id === message.id);
  const acked = mine.filter((e) => e.latestMessage?.acked);
  const waiting = mine.filter((e) => !e.latestMessage?.acked);
  const limit = 200;
  const names = (list: RosterEntry[]) =>
    list.length > limit ? `${list.slice(0, limit).map(who).join("、")} …` : list.map(who).join("、");
  return (
    <div className="pc-ack-names small" data-testid="message-ack-names">
      <p data-testid="acked-names">
        <strong>{t("proctorConsole.messages.ackedList", { count: acked.length })}</strong> {names(acked)}
      </p>
      <p data-testid="waiting-names">
        <strong>{t("proctorConsole.messages.waitingList", { count: waiting.length })}</strong>{" "}
        {names(waiting)}
      </p>
      {mine.length < message.recipients && <p className="muted">{t("proctorConsole.messages.olderOnly")}</p>}
    </div>
  );
}
