// The committee's regions: load them from the regions file, rename them, change the host organisation.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type RegionSummary, regionRequestSchema } from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import { DataTable, ErrorBanner, FilterBox, TextField, useLoad, useValidation } from "./kit.tsx";

export function regionLabel(r: { no: number; nameZh: string; nameEn: string }, lang: string): string {
  return `${r.no}. ${lang === "en" ? r.nameEn : r.nameZh}`;
}

export function RegionsSection() {
  const { t, i18n } = useTranslation();
  const regions = useLoad(() => committeeApi.regions(), []);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<RegionSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await committeeApi.loadRegions();
      regions.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const rows = regions.data ?? [];
  return (
    <section className="admin-section" data-testid="regions-section">
      <div className="section-head">
        <h2>{t("admin.regions.title")}</h2>
        <button type="button" className="btn" onClick={load} disabled={busy} data-testid="regions-load">
          {t("admin.regions.load")}
        </button>
      </div>
      <p className="muted">{t("admin.regions.intro")}</p>
      <ErrorBanner error={error ?? regions.error} onClose={() => setError(null)} />
      {editing && (
        <RegionForm
          key={editing.id}
          region={editing}
          onDone={() => {
            setEditing(null);
            regions.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="regions-filter" />
      </div>
      <DataTable
        testId="regions-table"
        rows={rows}
        filter={filter}
        rowKey={(r) => r.id}
        rowTestId={(r) => `region-row-${r.no}`}
        empty={t("admin.regions.empty")}
        columns={[
          { key: "no", label: t("admin.regions.no"), value: (r) => r.no, className: "num" },
          { key: "nameZh", label: t("admin.regions.nameZh"), value: (r) => r.nameZh },
          { key: "nameEn", label: t("admin.regions.nameEn"), value: (r) => r.nameEn },
          { key: "hostOrg", label: t("admin.regions.hostOrg"), value: (r) => r.hostOrg, className: "wrap" },
          {
            key: "submitted",
            label: t("admin.status.SUBMITTED"),
            value: (r) => r.registrations.submitted,
            className: "num",
          },
          {
            key: "approved",
            label: t("admin.status.APPROVED"),
            value: (r) => r.registrations.approved,
            className: "num",
          },
          {
            key: "rejected",
            label: t("admin.status.REJECTED"),
            value: (r) => r.registrations.rejected,
            className: "num",
          },
          {
            key: "actions",
            sortable: false,
            label: t("admin.actions"),
            value: () => null,
            render: (r) => (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setEditing(r)}
                data-testid={`region-edit-${r.no}`}
                aria-label={`${t("admin.edit")} ${regionLabel(r, i18n.language)}`}
              >
                {t("admin.edit")}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

function RegionForm({ region, onDone }: { region: RegionSummary; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({
    nameZh: region.nameZh,
    nameEn: region.nameEn,
    hostOrg: region.hostOrg,
  });
  const v = useValidation(regionRequestSchema, draft);
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
      await committeeApi.updateRegion(region.id, draft);
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
      data-testid="region-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
      <h3>
        {t("admin.regions.editTitle")} {regionLabel(region, i18n.language)}
      </h3>
      <div className="form-grid">
        <TextField
          label={t("admin.regions.nameZh")}
          value={draft.nameZh}
          onChange={set("nameZh")}
          issue={v.issue("nameZh")}
        />
        <TextField
          label={t("admin.regions.nameEn")}
          value={draft.nameEn}
          onChange={set("nameEn")}
          issue={v.issue("nameEn")}
        />
        <TextField
          label={t("admin.regions.hostOrg")}
          value={draft.hostOrg}
          onChange={set("hostOrg")}
          issue={v.issue("hostOrg")}
          testId="region-host-org"
        />
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
          data-testid="region-save"
        >
          {t("admin.save")}
        </button>
      </div>
    </form>
  );
}
