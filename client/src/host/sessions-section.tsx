// The region's exam sessions: stage, venue, paper, name, start, duration and late start; the list
// shows how many are seated. A practice sitting (issue 11) shows its results at once and never
// counts; its paper is generated with one button.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type PaperOption,
  type ReleaseState,
  type SessionView,
  sessionRequestSchema,
} from "../../../protocol/index.ts";
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
import {
  DataTable,
  ErrorBanner,
  FieldIssue,
  FilterBox,
  formatInstant,
  fromLocalInput,
  TextField,
  toLocalInput,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { CodedError } from "../admin/report-kit.tsx";
import { contestsApi, hostApi } from "../lib/admin-api.ts";
import { ApiError, request } from "../lib/api.ts";
import { type ReleaseRefusal, readRefusal } from "../results/release.ts";
import "../results/release.css";
import { Link } from "../ui/link.tsx";

/** The practice paper: generated on the first call, the same paper after (any region's host). */
const generatePracticePaper = (regionId: string) =>
  request<PaperOption>("POST", `/regions/${encodeURIComponent(regionId)}/practice-paper`);

/** Every stage of every contest, for the session form and filters. */
export function useStages() {
  const contests = useLoad(() => contestsApi.list(), []);
  const stages = (contests.data ?? []).flatMap((c) =>
    c.stages.map((s) => ({ id: s.id, name: s.name, label: `${c.name} · ${s.name}` })),
  );
  return { stages, error: contests.error };
}

export function SessionsSection({ regionId }: { regionId: string }) {
  const { t, i18n } = useTranslation();
  const sessions = useLoad(() => hostApi.sessions(regionId), [regionId]);
  const { stages } = useStages();
  const [filter, setFilter] = useState("");
  const [refusal, setRefusal] = useState<{ name: string; refusal: ReleaseRefusal } | null>(null);
  const rows = sessions.data ?? [];
  const { editing, setEditing, current } = useEditing(rows, (s) => s.id);
  const { remove, error, setError } = useRemove(
    (s: SessionView) => t("admin.sessions.confirmRemove", { name: s.name }),
    (s) => hostApi.deleteSession(regionId, s.id),
    sessions.reload,
  );

  return (
    <section className="admin-section" data-testid="sessions-section">
      <SectionHead title={t("admin.sessions.title")}>
        <NewButton label={t("admin.sessions.new")} onClick={() => setEditing("new")} testId="session-new" />
      </SectionHead>
      {/* Translated by code: a release refused as the region's report is submitted says so. */}
      <CodedError error={error ?? sessions.error} onClose={() => setError(null)} />
      {refusal && <RefusalBanner {...refusal} onClose={() => setRefusal(null)} />}
      {editing && (
        <SessionForm
          key={editing}
          regionId={regionId}
          session={current}
          onDone={() => {
            setEditing(null);
            sessions.reload();
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} />
      </div>
      <DataTable
        testId="sessions-table"
        rows={rows}
        filter={filter}
        rowKey={(s) => s.id}
        rowTestId={(s) => `session-row-${s.name}`}
        empty={t("admin.sessions.empty")}
        columns={[
          {
            key: "name",
            label: t("admin.sessions.name"),
            value: (s) => s.name,
            render: (s) => (
              <>
                {s.name}
                {s.practice && (
                  <>
                    {" "}
                    <span
                      className="badge badge-practice"
                      title={t("admin.sessions.practiceHint")}
                      data-testid={`session-practice-${s.name}`}
                    >
                      {t("admin.sessions.practiceBadge")}
                    </span>
                  </>
                )}
              </>
            ),
            className: "wrap",
          },
          {
            key: "stage",
            label: t("admin.columns.stage"),
            value: (s) => stages.find((x) => x.id === s.stageId)?.name ?? s.stageId,
          },
          { key: "venue", label: t("admin.sessions.venue"), value: (s) => s.venue?.name ?? null },
          { key: "paper", label: t("admin.sessions.paper"), value: (s) => s.paper.title, className: "wrap" },
          {
            key: "startsAt",
            label: t("admin.sessions.startsAt"),
            value: (s) => s.startsAt,
            render: (s) => formatInstant(s.startsAt, i18n.language),
          },
          {
            key: "duration",
            label: t("admin.sessions.duration"),
            value: (s) => s.durationMinutes,
            render: (s) => t("admin.minutes", { count: s.durationMinutes }),
            className: "num",
          },
          {
            key: "late",
            label: t("admin.sessions.lateStart"),
            value: (s) => s.lateStartMinutes,
            render: (s) => t("admin.minutes", { count: s.lateStartMinutes }),
            className: "num",
          },
          { key: "seated", label: t("admin.sessions.seated"), value: (s) => s.seated, className: "num" },
          actionsColumn(t("admin.actions"), (s: SessionView) => (
            <>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setEditing(s.id)}
                data-testid={`session-edit-${s.id}`}
              >
                {t("admin.edit")}
              </button>
              <Link
                to={`/host/${encodeURIComponent(regionId)}/tickets/${encodeURIComponent(s.id)}`}
                className="btn btn-small"
              >
                {t("admin.seating.tickets")}
              </Link>
              <button
                type="button"
                className="btn btn-small btn-danger"
                disabled={s.begun}
                title={s.begun ? t("admin.sessions.begun") : undefined}
                onClick={() => remove(s)}
              >
                {t("admin.remove")}
              </button>
              <ReleaseControl
                regionId={regionId}
                session={s}
                onRefused={(r) => setRefusal(r && { name: s.name, refusal: r })}
                onError={setError}
              />
            </>
          )),
        ]}
      />
    </section>
  );
}

/** A session's results: when they were released, or a button that releases them after a confirm. */
function ReleaseControl({
  regionId,
  session,
  onRefused,
  onError,
}: {
  regionId: string;
  session: SessionView;
  onRefused: (refusal: ReleaseRefusal | null) => void;
  onError: (error: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const state = useLoad<ReleaseState>(() => hostApi.release(regionId, session.id), [regionId, session.id]);
  const { busy, run } = useAction();
  if (state.data?.releasedAt)
    return (
      <span
        className="release-done"
        data-testid={`released-${session.name}`}
        title={state.data.releasedBy ?? undefined}
      >
        {t("results.release.released", { time: formatInstant(state.data.releasedAt, i18n.language) })}
      </span>
    );
  const release = () => {
    if (!window.confirm(t("results.release.confirm", { name: session.name }))) return;
    onRefused(null);
    void run(async () => {
      try {
        state.setData(await hostApi.releaseResults(regionId, session.id));
      } catch (e) {
        const refusal = e instanceof ApiError && e.code === "CONFLICT" ? readRefusal(e.details) : null;
        if (refusal) onRefused(refusal);
        else onError(e);
        state.reload();
      }
    });
  };
  return (
    <button
      type="button"
      className="btn btn-small btn-primary"
      disabled={busy || state.loading}
      onClick={release}
      data-testid={`release-${session.name}`}
    >
      {busy ? t("results.release.releasing") : t("results.release.release")}
    </button>
  );
}

/** The server's refusal to release, with the attempts by status. */
function RefusalBanner({
  name,
  refusal,
  onClose,
}: {
  name: string;
  refusal: ReleaseRefusal;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="banner banner-error admin-error" role="alert" data-testid="release-refused">
      <span>
        <strong>{name}</strong> · {t("results.release.refused", { ...refusal })}
        {refusal.lateStartUntil && (
          <>
            {" "}
            {t("results.release.lateStart", { time: formatInstant(refusal.lateStartUntil, i18n.language) })}
          </>
        )}
      </span>
      <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
        {t("admin.dismiss")}
      </button>
    </div>
  );
}

function SessionForm({
  regionId,
  session,
  onDone,
}: {
  regionId: string;
  session: SessionView | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { stages } = useStages();
  const venues = useLoad(() => hostApi.venues(regionId), [regionId]);
  const papers = useLoad(() => hostApi.papers(), []);
  const [draft, setDraft] = useState({
    stageId: session?.stageId ?? "",
    venueId: session?.venue?.id ?? "",
    paperId: session?.paper.id ?? "",
    name: session?.name ?? "",
    startsAt: toLocalInput(session?.startsAt),
    durationMinutes: String(session?.durationMinutes ?? 90),
    lateStartMinutes: String(session?.lateStartMinutes ?? 30),
    practice: session?.practice ?? false,
  });
  const body = useMemo(
    () => ({
      stageId: draft.stageId,
      venueId: draft.venueId || null,
      paperId: draft.paperId,
      name: draft.name,
      startsAt: fromLocalInput(draft.startsAt),
      durationMinutes: draft.durationMinutes.trim() === "" ? Number.NaN : Number(draft.durationMinutes),
      lateStartMinutes: draft.lateStartMinutes.trim() === "" ? Number.NaN : Number(draft.lateStartMinutes),
      practice: draft.practice,
    }),
    [draft],
  );
  const v = useValidation(sessionRequestSchema, body, [["durationMinutes", "lateStartMinutes"]]);
  const { error, busy, run } = useAction();
  const practicePaper = useAction();
  const set = fieldSetter(setDraft, v.touch);
  const generate = () =>
    practicePaper.run(async () => {
      const paper = await generatePracticePaper(regionId);
      papers.setData([...(papers.data ?? []).filter((p) => p.id !== paper.id), paper]);
      set("paperId")(paper.id);
    });
  const save = () =>
    run(async () => {
      if (session) await hostApi.updateSession(regionId, session.id, body);
      else await hostApi.createSession(regionId, body);
      onDone();
    });
  const locked = session?.begun ?? false;
  return (
    <SaveForm testId="session-form" valid={v.valid} onSave={save}>
      <h3>{session ? t("admin.sessions.editTitle") : t("admin.sessions.newTitle")}</h3>
      {locked && <p className="banner banner-info">{t("admin.sessions.begun")}</p>}
      <ErrorBanner error={venues.error ?? papers.error ?? practicePaper.error} />
      <div className="form-grid">
        <label className="field">
          <span>{t("admin.columns.stage")}</span>
          <select
            value={draft.stageId}
            onChange={(e) => set("stageId")(e.target.value)}
            data-testid="session-stage"
          >
            <option value="">{t("admin.choose")}</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <FieldIssue message={v.issue("stageId")} />
        </label>
        <label className="field">
          <span>{t("admin.sessions.venue")}</span>
          <select
            value={draft.venueId}
            onChange={(e) => set("venueId")(e.target.value)}
            data-testid="session-venue"
          >
            <option value="">{t("admin.sessions.noVenue")}</option>
            {(venues.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
          <FieldIssue message={v.issue("venueId")} />
        </label>
        <label className="field field-wide">
          <span>{t("admin.sessions.paper")}</span>
          <select
            value={draft.paperId}
            disabled={locked}
            onChange={(e) => set("paperId")(e.target.value)}
            data-testid="session-paper"
          >
            <option value="">{t("admin.choose")}</option>
            {(papers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {t("admin.sessions.paperOption", { title: p.title, questions: p.questions, tasks: p.tasks })}
              </option>
            ))}
          </select>
          <FieldIssue message={v.issue("paperId")} />
          <span className="field-hint">
            <button
              type="button"
              className="btn btn-small"
              disabled={locked || practicePaper.busy}
              onClick={generate}
              data-testid="session-practice-paper"
            >
              {practicePaper.busy ? t("admin.sessions.generating") : t("admin.sessions.generatePractice")}
            </button>
          </span>
        </label>
        <label className="field field-check">
          <span>
            <input
              type="checkbox"
              checked={draft.practice}
              disabled={locked}
              onChange={(e) => set("practice")(e.target.checked)}
              data-testid="session-practice"
            />{" "}
            {t("admin.sessions.practice")}
          </span>
          <span className="field-hint">{t("admin.sessions.practiceHint")}</span>
        </label>
        <TextField
          label={t("admin.sessions.name")}
          value={draft.name}
          onChange={set("name")}
          issue={v.issue("name")}
          testId="session-name"
        />
        <TextField
          label={t("admin.sessions.startsAt")}
          type="datetime-local"
          value={draft.startsAt}
          onChange={set("startsAt")}
          issue={v.issue("startsAt")}
          testId="session-starts"
          disabled={locked}
        />
        <TextField
          label={t("admin.sessions.durationMinutes")}
          type="number"
          value={draft.durationMinutes}
          onChange={set("durationMinutes")}
          issue={v.issue("durationMinutes")}
          testId="session-duration"
        />
        <TextField
          label={t("admin.sessions.lateStartMinutes")}
          type="number"
          value={draft.lateStartMinutes}
          onChange={set("lateStartMinutes")}
          issue={v.issue("lateStartMinutes")}
          hint={t("admin.sessions.lateStartHint")}
          testId="session-late"
        />
      </div>
      <FormActions error={error} onCancel={onDone} disabled={!v.valid || busy} saveTestId="session-save" />
    </SaveForm>
  );
}
