// A practical task's editor (/admin/papers/:paperId/tasks/:taskId): general fields, the label set,
// tool options and scoring settings (a form generated from the kind's schema plus the JSON itself,
// checked as typed), the dataset import, and the items with the truth drawn and a sample answer to
// score. Every save sends the whole task (PUT); a frozen paper shows everything, changes nothing.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import {
  type LabelDef,
  type PaperDetail,
  SHAPE_CREDIT_VALUES,
  TABLE_CREDIT_VALUES,
  type TaskDetail,
  type TaskInput,
  taskInputSchema,
} from "../../../protocol/index.ts";
import { useAction } from "../admin/crud.tsx";
import { ErrorBanner, TabBar, TextField, useLoad, useValidation } from "../admin/kit.tsx";
import { useTr } from "../judge/shared.tsx";
import { ApiError } from "../lib/api.ts";
import { authoringApi } from "./authoring-api.ts";
import { ImportPanel } from "./import-panel.tsx";
import { ItemsPanel } from "./items-panel.tsx";
import { labelIdFrom, labelProblems, nextLabelColor } from "./labels.ts";
import { InUseBadge } from "./papers-section.tsx";
import {
  effectiveSettings,
  fieldText,
  parseFieldText,
  parseSettingsJson,
  type SettingField,
  settingFields,
  settingsIssues,
  withField,
} from "./settings-model.ts";

const TABS = ["general", "labels", "settings", "import", "items"] as const;
type Tab = (typeof TABS)[number];

/** What PUT sends for a task, with one part changed. */
export function inputOf(task: TaskDetail, change: Partial<TaskInput> = {}): TaskInput {
  return {
    kind: task.kind,
    title: task.title,
    instructions: task.instructions,
    labels: task.labels,
    settings: task.settings ?? {},
    points: task.points,
    ...change,
  };
}

/** Disables a section's controls on a frozen paper, saying why once. */
export function Frozen({ inUse, children }: { inUse: boolean; children: ReactNode }) {
  const { t } = useTr();
  return (
    <fieldset className="frozen-wrap" disabled={inUse} data-frozen={inUse ? "1" : "0"}>
      {inUse && (
        <p className="frozen-note" data-testid="frozen-note">
          {t("errors.PAPER_IN_USE")}
        </p>
      )}
      {children}
    </fieldset>
  );
}

export function TaskEditor({
  paper,
  taskId,
  onChanged,
}: {
  paper: PaperDetail;
  taskId: string;
  onChanged: () => void;
}) {
  const { t } = useTr();
  const task = useLoad(() => authoringApi.task(taskId), [taskId]);
  const [tab, setTab] = useState<Tab>(() => {
    const h = window.location.hash.slice(1);
    return TABS.includes(h as Tab) ? (h as Tab) : "general";
  });
  const select = (k: string) => {
    setTab(k as Tab);
    window.history.replaceState(null, "", `#${k}`);
  };
  const d = task.data;
  const saved = (next: TaskDetail) => {
    task.setData(next);
    onChanged();
  };
  const refresh = () => {
    task.reload();
    onChanged();
  };
  if (!d)
    return task.error ? (
      <ErrorBanner error={task.error} />
    ) : (
      <p className="muted" data-testid="task-loading">
        {t("authoring.loading")}
      </p>
    );
  const inUse = d.inUse || paper.inUse;
  return (
    <section className="admin-section task-editor" data-testid="task-editor" data-kind={d.kind}>
      <div className="section-head">
        <h1 data-testid="task-heading">
          {t("authoring.editor.heading", { position: d.position, title: d.title })}
        </h1>
        <span className="task-meta">
          <span className="badge badge-kind" data-testid="task-kind-badge">
            {t(`authoring.kinds.${d.kind}`)}
          </span>
          <span className="muted">
            {t("authoring.editor.meta", { points: d.points, items: d.items.length, labels: d.labels.length })}
          </span>
          <InUseBadge inUse={inUse} />
        </span>
      </div>
      <ErrorBanner error={task.error} />
      <TabBar
        tabs={TABS.map((k) => ({
          key: k,
          label:
            k === "items"
              ? `${t("authoring.editor.tabs.items")} (${d.items.length})`
              : t(`authoring.editor.tabs.${k}`),
        }))}
        active={tab}
        hrefOf={(k) => `#${k}`}
        onSelect={select}
      />
      {tab === "general" && <GeneralForm key={d.id} task={d} inUse={inUse} onSaved={saved} />}
      {tab === "labels" && <LabelsForm key={d.id} task={d} inUse={inUse} onSaved={saved} />}
      {tab === "settings" && <SettingsForm key={d.id} task={d} inUse={inUse} onSaved={saved} />}
      {tab === "import" && (
        <ImportPanel
          task={d}
          inUse={inUse}
          onImported={() => {
            refresh();
          }}
          onShowItems={() => select("items")}
        />
      )}
      {tab === "items" && <ItemsPanel task={d} inUse={inUse} onChanged={refresh} />}
    </section>
  );
}

