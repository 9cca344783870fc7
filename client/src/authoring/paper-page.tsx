// One paper (/admin/papers/:paperId): its title and weights, a frozen banner once a session using it
// has begun, the theory section (TheoryAssembler, from the bank) and the practical tasks with a form
// to add one; /admin/papers/:paperId/tasks/:taskId opens a task's editor.
import { useState } from "react";
import {
  type PaperDetail,
  paperInputSchema,
  TASK_KINDS,
  type TaskKind,
  type TaskSummary,
  taskInputSchema,
} from "../../../protocol/index.ts";
import "../admin/admin.css";
import { actionsColumn, RowButton, SaveForm, SectionHead, useAction } from "../admin/crud.tsx";
import { DataTable, ErrorBanner, TextField, useLoad, useValidation } from "../admin/kit.tsx";
import { TheoryAssembler } from "../bank/theory-assembler.tsx";
import { useTr } from "../judge/shared.tsx";
import { navigate } from "../lib/router.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { authoringApi } from "./authoring-api.ts";
import { InUseBadge, numberOrText, paperHref } from "./papers-section.tsx";
import { TaskEditor } from "./task-editor.tsx";
import "./authoring.css";

export const taskHref = (paperId: string, taskId: string) =>
  `${paperHref(paperId)}/tasks/${encodeURIComponent(taskId)}`;

/** A link that navigates in place (and still opens in a new tab with a modifier). */
export function NavLink({
  href,
  children,
  testId,
}: {
  href: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <a
      href={href}
      data-testid={testId}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        e.stopPropagation();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export function PaperPage({ paperId, taskId }: { paperId: string; taskId: string | null }) {
  const { t } = useTr();
  const paper = useLoad(() => authoringApi.paper(paperId), [paperId]);
  const p = paper.data;
  return (
    <div className="page admin-page" data-testid="paper-page">
      <AppHeader />
      <main className="page-main page-wide authoring-main">
        <nav className="breadcrumbs" aria-label={t("authoring.breadcrumbs")}>
          <NavLink href="/admin/papers" testId="crumb-papers">
            {t("authoring.title")}
          </NavLink>
          <span aria-hidden="true">›</span>
          {taskId ? (
            <NavLink href={paperHref(paperId)} testId="crumb-paper">
              {p?.title ?? "…"}
            </NavLink>
          ) : (
            <span>{p?.title ?? "…"}</span>
          )}
        </nav>
        <ErrorBanner error={paper.error} />
        {p?.inUse && (
          <div className="banner banner-frozen" role="status" data-testid="paper-frozen">
            <strong>{t("authoring.frozenTitle")}</strong>{" "}
            {t("authoring.frozenText", { sessions: p.sessions })}
          </div>
        )}
        {p && taskId && <TaskEditor paper={p} taskId={taskId} onChanged={paper.reload} />}
        {p && !taskId && (
          <>
            <PaperHeader paper={p} onSaved={paper.reload} />
            <TheoryAssembler paperId={p.id} inUse={p.inUse} onChanged={paper.reload} />
            <TasksPanel paper={p} onChanged={paper.reload} />
          </>
        )}
      </main>
    </div>
  );
}

function PaperHeader({ paper, onSaved }: { paper: PaperDetail; onSaved: () => void }) {
  const { t } = useTr();
  const [editing, setEditing] = useState(false);
  return (
    <section className="admin-section paper-head" data-testid="paper-head">
      <SectionHead
        title={
          <span data-testid="paper-title-view">
            {paper.title} <InUseBadge inUse={paper.inUse} testId="paper-state" />
          </span>
        }
      >
        {!editing && (
          <button
            type="button"
            className="btn"
            disabled={paper.inUse}
            title={paper.inUse ? t("errors.PAPER_IN_USE") : undefined}
            onClick={() => setEditing(true)}
            data-testid="paper-edit"
          >
            {t("admin.edit")}
          </button>
        )}
      </SectionHead>
      <dl className="paper-figures" data-testid="paper-figures">
        <div>
          <dt>{t("authoring.paper.weights")}</dt>
          <dd data-testid="paper-weights">
            {t("authoring.paper.weightsValue", {
              theory: paper.theoryWeight,
              practical: paper.practicalWeight,
            })}
          </dd>
        </div>
        <div>
          <dt>{t("authoring.papers.theory")}</dt>
          <dd>
            {t("authoring.papers.theoryValue", { questions: paper.questions, points: paper.theoryPoints })}
          </dd>
        </div>
        <div>
          <dt>{t("authoring.papers.practical")}</dt>
          <dd>
            {t("authoring.papers.practicalValue", {
              tasks: paper.taskCount,
              items: paper.itemCount,
              points: paper.practicalPoints,
            })}
          </dd>
        </div>
        <div>
          <dt>{t("authoring.papers.sessions")}</dt>
          <dd>{paper.sessions}</dd>
        </div>
      </dl>
      {editing && (
        <PaperEditForm
          paper={paper}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onSaved();
          }}
        />
      )}
    </section>
  );
}

