// Sign-in with a ticket number (contestants) or a user name (staff) and a password.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { errorMessage } from "../ui/errors.ts";
import { LangSwitch } from "../ui/lang-switch.tsx";

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!login.trim() || !password) {
      setError(t("login.missing"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.login({ login: login.trim(), password }));
    } catch (err) {
      if (err instanceof ApiError && err.code === "INVALID_CREDENTIALS")
        setError(t("login.invalidCredentials"));
      else if (err instanceof ApiError && err.code === "VALIDATION_FAILED") setError(t("login.missing"));
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
          <button
            type="submit"
            className="btn btn-primary btn-block"
            data-testid="login-submit"
            disabled={busy}
          >
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
      </main>
    </div>
  );
}
