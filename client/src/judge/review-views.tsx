// How the judge sees one item: image kinds as the item's image with the truth and the answer drawn
// over it (matched green with the IoU, missed truth orange dashed, extra answer red); the other kinds
// as truth and answer side by side with the differences marked, or pretty JSON when the documents
// are of an unexpected shape.
import { type ReactNode, useState } from "react";
import type { ReviewItem, ReviewTask } from "../../../protocol/index.ts";
import { diffLabels, diffSpans, diffTable, diffText, labelsOf, prettyJson, textOf } from "./diff.ts";
import { anchorOf, classifyShapes, imageSize, type OverlayShape, shapesOf } from "./overlay.ts";
import { type Tr, useTr } from "./shared.tsx";

export const COLORS = { matched: "#16a34a", missed: "#ea580c", extra: "#dc2626" } as const;
type Status = keyof typeof COLORS;

const IMAGE_KINDS = new Set(["BOXES", "POLYGONS", "POINTS", "KEYPOINTS", "IMAGE_CLASSIFICATION"]);

/** Label names by id from a task's labels (unknown data: [{ id, name }]). */
function labelNames(labels: unknown): (id: string) => string {
  const map = new Map<string, string>();
  if (Array.isArray(labels))
    for (const l of labels)
      if (l && typeof l === "object" && "id" in l)
        map.set(
          String((l as { id: unknown }).id),
          String((l as { name?: unknown }).name ?? (l as { id: unknown }).id),
        );
  return (id) => map.get(id) ?? id;
}

export function ItemView({ task, item }: { task: ReviewTask; item: ReviewItem }) {
  const nameOf = labelNames(task.labels);
  const labelsTruth = labelsOf(item.truth);
  const labelsAnswer = item.answer === null ? [] : labelsOf(item.answer);
  const parts = [];
  if (IMAGE_KINDS.has(task.kind) || item.mediaUrl) {
    const truth = shapesOf(item.truth);
    const answer = shapesOf(item.answer);
    if (truth.length + answer.length > 0 || (item.mediaUrl && task.kind !== "TRANSCRIPTION"))
      parts.push(<Overlay key="overlay" item={item} truth={truth} answer={answer} nameOf={nameOf} />);
  }
  const source = (item.payload as { text?: unknown } | null)?.text;
  if ((task.kind === "TEXT_SPANS" || task.kind === "TEXT_CLASSIFICATION") && typeof source === "string")
    parts.push(<SourceText key="source" text={source} />);
  if (task.kind === "TRANSCRIPTION" && item.mediaUrl)
    parts.push(
      // biome-ignore lint/a11y/useMediaCaption: a recording to transcribe has no captions; its transcript is shown beside
      <audio key="audio" className="judge-audio" controls preload="none" src={item.mediaUrl} />,
    );
  if (task.kind.endsWith("CLASSIFICATION") && labelsTruth && labelsAnswer)
    parts.push(<LabelsDiffView key="labels" truth={labelsTruth} answer={labelsAnswer} nameOf={nameOf} />);
  else if (task.kind === "TEXT_SPANS") {
    const text = (item.payload as { text?: unknown } | null)?.text;
    const rows = typeof text === "string" ? diffSpans(text, item.truth, item.answer) : null;
    parts.push(
      rows ? <SpansDiffView key="spans" rows={rows} nameOf={nameOf} /> : <JsonDiff key="json" item={item} />,
    );
  } else if (task.kind === "TRANSCRIPTION") {
    const truth = textOf(item.truth);
    const answer = item.answer === null ? "" : textOf(item.answer);
    parts.push(
      truth !== null && answer !== null ? (
        <TextDiffView key="text" truth={truth} answer={answer} />
      ) : (
        <JsonDiff key="json" item={item} />
      ),
    );
  } else if (task.kind === "TABLE") {
    const table = diffTable(item.payload, item.truth, item.answer);
    parts.push(table ? <TableDiffView key="table" diff={table} /> : <JsonDiff key="json" item={item} />);
  } else if (parts.length === 0) parts.push(<JsonDiff key="json" item={item} />);
  return <div className="judge-item-view">{parts}</div>;
}

