// The region's own proctors and judges: created by the host, scoped to the region or one session.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type RegionStaffRequest,
  regionStaffRequestSchema,
  type StaffMember,
} from "../../../protocol/index.ts";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  FilterSelect,
  TextField,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";

export function RegionStaffSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const staff = useLoad(() => hostApi.staff(regionId), [regionId]);
  const sessions = useLoad(() => hostApi.sessions(regionId), [regionId]);
  const [filter, setFilter] = useState("");
  const [role, setRole] = useState("");
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sessionName = (id: string | null) =>
    id ? (sessions.data?.find((s) => s.id === id)?.name ?? id) : t("admin.host.wholeRegion");
  const rows = (staff.data ?? []).filter((m) => !role || m.grants.some((g) => g.role === role));

  const removeGrant = async (m: StaffMember, grantId: string) => {
    setError(null);
    try {
      await hostApi.removeGrant(regionId, m.userId, grantId);
      staff.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="admin-section" data-testid="region-staff-section">
      <div className="section-head">
        <h2>{t("admin.host.staffTitle")}</h2>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="region-staff-new"
        >
          {t("admin.staff.new")}
        </button>
      </div>
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
                  <span key={g.id} className="grant-chip">
                    {t(`admin.role.${g.role}`)} · {sessionName(g.examSessionId)}
                    {g.role !== "ADMIN" && g.role !== "REGION_HOST" && (
                      <button
                        type="button"
                        className="chip-remove"
                        aria-label={t("admin.staff.removeGrant")}
                        title={t("admin.staff.removeGrant")}
                        onClick={() => removeGrant(m, g.id)}
                        data-testid={`region-grant-remove-${m.username}`}
                      >
                        ×
                      </button>
                    )}
                  </span>
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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof draft) => (value: string) => {
    setDraft((d) => ({ ...d, [k]: value }));
    v.touch(k);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await hostApi.createStaff(regionId, body);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card admin-form"
      data-testid="region-staff-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
      <h3>{t("admin.host.newStaffTitle")}</h3>
      <div className="form-grid">
        <TextField
          label={t("admin.staff.username")}
          value={draft.username}
          onChange={set("username")}
          issue={v.issue("username")}
          autoComplete="off"
          testId="region-staff-username"
        />
        <TextField
          label={t("admin.staff.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="region-staff-name"
        />
        <TextField
          label={t("admin.staff.password")}
          value={draft.password}
          onChange={set("password")}
          issue={v.issue("password")}
          autoComplete="new-password"
          hint={t("admin.staff.passwordHint")}
          testId="region-staff-password"
        />
        <label className="field">
          <span>{t("admin.staff.role")}</span>
          <select
            value={draft.role}
            onChange={(e) => set("role")(e.target.value)}
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
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="region-staff-save"
        >
          {t("admin.staff.create")}
        </button>
      </div>
    </form>
  );
}
