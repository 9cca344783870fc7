// A contest's stages (kind, name, dates) and, per stage, the registration window of each region.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ContestSummary,
  type RegionSummary,
  STAGE_KINDS,
  type StageKind,
  type StageSummary,
  stageRequestSchema,
  windowRequestSchema,
} from "../../../protocol/index.ts";
import { committeeApi } from "../lib/admin-api.ts";
import {
  actionsColumn,
  FormActions,
  fieldSetter,
  NewButton,
  RowButton,
  SaveForm,
  SectionHead,
  useAction,
  useEditing,
} from "./crud.tsx";
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  formatInstant,
  fromLocalInput,
  TextField,
  toLocalInput,
  useLoad,
  useValidation,
} from "./kit.tsx";
import { regionLabel } from "./regions-section.tsx";

export function StagesPanel({ contest, onChanged }: { contest: ContestSummary; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { editing, setEditing, current: editingStage } = useEditing(contest.stages, (s) => s.id);
  const [selected, setSelected] = useState<string | null>(contest.stages[0]?.id ?? null);
  const stage = contest.stages.find((s) => s.id === selected) ?? null;
  // The first stage added is opened at once: its windows are what comes next.
  const first = contest.stages[0]?.id ?? null;
  useEffect(() => {
    if (selected === null && first) setSelected(first);
  }, [selected, first]);

  return (
    <div className="card admin-panel" data-testid="stages-panel">
      <SectionHead title={t("admin.stages.title", { name: contest.name })}>
        <NewButton
          label={t("admin.stages.new")}
          onClick={() => setEditing("new")}
          testId="stage-new"
          primary={false}
        />
      </SectionHead>
      {editing && (
        <StageForm
          key={editing}
          contestId={contest.id}
          stage={editingStage}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
      <DataTable
        testId="stages-table"
        rows={contest.stages}
        rowKey={(s) => s.id}
        rowTestId={(s) => `stage-row-${s.name}`}
        selectedKey={selected}
        onRowClick={(s) => setSelected(s.id)}
        empty={t("admin.stages.empty")}
        columns={[
          { key: "kind", label: t("admin.stages.kind"), value: (s) => t(`admin.stageKind.${s.kind}`) },
          { key: "name", label: t("admin.stages.name"), value: (s) => s.name, className: "wrap" },
          {
            key: "startsOn",
            label: t("admin.stages.startsOn"),
            value: (s) => s.startsOn,
            render: (s) => formatInstant(s.startsOn, i18n.language),
          },
          {
            key: "endsOn",
            label: t("admin.stages.endsOn"),
            value: (s) => s.endsOn,
            render: (s) => formatInstant(s.endsOn, i18n.language),
          },
          {
            key: "windows",
            label: t("admin.stages.windows"),
            value: (s) => s.windows.length,
            className: "num",
          },
          actionsColumn(t("admin.actions"), (s: StageSummary) => (
            <>
              <RowButton onClick={() => setSelected(s.id)} testId={`stage-windows-${s.id}`}>
                {t("admin.stages.openWindows")}
              </RowButton>
              <RowButton onClick={() => setEditing(s.id)} testId={`stage-edit-${s.id}`}>
                {t("admin.edit")}
              </RowButton>
            </>
          )),
        ]}
      />
      {stage && <WindowsTable key={stage.id} stage={stage} onChanged={onChanged} />}
    </div>
  );
}

function StageForm({
  contestId,
  stage,
  onCancel,
  onSaved,
}: {
  contestId: string;
  stage: StageSummary | null;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({
    kind: (stage?.kind ?? "PRELIMINARY") as StageKind,
    name: stage?.name ?? "",
    startsOn: toLocalInput(stage?.startsOn),
    endsOn: toLocalInput(stage?.endsOn),
  });
  const body = useMemo(
    () => ({
      kind: draft.kind,
      name: draft.name,
      startsOn: draft.startsOn ? fromLocalInput(draft.startsOn) : null,
      endsOn: draft.endsOn ? fromLocalInput(draft.endsOn) : null,
    }),
    [draft],
  );
  const v = useValidation(stageRequestSchema, body, [["startsOn", "endsOn"]]);
  const { error, busy, run } = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const save = () =>
    run(async () => {
      if (stage) await committeeApi.updateStage(stage.id, body);
      else await committeeApi.createStage(contestId, body);
      onSaved();
    });
  return (
    <SaveForm className="admin-form inset" testId="stage-form" valid={v.valid} onSave={save}>
      <h3>{stage ? t("admin.stages.editTitle") : t("admin.stages.newTitle")}</h3>
      <div className="form-grid">
        <label className="field">
          <span>{t("admin.stages.kind")}</span>
          <select
            value={draft.kind}
            onChange={(e) => set("kind")(e.target.value as StageKind)}
            data-testid="stage-kind"
          >
            {STAGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.stageKind.${k}`)}
              </option>
            ))}
          </select>
          <FieldIssue message={v.issue("kind")} />
        </label>
        <TextField
          label={t("admin.stages.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="stage-name"
        />
        <TextField
          label={t("admin.stages.startsOn")}
          type="datetime-local"
          value={draft.startsOn}
          onChange={set("startsOn")}
          issue={v.issue("startsOn")}
          testId="stage-starts"
        />
        <TextField
          label={t("admin.stages.endsOn")}
          type="datetime-local"
          value={draft.endsOn}
          onChange={set("endsOn")}
          issue={v.issue("endsOn")}
          testId="stage-ends"
        />
      </div>
      <FormActions error={error} onCancel={onCancel} disabled={!v.valid || busy} saveTestId="stage-save" />
    </SaveForm>
  );
}

/** Twenty rows, one per region: the window's opening and closing, saved or removed row by row. */
function WindowsTable({ stage, onChanged }: { stage: StageSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const regions = useLoad(() => committeeApi.regions(), []);
  return (
    <div className="windows" data-testid="windows-table">
      <h3>{t("admin.windows.title", { name: stage.name })}</h3>
      <p className="muted small">{t("admin.windows.intro")}</p>
      <ErrorBanner error={regions.error} />
      {regions.data && regions.data.length === 0 && <p className="empty">{t("admin.windows.noRegions")}</p>}
      {regions.data && regions.data.length > 0 && (
        <div className="table-wrap">
          <table className="roster admin-table">
            <thead>
              <tr>
                <th>
                  <span className="sort-button">{t("admin.regions.region")}</span>
                </th>
                <th>
                  <span className="sort-button">{t("admin.windows.opensAt")}</span>
                </th>
                <th>
                  <span className="sort-button">{t("admin.windows.closesAt")}</span>
                </th>
                <th>
                  <span className="sort-button">{t("admin.windows.state")}</span>
                </th>
                <th>
                  <span className="sort-button">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {regions.data.map((r) => (
                <WindowRow
                  key={r.id}
                  stageId={stage.id}
                  region={r}
                  window={stage.windows.find((w) => w.regionId === r.id) ?? null}
                  onChanged={onChanged}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function WindowRow({
  stageId,
  region,
  window: w,
  onChanged,
}: {
  stageId: string;
  region: RegionSummary;
  window: { opensAt: string; closesAt: string } | null;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [opens, setOpens] = useState(toLocalInput(w?.opensAt));
  const [closes, setCloses] = useState(toLocalInput(w?.closesAt));
  const body = useMemo(
    () => ({ opensAt: fromLocalInput(opens), closesAt: fromLocalInput(closes) }),
    [opens, closes],
  );
  const v = useValidation(windowRequestSchema, body, [["opensAt", "closesAt"]]);
  const { error, setError, busy, run: runAction } = useAction();
  const changed =
    body.opensAt !== (w ? fromLocalInput(toLocalInput(w.opensAt)) : "") ||
    body.closesAt !== (w ? fromLocalInput(toLocalInput(w.closesAt)) : "");

  const run = (f: () => Promise<unknown>) =>
    runAction(async () => {
      await f();
      onChanged();
    });
  const now = Date.now();
  const state = !w
    ? "none"
    : now < Date.parse(w.opensAt)
      ? "notYet"
      : now > Date.parse(w.closesAt)
        ? "closed"
        : "open";
  const label = regionLabel(region, i18n.language);
  return (
    <>
      <tr data-testid={`window-row-${region.no}`}>
        <td>{label}</td>
        <td>
          <input
            type="datetime-local"
            className="cell-input"
            value={opens}
            aria-label={`${label} ${t("admin.windows.opensAt")}`}
            onChange={(e) => {
              setOpens(e.target.value);
              v.touch("opensAt");
            }}
            aria-invalid={v.issue("opensAt") ? true : undefined}
            data-testid={`window-opens-${region.no}`}
          />
          <FieldIssue message={v.issue("opensAt")} />
        </td>
        <td>
          <input
            type="datetime-local"
            className="cell-input"
            value={closes}
            aria-label={`${label} ${t("admin.windows.closesAt")}`}
            onChange={(e) => {
              setCloses(e.target.value);
              v.touch("closesAt");
            }}
            aria-invalid={v.issue("closesAt") ? true : undefined}
            data-testid={`window-closes-${region.no}`}
          />
          <FieldIssue message={v.issue("closesAt")} />
        </td>
        <td>
          <span className={`badge badge-window-${state}`}>{t(`admin.windows.states.${state}`)}</span>
        </td>
        <td className="row-actions">
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={!v.valid || busy || !changed}
            onClick={() => run(() => committeeApi.putWindow(stageId, region.id, body))}
            data-testid={`window-save-${region.no}`}
          >
            {t("admin.save")}
          </button>
          {w && (
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={busy}
              onClick={() => run(() => committeeApi.deleteWindow(stageId, region.id))}
              data-testid={`window-delete-${region.no}`}
            >
              {t("admin.remove")}
            </button>
          )}
        </td>
      </tr>
      {error ? (
        <tr>
          <td colSpan={5}>
            <ErrorBanner error={error} onClose={() => setError(null)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
