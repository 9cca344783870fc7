// The bar on top of the lobby and the proctor pages: the app's name, the user, language and sign-out.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LangSwitch } from "./lang-switch.tsx";
import { useSession } from "./session-context.tsx";

export function AppHeader({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          LA
        </span>
        <span className="brand-name">{t("app.name")}</span>
        <span className="brand-tagline">{t("app.tagline")}</span>
      </div>
      <div className="app-header-middle">{children}</div>
      <div className="app-header-right">
        <span className="user-name">{me.name}</span>
        <LangSwitch />
        <button type="button" className="btn btn-ghost" onClick={signOut}>
          {t("app.signOut")}
        </button>
      </div>
    </header>
  );
}