// --- the image overlay ----------------------------------------------------------------------

function ShapeMark({
  shape,
  status,
  strong,
  r,
}: {
  shape: OverlayShape;
  status: Status;
  /** The answer's side of a matched pair is drawn over the truth's, thicker. */
  strong?: boolean;
  r: number;
}) {
  const color = COLORS[status];
  const common = {
    stroke: color,
    strokeWidth: strong || status !== "matched" ? 2.5 : 1.5,
    strokeDasharray: status === "missed" ? "6 4" : status === "matched" && !strong ? "2 3" : undefined,
    vectorEffect: "non-scaling-stroke" as const,
    fill: status === "extra" ? "rgba(220, 38, 38, 0.08)" : "none",
  };
  switch (shape.kind) {
    case "box":
      return <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} {...common} />;
    case "polygon":
      return <polygon points={shape.points.map((p) => p.join(",")).join(" ")} {...common} />;
    case "point":
      return <circle cx={shape.x} cy={shape.y} r={r} {...common} fill={color} fillOpacity={0.35} />;
    case "keypoints":
      return (
        <g>
          {shape.keypoints
            .filter((k) => k[2] > 0)
            .map((k, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: keypoints are a fixed template order
              <circle key={i} cx={k[0]} cy={k[1]} r={r * 0.8} {...common} fill={color} fillOpacity={0.35} />
            ))}
        </g>
      );
  }
}

function Overlay({
  item,
  truth,
  answer,
  nameOf,
}: {
  item: ReviewItem;
  truth: OverlayShape[];
  answer: OverlayShape[];
  nameOf: (id: string) => string;
}) {
  const { t } = useTr();
  const [failed, setFailed] = useState(false);
  const { matched, missed, extra } = classifyShapes(truth, answer, item.line);
  const { width, height } = imageSize(item.payload, [...truth, ...answer]);
  const unit = Math.max(width, height) / 100;
  const r = Math.max(unit * 0.8, 2);
  const font = Math.max(unit * 2.2, 8);
  const tag = (s: OverlayShape, text: string, color: string, key: string) => {
    const a = anchorOf(s);
    return (
      <text
        key={key}
        x={a.x}
        y={Math.max(a.y - font * 0.3, font)}
        fontSize={font}
        fill={color}
        stroke="#fff"
        strokeWidth={font / 6}
        paintOrder="stroke"
        className="judge-overlay-tag"
      >
        {text}
      </text>
    );
  };
  return (
    <figure className="judge-overlay" data-testid={`overlay-${item.itemId}`}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="judge-overlay-svg"
        role="img"
        aria-label={t("judging.attempt.summaryShapes", {
          matched: matched.length,
          missed: missed.length,
          extra: extra.length,
        })}
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
        {matched.map((p) => (
          <g
            key={`m-${p.truth.id}-${p.answer.id}`}
            data-status="matched"
            data-truth={p.truth.id}
            data-answer={p.answer.id}
          >
            <ShapeMark shape={p.truth} status="matched" r={r} />
            <ShapeMark shape={p.answer} status="matched" strong r={r} />
          </g>
        ))}
        {missed.map((s) => (
          <g key={`t-${s.id}`} data-status="missed" data-truth={s.id}>
            <ShapeMark shape={s} status="missed" r={r} />
          </g>
        ))}
        {extra.map((s) => (
          <g key={`a-${s.id}`} data-status="extra" data-answer={s.id}>
            <ShapeMark shape={s} status="extra" r={r} />
          </g>
        ))}
        {matched.map((p) =>
          tag(p.answer, `${nameOf(p.answer.label)} ${p.iou.toFixed(2)}`, COLORS.matched, `tm-${p.answer.id}`),
        )}
        {missed.map((s) => tag(s, nameOf(s.label), COLORS.missed, `tt-${s.id}`))}
        {extra.map((s) => tag(s, nameOf(s.label), COLORS.extra, `ta-${s.id}`))}
      </svg>
      {truth.length + answer.length > 0 ? (
        <figcaption className="judge-legend" data-testid="overlay-legend">
          <span className="judge-legend-title">{t("judging.attempt.legend.title")}</span>
          <LegendEntry status="matched" text={t("judging.attempt.legend.matched")} count={matched.length} />
          <LegendEntry status="missed" text={t("judging.attempt.legend.missed")} count={missed.length} />
          <LegendEntry status="extra" text={t("judging.attempt.legend.extra")} count={extra.length} />
          {failed && <span className="muted small">{t("judging.attempt.imageFailed")}</span>}
        </figcaption>
      ) : (
        failed && <figcaption className="muted small">{t("judging.attempt.imageFailed")}</figcaption>
      )}
    </figure>
  );
}

