// The region's venues: name, address and capacity; created, edited and removed by the host.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type VenueView, venueRequestSchema } from "../../../protocol/index.ts";
import {
  actionsColumn,
  FormActions,
  fieldSetter,
  NewButton,
  SaveForm,
  SectionHead,
  useAction,
  useEditing,
  useRemove,
} from "../admin/crud.tsx";
import { DataTable, ErrorBanner, FilterBox, TextField, useLoad, useValidation } from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";

export function VenuesSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const venues = useLoad(() => hostApi.venues(regionId), [regionId]);
  const [filter, setFilter] = useState("");
  const rows = venues.data ?? [];
  const { editing, setEditing, current } = useEditing(rows, (v) => v.id);
  const { remove, error, setError } = useRemove(
    (v: VenueView) => t("admin.venues.confirmRemove", { name: v.name }),
    (v) => hostApi.deleteVenue(regionId, v.id),
    venues.reload,
  );

  return (
    <section className="admin-section" data-testid="venues-section">
      <SectionHead title={t("admin.venues.title")}>
        <NewButton label={t("admin.venues.new")} onClick={() => setEditing("new")} testId="venue-new" />
      </SectionHead>
      <ErrorBanner error={error ?? venues.error} onClose={() => setError(null)} />
      {editing && (
        <VenueForm
          key={editing}
          regionId={regionId}
          venue={current}
          onDone={() => {
            setEditing(null);
            venues.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} />
      </div>
      <DataTable
        testId="venues-table"
        rows={rows}
        filter={filter}
        rowKey={(v) => v.id}
        rowTestId={(v) => `venue-row-${v.name}`}
        empty={t("admin.venues.empty")}
        columns={[
          { key: "name", label: t("admin.venues.name"), value: (v) => v.name },
          { key: "address", label: t("admin.venues.address"), value: (v) => v.address, className: "wrap" },
          { key: "capacity", label: t("admin.venues.capacity"), value: (v) => v.capacity, className: "num" },
          actionsColumn(t("admin.actions"), (v: VenueView) => (
            <>
              <button type="button" className="btn btn-small" onClick={() => setEditing(v.id)}>
                {t("admin.edit")}
              </button>
              <button type="button" className="btn btn-small btn-danger" onClick={() => remove(v)}>
                {t("admin.remove")}
              </button>
            </>
          )),
        ]}
      />
    </section>
  );
}

function VenueForm({
  regionId,
  venue,
  onDone,
}: {
  regionId: string;
  venue: VenueView | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({
    name: venue?.name ?? "",
    address: venue?.address ?? "",
    capacity: venue?.capacity != null ? String(venue.capacity) : "",
  });
  const body = useMemo(
    () => ({
      name: draft.name,
      address: draft.address,
      capacity: draft.capacity.trim() === "" ? null : Number(draft.capacity),
    }),
    [draft],
  );
  const v = useValidation(venueRequestSchema, body);
  const { error, busy, run } = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const save = () =>
    run(async () => {
      if (venue) await hostApi.updateVenue(regionId, venue.id, body);
      else await hostApi.createVenue(regionId, body);
      onDone();
    });
  return (
    <SaveForm testId="venue-form" valid={v.valid} onSave={save}>
      <h3>{venue ? t("admin.venues.editTitle") : t("admin.venues.newTitle")}</h3>
      <div className="form-grid">
        <TextField
          label={t("admin.venues.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="venue-name"
        />
        <TextField
          label={t("admin.venues.address")}
          value={draft.address}
          onChange={set("address")}
          issue={v.issue("address")}
          testId="venue-address"
        />
        <TextField
          label={t("admin.venues.capacity")}
          type="number"
          value={draft.capacity}
          onChange={set("capacity")}
          issue={v.issue("capacity")}
          testId="venue-capacity"
        />
      </div>
      <FormActions error={error} onCancel={onDone} disabled={!v.valid || busy} saveTestId="venue-save" />
    </SaveForm>
  );
}
