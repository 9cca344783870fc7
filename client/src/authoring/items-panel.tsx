// A task's items: a grid of thumbnails (images) or snippets (text, transcripts, tables) with their
// position and source name; one opens in a preview with the truth drawn over it (labels coloured,
// a legend), a delete button, and "score this sample answer": the truth as the kind's answer (so it
// scores 100 %), editable as JSON checked with the answer schema, quick perturbations for image kinds,
// and the scorer's result and detail from try-score.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import type { AuthoringItem, LabelDef, TaskDetail, TryScoreResult } from "../../../protocol/index.ts";
import { isImageTask } from "../../../protocol/index.ts";
import { useAction } from "../admin/crud.tsx";
import { ErrorBanner } from "../admin/kit.tsx";
import { anchorOf, imageSize, type OverlayShape, shapesOf } from "../judge/overlay.ts";
import { useTr } from "../judge/shared.tsx";
import { authoringApi } from "./authoring-api.ts";
import {
  answerProblem,
  dropOneShape,
  PERTURBABLE_KINDS,
  shapeCount,
  shiftShapes,
  truthToAnswer,
} from "./sample-answer.ts";

const FALLBACK = "#64748b";
const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function palette(labels: readonly LabelDef[]) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  return {
    color: (id: string) => byId.get(id)?.color ?? FALLBACK,
    name: (id: string) => byId.get(id)?.name ?? id,
  };
}

