// A region host's pages (issues 9, 10): registrations, sessions, venues, seating, staff, import, rankings,
// the report to the committee. A host of one region goes straight to it; a host of several (or an
// admin) picks the region first.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { RegionOption } from "../../../protocol/index.ts";
import "../admin/admin.css";
import { ErrorBanner, TabBar, useLoad } from "../admin/kit.tsx";
import { regionLabel } from "../admin/regions-section.tsx";
import { hostApi } from "../lib/admin-api.ts";
import { navigate } from "../lib/router.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";
import { ImportSection } from "./import-section.tsx";
import { RegionStaffSection } from "./region-staff-section.tsx";
import { RegistrationsSection } from "./registrations-section.tsx";
import { ReportSection } from "./report-section.tsx";
import { RankingsSection } from "./results-section.tsx";
import { SeatingSection } from "./seating-section.tsx";
import { SessionsSection } from "./sessions-section.tsx";
import { VenuesSection } from "./venues-section.tsx";

export const HOST_SECTIONS = [
  "registrations",
  "sessions",
  "venues",
  "seating",
  "staff",
  "import",
  "rankings",
  "report",
] as const;
export type HostSection = (typeof HOST_SECTIONS)[number];

export const hostPath = (regionId: string, section: HostSection) =>
  `/host/${encodeURIComponent(regionId)}/${section}`;

export function HostPage({ regionId, section }: { regionId: string | null; section: string | null }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const regions = useLoad(() => hostApi.myRegions(), []);
  const isAdmin = me.roles.includes("ADMIN");
  const list = regions.data ?? [];
  const region: RegionOption | null = list.find((r) => r.id === regionId) ?? null;
  const active: HostSection = HOST_SECTIONS.includes(section as HostSection)
    ? (section as HostSection)
    : "registrations";

  // One region and not an admin: straight to it.
  const only = !isAdmin && list.length === 1 ? list[0] : undefined;
  useEffect(() => {
    if (!regionId && only) navigate(hostPath(only.id, "registrations"), { replace: true });
    else if (regionId && !section) navigate(hostPath(regionId, "registrations"), { replace: true });
  }, [regionId, section, only]);

  return (
    <div className="page admin-page" data-testid="host-page">
      <AppHeader>
        {regionId && (list.length > 1 || isAdmin) && (
          <Link to="/host" className="header-link" data-testid="host-regions-link">
            {t("admin.host.allRegions")}
          </Link>
        )}
      </AppHeader>
      <main className="page-main page-wide">
        <ErrorBanner error={regions.error} />
        {!regionId && (
          <>
            <h1>{t("admin.host.pickTitle")}</h1>
            {regions.loading && <p className="muted">{t("app.loading")}</p>}
            {!regions.loading && list.length === 0 && <p className="empty">{t("admin.host.noRegions")}</p>}
            <ul className="region-picker">
              {list.map((r) => (
                <li key={r.id} className="card">
                  <Link to={hostPath(r.id, "registrations")} data-testid={`pick-region-${r.no}`}>
                    <strong>{regionLabel(r, i18n.language)}</strong>
                    <span className="muted">{r.hostOrg}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {regionId && (
          <>
            <div className="host-head">
              <h1 data-testid="host-region-title">
                {region ? regionLabel(region, i18n.language) : t("admin.host.title")}
              </h1>
              {region && <p className="muted">{t("admin.host.hostOrg", { org: region.hostOrg })}</p>}
            </div>
            <TabBar
              tabs={HOST_SECTIONS.map((s) => ({ key: s, label: t(`admin.host.sections.${s}`) }))}
              active={active}
              hrefOf={(s) => hostPath(regionId, s as HostSection)}
              onSelect={(s) => navigate(hostPath(regionId, s as HostSection))}
            />
            {active === "registrations" && <RegistrationsSection regionId={regionId} />}
            {active === "sessions" && <SessionsSection regionId={regionId} />}
            {active === "venues" && <VenuesSection regionId={regionId} />}
            {active === "seating" && <SeatingSection regionId={regionId} />}
            {active === "staff" && <RegionStaffSection regionId={regionId} />}
            {active === "import" && <ImportSection regionId={regionId} />}
            {active === "rankings" && <RankingsSection regionId={regionId} />}
            {active === "report" && <ReportSection regionId={regionId} />}
          </>
        )}
      </main>
    </div>
  );
}