function LegendEntry({ status, text, count }: { status: Status; text: string; count: number }) {
  return (
    <span className="judge-legend-entry" data-testid={`legend-${status}`} data-count={count}>
      <svg width="22" height="12" aria-hidden="true">
        <rect
          x="1.5"
          y="1.5"
          width="19"
          height="9"
          fill="none"
          stroke={COLORS[status]}
          strokeWidth="2"
          strokeDasharray={status === "missed" ? "4 2" : undefined}
        />
      </svg>
      {text} ({count})
    </span>
  );
}

// --- the other kinds ------------------------------------------------------------------------

function SourceText({ text }: { text: string }) {
  const { t } = useTr();
  return (
    <div className="judge-side judge-source" data-testid="source-text">
      <div className="judge-side-head">{t("judging.attempt.diff.source")}</div>
      <p className="judge-text">{text}</p>
    </div>
  );
}

function SideBySide({ truth, answer }: { truth: ReactNode; answer: ReactNode }) {
  const { t } = useTr();
  return (
    <div className="judge-sides">
      <div className="judge-side">
        <div className="judge-side-head">{t("judging.attempt.diff.truth")}</div>
        {truth}
      </div>
      <div className="judge-side">
        <div className="judge-side-head">{t("judging.attempt.diff.answer")}</div>
        {answer}
      </div>
    </div>
  );
}

function LabelsDiffView({
  truth,
  answer,
  nameOf,
}: {
  truth: string[];
  answer: string[];
  nameOf: (id: string) => string;
}) {
  const { t } = useTr();
  const d = diffLabels(truth, answer);
  const chip = (l: string, cls: string, title: string) => (
    <span key={`${cls}-${l}`} className={`judge-chip ${cls}`} title={title}>
      {nameOf(l)}
    </span>
  );
  return (
    <div data-testid="diff-labels">
      <SideBySide
        truth={
          <div className="judge-chips">
            {d.both.map((l) => chip(l, "diff-same", t("judging.attempt.diff.same")))}
            {d.missing.map((l) => chip(l, "diff-missing", t("judging.attempt.diff.missing")))}
            {truth.length === 0 && <span className="muted">{t("judging.attempt.diff.noRows")}</span>}
          </div>
        }
        answer={
          <div className="judge-chips">
            {d.both.map((l) => chip(l, "diff-same", t("judging.attempt.diff.same")))}
            {d.extra.map((l) => chip(l, "diff-extra", t("judging.attempt.diff.extra")))}
            {answer.length === 0 && <span className="muted">{t("judging.attempt.noAnswer")}</span>}
          </div>
        }
      />
    </div>
  );
}

