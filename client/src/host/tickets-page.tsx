// Printable admission tickets (准考证) of one session: one ticket per half page; printing hides the
// app's chrome.
import { useTranslation } from "react-i18next";
import type { AdmissionTicket } from "../../../protocol/index.ts";
import "../admin/admin.css";
import { ErrorBanner, formatInstant, useLoad } from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { Link } from "../ui/link.tsx";

export function AdmissionTicketsPage({ regionId, sessionId }: { regionId: string; sessionId: string }) {
  const { t } = useTranslation();
  const tickets = useLoad(() => hostApi.tickets(regionId, sessionId), [regionId, sessionId]);
  return (
    <div className="page tickets-page" data-testid="tickets-page">
      <div className="no-print">
        <AppHeader>
          <Link to={`/host/${encodeURIComponent(regionId)}/seating`} className="header-link">
            ← {t("admin.tickets.back")}
          </Link>
        </AppHeader>
      </div>
      <main className="page-main tickets-main">
        <div className="section-head no-print">
          <h1>{t("admin.tickets.title")}</h1>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => window.print()}
            data-testid="print-tickets"
            disabled={!tickets.data?.length}
          >
            {t("admin.tickets.print")}
          </button>
        </div>
        <div className="no-print">
          <ErrorBanner error={tickets.error} />
          {tickets.loading && <p className="muted">{t("app.loading")}</p>}
          {tickets.data?.length === 0 && <p className="empty">{t("admin.tickets.empty")}</p>}
          {!!tickets.data?.length && (
            <p className="muted small">{t("admin.tickets.count", { count: tickets.data.length })}</p>
          )}
        </div>
        <div className="ticket-sheet">
          {tickets.data?.map((ticket) => (
            <Ticket key={ticket.contestant.ticketNumber} ticket={ticket} />
          ))}
        </div>
      </main>
    </div>
  );
}

function Ticket({ ticket }: { ticket: AdmissionTicket }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const s = ticket.sitting;
  const c = ticket.contestant;
  const region = en ? ticket.region.nameEn : ticket.region.nameZh;
  return (
    <article className="ticket" data-testid={`ticket-${c.ticketNumber}`}>
      <header className="ticket-head">
        <p className="ticket-contest">{ticket.contestName}</p>
        <h2 className="ticket-title">{t("admin.tickets.heading")}</h2>
        <p className="ticket-stage">
          {ticket.stageName} · {t("admin.tickets.regionOf", { no: ticket.region.no, name: region })} ·{" "}
          {t("admin.tickets.hostOrg", { org: ticket.region.hostOrg })}
        </p>
      </header>
      <dl className="ticket-fields">
        <dt>{t("admin.columns.name")}</dt>
        <dd className="ticket-strong">{c.name}</dd>
        <dt>{t("admin.columns.ticket")}</dt>
        <dd className="ticket-strong mono" data-testid="ticket-number">
          {c.ticketNumber}
        </dd>
        <dt>{t("admin.columns.group")}</dt>
        <dd>{t(`admin.group.${c.group}`)}</dd>
        <dt>{t("admin.columns.organisation")}</dt>
        <dd>{c.organisation ?? "—"}</dd>
        <dt>{t("admin.columns.idNumber")}</dt>
        <dd className="mono">{c.idNumberMasked ?? "—"}</dd>
        <dt>{t("admin.registrations.initialPassword")}</dt>
        <dd className="mono ticket-strong" data-testid="ticket-password">
          {ticket.initialPassword ?? t("admin.tickets.passwordUnknown")}
        </dd>
        <dt>{t("admin.tickets.session")}</dt>
        <dd>{s?.sessionName ?? "—"}</dd>
        <dt>{t("admin.tickets.startsAt")}</dt>
        <dd className="ticket-strong">{s ? formatInstant(s.startsAt, i18n.language) : "—"}</dd>
        <dt>{t("admin.sessions.duration")}</dt>
        <dd>
          {s
            ? `${t("admin.minutes", { count: s.durationMinutes })} · ${t("admin.tickets.lateStart", { count: s.lateStartMinutes })}`
            : "—"}
        </dd>
        <dt>{t("admin.sessions.venue")}</dt>
        <dd>{s?.venue ?? "—"}</dd>
        <dt>{t("admin.venues.address")}</dt>
        <dd>{s?.address ?? "—"}</dd>
        <dt>{t("admin.columns.seat")}</dt>
        <dd className="ticket-seat" data-testid="ticket-seat">
          {s?.seat ?? "—"}
        </dd>
      </dl>
      <ul className="ticket-rules">
        <li>{t("admin.tickets.rules.id")}</li>
        <li>{t("admin.tickets.rules.early")}</li>
        <li>{t("admin.tickets.rules.late", { count: s?.lateStartMinutes ?? 0 })}</li>
        <li>{t("admin.tickets.rules.password")}</li>
      </ul>
    </article>
  );
}
