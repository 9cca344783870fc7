// The host's registrations: a sortable, filterable table and a detail panel with every field, the
// evidence files, the history, and the decision (approve with an optional note, reject with a reason).
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ApprovalResult,
  approveRequestSchema,
  GROUPS,
  REGISTRATION_STATUSES,
  type RegistrationRow,
  rejectRequestSchema,
} from "../../../protocol/index.ts";
import { SectionHead, useAction } from "../admin/crud.tsx";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  FilterSelect,
  formatDay,
  formatInstant,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { contestsApi, hostApi } from "../lib/admin-api.ts";

export function RegistrationsSection({ regionId }: { regionId: string }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState("");
  const [group, setGroup] = useState("");
  const [stageId, setStageId] = useState("");
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const regs = useLoad(
    () => hostApi.registrations(regionId, { status, group, stageId }),
    [regionId, status, group, stageId],
  );
  const contests = useLoad(() => contestsApi.list(), []);
  const stages = (contests.data ?? []).flatMap((c) => c.stages.map((s) => ({ ...s, contest: c.name })));
  const rows = regs.data ?? [];

  return (
    <section className="admin-section" data-testid="registrations-section">
      <SectionHead title={t("admin.registrations.title")}>
        <button type="button" className="btn btn-small" onClick={regs.reload}>
          {t("admin.refresh")}
        </button>
      </SectionHead>
      <ErrorBanner error={regs.error} />
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="registrations-filter" />
        <FilterSelect
          label={t("admin.columns.status")}
          value={status}
          onChange={setStatus}
          options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: t(`admin.status.${s}`) }))}
          testId="registrations-status"
        />
        <FilterSelect
          label={t("admin.columns.group")}
          value={group}
          onChange={setGroup}
          options={GROUPS.map((g) => ({ value: g, label: t(`admin.group.${g}`) }))}
          testId="registrations-group"
        />
        <FilterSelect
          label={t("admin.columns.stage")}
          value={stageId}
          onChange={setStageId}
          options={stages.map((s) => ({ value: s.id, label: `${s.contest} · ${s.name}` }))}
        />
      </div>
      <div>
        <DataTable
          testId="registrations-table"
          rows={rows}
          filter={filter}
          rowKey={(r) => r.id}
          rowTestId={(r) => `registration-row-${r.name}`}
          onRowClick={(r) => setSelected(r.id)}
          selectedKey={selected}
          empty={t("admin.registrations.empty")}
          columns={[
            { key: "name", label: t("admin.columns.name"), value: (r) => r.name },
            {
              key: "id",
              label: t("admin.columns.idNumber"),
              value: (r) => r.idNumberMasked,
              className: "mono",
            },
            { key: "group", label: t("admin.columns.group"), value: (r) => t(`admin.group.${r.group}`) },
            { key: "basis", label: t("admin.columns.basis"), value: (r) => t(`admin.basis.${r.basis}`) },
            {
              key: "org",
              label: t("admin.columns.organisation"),
              value: (r) => r.organisation,
              className: "wrap",
            },
            { key: "team", label: t("admin.columns.team"), value: (r) => r.team?.name ?? null },
            {
              key: "submitted",
              label: t("admin.columns.submitted"),
              value: (r) => r.submittedAt,
              render: (r) => formatInstant(r.submittedAt, i18n.language),
            },
            {
              key: "status",
              label: t("admin.columns.status"),
              value: (r) => t(`admin.status.${r.status}`),
              render: (r) => <StatusBadge status={r.status} />,
            },
            {
              key: "missing",
              label: t("admin.columns.missingEvidence"),
              value: (r) => r.missingEvidence.map((k) => t(`admin.evidenceKind.${k}`)).join("、"),
              className: "wrap",
              render: (r) =>
                r.missingEvidence.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <span className="text-warning">
                    {r.missingEvidence.map((k) => t(`admin.evidenceKind.${k}`)).join("、")}
                  </span>
                ),
            },
            {
              key: "ticket",
              label: t("admin.columns.ticket"),
              value: (r) => r.ticketNumber,
              className: "mono",
            },
          ]}
        />
        {selected && (
          <RegistrationPanel
            key={selected}
            regionId={regionId}
            registrationId={selected}
            onClose={() => setSelected(null)}
            onDecided={regs.reload}
          />
        )}
      </div>
    </section>
  );
}