// --- general ---------------------------------------------------------------------------------

function GeneralForm({
  task,
  inUse,
  onSaved,
}: {
  task: TaskDetail;
  inUse: boolean;
  onSaved: (t: TaskDetail) => void;
}) {
  const { t } = useTr();
  const [title, setTitle] = useState(task.title);
  const [instructions, setInstructions] = useState(task.instructions);
  const [points, setPoints] = useState(String(task.points));
  const value = inputOf(task, {
    title,
    instructions,
    points: (points.trim() !== "" && Number.isFinite(Number(points)) ? Number(points) : points) as number,
  });
  const v = useValidation(taskInputSchema, value);
  const { error, busy, run } = useAction();
  const dirty = title !== task.title || instructions !== task.instructions || points !== String(task.points);
  const save = () =>
    run(async () => {
      onSaved(await authoringApi.updateTask(task.id, taskInputSchema.parse(value)));
    });
  return (
    <form
      className="card admin-form"
      data-testid="general-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (v.valid && dirty && !inUse) void save();
      }}
    >
      <Frozen inUse={inUse}>
        <div className="form-grid">
          <TextField
            label={t("authoring.tasks.taskTitle")}
            value={title}
            onChange={(s) => {
              setTitle(s);
              v.touch("title");
            }}
            issue={v.issue("title")}
            testId="general-title"
          />
          <TextField
            label={t("authoring.tasks.points")}
            value={points}
            onChange={(s) => {
              setPoints(s);
              v.touch("points");
            }}
            issue={v.issue("points")}
            testId="general-points"
          />
        </div>
        <label className="field">
          <span>{t("authoring.editor.instructions")}</span>
          <textarea
            className="instructions-input"
            rows={6}
            value={instructions}
            maxLength={5000}
            onChange={(e) => {
              setInstructions(e.target.value);
              v.touch("instructions");
            }}
            data-testid="general-instructions"
          />
          <span className="field-hint">
            {t("authoring.editor.instructionsHint", { count: instructions.length })}
          </span>
          {v.issue("instructions") && <span className="field-issue">{v.issue("instructions")}</span>}
        </label>
        <ErrorBanner error={error} />
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!v.valid || !dirty || busy}
            data-testid="general-save"
          >
            {t("admin.save")}
          </button>
        </div>
      </Frozen>
    </form>
  );
}

// --- labels ----------------------------------------------------------------------------------

/** The labels a refusal names (details.labels), if any. */
function refusedLabels(error: unknown): string[] {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== "object") return [];
  const labels = (error.details as { labels?: unknown }).labels;
  return Array.isArray(labels) ? labels.map(String) : [];
}