function PaperEditForm({ paper, onDone }: { paper: PaperDetail; onDone: (saved: boolean) => void }) {
  const { t } = useTr();
  const [title, setTitle] = useState(paper.title);
  const [theory, setTheory] = useState(String(paper.theoryWeight));
  const [practical, setPractical] = useState(String(paper.practicalWeight));
  const value = { title, theoryWeight: numberOrText(theory), practicalWeight: numberOrText(practical) };
  const v = useValidation(paperInputSchema, value, [["theoryWeight", "practicalWeight", ""]]);
  const { error, busy, run } = useAction();
  const save = () =>
    run(async () => {
      await authoringApi.updatePaper(paper.id, paperInputSchema.parse(value));
      onDone(true);
    });
  return (
    <SaveForm
      className="card admin-form inset"
      testId="paper-edit-form"
      valid={v.valid && !busy}
      onSave={save}
    >
      <div className="form-grid">
        <TextField
          label={t("authoring.papers.paperTitle")}
          value={title}
          onChange={(s) => {
            setTitle(s);
            v.touch("title");
          }}
          issue={v.issue("title")}
          testId="paper-edit-title"
        />
        <TextField
          label={t("authoring.papers.theoryWeight")}
          value={theory}
          onChange={(s) => {
            setTheory(s);
            v.touch("theoryWeight");
          }}
          issue={v.issue("theoryWeight")}
          testId="paper-edit-theory"
        />
        <TextField
          label={t("authoring.papers.practicalWeight")}
          value={practical}
          onChange={(s) => {
            setPractical(s);
            v.touch("practicalWeight");
          }}
          issue={v.issue("practicalWeight") ?? v.issue("")}
          hint={t("authoring.papers.weightsHint")}
          testId="paper-edit-practical"
        />
      </div>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => onDone(false)}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="paper-edit-save"
        >
          {t("admin.save")}
        </button>
      </div>
    </SaveForm>
  );
}

