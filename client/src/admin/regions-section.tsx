// The committee's regions: load them from the regions file, rename them, change the host organisation.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type RegionSummary, regionRequestSchema } from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import { FormActions, fieldSetter, SaveForm, SectionHead, useAction } from "./crud.tsx";
import { DataTable, ErrorBanner, FilterBox, TextField, useLoad, useValidation } from "./kit.tsx";

export function regionLabel(r: { no: number; nameZh: string; nameEn: string }, lang: string): string {
  return `${r.no}. ${lang === "en" ? r.nameEn : r.nameZh}`;
}

export function RegionsSection() {
  const { t, i18n } = useTranslation();
  const regions = useLoad(() => committeeApi.regions(), []);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<RegionSummary | null>(null);
  const { error, setError, busy, run } = useAction();

  const load = () =>
    run(async () => {
      await committeeApi.loadRegions();
      regions.reload();
    });

  const rows = regions.data ?? [];
  return (
    <section className="admin-section" data-testid="regions-section">
      <SectionHead title={t("admin.regions.title")}>
        <button type="button" className="btn" onClick={load} disabled={busy} data-testid="regions-load">
          {t("admin.regions.load")}
        </button>
      </SectionHead>
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
  const { error, busy, run } = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const save = () =>
    run(async () => {
      await committeeApi.updateRegion(region.id, draft);
      onDone();
    });
  return (
    <SaveForm testId="region-form" valid={v.valid} onSave={save}>
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
      <FormActions error={error} onCancel={onDone} disabled={!v.valid || busy} saveTestId="region-save" />
    </SaveForm>
  );
}
