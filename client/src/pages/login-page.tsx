// Sign-in with a ticket number (contestants) or a user name (staff) and a password.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LoginLockedDetails, Me } from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { formatDuration } from "../lib/format.ts";
import { errorMessage } from "../ui/errors.ts";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { Link } from "../ui/link.tsx";
import "../apply/apply.css";

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Too many wrong passwords: until when (this browser's clock) and whether the account or the address. */
  const [lock, setLock] = useState<{ until: number; scope: LoginLockedDetails["scope"] } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!lock) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= lock.until) setLock(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [lock]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!login.trim() || !password) {
      setError(t("login.missing"));
      return;
    }
    setBusy(true);
    setError(null);
    setLock(null);
    try {
      onSignedIn(await api.login({ login: login.trim(), password }));
    } catch (err) {
      if (err instanceof ApiError && err.code === "INVALID_CREDENTIALS")
        setError(t("login.invalidCredentials"));
      else if (err instanceof ApiError && err.code === "LOGIN_LOCKED") {
        const details = err.details as Partial<LoginLockedDetails> | undefined;
        const at = Date.now();
        setNow(at);
        setLock({
          until: at + (details?.retryAfterSeconds ?? 60) * 1000,
          scope: details?.scope === "address" ? "address" : "account",
        });
      } else if (err instanceof ApiError && err.code === "VALIDATION_FAILED") setError(t("login.missing"));
      else setError(errorMessage(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-top">
        <LangSwitch />
      </div>
      <main className="login-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            LA
          </span>
          <div>
            <div className="brand-name">{t("app.name")}</div>
            <div className="brand-tagline">{t("app.tagline")}</div>
          </div>
        </div>
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.subtitle")}</p>
        <form data-testid="login-form" onSubmit={submit} noValidate>
          <label className="field">
            <span>{t("login.login")}</span>
            <input
              data-testid="login-input"
              name="login"
              autoComplete="username"
              autoCapitalize="off"
              spellCheck={false}
              placeholder={t("login.loginPlaceholder")}
              value={login}
              onChange={(e) => setLogin(e.target.value)}
              aria-invalid={error !== null}
            />
          </label>
          <label className="field">
            <span>{t("login.password")}</span>
            <input
              data-testid="password-input"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error !== null}
            />
          </label>
          {error && (
            <p className="form-error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          {lock && (
            <p className="form-error" role="alert" data-testid="login-locked" data-scope={lock.scope}>
              {t(lock.scope === "address" ? "login.lockedAddress" : "login.locked", {
                time: formatDuration(lock.until - now),
              })}
            </p>
          )}
          <button
            type="submit"
            className="btn btn-primary btn-block"
            data-testid="login-submit"
            disabled={busy}
          >
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <p className="login-apply-links">
          <Link to="/apply" data-testid="login-to-apply">
            {t("apply.loginLinks.register")}
          </Link>
          <Link to="/apply/status" data-testid="login-to-apply-status">
            {t("apply.loginLinks.check")}
          </Link>
        </p>
      </main>
    </div>
  );
}
