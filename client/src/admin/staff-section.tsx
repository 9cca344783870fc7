// The committee's staff accounts: filterable list, new accounts with scoped grants, adding and
// removing grants, and password resets.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type GrantRequest,
  grantSchema,
  passwordSchema,
  type RegionSummary,
  STAFF_ROLES,
  type StaffMember,
  type StaffRoleKind,
  staffRequestSchema,
} from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import { useSession } from "../ui/session-context.tsx";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  FilterSelect,
  TextField,
  useLoad,
  useValidation,
} from "./kit.tsx";
import { regionLabel } from "./regions-section.tsx";

type Scope = "contest" | "region" | "session";

interface GrantDraft {
  /** The row's key in the form. */
  key: number;
  role: StaffRoleKind;
  scope: Scope;
  regionId: string;
  examSessionId: string;
}

let grantKeys = 0;
const newGrant = (): GrantDraft => ({
  key: ++grantKeys,
  role: "REGION_HOST",
  scope: "region",
  regionId: "",
  examSessionId: "",
});

function grantOf(d: GrantDraft): GrantRequest {
  return {
    role: d.role,
    regionId: d.scope === "region" ? d.regionId : null,
    examSessionId: d.scope === "session" ? d.examSessionId : null,
  };
}

/** Names for a grant's scope: a region's name, a session's name, or the whole contest. */
export function useScopeNames(regions: RegionSummary[] | null) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  return (g: { regionId: string | null; examSessionId: string | null }) => {
    if (g.examSessionId) {
      const s = me.proctorSessions.find((x) => x.id === g.examSessionId);
      return t("admin.staff.scopeSession", { name: s?.name ?? g.examSessionId });
    }
    if (g.regionId) {
      const r = regions?.find((x) => x.id === g.regionId);
      return r ? regionLabel(r, i18n.language) : g.regionId;
    }
    return t("admin.staff.wholeContest");
  };
}