function TasksPanel({ paper, onChanged }: { paper: PaperDetail; onChanged: () => void }) {
  const { t } = useTr();
  const [adding, setAdding] = useState(false);
  const { error, busy, run } = useAction();
  const ordered = [...paper.tasks].sort((a, b) => a.position - b.position);
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (paper.inUse || busy || i < 0 || j < 0 || j >= ordered.length) return;
    const ids = ordered.map((x) => x.id);
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    void run(async () => {
      await authoringApi.reorderTasks(paper.id, ids);
      onChanged();
    });
  };
  const remove = async (task: TaskSummary) => {
    if (
      paper.inUse ||
      !window.confirm(t("authoring.tasks.confirmDelete", { title: task.title, items: task.itemCount }))
    )
      return;
    await run(async () => {
      await authoringApi.deleteTask(task.id);
      onChanged();
    });
  };
  return (
    <section className="admin-section" data-testid="tasks-panel">
      <SectionHead title={t("authoring.tasks.title")}>
        {!adding && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={paper.inUse}
            title={paper.inUse ? t("errors.PAPER_IN_USE") : undefined}
            onClick={() => setAdding(true)}
            data-testid="task-new"
          >
            {t("authoring.tasks.new")}
          </button>
        )}
      </SectionHead>
      {adding && (
        <TaskCreateForm
          paperId={paper.id}
          onCancel={() => setAdding(false)}
          onCreated={(id) => {
            setAdding(false);
            onChanged();
            navigate(taskHref(paper.id, id));
          }}
        />
      )}
      <ErrorBanner error={error} />
      <DataTable<TaskSummary>
        testId="tasks-table"
        rows={ordered}
        rowKey={(task) => task.id}
        rowTestId={(task) => `task-row-${task.position}`}
        onRowClick={(task) => navigate(taskHref(paper.id, task.id))}
        empty={t("authoring.tasks.empty")}
        columns={[
          { key: "position", label: "#", value: (task) => task.position, className: "num" },
          {
            key: "title",
            label: t("authoring.tasks.taskTitle"),
            value: (task) => task.title,
            className: "wrap",
            render: (task) => (
              <NavLink href={taskHref(paper.id, task.id)} testId={`task-link-${task.position}`}>
                {task.title}
              </NavLink>
            ),
          },
          {
            key: "kind",
            label: t("authoring.tasks.kind"),
            value: (task) => t(`authoring.kinds.${task.kind}`),
          },
          {
            key: "points",
            label: t("authoring.tasks.points"),
            value: (task) => task.points,
            className: "num",
          },
          {
            key: "items",
            label: t("authoring.tasks.items"),
            value: (task) => task.itemCount,
            className: "num",
          },
          ...(paper.inUse
            ? []
            : [
                actionsColumn<TaskSummary>(t("admin.actions"), (task) => {
                  const i = ordered.findIndex((x) => x.id === task.id);
                  return (
                    <>
                      <RowButton onClick={() => move(i, -1)} testId={`task-up-${task.position}`}>
                        <span title={t("authoring.tasks.up")}>↑</span>
                      </RowButton>
                      <RowButton onClick={() => move(i, 1)} testId={`task-down-${task.position}`}>
                        <span title={t("authoring.tasks.down")}>↓</span>
                      </RowButton>
                      <RowButton onClick={() => void remove(task)} testId={`task-delete-${task.position}`}>
                        {t("authoring.tasks.delete")}
                      </RowButton>
                    </>
                  );
                }),
              ]),
        ]}
      />
    </section>
  );
}

function TaskCreateForm({
  paperId,
  onCancel,
  onCreated,
}: {
  paperId: string;
  onCancel: () => void;
  onCreated: (taskId: string) => void;
}) {
  const { t } = useTr();
  const [kind, setKind] = useState<TaskKind>("BOXES");
  const [title, setTitle] = useState("");
  const [points, setPoints] = useState("10");
  const value = { kind, title, instructions: "", labels: [], settings: {}, points: numberOrText(points) };
  const schema = taskInputSchema;
  const v = useValidation(schema, value);
  const { error, busy, run } = useAction();
  const save = () =>
    run(async () => {
      const task = await authoringApi.createTask(paperId, schema.parse(value));
      onCreated(task.id);
    });
  return (
    <SaveForm className="card admin-form inset" testId="task-form" valid={v.valid && !busy} onSave={save}>
      <h3>{t("authoring.tasks.newTitle")}</h3>
      <div className="form-grid">
        <label className="field">
          <span>{t("authoring.tasks.kind")}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as TaskKind)} data-testid="task-kind">
            {TASK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`authoring.kinds.${k}`)}
              </option>
            ))}
          </select>
          <span className="field-hint">{t(`authoring.kindHints.${kind}`)}</span>
        </label>
        <TextField
          label={t("authoring.tasks.taskTitle")}
          value={title}
          onChange={(s) => {
            setTitle(s);
            v.touch("title");
          }}
          issue={v.issue("title")}
          testId="task-title"
        />
        <TextField
          label={t("authoring.tasks.points")}
          value={points}
          onChange={(s) => {
            setPoints(s);
            v.touch("points");
          }}
          issue={v.issue("points")}
          testId="task-points"
        />
      </div>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("admin.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!v.valid || busy}
          data-testid="task-create"
        >
          {t("authoring.tasks.create")}
        </button>
      </div>
    </SaveForm>
  );
}
