// The region's own proctors and judges: created by the host, scoped to the region or one session.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type RegionStaffRequest,
  regionStaffRequestSchema,
  type StaffMember,
} from "../../../protocol/index.ts";
import { FormActions, fieldSetter, NewButton, SaveForm, SectionHead, useAction } from "../admin/crud.tsx";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  FilterSelect,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { AccountFields, GrantChip } from "../admin/staff-section.tsx";
import { hostApi } from "../lib/admin-api.ts";

export function RegionStaffSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const staff = useLoad(() => hostApi.staff(regionId), [regionId]);
  const sessions = useLoad(() => hostApi.sessions(regionId), [regionId]);
  const [filter, setFilter] = useState("");
  const [role, setRole] = useState("");
  const [creating, setCreating] = useState(false);
  const { error, setError, run } = useAction();
  const sessionName = (id: string | null) =>
    id ? (sessions.data?.find((s) => s.id === id)?.name ?? id) : t("admin.host.wholeRegion");
  const rows = (staff.data ?? []).filter((m) => !role || m.grants.some((g) => g.role === role));

  const removeGrant = (m: StaffMember, grantId: string) =>
    run(async () => {
      await hostApi.removeGrant(regionId, m.userId, grantId);
      staff.reload();
    });

  return (
    <section className="admin-section" data-testid="region-staff-section">
      <SectionHead title={t("admin.host.staffTitle")}>
        <NewButton label={t("admin.staff.new")} onClick={() => setCreating(true)} testId="region-staff-new" />
      </SectionHead>
      <ErrorBanner error={error ?? staff.error} onClose={() => setError(null)} />
      {creating && (
        <RegionStaffForm
          regionId={regionId}
          sessions={(sessions.data ?? []).map((s) => ({ id: s.id, name: s.name }))}
          onDone={() => {
            setCreating(false);
            staff.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} />
        <FilterSelect
          label={t("admin.staff.role")}
          value={role}
          onChange={setRole}
          options={(["REGION_HOST", "PROCTOR", "JUDGE"] as const).map((r) => ({
            value: r,
            label: t(`admin.role.${r}`),
          }))}
        />
      </div>
      <DataTable
        testId="region-staff-table"
        rows={rows}
        filter={filter}
        rowKey={(m) => m.userId}
        rowTestId={(m) => `region-staff-row-${m.username}`}
        empty={t("admin.staff.empty")}
        columns={[
          { key: "username", label: t("admin.staff.username"), value: (m) => m.username, className: "mono" },
          { key: "name", label: t("admin.staff.name"), value: (m) => m.name },
          {
            key: "grants",
            label: t("admin.staff.grants"),
            value: (m) => m.grants.map((g) => t(`admin.role.${g.role}`)).join(" "),
            className: "wrap",
            render: (m) => (
              <span className="grant-list">
                {m.grants.map((g) => (
                  <GrantChip
                    key={g.id}
                    label={`${t(`admin.role.${g.role}`)} · ${sessionName(g.examSessionId)}`}
                    onRemove={
                      g.role !== "ADMIN" && g.role !== "REGION_HOST" ? () => removeGrant(m, g.id) : undefined
                    }
                    removeTestId={`region-grant-remove-${m.username}`}
                  />
                ))}
              </span>
            ),
          },
        ]}
      />
    </section>
  );
}

function RegionStaffForm({
  regionId,
  sessions,
  onDone,
}: {
  regionId: string;
  sessions: { id: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({
    username: "",
    name: "",
    password: "",
    role: "PROCTOR" as "PROCTOR" | "JUDGE",
    examSessionId: "",
  });
  const body: RegionStaffRequest = useMemo(
    () => ({
      username: draft.username,
      name: draft.name,
      password: draft.password,
      role: draft.role,
      examSessionId: draft.examSessionId || null,
    }),
    [draft],
  );
  const v = useValidation(regionStaffRequestSchema, body);
  const { error, busy, run } = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const save = () =>
    run(async () => {
      await hostApi.createStaff(regionId, body);
      onDone();
    });
  return (
    <SaveForm testId="region-staff-form" valid={v.valid} onSave={save}>
      <h3>{t("admin.host.newStaffTitle")}</h3>
      <div className="form-grid">
        <AccountFields draft={draft} set={set} issue={v.issue} testIdPrefix="region-staff" />
        <label className="field">
          <span>{t("admin.staff.role")}</span>
          <select
            value={draft.role}
            onChange={(e) => set("role")(e.target.value as "PROCTOR" | "JUDGE")}
            data-testid="region-staff-role"
          >
            <option value="PROCTOR">{t("admin.role.PROCTOR")}</option>
            <option value="JUDGE">{t("admin.role.JUDGE")}</option>
          </select>
          <FieldIssue message={v.issue("role")} />
        </label>
        <label className="field">
          <span>{t("admin.staff.scope")}</span>
          <select
            value={draft.examSessionId}
            onChange={(e) => set("examSessionId")(e.target.value)}
            data-testid="region-staff-session"
          >
            <option value="">{t("admin.host.wholeRegion")}</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldIssue message={v.issue("examSessionId")} />
        </label>
      </div>
      <FormActions
        error={error}
        onCancel={onDone}
        disabled={!v.valid || busy}
        saveTestId="region-staff-save"
        saveLabel={t("admin.staff.create")}
      />
    </SaveForm>
  );
}