export function StaffSection() {
  const { t, i18n } = useTranslation();
  const staff = useLoad(() => committeeApi.staff(), []);
  const regions = useLoad(() => committeeApi.regions(), []);
  const scopeName = useScopeNames(regions.data);
  const [filter, setFilter] = useState("");
  const [role, setRole] = useState("");
  const [region, setRegion] = useState("");
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<StaffMember | null>(null);
  const [resetting, setResetting] = useState<StaffMember | null>(null);
  const [error, setError] = useState<unknown>(null);

  const rows = (staff.data ?? []).filter(
    (m) =>
      (!role || m.grants.some((g) => g.role === role)) &&
      (!region || m.grants.some((g) => g.regionId === region)),
  );
  const removeGrant = async (m: StaffMember, grantId: string) => {
    setError(null);
    try {
      await committeeApi.removeGrant(m.userId, grantId);
      staff.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="admin-section" data-testid="staff-section">
      <div className="section-head">
        <h2>{t("admin.staff.title")}</h2>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="staff-new"
        >
          {t("admin.staff.new")}
        </button>
      </div>
      <ErrorBanner error={error ?? staff.error} onClose={() => setError(null)} />
      {creating && (
        <StaffForm
          regions={regions.data ?? []}
          onCancel={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            staff.reload();
          }}
        />
      )}
      {granting && (
        <GrantForm
          key={granting.userId}
          member={granting}
          regions={regions.data ?? []}
          onDone={() => {
            setGranting(null);
            staff.reload();
          }}
        />
      )}
      {resetting && (
        <PasswordForm
          key={resetting.userId}
          member={resetting}
          onDone={() => {
            setResetting(null);
            staff.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="staff-filter" />
        <FilterSelect
          label={t("admin.staff.role")}
          value={role}
          onChange={setRole}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
          testId="staff-role-filter"
        />
        <FilterSelect
          label={t("admin.regions.region")}
          value={region}
          onChange={setRegion}
          options={(regions.data ?? []).map((r) => ({ value: r.id, label: regionLabel(r, i18n.language) }))}
        />
      </div>
      <DataTable
        testId="staff-table"
        rows={rows}
        filter={filter}
        rowKey={(m) => m.userId}
        rowTestId={(m) => `staff-row-${m.username}`}
        empty={t("admin.staff.empty")}
        columns={[
          { key: "username", label: t("admin.staff.username"), value: (m) => m.username, className: "mono" },
          { key: "name", label: t("admin.staff.name"), value: (m) => m.name },
          { key: "contact", label: t("admin.staff.contactColumn"), value: (m) => m.contact },
          {
            key: "grants",
            label: t("admin.staff.grants"),
            value: (m) => m.grants.map((g) => `${t(`admin.role.${g.role}`)} ${scopeName(g)}`).join(" "),
            className: "wrap",
            render: (m) => (
              <span className="grant-list">
                {m.grants.map((g) => (
                  <span key={g.id} className="grant-chip" data-testid={`grant-${m.username}-${g.role}`}>
                    {t(`admin.role.${g.role}`)} · {scopeName(g)}
                    <button
                      type="button"
                      className="chip-remove"
                      aria-label={t("admin.staff.removeGrant")}
                      title={t("admin.staff.removeGrant")}
                      onClick={() => removeGrant(m, g.id)}
                    >
                      ×
                    </button>
                  </span>
                ))}
              </span>
            ),
          },
          {
            key: "actions",
            sortable: false,
            label: t("admin.actions"),
            value: () => null,
            render: (m) => (
              <span className="row-actions">
                <button type="button" className="btn btn-small" onClick={() => setGranting(m)}>
                  {t("admin.staff.addGrant")}
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setResetting(m)}
                  data-testid={`staff-reset-${m.username}`}
                >
                  {t("admin.staff.resetPassword")}
                </button>
              </span>
            ),
          },
        ]}
      />
    </section>
  );
}

/** Role and scope of one grant; the scope choices follow the role (an admin is never scoped). */
function GrantFields({
  draft,
  onChange,
  regions,
  index,
  issue,
}: {
  draft: GrantDraft;
  onChange: (d: GrantDraft) => void;
  regions: RegionSummary[];
  index: number;
  issue?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const scopes: Scope[] =
    draft.role === "ADMIN"
      ? ["contest"]
      : draft.role === "REGION_HOST"
        ? ["region", "contest"]
        : ["region", "session", "contest"];
  return (
    <div className="grant-fields">
      <label className="field">
        <span>{t("admin.staff.role")}</span>
        <select
          value={draft.role}
          data-testid={`grant-role-${index}`}
          onChange={(e) => {
            const role = e.target.value as StaffRoleKind;
            onChange({ ...draft, role, scope: role === "ADMIN" ? "contest" : draft.scope });
          }}
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("admin.staff.scope")}</span>
        <select
          value={draft.scope}
          data-testid={`grant-scope-${index}`}
          onChange={(e) => onChange({ ...draft, scope: e.target.value as Scope })}
        >
          {scopes.map((s) => (
            <option key={s} value={s}>
              {t(`admin.staff.scopes.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {draft.scope === "region" && (
        <label className="field">
          <span>{t("admin.regions.region")}</span>
          <select
            value={draft.regionId}
            data-testid={`grant-region-${index}`}
            onChange={(e) => onChange({ ...draft, regionId: e.target.value })}
          >
            <option value="">{t("admin.choose")}</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {regionLabel(r, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.scope === "session" && (
        <label className="field">
          <span>{t("admin.staff.session")}</span>
          <select
            value={draft.examSessionId}
            data-testid={`grant-session-${index}`}
            onChange={(e) => onChange({ ...draft, examSessionId: e.target.value })}
          >
            <option value="">{t("admin.choose")}</option>
            {me.proctorSessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <FieldIssue message={issue} />
    </div>
  );
}

function StaffForm({
  regions,
  onCancel,
  onSaved,
}: {
  regions: RegionSummary[];
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ username: "", name: "", password: "", contact: "" });
  const [grants, setGrants] = useState<GrantDraft[]>([newGrant()]);
  const body = useMemo(
    () => ({
      username: draft.username,
      name: draft.name,
      password: draft.password,
      ...(draft.contact.trim() ? { contact: draft.contact } : {}),
      grants: grants.map(grantOf),
    }),
    [draft, grants],
  );
  const v = useValidation(staffRequestSchema, body);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof draft) => (value: string) => {
    setDraft((d) => ({ ...d, [k]: value }));
    v.touch(k);
  };
  const grantIssue = (i: number) => {
    const issues = v.issues;
    const key = Object.keys(issues).find((k) => k === `grants.${i}` || k.startsWith(`grants.${i}.`));
    return key ? issues[key] : undefined;
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await committeeApi.createStaff(body);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card admin-form"
      data-testid="staff-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
      <h3>{t("admin.staff.newTitle")}</h3>
      <div className="form-grid">
        <TextField
          label={t("admin.staff.username")}
          value={draft.username}
          onChange={set("username")}
          issue={v.issue("username")}
          testId="staff-username"
          autoComplete="off"
        />
        <TextField
          label={t("admin.staff.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="staff-name"
        />
        <TextField
          label={t("admin.staff.password")}
          value={draft.password}
          onChange={set("password")}
          issue={v.issue("password")}
          testId="staff-password"
          autoComplete="new-password"
          hint={t("admin.staff.passwordHint")}
        />
        <TextField
          label={t("admin.staff.contact")}
          value={draft.contact}
          onChange={set("contact")}
          issue={v.issue("contact")}
        />
      </div>
      <fieldset className="settings">
        <legend>{t("admin.staff.grants")}</legend>
        {grants.map((g, i) => (
          <div className="grant-row" key={g.key}>
            <GrantFields
              draft={g}
              index={i}
              regions={regions}
              issue={grantIssue(i)}
              onChange={(d) => {
                setGrants((list) => list.map((x, j) => (j === i ? d : x)));
                v.touch(`grants.${i}`);
              }}
            />
            {grants.length > 1 && (
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() => setGrants((list) => list.filter((_, j) => j !== i))}
              >
                {t("admin.remove")}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setGrants((l) => [...l, newGrant()])}>
          {t("admin.staff.anotherGrant")}
        </button>
      </fieldset>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="staff-save"
        >
          {t("admin.staff.create")}
        </button>
      </div>
    </form>
  );
}

function GrantForm({
  member,
  regions,
  onDone,
}: {
  member: StaffMember;
  regions: RegionSummary[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<GrantDraft>(newGrant());
  const body = grantOf(draft);
  const v = useValidation(grantSchema, body);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    try {
      await committeeApi.addGrant(member.userId, body);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const firstIssue = Object.values(v.issues)[0];
  return (
    <form
      className="card admin-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
      <h3>{t("admin.staff.addGrantTitle", { name: member.name })}</h3>
      <GrantFields draft={draft} index={99} regions={regions} onChange={setDraft} issue={firstIssue} />
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("admin.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!v.valid}>
          {t("admin.staff.addGrant")}
        </button>
      </div>
    </form>
  );
}

function PasswordForm({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const v = useValidation(passwordSchema, password);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    try {
      await committeeApi.updateStaff(member.userId, { password });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form
      className="card admin-form"
      data-testid="password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
      <h3>{t("admin.staff.resetTitle", { name: member.name, username: member.username })}</h3>
      <TextField
        label={t("admin.staff.newPassword")}
        value={password}
        onChange={(p) => {
          setPassword(p);
          v.touch("");
        }}
        issue={v.issue("")}
        autoComplete="new-password"
        testId="staff-new-password"
      />
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid}
          data-testid="staff-password-save"
        >
          {t("admin.save")}
        </button>
      </div>
    </form>
  );
}
