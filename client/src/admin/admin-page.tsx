// The national committee's pages (issues 9, 10): contests and their stages and windows, regions, staff,
// the regions' reports and advancement to the final.
import { useTranslation } from "react-i18next";
import { navigate } from "../lib/router.ts";
import { AppHeader } from "../ui/app-header.tsx";
import "./admin.css";
import { PapersSection } from "../authoring/papers-section.tsx";
import { BankSection } from "../bank/bank-section.tsx";
import { AdvancementSection } from "./advancement-section.tsx";
import { ContestsSection } from "./contests-section.tsx";
import { TabBar } from "./kit.tsx";
import { RegionsSection } from "./regions-section.tsx";
import { ReportsSection } from "./reports-section.tsx";
import { StaffSection } from "./staff-section.tsx";

const SECTIONS = ["contests", "regions", "staff", "papers", "bank", "reports", "advancement"] as const;
type Section = (typeof SECTIONS)[number];

export function AdminPage({ section }: { section: string | null }) {
  const { t } = useTranslation();
  const active: Section = SECTIONS.includes(section as Section) ? (section as Section) : "contests";
  return (
    <div className="page admin-page" data-testid="admin-page">
      <AppHeader />
      <main className="page-main page-wide">
        <h1>{t("admin.committeeTitle")}</h1>
        <TabBar
          tabs={SECTIONS.map((s) => ({ key: s, label: t(`admin.sections.${s}`) }))}
          active={active}
          hrefOf={(s) => `/admin/${s}`}
          onSelect={(s) => navigate(`/admin/${s}`)}
        />
        {active === "contests" && <ContestsSection />}
        {active === "regions" && <RegionsSection />}
        {active === "staff" && <StaffSection />}
        {active === "papers" && <PapersSection />}
        {active === "bank" && <BankSection />}
        {active === "reports" && <ReportsSection />}
        {active === "advancement" && <AdvancementSection />}
      </main>
    </div>
  );
}