function SpansDiffView({
  rows,
  nameOf,
}: {
  rows: NonNullable<ReturnType<typeof diffSpans>>;
  nameOf: (id: string) => string;
}) {
  const { t } = useTr();
  const statusText = (s: string) =>
    s === "matched"
      ? t("judging.attempt.diff.matched")
      : s === "missing"
        ? t("judging.attempt.diff.missing")
        : t("judging.attempt.diff.extra");
  return (
    <div className="judge-scroll" data-testid="diff-spans">
      <table className="judge-diff-table">
        <thead>
          <tr>
            <th>{t("judging.attempt.diff.span")}</th>
            <th>{t("judging.attempt.diff.spanLabel")}</th>
            <th>[start, end)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.status}-${r.start}-${r.end}-${r.label}`} className={`diff-row-${r.status}`}>
              <td className="judge-cell-text">{r.text}</td>
              <td>{nameOf(r.label)}</td>
              <td className="judge-num">
                [{r.start}, {r.end})
              </td>
              <td>{statusText(r.status)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {t("judging.attempt.diff.noRows")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function TextDiffView({ truth, answer }: { truth: string; answer: string }) {
  const segments = diffText(truth, answer);
  return (
    <div data-testid="diff-text">
      <SideBySide
        truth={
          <p className="judge-text">
            {segments
              .filter((s) => s.op !== "extra")
              .map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are in text order and never reordered
                <span key={i} className={s.op === "missing" ? "diff-missing" : undefined}>
                  {s.text}
                </span>
              ))}
          </p>
        }
        answer={
          <p className="judge-text">
            {segments
              .filter((s) => s.op !== "missing")
              .map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are in text order and never reordered
                <span key={i} className={s.op === "extra" ? "diff-extra" : undefined}>
                  {s.text}
                </span>
              ))}
          </p>
        }
      />
    </div>
  );
}

function TableDiffView({ diff }: { diff: NonNullable<ReturnType<typeof diffTable>> }) {
  const { t } = useTr();
  const width = Math.max(diff.header.length, ...diff.rows.map((r) => r.differs.length));
  /** Column keys: the table's columns are positions, never reordered. */
  const columns = Array.from({ length: width }, (_, c) => ({ key: `col-${c}`, c }));
  const cells = (row: string[] | null, differs: boolean[], cls: string) =>
    columns.map(({ key, c }) => (
      <td key={key} className={differs[c] ? cls : undefined}>
        {row?.[c] ?? ""}
      </td>
    ));
  return (
    <div className="judge-scroll" data-testid="diff-table">
      <table className="judge-diff-table">
        <thead>
          <tr>
            <th>{t("judging.attempt.diff.row")}</th>
            <th />
            {columns.map(({ key, c }) => (
              <th key={key}>{diff.header[c] ?? ""}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {diff.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the table
            <TableRows key={i} index={i} r={r} cells={cells} t={t} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TableRows({
  index,
  r,
  cells,
  t,
}: {
  index: number;
  r: NonNullable<ReturnType<typeof diffTable>>["rows"][number];
  cells: (row: string[] | null, differs: boolean[], cls: string) => ReactNode;
  t: Tr;
}) {
  const same = !r.differs.some(Boolean);
  return (
    <>
      <tr className={same ? undefined : "diff-row-changed"}>
        <th rowSpan={same ? 1 : 2}>{index + 1}</th>
        <td className="muted small">
          {same ? t("judging.attempt.diff.same") : t("judging.attempt.diff.truth")}
        </td>
        {cells(r.truth, r.differs, "diff-missing")}
      </tr>
      {!same && (
        <tr>
          <td className="muted small">{t("judging.attempt.diff.answer")}</td>
          {cells(r.answer, r.differs, "diff-extra")}
        </tr>
      )}
    </>
  );
}

function JsonDiff({ item }: { item: ReviewItem }) {
  return (
    <div data-testid="diff-json">
      <SideBySide
        truth={<pre className="judge-json">{prettyJson(item.truth)}</pre>}
        answer={<pre className="judge-json">{prettyJson(item.answer)}</pre>}
      />
    </div>
  );
}