export function StatusBadge({ status }: { status: RegistrationRow["status"] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-reg-${status.toLowerCase()}`} data-testid="registration-status">
      {t(`admin.status.${status}`)}
    </span>
  );
}

function RegistrationPanel({
  regionId,
  registrationId,
  onClose,
  onDecided,
}: {
  regionId: string;
  registrationId: string;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { t, i18n } = useTranslation();
  const detail = useLoad(() => hostApi.registration(regionId, registrationId), [regionId, registrationId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const approveBody = useMemo(() => (note.trim() ? { reason: note } : {}), [note]);
  const rejectBody = useMemo(() => ({ reason }), [reason]);
  const av = useValidation(approveRequestSchema, approveBody);
  const rv = useValidation(rejectRequestSchema, rejectBody);
  const [approval, setApproval] = useState<ApprovalResult | null>(null);
  const { error, setError, busy, run } = useAction();

  const decide = <R,>(f: () => Promise<R>) =>
    run(async () => {
      const r = await f();
      detail.reload();
      onDecided();
      return r;
    });

  /** An audited action in words, or as recorded when it has none. */
  const actionName = (action: string) => {
    const key = `admin.action.${action.replace(/[.-]/g, "_")}`;
    return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : action;
  };
  const d = detail.data;
  // Only an application waiting for review can be decided; a rejected one waits for its correction.
  const decidable = d?.status === "SUBMITTED";
  return (
    <aside
      className="card detail-panel"
      data-testid="registration-detail"
      aria-label={t("admin.registrations.detail")}
    >
      <SectionHead title={d?.name ?? t("app.loading")}>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={onClose}
          data-testid="detail-close"
        >
          {t("admin.close")}
        </button>
      </SectionHead>
      <ErrorBanner error={detail.error} />
      {approval && (
        <div className="issued" data-testid="approval-result" role="status">
          <p className="issued-title">{t("admin.registrations.issued")}</p>
          <dl>
            <dt>{t("admin.columns.ticket")}</dt>
            <dd className="issued-value" data-testid="approval-ticket">
              {approval.ticketNumber}
            </dd>
            <dt>{t("admin.registrations.initialPassword")}</dt>
            <dd className="issued-value" data-testid="approval-password">
              {approval.initialPassword}
            </dd>
          </dl>
          <p className="small">{t("admin.registrations.issuedOnce")}</p>
        </div>
      )}
      {d && (
        <>
          <StatusBadge status={d.status} />
          <dl className="detail-fields">
            <dt>{t("admin.columns.idNumber")}</dt>
            <dd className="mono">{d.idNumber}</dd>
            <dt>{t("admin.columns.group")}</dt>
            <dd>{t(`admin.group.${d.group}`)}</dd>
            <dt>{t("admin.columns.basis")}</dt>
            <dd>{t(`admin.basis.${d.basis}`)}</dd>
            <dt>{t("admin.columns.organisation")}</dt>
            <dd>{d.organisation}</dd>
            <dt>{t("admin.columns.field")}</dt>
            <dd>{d.field}</dd>
            <dt>{t("admin.columns.phone")}</dt>
            <dd className="mono">{d.phone}</dd>
            <dt>{t("admin.columns.email")}</dt>
            <dd>{d.email ?? "—"}</dd>
            <dt>{t("admin.columns.jobStartedOn")}</dt>
            <dd>{formatDay(d.jobStartedOn, i18n.language)}</dd>
            <dt>{t("admin.columns.honours")}</dt>
            <dd>{d.honours.length ? d.honours.join("、") : t("admin.registrations.noHonours")}</dd>
            <dt>{t("admin.columns.team")}</dt>
            <dd>{d.team?.name ?? t("admin.registrations.noTeam")}</dd>
            <dt>{t("admin.columns.submitted")}</dt>
            <dd>{formatInstant(d.submittedAt, i18n.language)}</dd>
            <dt>{t("admin.columns.ticket")}</dt>
            <dd className="mono">{d.ticketNumber ?? "—"}</dd>
            {d.reviewReason && (
              <>
                <dt>{t("admin.registrations.reviewReason")}</dt>
                <dd>{d.reviewReason}</dd>
              </>
            )}
          </dl>
          <h3>{t("admin.registrations.evidence")}</h3>
          {d.missingEvidence.length > 0 && (
            <p className="text-warning" data-testid="missing-evidence">
              {t("admin.registrations.missing", {
                list: d.missingEvidence.map((k) => t(`admin.evidenceKind.${k}`)).join("、"),
              })}
            </p>
          )}
          {d.evidence.length === 0 ? (
            <p className="muted">{t("admin.registrations.noEvidence")}</p>
          ) : (
            <ul className="evidence-list">
              {d.evidence.map((ev) => (
                <li key={ev.id}>
                  <a
                    href={hostApi.evidenceUrl(regionId, d.id, ev.id)}
                    download={ev.fileName}
                    data-testid={`evidence-${ev.id}`}
                  >
                    {ev.fileName}
                  </a>{" "}
                  <span className="muted small">
                    {t(`admin.evidenceKind.${ev.kind}`)} ·{" "}
                    {ev.size < 1024 ? `${ev.size} B` : `${Math.round(ev.size / 1024)} KB`} ·{" "}
                    {formatInstant(ev.uploadedAt, i18n.language)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>{t("admin.registrations.history")}</h3>
          {d.history.length === 0 ? (
            <p className="muted">{t("admin.registrations.noHistory")}</p>
          ) : (
            <ol className="history">
              {d.history.map((h) => (
                <li key={`${h.at}-${h.action}-${h.reason}`}>
                  <span className="mono small">{formatInstant(h.at, i18n.language)}</span>{" "}
                  <strong>{actionName(h.action)}</strong>
                  {h.actor && <span className="muted"> · {h.actor}</span>}
                  {h.reason && <div className="small">{h.reason}</div>}
                </li>
              ))}
            </ol>
          )}
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {decidable && (
            <div className="decision">
              <label className="field">
                <span>{t("admin.registrations.approveNote")}</span>
                <input
                  value={note}
                  onChange={(e) => {
                    setNote(e.target.value);
                    av.touch("reason");
                  }}
                  data-testid="approve-note"
                />
                <FieldIssue message={av.issue("reason")} />
              </label>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!av.valid || busy}
                data-testid="approve"
                onClick={async () => {
                  const r = await decide(() => hostApi.approve(regionId, d.id, note.trim() || undefined));
                  if (r) setApproval(r);
                }}
              >
                {t("admin.registrations.approve")}
              </button>
              <label className="field">
                <span>{t("admin.registrations.rejectReason")}</span>
                <textarea
                  rows={2}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value);
                    rv.touch("reason");
                  }}
                  data-testid="reject-reason"
                />
                <FieldIssue message={rv.issue("reason")} />
              </label>
              <button
                type="button"
                className="btn btn-danger"
                disabled={!rv.valid || busy}
                data-testid="reject"
                onClick={() => decide(() => hostApi.reject(regionId, d.id, reason))}
              >
                {t("admin.registrations.reject")}
              </button>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
