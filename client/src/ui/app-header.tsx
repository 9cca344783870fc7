// The bar on top of the lobby and the staff pages: the app's name, the staff member's workspaces,
// the user, language and sign-out.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../../protocol/index.ts";
import { usePath } from "../lib/router.ts";
import { LangSwitch } from "./lang-switch.tsx";
import { Link } from "./link.tsx";
import { useSession } from "./session-context.tsx";

type Workspace = "admin" | "host" | "proctor" | "judge";

/** The staff pages a user's roles reach (the server checks every request again). */
export function workspacesOf(me: Me): Workspace[] {
  const has = (r: Me["roles"][number]) => me.roles.includes(r);
  const out: Workspace[] = [];
  if (has("ADMIN")) out.push("admin");
  if (has("ADMIN") || has("REGION_HOST")) out.push("host");
  if (has("ADMIN") || has("REGION_HOST") || has("PROCTOR") || has("JUDGE")) out.push("proctor");
  if (has("ADMIN") || has("JUDGE")) out.push("judge");
  return out;
}

function WorkspaceNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  const path = usePath();
  const spaces = workspacesOf(me);
  if (spaces.length < 2) return null;
  return (
    <nav className="workspace-nav" aria-label={t("app.workspaces")}>
      {spaces.map((w) => (
        <Link
          key={w}
          to={`/${w}`}
          data-testid={`workspace-${w}`}
          className={path === `/${w}` || path.startsWith(`/${w}/`) ? "active" : undefined}
          aria-current={path === `/${w}` || path.startsWith(`/${w}/`) ? "page" : undefined}
        >
          {t(`app.workspace.${w}`)}
        </Link>
      ))}
    </nav>
  );
}

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
      <WorkspaceNav me={me} />
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
