// The contestants of the watched session who are locked out of signing in after wrong passwords,
// each with a reason field and an Unlock button (the server audits the reason). Hidden when none.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LoginLock } from "../../../protocol/index.ts";
import { api } from "../lib/api.ts";
import { formatDuration } from "../lib/format.ts";
import { errorMessage } from "../ui/errors.ts";

/** Locks are read from the server this often: a contestant at the door is seen within this time. */
const POLL_MS = 15_000;

export function LoginLocksPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const [locks, setLocks] = useState<{ list: LoginLock[]; readAt: number }>({ list: [], readAt: 0 });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(() => {
    api.loginLocks(sessionId).then(
      (list) => setLocks({ list, readAt: Date.now() }),
      () => undefined, // the console shows connection trouble already; the next poll tries again
    );
  }, [sessionId]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const counting = locks.list.length > 0;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);

  const lift = (lock: LoginLock) => {
    setBusy(lock.userId);
    setError(null);
    setNotice(null);
    api.liftLoginLock(lock.userId, { reason: (reasons[lock.userId] ?? "").trim() }).then(
      () => {
        setBusy(null);
        setReasons(({ [lock.userId]: _, ...rest }) => rest);
        setNotice(t("proctor.locks.lifted", { name: lock.name }));
        refresh();
      },
      (e: unknown) => {
        setBusy(null);
        setError(errorMessage(t, e));
      },
    );
  };

  if (locks.list.length === 0 && !notice && !error) return null;
  return (
    <section className="card login-locks" data-testid="login-locks">
      <h2>{t("proctor.locks.title")}</h2>
      {locks.list.length > 0 && <p className="muted small">{t("proctor.locks.intro")}</p>}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {locks.list.length > 0 && (
        <table className="roster">
          <thead>
            <tr>
              <th>{t("proctor.columns.ticket")}</th>
              <th>{t("proctor.columns.name")}</th>
              <th>{t("proctor.columns.seat")}</th>
              <th />
              <th>{t("proctor.locks.reason")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {locks.list.map((lock) => {
              const reason = reasons[lock.userId] ?? "";
              const left = lock.retryAfterSeconds * 1000 - (now - locks.readAt);
              return (
                <tr key={lock.userId} data-testid={`login-lock-${lock.ticketNumber}`}>
                  <td className="mono">{lock.ticketNumber}</td>
                  <td>{lock.name}</td>
                  <td>{lock.seat ?? "—"}</td>
                  <td className="muted small">
                    {t("proctor.locks.failures", { count: lock.failures })} ·{" "}
                    {t("proctor.locks.unlocksIn", { time: formatDuration(left) })}
                  </td>
                  <td>
                    <input
                      type="text"
                      maxLength={500}
                      value={reason}
                      placeholder={t("proctor.locks.reasonHint")}
                      aria-label={t("proctor.locks.reason")}
                      data-testid="lock-reason"
                      onChange={(e) => setReasons((r) => ({ ...r, [lock.userId]: e.target.value }))}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      data-testid="lock-lift"
                      disabled={busy !== null || reason.trim().length < 2}
                      onClick={() => lift(lock)}
                    >
                      {t("proctor.locks.lift")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
