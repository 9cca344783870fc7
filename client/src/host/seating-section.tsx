// Seating one session: the region's approved contestants with a seat each, saved whole; auto-seating
// with a prefix; and the way to the printable admission tickets.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  autoSeatRequestSchema,
  GROUPS,
  type SeatView,
  seatingRequestSchema,
} from "../../../protocol/index.ts";
import { SectionHead } from "../admin/crud.tsx";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  FilterSelect,
  formatInstant,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";
import { Link } from "../ui/link.tsx";

export function SeatingSection({ regionId }: { regionId: string }) {
  const { t, i18n } = useTranslation();
  const sessions = useLoad(() => hostApi.sessions(regionId), [regionId]);
  const [sessionId, setSessionId] = useState("");
  useEffect(() => {
    const first = sessions.data?.[0];
    if (!sessionId && first) setSessionId(first.id);
  }, [sessions.data, sessionId]);

  return (
    <section className="admin-section" data-testid="seating-section">
      <SectionHead title={t("admin.seating.title")} />
      <ErrorBanner error={sessions.error} />
      <label className="field field-inline">
        <span>{t("admin.seating.session")}</span>
        <select
          value={sessionId}
          onChange={(e) => setSessionId(e.target.value)}
          data-testid="seating-session"
        >
          <option value="">{t("admin.choose")}</option>
          {(sessions.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {formatInstant(s.startsAt, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      {sessions.data && sessions.data.length === 0 && (
        <p className="empty">{t("admin.seating.noSessions")}</p>
      )}
      {sessionId && <SeatingTable key={sessionId} regionId={regionId} sessionId={sessionId} />}
    </section>
  );
}

function SeatingTable({ regionId, sessionId }: { regionId: string; sessionId: string }) {
  const { t } = useTranslation();
  const seats = useLoad(() => hostApi.seats(regionId, sessionId), [regionId, sessionId]);
  /** Seats as typed, by contestant ("" for none). */
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState("");
  const [group, setGroup] = useState("");
  const [prefix, setPrefix] = useState("A");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const rows = seats.data ?? [];
  useEffect(() => {
    setTyped(Object.fromEntries((seats.data ?? []).map((s) => [s.contestantId, s.seat ?? ""])));
  }, [seats.data]);

  /** Every seat as it would be after saving, for the duplicate check. */
  const all = useMemo(
    () =>
      rows.map((s) => {
        const seat = (typed[s.contestantId] ?? s.seat ?? "").trim();
        return { contestantId: s.contestantId, seat: seat === "" ? null : seat };
      }),
    [rows, typed],
  );
  // Only the changed seats are sent: the others keep theirs.
  const body = useMemo(
    () => ({ seats: all.filter((s, i) => s.seat !== (rows[i]?.seat ?? null)) }),
    [all, rows],
  );
  const v = useValidation(seatingRequestSchema, body);
  const autoBody = useMemo(
    (): { prefix: string; group?: "EMPLOYEE" | "STUDENT" } =>
      group === "EMPLOYEE" || group === "STUDENT" ? { prefix, group } : { prefix },
    [prefix, group],
  );
  const av = useValidation(autoSeatRequestSchema, autoBody);
  const dirty = body.seats.length > 0;
  const duplicates = useMemo(() => {
    const seen = new Map<string, number>();
    for (const s of all) if (s.seat) seen.set(s.seat, (seen.get(s.seat) ?? 0) + 1);
    return new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k));
  }, [all]);

  const run = async (f: () => Promise<SeatView[]>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const result = await f();
      if (Array.isArray(result)) seats.setData(result);
      else seats.reload();
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const seatIssue = (contestantId: string) => {
    const i = body.seats.findIndex((s) => s.contestantId === contestantId);
    return i < 0 ? undefined : v.issues[`seats.${i}.seat`];
  };
  const shown = rows.filter((r) => !group || r.group === group);
  return (
    <div className="seating" data-testid="seating-table-wrap">
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="seating-filter" />
        <FilterSelect
          label={t("admin.columns.group")}
          value={group}
          onChange={setGroup}
          options={GROUPS.map((g) => ({ value: g, label: t(`admin.group.${g}`) }))}
        />
        <span className="spacer" />
        <label className="inline-label">
          {t("admin.seating.prefix")}
          <input
            className="cell-input narrow-input"
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            aria-invalid={av.valid ? undefined : true}
            data-testid="auto-seat-prefix"
          />
        </label>
        <button
          type="button"
          className="btn"
          disabled={!av.valid || busy}
          onClick={() => run(() => hostApi.autoSeat(regionId, sessionId, autoBody))}
          data-testid="auto-seat"
          title={t("admin.seating.autoHint")}
        >
          {t("admin.seating.auto")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!v.valid || busy || !dirty || duplicates.size > 0}
          onClick={() => run(() => hostApi.putSeats(regionId, sessionId, body))}
          data-testid="seats-save"
        >
          {t("admin.save")}
        </button>
        <Link
          to={`/host/${encodeURIComponent(regionId)}/tickets/${encodeURIComponent(sessionId)}`}
          className="btn"
          data-testid="tickets-link"
        >
          {t("admin.seating.tickets")}
        </Link>
      </div>
      <FieldIssue message={av.valid ? undefined : Object.values(av.issues)[0]} />
      {duplicates.size > 0 && (
        <p className="form-error">{t("admin.seating.duplicate", { seats: [...duplicates].join("、") })}</p>
      )}
      <ErrorBanner error={error ?? seats.error} onClose={() => setError(null)} />
      {saved && !dirty && (
        <p className="banner banner-info" role="status" data-testid="seats-saved">
          {t("admin.seating.saved")}
        </p>
      )}
      <DataTable
        testId="seating-table"
        rows={shown}
        filter={filter}
        rowKey={(s) => s.contestantId}
        rowTestId={(s) => `seat-row-${s.ticketNumber}`}
        empty={t("admin.seating.empty")}
        columns={[
          {
            key: "ticket",
            label: t("admin.columns.ticket"),
            value: (s) => s.ticketNumber,
            className: "mono",
          },
          { key: "name", label: t("admin.columns.name"), value: (s) => s.name },
          { key: "group", label: t("admin.columns.group"), value: (s) => t(`admin.group.${s.group}`) },
          {
            key: "org",
            label: t("admin.columns.organisation"),
            value: (s) => s.organisation,
            className: "wrap",
          },
          {
            key: "seat",
            label: t("admin.columns.seat"),
            value: (s) => typed[s.contestantId] ?? s.seat,
            render: (s) => {
              const value = typed[s.contestantId] ?? "";
              const issue = seatIssue(s.contestantId);
              if (s.seatedElsewhere)
                return (
                  <span className="muted small" data-testid={`seated-elsewhere-${s.ticketNumber}`}>
                    {t("admin.seating.elsewhere", {
                      session: s.seatedElsewhere.sessionName,
                      seat: s.seatedElsewhere.seat ?? "—",
                    })}
                  </span>
                );
              return (
                <>
                  <input
                    className="cell-input seat-input"
                    value={value}
                    aria-label={`${t("admin.columns.seat")} ${s.name}`}
                    aria-invalid={issue || duplicates.has(value.trim()) ? true : undefined}
                    onChange={(e) => setTyped((m) => ({ ...m, [s.contestantId]: e.target.value }))}
                    data-testid={`seat-input-${s.ticketNumber}`}
                  />
                  <FieldIssue message={issue} />
                </>
              );
            },
          },
          {
            key: "status",
            label: t("admin.columns.status"),
            value: (s) => (s.attemptId ? t("admin.seating.seated") : t("admin.seating.notSeated")),
          },
        ]}
      />
    </div>
  );
}
