// A notice from the proctor to every contestant of the session (written to the audit log).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProctorSocket } from "../lib/socket.ts";

export function MessageForm({ sessionId, socket }: { sessionId: string; socket: ProctorSocket | null }) {
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
    socket.timeout(10_000).emit("message:send", { sessionId, text: text.trim() }, (err, res) => {
      if (err || res.error)
        setState({ busy: false, error: res?.error?.message ?? t("proctor.actions.timeout"), sent: false });
      else {
        setText("");
        setState({ busy: false, error: null, sent: true });
      }
    });
  };
  return (
    <form
      className="message-form"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input
        type="text"
        maxLength={500}
        value={text}
        placeholder={t("proctor.message.placeholder")}
        data-testid="message-text"
        onChange={(e) => setText(e.target.value)}
      />
      <button
        type="submit"
        className="btn btn-primary"
        data-testid="message-send"
        disabled={state.busy || text.trim() === "" || !socket}
      >
        {t("proctor.message.send")}
      </button>
      {state.sent && <span className="muted small">{t("proctor.message.sent")}</span>}
      {state.error && (
        <span className="form-error" role="alert">
          {state.error}
        </span>
      )}
    </form>
  );
}
