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
  actionsColumn,
  FormActions,
  fieldSetter,
  NewButton,
  SaveForm,
  SectionHead,
  useAction,
} from "./crud.tsx";
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
  const { error, setError, run } = useAction();

  const rows = (staff.data ?? []).filter(
    (m) =>
      (!role || m.grants.some((g) => g.role === role)) &&
      (!region || m.grants.some((g) => g.regionId === region)),
  );
  const removeGrant = (m: StaffMember, grantId: string) =>
    run(async () => {
      await committeeApi.removeGrant(m.userId, grantId);
      staff.reload();
    });

  return (
    <section className="admin-section" data-testid="staff-section">
      <SectionHead title={t("admin.staff.title")}>
        <NewButton label={t("admin.staff.new")} onClick={() => setCreating(true)} testId="staff-new" />
      </SectionHead>
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
                  <GrantChip
                    key={g.id}
                    label={`${t(`admin.role.${g.role}`)} · ${scopeName(g)}`}
                    testId={`grant-${m.username}-${g.role}`}
                    onRemove={() => removeGrant(m, g.id)}
                  />
                ))}
              </span>
            ),
          },
          actionsColumn(t("admin.actions"), (m: StaffMember) => (
            <>
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
            </>
          )),
        ]}
      />
    </section>
  );
}

/** A grant in a staff member's row, with its remove button where it may be removed. */
export function GrantChip({
  label,
  testId,
  onRemove,
  removeTestId,
}: {
  label: string;
  testId?: string;
  onRemove?: (() => void) | undefined;
  removeTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <span className="grant-chip" data-testid={testId}>
      {label}
      {onRemove && (
        <button
          type="button"
          className="chip-remove"
          aria-label={t("admin.staff.removeGrant")}
          title={t("admin.staff.removeGrant")}
          onClick={onRemove}
          data-testid={removeTestId}
        >
          ×
        </button>
      )}
    </span>
  );
}

/** Username, name and password of a new staff account. */
export function AccountFields({
  draft,
  set,
  issue,
  testIdPrefix,
}: {
  draft: { username: string; name: string; password: string };
  set: (k: "username" | "name" | "password") => (value: string) => void;
  issue: (field: string) => string | undefined;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t("admin.staff.username")}
        value={draft.username}
        onChange={set("username")}
        issue={issue("username")}
        testId={`${testIdPrefix}-username`}
        autoComplete="off"
      />
      <TextField
        label={t("admin.staff.name")}
        value={draft.name}
        onChange={set("name")}
        issue={issue("name")}
        testId={`${testIdPrefix}-name`}
      />
      <TextField
        label={t("admin.staff.password")}
        value={draft.password}
        onChange={set("password")}
        issue={issue("password")}
        testId={`${testIdPrefix}-password`}
        autoComplete="new-password"
        hint={t("admin.staff.passwordHint")}
      />
    </>
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
  const { error, busy, run } = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const grantIssue = (i: number) => {
    const issues = v.issues;
    const key = Object.keys(issues).find((k) => k === `grants.${i}` || k.startsWith(`grants.${i}.`));
    return key ? issues[key] : undefined;
  };
  const save = () =>
    run(async () => {
      await committeeApi.createStaff(body);
      onSaved();
    });
  return (
    <SaveForm testId="staff-form" valid={v.valid} onSave={save}>
      <h3>{t("admin.staff.newTitle")}</h3>
      <div className="form-grid">
        <AccountFields draft={draft} set={set} issue={v.issue} testIdPrefix="staff" />
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
      <FormActions
        error={error}
        onCancel={onCancel}
        disabled={!v.valid || busy}
        saveTestId="staff-save"
        saveLabel={t("admin.staff.create")}
      />
    </SaveForm>
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
  const { error, run } = useAction();
  const save = () =>
    run(async () => {
      await committeeApi.addGrant(member.userId, body);
      onDone();
    });
  const firstIssue = Object.values(v.issues)[0];
  return (
    <SaveForm valid={v.valid} onSave={save}>
      <h3>{t("admin.staff.addGrantTitle", { name: member.name })}</h3>
      <GrantFields draft={draft} index={99} regions={regions} onChange={setDraft} issue={firstIssue} />
      <FormActions
        error={error}
        onCancel={onDone}
        disabled={!v.valid}
        saveLabel={t("admin.staff.addGrant")}
      />
    </SaveForm>
  );
}

function PasswordForm({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const v = useValidation(passwordSchema, password);
  const { error, run } = useAction();
  const save = () =>
    run(async () => {
      await committeeApi.updateStaff(member.userId, { password });
      onDone();
    });
  return (
    <SaveForm testId="password-form" valid={v.valid} onSave={save}>
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
      <FormActions error={error} onCancel={onDone} disabled={!v.valid} saveTestId="staff-password-save" />
    </SaveForm>
  );
}