function LabelsForm({
  task,
  inUse,
  onSaved,
}: {
  task: TaskDetail;
  inUse: boolean;
  onSaved: (t: TaskDetail) => void;
}) {
  const { t } = useTr();
  const [labels, setLabels] = useState<LabelDef[]>(task.labels);
  const [newName, setNewName] = useState("");
  const problems = labelProblems(labels);
  const { error, busy, run } = useAction();
  const dirty = JSON.stringify(labels) !== JSON.stringify(task.labels);
  const used = useMemo(() => labelsInTruth(task), [task]);
  const set = (i: number, change: Partial<LabelDef>) =>
    setLabels((ls) => ls.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const add = () => {
    const name = newName.trim();
    if (!name) return;
    setLabels((ls) => [
      ...ls,
      {
        id: labelIdFrom(
          name,
          ls.map((l) => l.id),
        ),
        name,
        color: nextLabelColor(ls),
      },
    ]);
    setNewName("");
  };
  const save = () =>
    run(async () => {
      onSaved(await authoringApi.updateTask(task.id, inputOf(task, { labels })));
    });
  const blocked = refusedLabels(error);
  return (
    <form
      className="card admin-form"
      data-testid="labels-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problems && dirty && !inUse) void save();
      }}
    >
      <Frozen inUse={inUse}>
        <p className="muted">{t("authoring.labels.intro")}</p>
        <div className="table-wrap">
          <table className="roster admin-table labels-table" data-testid="labels-table">
            <thead>
              <tr>
                <th>{t("authoring.labels.color")}</th>
                <th>{t("authoring.labels.name")}</th>
                <th>{t("authoring.labels.id")}</th>
                <th>{t("authoring.labels.inTruth")}</th>
                <th>{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; ids change as typed
                  key={i}
                  data-testid={`label-row-${i}`}
                  className={blocked.includes(l.id) ? "row-refused" : undefined}
                >
                  <td>
                    <input
                      type="color"
                      value={/^#[0-9a-f]{6}$/i.test(l.color) ? l.color : "#64748b"}
                      onChange={(e) => set(i, { color: e.target.value })}
                      aria-label={t("authoring.labels.color")}
                      data-testid={`label-color-${i}`}
                    />
                  </td>
                  <td>
                    <input
                      className="cell-input"
                      value={l.name}
                      onChange={(e) => set(i, { name: e.target.value })}
                      aria-label={t("authoring.labels.name")}
                      aria-invalid={problems?.[`${i}.name`] ? true : undefined}
                      data-testid={`label-name-${i}`}
                    />
                    {problems?.[`${i}.name`] && <span className="field-issue">{problems[`${i}.name`]}</span>}
                  </td>
                  <td>
                    <input
                      className="cell-input mono"
                      value={l.id}
                      onChange={(e) => set(i, { id: e.target.value })}
                      aria-label={t("authoring.labels.id")}
                      aria-invalid={problems?.[`${i}.id`] ? true : undefined}
                      data-testid={`label-id-${i}`}
                    />
                    {problems?.[`${i}.id`] && <span className="field-issue">{problems[`${i}.id`]}</span>}
                    {problems?.[`${i}.color`] && (
                      <span className="field-issue">{problems[`${i}.color`]}</span>
                    )}
                  </td>
                  <td className="num">{used.get(l.id) ?? 0}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      onClick={() => setLabels((ls) => ls.filter((_, j) => j !== i))}
                      title={(used.get(l.id) ?? 0) > 0 ? t("authoring.labels.usedHint") : undefined}
                      data-testid={`label-remove-${i}`}
                    >
                      {t("authoring.labels.remove")}
                    </button>
                  </td>
                </tr>
              ))}
              {labels.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted table-empty">
                    {t("authoring.labels.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div className="toolbar-row">
          <input
            className="filter-box"
            value={newName}
            placeholder={t("authoring.labels.newName")}
            aria-label={t("authoring.labels.newName")}
            onChange={(e) => setNewName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
            data-testid="label-new-name"
          />
          <button
            type="button"
            className="btn"
            onClick={add}
            disabled={!newName.trim()}
            data-testid="label-add"
          >
            {t("authoring.labels.add")}
          </button>
        </div>
        {problems?.[""] && <p className="field-issue">{problems[""]}</p>}
        {error !== null && blocked.length > 0 && (
          <p className="field-issue" data-testid="labels-blocked">
            {t("authoring.labels.blocked", { labels: blocked.join(", ") })}
          </p>
        )}
        <ErrorBanner error={error} />
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={!dirty}
            onClick={() => setLabels(task.labels)}
            data-testid="labels-reset"
          >
            {t("authoring.undoChanges")}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!!problems || !dirty || busy}
            data-testid="labels-save"
          >
            {t("admin.save")}
          </button>
        </div>
      </Frozen>
    </form>
  );
}

/** How many truth shapes (or choices) name each label, over the task's items. */
function labelsInTruth(task: TaskDetail): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (id: unknown) => {
    if (typeof id === "string") counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const item of task.items) {
    const truth = item.truth as Record<string, unknown> | null;
    if (!truth || typeof truth !== "object") continue;
    for (const field of ["boxes", "polygons", "points", "instances", "spans"])
      if (Array.isArray(truth[field])) for (const s of truth[field] as { label?: unknown }[]) bump(s?.label);
    if (Array.isArray(truth.labels)) for (const l of truth.labels) bump(l);
  }
  return counts;
}

