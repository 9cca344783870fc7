// The region's venues: name, address and capacity; created, edited and removed by the host.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type VenueView, venueRequestSchema } from "../../../protocol/index.ts";
import { DataTable, ErrorBanner, FilterBox, TextField, useLoad, useValidation } from "../admin/kit.tsx";
import { hostApi } from "../lib/admin-api.ts";

export function VenuesSection({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const venues = useLoad(() => hostApi.venues(regionId), [regionId]);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rows = venues.data ?? [];
  const current = editing && editing !== "new" ? (rows.find((v) => v.id === editing) ?? null) : null;

  const remove = async (v: VenueView) => {
    if (!window.confirm(t("admin.venues.confirmRemove", { name: v.name }))) return;
    setError(null);
    try {
      await hostApi.deleteVenue(regionId, v.id);
      venues.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="admin-section" data-testid="venues-section">
      <div className="section-head">
        <h2>{t("admin.venues.title")}</h2>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setEditing("new")}
          data-testid="venue-new"
        >
          {t("admin.venues.new")}
        </button>
      </div>
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
          {
            key: "actions",
            sortable: false,
            label: t("admin.actions"),
            value: () => null,
            render: (v) => (
              <span className="row-actions">
                <button type="button" className="btn btn-small" onClick={() => setEditing(v.id)}>
                  {t("admin.edit")}
                </button>
                <button type="button" className="btn btn-small btn-danger" onClick={() => remove(v)}>
                  {t("admin.remove")}
                </button>
              </span>
            ),
          },
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
      if (venue) await hostApi.updateVenue(regionId, venue.id, body);
      else await hostApi.createVenue(regionId, body);
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
      data-testid="venue-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid) void save();
      }}
    >
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
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="venue-save"
        >
          {t("admin.save")}
        </button>
      </div>
    </form>
  );
}
