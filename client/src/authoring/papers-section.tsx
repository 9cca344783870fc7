// The committee's papers tab: every paper with its theory and practical totals, the sessions using
// it and whether it is frozen, and a form to create one (title and weights, checked as typed with
// the protocol's paperInputSchema).
import { useState } from "react";
import { type PaperSummary, paperInputSchema } from "../../../protocol/index.ts";
import { SaveForm, SectionHead, useAction } from "../admin/crud.tsx";
import {
  DataTable,
  ErrorBanner,
  FilterBox,
  formatDay,
  TextField,
  useLoad,
  useValidation,
} from "../admin/kit.tsx";
import { useTr } from "../judge/shared.tsx";
import { navigate } from "../lib/router.ts";
import { authoringApi } from "./authoring-api.ts";
import "./authoring.css";

export const paperHref = (id: string) => `/admin/papers/${encodeURIComponent(id)}`;

export function InUseBadge({ inUse, testId }: { inUse: boolean; testId?: string }) {
  const { t } = useTr();
  return inUse ? (
    <span className="badge badge-frozen" data-testid={testId} title={t("authoring.inUseHint")}>
      {t("authoring.inUse")}
    </span>
  ) : (
    <span className="badge badge-draft" data-testid={testId}>
      {t("authoring.editable")}
    </span>
  );
}

export function PapersSection() {
  const { t, lang } = useTr();
  const papers = useLoad(() => authoringApi.papers(), []);
  const [filter, setFilter] = useState("");
  const [creating, setCreating] = useState(false);
  const rows = papers.data ?? [];
  return (
    <section className="admin-section" data-testid="papers-section">
      <SectionHead title={t("authoring.title")}>
        {!creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="paper-new"
          >
            {t("authoring.papers.new")}
          </button>
        )}
      </SectionHead>
      <p className="muted">{t("authoring.papers.intro")}</p>
      <ErrorBanner error={papers.error} />
      {creating && (
        <PaperCreateForm
          onCancel={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            navigate(paperHref(p.id));
          }}
        />
      )}
      <div className="toolbar-row">
        <FilterBox value={filter} onChange={setFilter} testId="papers-filter" />
      </div>
      <DataTable<PaperSummary>
        testId="papers-table"
        rows={rows}
        filter={filter}
        rowKey={(p) => p.id}
        rowTestId={(p) => `paper-row-${p.id}`}
        onRowClick={(p) => navigate(paperHref(p.id))}
        empty={papers.loading ? t("authoring.loading") : t("authoring.papers.empty")}
        columns={[
          {
            key: "title",
            label: t("authoring.papers.paper"),
            value: (p) => p.title,
            className: "wrap",
            render: (p) => (
              <a
                href={paperHref(p.id)}
                onClick={(e) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey) return;
                  e.preventDefault();
                  e.stopPropagation();
                  navigate(paperHref(p.id));
                }}
                data-testid={`paper-link-${p.id}`}
              >
                {p.title}
              </a>
            ),
          },
          {
            key: "weights",
            label: t("authoring.papers.weights"),
            value: (p) => p.theoryWeight,
            render: (p) => `${p.theoryWeight} / ${p.practicalWeight}`,
            className: "num",
          },
          {
            key: "theory",
            label: t("authoring.papers.theory"),
            value: (p) => p.questions,
            render: (p) =>
              t("authoring.papers.theoryValue", { questions: p.questions, points: p.theoryPoints }),
          },
          {
            key: "practical",
            label: t("authoring.papers.practical"),
            value: (p) => p.taskCount,
            render: (p) =>
              t("authoring.papers.practicalValue", {
                tasks: p.taskCount,
                items: p.itemCount,
                points: p.practicalPoints,
              }),
          },
          {
            key: "sessions",
            label: t("authoring.papers.sessions"),
            value: (p) => p.sessions,
            className: "num",
          },
          {
            key: "inUse",
            label: t("authoring.papers.state"),
            value: (p) => (p.inUse ? 1 : 0),
            render: (p) => <InUseBadge inUse={p.inUse} testId={`paper-state-${p.id}`} />,
          },
          {
            key: "createdAt",
            label: t("authoring.papers.created"),
            value: (p) => p.createdAt,
            render: (p) => formatDay(p.createdAt, lang),
          },
        ]}
      />
    </section>
  );
}

/** A number field's text as the number the schema checks ("" and junk stay strings, so it says why). */
export const numberOrText = (s: string): number | string =>
  s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s;

function PaperCreateForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (p: PaperSummary) => void;
}) {
  const { t } = useTr();
  const [title, setTitle] = useState("");
  const [theory, setTheory] = useState("30");
  const [practical, setPractical] = useState("70");
  const value = { title, theoryWeight: numberOrText(theory), practicalWeight: numberOrText(practical) };
  const v = useValidation(paperInputSchema, value, [["theoryWeight", "practicalWeight", ""]]);
  const { error, busy, run } = useAction();
  const save = () =>
    run(async () => {
      const parsed = paperInputSchema.parse(value);
      onCreated(await authoringApi.createPaper(parsed));
    });
  return (
    <SaveForm testId="paper-form" valid={v.valid && !busy} onSave={save}>
      <h3>{t("authoring.papers.newTitle")}</h3>
      <div className="form-grid">
        <TextField
          label={t("authoring.papers.paperTitle")}
          value={title}
          onChange={(s) => {
            setTitle(s);
            v.touch("title");
          }}
          issue={v.issue("title")}
          testId="paper-title"
        />
        <TextField
          label={t("authoring.papers.theoryWeight")}
          value={theory}
          type="text"
          onChange={(s) => {
            setTheory(s);
            v.touch("theoryWeight");
          }}
          issue={v.issue("theoryWeight")}
          testId="paper-theory-weight"
        />
        <TextField
          label={t("authoring.papers.practicalWeight")}
          value={practical}
          type="text"
          onChange={(s) => {
            setPractical(s);
            v.touch("practicalWeight");
          }}
          issue={v.issue("practicalWeight") ?? v.issue("")}
          hint={t("authoring.papers.weightsHint")}
          testId="paper-practical-weight"
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
          data-testid="paper-create"
        >
          {t("authoring.papers.create")}
        </button>
      </div>
    </SaveForm>
  );
}