// --- settings --------------------------------------------------------------------------------

const CREDIT_HINTS: Record<string, string> = Object.fromEntries(
  [...SHAPE_CREDIT_VALUES, ...TABLE_CREDIT_VALUES].map((v) => [v, `authoring.settings.credit.${v}`]),
);

function SettingsForm({
  task,
  inUse,
  onSaved,
}: {
  task: TaskDetail;
  inUse: boolean;
  onSaved: (t: TaskDetail) => void;
}) {
  const { t } = useTr();
  const fields = useMemo(() => settingFields(task.kind), [task.kind]);
  const [settings, setSettings] = useState<Record<string, unknown>>(task.settings ?? {});
  const [texts, setTexts] = useState<Record<string, string>>(() => textsOf(fields, task.settings ?? {}));
  const [json, setJson] = useState(() => JSON.stringify(task.settings ?? {}, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [view, setView] = useState<"form" | "json">("form");
  const issues = settingsIssues(task.kind, settings);
  const local = effectiveSettings(task.kind, settings);
  const { error, busy, run } = useAction();
  const dirty = JSON.stringify(settings) !== JSON.stringify(task.settings ?? {});
  const valid = issues === null && jsonError === null;

  // The JSON view follows the form (and the form the JSON view, below).
  useEffect(() => {
    if (view === "form") setJson(JSON.stringify(settings, null, 2));
  }, [settings, view]);

  const setField = (f: SettingField, text: string) => {
    setTexts((x) => ({ ...x, [f.key]: text }));
    setSettings((s) => withField(s, f.key, parseFieldText(f, text)));
  };
  const setJsonText = (text: string) => {
    setJson(text);
    const r = parseSettingsJson(text);
    if (r.ok) {
      setJsonError(null);
      setSettings(r.settings);
      setTexts(textsOf(fields, r.settings));
    } else setJsonError(r.error);
  };
  const save = () =>
    run(async () => {
      const next = await authoringApi.updateTask(task.id, inputOf(task, { settings }));
      onSaved(next);
    });
  const unknown = Object.keys(settings).filter((k) => !fields.some((f) => f.key === k));

  return (
    <form
      className="card admin-form"
      data-testid="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && dirty && !inUse) void save();
      }}
    >
      <Frozen inUse={inUse}>
        <div className="settings-head">
          <p className="muted">{t("authoring.settings.intro")}</p>
          <div className="segmented" role="tablist">
            {(["form", "json"] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={view === k}
                className={view === k ? "btn btn-small active" : "btn btn-small btn-ghost"}
                onClick={() => setView(k)}
                data-testid={`settings-view-${k}`}
              >
                {t(`authoring.settings.view.${k}`)}
              </button>
            ))}
          </div>
        </div>
        {view === "form" ? (
          <div className="form-grid settings-grid" data-testid="settings-fields">
            {fields.length === 0 && <p className="muted">{t("authoring.settings.none")}</p>}
            {fields.map((f) => (
              <SettingInput
                key={f.key}
                field={f}
                text={texts[f.key] ?? ""}
                issue={issues?.[f.key]}
                onChange={(text) => setField(f, text)}
              />
            ))}
          </div>
        ) : (
          <label className="field">
            <span>{t("authoring.settings.jsonLabel")}</span>
            <textarea
              className="json-input"
              rows={10}
              spellCheck={false}
              value={json}
              onChange={(e) => setJsonText(e.target.value)}
              aria-invalid={jsonError || issues ? true : undefined}
              data-testid="settings-json"
            />
            <span className="field-hint">{t("authoring.settings.jsonHint")}</span>
          </label>
        )}
        {jsonError && (
          <p className="field-issue" role="alert" data-testid="settings-json-error">
            {t("authoring.settings.notJson", { message: jsonError })}
          </p>
        )}
        {issues && (
          <ul className="settings-issues" role="alert" data-testid="settings-issues">
            {Object.entries(issues)
              .filter(([k]) => view === "json" || k === "" || !fields.some((f) => f.key === k))
              // An unknown key is named under its own key; the schema's whole-object line says it again.
              .filter(([k, m], _i, all) => k !== "" || !all.some(([k2, m2]) => k2 !== "" && m2 === m))
              .map(([k, m]) => (
                <li key={k || "_"} data-testid={`settings-issue-${k || "root"}`}>
                  {k ? <code>{k}</code> : null} {m}
                </li>
              ))}
          </ul>
        )}
        {unknown.length > 0 && view === "form" && (
          <p className="field-issue" data-testid="settings-unknown">
            {t("authoring.settings.unknownKeys", { keys: unknown.join(", ") })}
          </p>
        )}
        <div className="effective" data-testid="settings-effective">
          <div>
            <strong>{t("authoring.settings.effectiveSaved")}</strong>
            <pre data-testid="settings-effective-server">{JSON.stringify(task.effective, null, 2)}</pre>
          </div>
          <div>
            <strong>{t("authoring.settings.effectiveDraft")}</strong>
            <pre data-testid="settings-effective-draft">
              {local ? JSON.stringify(local, null, 2) : t("authoring.settings.invalidDraft")}
            </pre>
          </div>
        </div>
        <ErrorBanner error={error} />
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={!dirty && jsonError === null}
            onClick={() => {
              setSettings(task.settings ?? {});
              setTexts(textsOf(fields, task.settings ?? {}));
              setJson(JSON.stringify(task.settings ?? {}, null, 2));
              setJsonError(null);
            }}
            data-testid="settings-reset"
          >
            {t("authoring.undoChanges")}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!valid || !dirty || busy}
            data-testid="settings-save"
          >
            {t("admin.save")}
          </button>
        </div>
      </Frozen>
    </form>
  );
}