export function ItemsPanel({
  task,
  inUse,
  onChanged,
}: {
  task: TaskDetail;
  inUse: boolean;
  onChanged: () => void;
}) {
  const { t } = useTr();
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const item = task.items.find((i) => i.id === selected) ?? null;
  const shown = task.items.filter(
    (i) =>
      !filter.trim() ||
      `${i.position} ${i.sourceName ?? ""}`.toLowerCase().includes(filter.trim().toLowerCase()),
  );
  return (
    <div className="items-panel" data-testid="items-panel">
      {task.items.length === 0 ? (
        <p className="muted card admin-form" data-testid="items-empty">
          {t("authoring.items.empty")}
        </p>
      ) : (
        <>
          <div className="toolbar-row">
            <input
              type="search"
              className="filter-box"
              placeholder={t("authoring.items.filter")}
              aria-label={t("authoring.items.filter")}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              data-testid="items-filter"
            />
            <span className="muted">{t("authoring.items.count", { count: task.items.length })}</span>
          </div>
          <ul className="item-grid" data-testid="item-grid">
            {shown.map((i) => (
              <li key={i.id}>
                <button
                  type="button"
                  className={i.id === selected ? "item-card selected" : "item-card"}
                  onClick={() => setSelected(i.id === selected ? null : i.id)}
                  aria-pressed={i.id === selected}
                  data-testid={`item-card-${i.position}`}
                >
                  <ItemThumb task={task} item={i} />
                  <span className="item-caption">
                    <strong>#{i.position}</strong> <span className="item-source">{i.sourceName ?? "—"}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {item && (
        <ItemPreview
          key={item.id}
          task={task}
          item={item}
          inUse={inUse}
          onClose={() => setSelected(null)}
          onDeleted={() => {
            setSelected(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

/** A thumbnail: the thumb route, else the media itself, else a placeholder; a snippet for non-images. */
function ItemThumb({ task, item }: { task: TaskDetail; item: AuthoringItem }) {
  const { t } = useTr();
  const [src, setSrc] = useState<string | null>(item.thumbUrl ?? item.mediaUrl);
  const payload = rec(item.payload);
  if (isImageTask(task.kind)) {
    return src ? (
      <img
        className="item-thumb"
        src={src}
        alt={item.sourceName ?? `#${item.position}`}
        loading="lazy"
        onError={() => setSrc(src !== item.mediaUrl ? item.mediaUrl : null)}
      />
    ) : (
      <span className="item-thumb item-thumb-missing">{t("authoring.items.noImage")}</span>
    );
  }
  let snippet = "";
  if (typeof payload.text === "string") snippet = payload.text;
  else if (task.kind === "TRANSCRIPTION") snippet = String(rec(item.truth).text ?? "");
  else if (Array.isArray(payload.header))
    snippet = `${(payload.header as unknown[]).join(" | ")}\n${t("authoring.items.rows", {
      count: Array.isArray(payload.rows) ? payload.rows.length : 0,
    })}`;
  return <span className="item-snippet">{snippet.slice(0, 160) || "—"}</span>;
}

function ItemPreview({
  task,
  item,
  inUse,
  onClose,
  onDeleted,
}: {
  task: TaskDetail;
  item: AuthoringItem;
  inUse: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTr();
  const { error, busy, run } = useAction();
  const remove = () => {
    if (!window.confirm(t("authoring.items.confirmDelete", { position: item.position }))) return;
    void run(async () => {
      await authoringApi.deleteItem(item.id);
      onDeleted();
    });
  };
  return (
    <section className="card item-preview" data-testid="item-preview" data-item={item.id}>
      <div className="section-head">
        <h3>
          {t("authoring.items.previewTitle", { position: item.position })}{" "}
          <span className="muted item-source">{item.sourceName}</span>
        </h3>
        <span className="row-actions">
          <button
            type="button"
            className="btn btn-danger btn-small"
            disabled={inUse || busy}
            title={inUse ? t("errors.PAPER_IN_USE") : undefined}
            onClick={remove}
            data-testid="item-delete"
          >
            {t("authoring.items.delete")}
          </button>
          <button type="button" className="btn btn-small" onClick={onClose} data-testid="item-close">
            {t("authoring.items.close")}
          </button>
        </span>
      </div>
      <ErrorBanner error={error} />
      <div className="preview-grid">
        <TruthView task={task} item={item} />
        <SampleAnswer task={task} item={item} />
      </div>
    </section>
  );
}

// --- the truth --------------------------------------------------------------------------------

export function TruthView({ task, item }: { task: TaskDetail; item: AuthoringItem }) {
  const { t } = useTr();
  const pal = palette(task.labels);
  const payload = rec(item.payload);
  const truth = rec(item.truth);
  const parts: ReactNode[] = [];
  if (isImageTask(task.kind)) parts.push(<TruthOverlay key="overlay" task={task} item={item} />);
  if (task.kind === "IMAGE_CLASSIFICATION" || task.kind === "TEXT_CLASSIFICATION") {
    const labels = Array.isArray(truth.labels) ? truth.labels.map(String) : [];
    parts.push(
      <p key="labels" className="truth-labels" data-testid="truth-labels">
        <span className="muted">{t("authoring.items.truthLabels")}</span>{" "}
        {labels.length === 0
          ? t("authoring.items.none")
          : labels.map((l) => (
              <span key={l} className="label-chip" style={{ borderColor: pal.color(l) }}>
                <span className="swatch" style={{ background: pal.color(l) }} />
                {pal.name(l)}
              </span>
            ))}
      </p>,
    );
  }
  if (typeof payload.text === "string")
    parts.push(
      <SpansText
        key="text"
        text={payload.text}
        spans={task.kind === "TEXT_SPANS" && Array.isArray(truth.spans) ? truth.spans : []}
        pal={pal}
      />,
    );
  if (task.kind === "TRANSCRIPTION") {
    if (item.mediaUrl)
      parts.push(
        // biome-ignore lint/a11y/useMediaCaption: the recording's transcript (the truth) is shown below it
        <audio key="audio" className="truth-audio" controls preload="none" src={item.mediaUrl} />,
      );
    parts.push(
      <div key="transcript" className="truth-transcript" data-testid="truth-transcript">
        <span className="muted">{t("authoring.items.transcript")}</span>
        <p>{typeof truth.text === "string" ? truth.text : "—"}</p>
      </div>,
    );
  }
  if (task.kind === "TABLE") {
    parts.push(
      <TableView key="given" title={t("authoring.items.tableGiven")} table={payload} testId="table-given" />,
    );
    parts.push(
      <TableView key="truth" title={t("authoring.items.tableTruth")} table={truth} testId="table-truth" />,
    );
  }
  if (task.labels.length > 0 && (isImageTask(task.kind) || task.kind === "TEXT_SPANS"))
    parts.push(<Legend key="legend" task={task} item={item} />);
  return (
    <div className="truth-view" data-testid="truth-view">
      <h4>{t("authoring.items.truth")}</h4>
      {parts}
      <details className="raw-json">
        <summary>{t("authoring.items.rawTruth")}</summary>
        <pre>{JSON.stringify(item.truth, null, 2)}</pre>
      </details>
    </div>
  );
}

function Legend({ task, item }: { task: TaskDetail; item: AuthoringItem }) {
  const counts = new Map<string, number>();
  for (const s of shapesOf(item.truth)) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  const spans = rec(item.truth).spans;
  if (Array.isArray(spans))
    for (const s of spans) {
      const l = String(rec(s).label ?? "");
      counts.set(l, (counts.get(l) ?? 0) + 1);
    }
  return (
    <ul className="label-legend" data-testid="truth-legend">
      {task.labels.map((l) => (
        <li key={l.id} data-testid={`legend-${l.id}`}>
          <span className="swatch" style={{ background: l.color }} />
          {l.name} <span className="muted">×{counts.get(l.id) ?? 0}</span>
        </li>
      ))}
    </ul>
  );
}

function TruthOverlay({ task, item }: { task: TaskDetail; item: AuthoringItem }) {
  const { t } = useTr();
  const pal = palette(task.labels);
  const shapes = useMemo(() => shapesOf(item.truth), [item.truth]);
  const edges = skeletonEdges(task.effective.skeleton);
  const { width, height } = imageSize(item.payload, shapes);
  const [failed, setFailed] = useState(false);
  const unit = Math.max(width, height) / 100;
  const r = Math.max(unit * 0.8, 2);
  const font = Math.max(unit * 2.2, 8);
  return (
    <figure className="truth-overlay" data-testid="truth-overlay">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="truth-overlay-svg"
        role="img"
        aria-label={t("authoring.items.shapes", { count: shapes.length })}
      >
        <rect x={0} y={0} width={width} height={height} fill="#eef1f5" />
        {item.mediaUrl && !failed && (
          <image
            href={item.mediaUrl}
            x={0}
            y={0}
            width={width}
            height={height}
            preserveAspectRatio="none"
            onError={() => setFailed(true)}
          />
        )}
        {shapes.map((s, i) =>
          s.kind === "keypoints" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the order is fixed
            <g key={`e${i}`} className="truth-skeleton">
              {edges.map(([a, b]) => {
                const p = s.keypoints[a];
                const q = s.keypoints[b];
                if (!p || !q || p[2] === 0 || q[2] === 0) return null;
                return (
                  <line
                    key={`${a}-${b}`}
                    x1={p[0]}
                    y1={p[1]}
                    x2={q[0]}
                    y2={q[1]}
                    stroke={pal.color(s.label)}
                    strokeWidth={1.5}
                    vectorEffect="non-scaling-stroke"
                  />
                );
              })}
            </g>
          ) : null,
        )}
        {shapes.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: truth ids may repeat in a bad dataset; the order is fixed
          <g key={i} data-testid="truth-shape" data-kind={s.kind} data-label={s.label}>
            <ShapeMark shape={s} color={pal.color(s.label)} r={r} />
          </g>
        ))}
        {shapes.map((s, i) => {
          const a = anchorOf(s);
          return (
            <text
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              key={`t${i}`}
              x={a.x}
              y={Math.max(a.y - font * 0.3, font)}
              fontSize={font}
              fill={pal.color(s.label)}
              stroke="#fff"
              strokeWidth={font / 6}
              paintOrder="stroke"
              className="truth-overlay-tag"
            >
              {pal.name(s.label)}
            </text>
          );
        })}
      </svg>
      {failed && <figcaption className="muted">{t("authoring.items.noImage")}</figcaption>}
    </figure>
  );
}

/** The skeleton's edges (pairs of keypoint indices) from the task's settings, or none. */
function skeletonEdges(skeleton: unknown): [number, number][] {
  const edges = rec(skeleton).edges;
  if (!Array.isArray(edges)) return [];
  return edges.filter(
    (e): e is [number, number] =>
      Array.isArray(e) && Number.isInteger(e[0]) && Number.isInteger(e[1]) && e[0] >= 0 && e[1] >= 0,
  );
}

function ShapeMark({ shape, color, r }: { shape: OverlayShape; color: string; r: number }) {
  const common = {
    stroke: color,
    strokeWidth: 2,
    vectorEffect: "non-scaling-stroke" as const,
    fill: color,
    fillOpacity: 0.12,
  };
  switch (shape.kind) {
    case "box":
      return <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} {...common} />;
    case "polygon":
      return <polygon points={shape.points.map((p) => p.join(",")).join(" ")} {...common} />;
    case "point":
      return <circle cx={shape.x} cy={shape.y} r={r} {...common} fillOpacity={0.5} />;
    case "keypoints":
      return (
        <g>
          {shape.keypoints
            .filter((k) => k[2] > 0)
            .map((k, i) => (
              <circle
                // biome-ignore lint/suspicious/noArrayIndexKey: keypoints are a fixed template order
                key={i}
                cx={k[0]}
                cy={k[1]}
                r={r * 0.8}
                {...common}
                fillOpacity={k[2] === 1 ? 0.2 : 0.6}
              />
            ))}
        </g>
      );
  }
}

/** The item's text with the truth's spans highlighted in their label's colour (offsets in code points). */
function SpansText({
  text,
  spans,
  pal,
}: {
  text: string;
  spans: unknown[];
  pal: { color: (id: string) => string; name: (id: string) => string };
}) {
  const chars = Array.from(text);
  const cover: string[][] = chars.map(() => []);
  for (const s of spans) {
    const o = rec(s);
    const start = typeof o.start === "number" ? o.start : 0;
    const end = typeof o.end === "number" ? o.end : 0;
    for (let i = Math.max(0, start); i < Math.min(end, chars.length); i++)
      cover[i]?.push(String(o.label ?? ""));
  }
  const runs: { text: string; labels: string[] }[] = [];
  chars.forEach((c, i) => {
    const labels = cover[i] ?? [];
    const last = runs[runs.length - 1];
    if (last && last.labels.join("\u0000") === labels.join("\u0000")) last.text += c;
    else runs.push({ text: c, labels });
  });
  return (
    <p className="truth-text" data-testid="truth-text">
      {runs.map((run, i) =>
        run.labels.length === 0 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are fixed for a text
          <span key={i}>{run.text}</span>
        ) : (
          <mark
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            key={i}
            className="truth-span"
            data-testid="truth-span"
            title={run.labels.map(pal.name).join(", ")}
            style={{
              background: `${pal.color(run.labels[0] as string)}33`,
              borderBottom: `2px solid ${pal.color(run.labels[0] as string)}`,
            }}
          >
            {run.text}
          </mark>
        ),
      )}
    </p>
  );
}

function TableView({
  title,
  table,
  testId,
}: {
  title: string;
  table: Record<string, unknown>;
  testId: string;
}) {
  const header = Array.isArray(table.header) ? table.header.map(String) : [];
  const rows = Array.isArray(table.rows)
    ? (table.rows as unknown[]).map((r) => (Array.isArray(r) ? r.map(String) : []))
    : [];
  return (
    <div className="truth-table" data-testid={testId}>
      <span className="muted">{title}</span>
      <div className="table-wrap">
        <table className="roster admin-table">
          <thead>
            <tr>
              {header.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed
                <th key={i}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 200).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed
              <tr key={i}>
                {r.map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are fixed
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// --- the sample answer ------------------------------------------------------------------------

function SampleAnswer({ task, item }: { task: TaskDetail; item: AuthoringItem }) {
  const { t } = useTr();
  const tableKey = typeof task.effective.key === "string" ? task.effective.key : undefined;
  const initial = useMemo(
    () => JSON.stringify(truthToAnswer(task.kind, item.truth, item.payload, tableKey), null, 2),
    [task.kind, item.truth, item.payload, tableKey],
  );
  const [text, setText] = useState(initial);
  const [shift, setShift] = useState("10");
  const [result, setResult] = useState<TryScoreResult | null>(null);
  const { error, setError, busy, run } = useAction();
  useEffect(() => setText(initial), [initial]);

  let parsed: unknown;
  let problem: string | null = null;
  try {
    parsed = JSON.parse(text);
    problem = answerProblem(task.kind, parsed);
  } catch (e) {
    problem = t("authoring.sample.notJson", { message: e instanceof Error ? e.message : String(e) });
  }
  const update = (answer: unknown) => {
    setText(JSON.stringify(answer, null, 2));
    setResult(null);
    setError(null);
  };
  const shiftBy = Number(shift);
  const perturbable = PERTURBABLE_KINDS.includes(task.kind);
  const score = () =>
    run(async () => {
      setResult(await authoringApi.tryScore(task.id, { itemId: item.id, answer: parsed }));
    });
  return (
    <div className="sample-answer" data-testid="sample-answer">
      <h4>{t("authoring.sample.title")}</h4>
      <p className="muted small">{t("authoring.sample.intro")}</p>
      <textarea
        className="json-input"
        rows={10}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setResult(null);
        }}
        aria-invalid={problem ? true : undefined}
        aria-label={t("authoring.sample.title")}
        data-testid="sample-json"
      />
      {problem && (
        <p className="field-issue" role="alert" data-testid="sample-issue">
          {problem}
        </p>
      )}
      <div className="toolbar-row sample-tools">
        {perturbable && (
          <>
            <label className="inline-label">
              {t("authoring.sample.shiftBy")}
              <input
                className="narrow-input"
                type="number"
                value={shift}
                onChange={(e) => setShift(e.target.value)}
                data-testid="sample-shift-px"
              />
              px
            </label>
            <button
              type="button"
              className="btn btn-small"
              disabled={problem !== null || !Number.isFinite(shiftBy)}
              onClick={() => update(shiftShapes(task.kind, parsed, shiftBy, shiftBy))}
              data-testid="sample-shift"
            >
              {t("authoring.sample.shift")}
            </button>
            <button
              type="button"
              className="btn btn-small"
              disabled={problem !== null || shapeCount(task.kind, parsed) === 0}
              onClick={() => update(dropOneShape(task.kind, parsed))}
              data-testid="sample-drop"
            >
              {t("authoring.sample.drop")}
            </button>
          </>
        )}
        <button
          type="button"
          className="btn btn-small btn-ghost"
          disabled={text === initial}
          onClick={() => update(JSON.parse(initial))}
          data-testid="sample-reset"
        >
          {t("authoring.sample.reset")}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-primary"
          disabled={problem !== null || busy}
          onClick={() => void score()}
          data-testid="sample-score"
        >
          {busy ? t("authoring.sample.scoring") : t("authoring.sample.score")}
        </button>
      </div>
      <ErrorBanner error={error} />
      {result && <ScoreResult result={result} />}
    </div>
  );
}

const pct = (x: number) => `${(Math.round(x * 10000) / 100).toString()}%`;

function ScoreResult({ result }: { result: TryScoreResult }) {
  const { t } = useTr();
  const detail = rec(result.detail);
  const figures = Object.entries(detail).filter(
    ([k, v]) =>
      (typeof v === "number" || typeof v === "boolean" || typeof v === "string") &&
      k !== "itemId" &&
      k !== "id",
  );
  const matches = Array.isArray(detail.matches) ? (detail.matches as unknown[]).map(rec) : [];
  return (
    <div className="score-result" data-testid="sample-result">
      <p className="score-big">
        {t("authoring.sample.result")}{" "}
        <strong data-testid="sample-score-value" data-score={result.score}>
          {pct(result.score)}
        </strong>
      </p>
      {figures.length > 0 && (
        <dl className="score-figures">
          {figures.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {matches.length > 0 && (
        <div className="table-wrap">
          <table className="roster admin-table" data-testid="sample-matches">
            <thead>
              <tr>
                <th>{t("authoring.sample.truthShape")}</th>
                <th>{t("authoring.sample.answerShape")}</th>
                <th>{t("authoring.sample.iou")}</th>
              </tr>
            </thead>
            <tbody>
              {matches.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed list
                <tr key={i}>
                  <td className="mono">{String(m.truth ?? "—")}</td>
                  <td className="mono">{String(m.answer ?? "—")}</td>
                  <td className="num">{typeof m.iou === "number" ? m.iou.toFixed(3) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="raw-json">
        <summary>{t("authoring.sample.detail")}</summary>
        <pre>{JSON.stringify(result.detail, null, 2)}</pre>
      </details>
    </div>
  );
}
