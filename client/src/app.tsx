// The app shell: who is signed in, and which page the path shows (with role-based redirects).
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me, Role } from "../../protocol/index.ts";
import { AdminPage } from "./admin/admin-page.tsx";
import { ApplyPage } from "./apply/apply-page.tsx";
import { ApplicationStatusPage } from "./apply/status-page.tsx";
import { PaperPage } from "./authoring/paper-page.tsx";
import { ExamPage } from "./exam/exam-page.tsx";
import { HostPage } from "./host/host-page.tsx";
import { AdmissionTicketsPage } from "./host/tickets-page.tsx";
import { JudgeAppealsPage } from "./judge/judge-appeals-page.tsx";
import { JudgeAttemptPage } from "./judge/judge-attempt-page.tsx";
import { JudgePage } from "./judge/judge-page.tsx";
import { JudgeSessionPage } from "./judge/judge-session-page.tsx";
import { api, onUnauthenticated } from "./lib/api.ts";
import { matchRoute, navigate, usePath } from "./lib/router.ts";
import { LobbyPage } from "./pages/lobby-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { ProctorConsolePage } from "./proctor/console-page.tsx";
import { ProctorSessionsPage } from "./proctor/sessions-page.tsx";
import { ResultPage } from "./results/result-page.tsx";
import { SessionContext, type SessionValue } from "./ui/session-context.tsx";

const STAFF_ROLES: readonly Role[] = ["PROCTOR", "ADMIN", "REGION_HOST", "JUDGE"];

const isContestant = (me: Me) => me.roles.includes("CONTESTANT");
const isStaff = (me: Me) => me.roles.some((r) => STAFF_ROLES.includes(r));
const has = (me: Me, role: Role) => me.roles.includes(role);

/** Where a user lands after signing in: the committee, hosts, judges and proctors each have their own. */
export function homeOf(me: Me): string {
  if (isContestant(me)) return "/lobby";
  if (has(me, "ADMIN")) return "/admin";
  if (has(me, "REGION_HOST")) return "/host";
  if (has(me, "PROCTOR")) return "/proctor";
  if (has(me, "JUDGE")) return "/judge";
  return "/login";
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const route = matchRoute(path);
  /** undefined while asking the server who we are; null when signed out. */
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api.me().then(
      (m) => live && setMe(m),
      () => live && setMe(null),
    );
    const off = onUnauthenticated(() => setMe(null));
    return () => {
      live = false;
      off();
    };
  }, []);

  const signOut = useCallback(() => {
    api.logout().catch(() => undefined);
    setMe(null);
    navigate("/login");
  }, []);

  const session: SessionValue | null = useMemo(() => (me ? { me, signOut } : null), [me, signOut]);

  if (me === undefined) return <div className="page page-center muted">{t("app.loading")}</div>;

  if (route.name === "login")
    return (
      <LoginPage
        onSignedIn={(m) => {
          setMe(m);
          navigate(homeOf(m), { replace: true });
        }}
      />
    );
  // Applicants have no account: the registration pages are public.
  if (route.name === "apply") return <ApplyPage />;
  if (route.name === "apply-status") return <ApplicationStatusPage />;
  if (!me || !session) return <Redirect to="/login" />;

  let page: ReactNode;
  switch (route.name) {
    case "home":
    case "not-found":
      page = <Redirect to={homeOf(me)} />;
      break;
    case "lobby":
      page = isContestant(me) ? <LobbyPage /> : <Redirect to={homeOf(me)} />;
      break;
    case "exam":
      page = isContestant(me) ? <ExamPage attemptId={route.attemptId} /> : <Redirect to={homeOf(me)} />;
      break;
    case "results":
      page = isContestant(me) ? (
        <ResultPage key={route.attemptId} attemptId={route.attemptId} />
      ) : (
        <Redirect to={homeOf(me)} />
      );
      break;
    case "proctor":
      page = isStaff(me) ? <ProctorSessionsPage /> : <Redirect to={homeOf(me)} />;
      break;
    case "admin":
      page = has(me, "ADMIN") ? <AdminPage section={route.section} /> : <Redirect to={homeOf(me)} />;
      break;
    case "admin-paper":
      page = has(me, "ADMIN") ? (
        <PaperPage paperId={route.paperId} taskId={route.taskId} />
      ) : (
        <Redirect to={homeOf(me)} />
      );
      break;
    case "host":
      page =
        has(me, "ADMIN") || has(me, "REGION_HOST") ? (
          <HostPage regionId={route.regionId} section={route.section} />
        ) : (
          <Redirect to={homeOf(me)} />
        );
      break;
    case "host-tickets":
      page =
        has(me, "ADMIN") || has(me, "REGION_HOST") ? (
          <AdmissionTicketsPage regionId={route.regionId} sessionId={route.sessionId} />
        ) : (
          <Redirect to={homeOf(me)} />
        );
      break;
    case "judge":
      page = isStaff(me) ? <JudgePage /> : <Redirect to={homeOf(me)} />;
      break;
    case "judge-session":
      page = isStaff(me) ? (
        <JudgeSessionPage key={route.sessionId} sessionId={route.sessionId} />
      ) : (
        <Redirect to={homeOf(me)} />
      );
      break;
    case "judge-attempt":
      page = isStaff(me) ? (
        <JudgeAttemptPage key={route.attemptId} attemptId={route.attemptId} />
      ) : (
        <Redirect to={homeOf(me)} />
      );
      break;
    case "judge-appeals":
      page = isStaff(me) ? <JudgeAppealsPage /> : <Redirect to={homeOf(me)} />;
      break;
    case "proctor-session":
      page = isStaff(me) ? (
        <ProctorConsolePage key={route.sessionId} sessionId={route.sessionId} />
      ) : (
        <Redirect to={homeOf(me)} />
      );
      break;
  }
  return <SessionContext.Provider value={session}>{page}</SessionContext.Provider>;
}