function textsOf(fields: SettingField[], settings: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.key, fieldText(f, settings[f.key])]));
}

function SettingInput({
  field,
  text,
  issue,
  onChange,
}: {
  field: SettingField;
  text: string;
  issue: string | undefined;
  onChange: (text: string) => void;
}) {
  const { t } = useTr();
  const label = t(`authoring.settings.fields.${field.key}`);
  const def =
    field.defaultValue === undefined
      ? t("authoring.settings.noDefault")
      : t("authoring.settings.default", { value: JSON.stringify(field.defaultValue) });
  const hint = `${t(`authoring.settings.hints.${field.key}`)} ${def}`;
  const testId = `setting-${field.key}`;
  const inputId = `setting-input-${field.key}`;
  const common = { id: inputId, "aria-invalid": issue ? true : undefined, "data-testid": testId } as const;
  let input: ReactNode;
  switch (field.type) {
    case "boolean":
    case "enum": {
      const options = field.type === "boolean" ? ["true", "false"] : field.options;
      const known = text === "" || options.includes(text);
      input = (
        <select value={text} onChange={(e) => onChange(e.target.value)} {...common}>
          <option value="">{t("authoring.settings.useDefault")}</option>
          {!known && <option value={text}>{text}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {field.type === "boolean" ? t(`authoring.settings.bool.${o}`) : o}
            </option>
          ))}
        </select>
      );
      break;
    }
    case "json":
      input = (
        <textarea
          className="json-input"
          rows={3}
          spellCheck={false}
          value={text}
          placeholder={t("authoring.settings.useDefault")}
          onChange={(e) => onChange(e.target.value)}
          {...common}
        />
      );
      break;
    default:
      input = (
        <input
          type="text"
          inputMode={field.type === "number" ? "decimal" : undefined}
          value={text}
          placeholder={
            field.defaultValue === undefined ? t("authoring.settings.unset") : String(field.defaultValue)
          }
          onChange={(e) => onChange(e.target.value)}
          {...common}
        />
      );
  }
  const creditHint = field.key === "credit" && text ? CREDIT_HINTS[text] : undefined;
  return (
    <label className={field.type === "json" ? "field field-wide" : "field"} htmlFor={inputId}>
      <span>
        {label} <code className="setting-key">{field.key}</code>
      </span>
      {input}
      <span className="field-hint">{hint}</span>
      {field.key === "credit" && (
        <span className="field-hint credit-hint" data-testid="credit-hint">
          {t(creditHint ?? `authoring.settings.credit.${String(field.defaultValue ?? "")}`)}
        </span>
      )}
      {issue && (
        <span className="field-issue" role="alert" data-testid={`${testId}-issue`}>
          {issue}
        </span>
      )}
    </label>
  );
}
