// The frame of the public registration pages: the brand, links between them and to sign-in, the language.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { Link } from "../ui/link.tsx";
import "./apply.css";

export function ApplyShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="apply-page">
      <header className="apply-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            LA
          </span>
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-tagline apply-tagline">{t("app.tagline")}</span>
        </div>
        <nav className="apply-nav">
          <Link to="/apply" data-testid="nav-apply">
            {t("apply.toApply")}
          </Link>
          <Link to="/apply/status" data-testid="nav-apply-status">
            {t("apply.toStatus")}
          </Link>
          <Link to="/login">{t("apply.toLogin")}</Link>
          <LangSwitch />
        </nav>
      </header>
      <main className="apply-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
