// Agreement between reference annotators on one task, before the exam: how reliable the truth is.
// Pure: no I/O. Annotations are the answer documents of protocol/annotations.ts.
import {
  type BoxesAnswer,
  type ClassificationAnswer,
  type PolygonsAnswer,
  type SpansAnswer,
  type TableAnswer,
  type TranscriptionAnswer,
  taskAnswerSchemas,
} from "../../protocol/annotations.ts";
import { editCounts } from "../scoring/edit-distance.ts";
import { boxIoU } from "../scoring/geometry.ts";
import { maxWeightMatchingSparse, type WeightedEdge } from "../scoring/hungarian.ts";
import { PolygonInputError, type Region, regionIoU, regionOf } from "../scoring/polygon-geometry.ts";
import { cellsEqual, DEFAULT_TABLE_OPTIONS, normalizeCell, type TableOptions } from "../scoring/table.ts";
import {
  DEFAULT_TRANSCRIPTION_OPTIONS,
  type TranscriptionOptions,
  transcriptionUnits,
} from "../scoring/transcription.ts";
import {
  AgreementInputError,
  aggregateRaters,
  confusionMatrix,
  fleissKappaDetails,
  type KappaLabel,
  kappaFromConfusion,
  uniqueLabels,
} from "./kappa.ts";

/** The task kinds whose agreement is computed (points and keypoints are not, yet). */
export const AGREEMENT_KINDS = [
  "BOXES",
  "POLYGONS",
  "IMAGE_CLASSIFICATION",
  "TEXT_CLASSIFICATION",
  "TEXT_SPANS",
  "TRANSCRIPTION",
  "TABLE",
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

const CLASSIFICATION_KINDS: readonly AgreementKind[] = ["IMAGE_CLASSIFICATION", "TEXT_CLASSIFICATION"];
export const isClassificationKind = (kind: AgreementKind): boolean => CLASSIFICATION_KINDS.includes(kind);

/** Default lowAgreement thresholds: kappa-like kinds (classification) and IoU-like kinds (the rest). */
export const DEFAULT_KAPPA_THRESHOLD = 0.6;
export const DEFAULT_IOU_THRESHOLD = 0.7;

/** One item: every reference annotator's answer document, annotator k at position k in every item. */
export interface AgreementItem {
  id: string;
  annotations: readonly unknown[];
}

export interface AgreementOptions {
  /** Items whose agreement is below this are listed in lowAgreement; default 0.6 (classification) or 0.7. */
  threshold?: number;
  /** Classification with 2 annotators, single label: weighted Cohen's kappa over the label order. */
  weights?: "linear" | "quadratic";
  /** Classification: the task's labels, in order (the order weighted kappa uses); others are refused. */
  labels?: readonly string[];
  /** Classification: treat every item as multi-label (default: when any annotation has 2+ labels). */
  multiLabel?: boolean;
  /** Boxes and polygons: match shapes whatever their labels (default: only shapes with the same label). */
  matchAcrossLabels?: boolean;
  /** Transcription: the normalisation before the characters are compared (default: the scorer's). */
  transcription?: Partial<TranscriptionOptions>;
  /** Table: how cells are compared (default: the scorer's: trim, width, numbers by value). */
  table?: Partial<TableOptions>;
}

/** How two annotators of one item agree. */
export interface PairAgreement {
  /** The two annotators' positions in `annotations`. */
  annotators: [number, number];
  agreement: number;
  /** Shapes and spans: the pairs matched and the shapes or spans left over on both sides. */
  matched?: number;
  unmatched?: number;
}

export interface ItemAgreement {
  id: string;
  /** The mean of the pairs' agreement, in [0, 1]. */
  agreement: number;
  pairs: PairAgreement[];
}

export type AgreementMeasure =
  | "cohen-kappa"
  | "fleiss-kappa"
  | "span-f1"
  | "mean-iou"
  | "character-similarity"
  | "cell-agreement";

export interface OverallAgreement {
  /** The headline figure: kappa for classification (null when undefined), else the mean item agreement. */
  agreement: number | null;
  /** The mean of the items' agreement. */
  meanItemAgreement: number;
  /** Classification: the kappa, how it was computed, the observed and chance agreement behind it. */
  kappa?: number | null;
  method?: "cohen" | "fleiss";
  weights?: "linear" | "quadratic";
  observedAgreement?: number;
  expectedAgreement?: number;
  /** Multi-label classification: kappa per label over its yes / no decisions. */
  perLabel?: { label: string; kappa: number | null }[];
  /** Spans: F1 over all items and annotator pairs pooled, 2·Σmatched / Σ(spans of both). */
  pooledF1?: number;
}

export interface AgreementReport {
  kind: AgreementKind;
  measure: AgreementMeasure;
  /** Annotators per item: the largest number any item has. */
  annotators: number;
  items: number;
  overall: OverallAgreement;
  threshold: number;
  perItem: ItemAgreement[];
  /** Items with an agreement below the threshold, worst first (ties by id). */
  lowAgreement: { id: string; agreement: number }[];
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Checks the items: a non-empty list, unique non-empty ids, 2+ annotations each, valid for the kind. */
function checkedItems<T>(kind: AgreementKind, items: unknown): { id: string; docs: T[] }[] {
  if (!Array.isArray(items) || items.length === 0)
    throw new AgreementInputError("items must be a non-empty list");
  const schema = taskAnswerSchemas[kind];
  const seen = new Set<string>();
  return items.map((raw, index) => {
    if (typeof raw !== "object" || raw === null)
      throw new AgreementInputError(`item #${index} is not an object`);
    const { id, annotations } = raw as Record<string, unknown>;
    if (typeof id !== "string" || id === "") throw new AgreementInputError(`item #${index} has no string id`);
    if (seen.has(id)) throw new AgreementInputError(`item ${id} appears twice`);
    seen.add(id);
    if (!Array.isArray(annotations) || annotations.length < 2)
      throw new AgreementInputError(`item ${id}: needs at least 2 annotations`);
    const docs = annotations.map((doc, k) => {
      const parsed = schema.safeParse(doc);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
        throw new AgreementInputError(
          `item ${id}: annotation ${k} is not a ${kind} answer${where}: ${issue?.message ?? "invalid"}`,
        );
      }
      return parsed.data as T;
    });
    return { id, docs };
  });
}

/** Every pair of annotators of an item, each scored by `pair`; the item's agreement is their mean. */
function pairwise<T>(
  id: string,
  docs: readonly T[],
  pair: (a: T, b: T) => Omit<PairAgreement, "annotators">,
): ItemAgreement {
  const pairs: PairAgreement[] = [];
  for (let a = 0; a < docs.length; a++)
    for (let b = a + 1; b < docs.length; b++)
      pairs.push({ annotators: [a, b], ...pair(docs[a] as T, docs[b] as T) });
  return { id, agreement: mean(pairs.map((p) => p.agreement)), pairs };
}

// --- classification ----------------------------------------------------------------------------

/** The category of a single-label answer: its label, or "" (no label; a label id is never empty). */
const NO_LABEL = "";

function classificationAgreement(
  items: { id: string; docs: ClassificationAnswer[] }[],
  options: AgreementOptions,
): {
  overall: Omit<OverallAgreement, "meanItemAgreement">;
  perItem: ItemAgreement[];
  measure: AgreementMeasure;
} {
  const known = options.labels === undefined ? undefined : new Set(options.labels);
  for (const { id, docs } of items)
    docs.forEach((doc, k) => {
      for (const label of doc.labels)
        if (known !== undefined && !known.has(label))
          throw new AgreementInputError(
            `item ${id}: annotation ${k} has the unknown label ${JSON.stringify(label)}`,
          );
    });
  const raters = items[0]?.docs.length as number;
  for (const { id, docs } of items)
    if (docs.length !== raters)
      throw new AgreementInputError(
        `item ${id} has ${docs.length} annotations, not ${raters}: kappa needs every annotator on every item`,
      );
  const multiLabel = options.multiLabel ?? items.some(({ docs }) => docs.some((d) => d.labels.length > 1));
  if (options.weights !== undefined && (raters > 2 || multiLabel))
    throw new AgreementInputError("weights apply to single-label classification with 2 annotators only");
  const method = raters === 2 ? "cohen" : "fleiss";
  const measure: AgreementMeasure = raters === 2 ? "cohen-kappa" : "fleiss-kappa";

  if (!multiLabel) {
    const categoryOf = (d: ClassificationAnswer) => d.labels[0] ?? NO_LABEL;
    const used = uniqueLabels(items.flatMap(({ docs }) => docs.map(categoryOf)));
    const order: KappaLabel[] =
      options.labels === undefined
        ? used
        : [...options.labels, ...(used.includes(NO_LABEL) ? [NO_LABEL] : [])];
    const perItem = items.map(({ id, docs }) =>
      pairwise(id, docs, (a, b) => ({ agreement: categoryOf(a) === categoryOf(b) ? 1 : 0 })),
    );
    const ratings = items.map(({ docs }) => docs.map(categoryOf));
    const kappa = kappaOf(ratings, order, options.weights);
    return {
      overall: { ...kappa, method, ...(options.weights ? { weights: options.weights } : {}) },
      perItem,
      measure,
    };
  }

  // Multi-label: every (item, label) pair is a yes / no decision of each annotator.
  const labels = (
    options.labels ?? uniqueLabels(items.flatMap(({ docs }) => docs.flatMap((d) => d.labels)))
  ).map(String);
  const perItem = items.map(({ id, docs }) =>
    pairwise(id, docs, (a, b) => ({ agreement: jaccard(a.labels, b.labels) })),
  );
  const decisions = (label: string) =>
    items.map(({ docs }) => docs.map((d) => (d.labels.includes(label) ? 1 : 0) as KappaLabel));
  const pooled = kappaOf(
    labels.flatMap((label) => decisions(label)),
    [0, 1],
  );
  const perLabel = labels.map((label) => ({ label, kappa: kappaOf(decisions(label), [0, 1]).kappa }));
  return { overall: { ...pooled, method, perLabel }, perItem, measure };
}

/** Kappa over items × annotators ratings: Cohen's for 2 annotators, Fleiss' for more. */
function kappaOf(
  ratings: readonly (readonly KappaLabel[])[],
  order: readonly KappaLabel[],
  weights?: "linear" | "quadratic",
): {
  agreement: number | null;
  kappa: number | null;
  observedAgreement?: number;
  expectedAgreement?: number;
} {
  // Multi-label items where nobody chose any label: no decision to compare.
  if (ratings.length === 0) return { agreement: null, kappa: null };
  if ((ratings[0]?.length ?? 0) === 2) {
    const { matrix } = confusionMatrix(
      ratings.map((r) => r[0] as KappaLabel),
      ratings.map((r) => r[1] as KappaLabel),
      order,
    );
    const n = ratings.length;
    const observed = matrix.reduce((s, row, i) => s + (row[i] as number), 0) / n;
    const rows = matrix.map((row) => row.reduce((s, c) => s + c, 0));
    const expected = matrix.reduce(
      (s, _, k) => s + (rows[k] as number) * matrix.reduce((t, row) => t + (row[k] as number), 0),
      0,
    );
    const kappa = orNull(kappaFromConfusion(matrix, weights));
    return { agreement: kappa, kappa, observedAgreement: observed, expectedAgreement: expected / (n * n) };
  }
  const { table } = aggregateRaters(ratings, order);
  const f = fleissKappaDetails(table);
  const kappa = orNull(f.kappa);
  return { agreement: kappa, kappa, observedAgreement: f.observed, expectedAgreement: f.expected };
}

/** |A ∩ B| / |A ∪ B| of two label sets; 1 when both are empty. */
function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const inter = [...sa].filter((x) => sb.has(x)).length;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 1 : inter / union;
}

// --- shapes ------------------------------------------------------------------------------------

interface Shape<G> {
  label: string;
  geometry: G;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Mean IoU of the Hungarian matching of two annotators' shapes: the matching maximises the total
 * IoU (ties: the most pairs) over pairs that overlap (and share the label, unless matchAcrossLabels); every matched pair
 * counts its IoU and every shape left over on either side counts 0, so the mean is
 * ΣIoU / (|A| + |B| − matched). Both empty: 1.
 */
/**
 * Added to every pair's weight: among matchings of equal total IoU the one with more pairs wins
 * (fewer shapes left over), so the figure does not depend on the order the solver meets ties or on
 * which annotator comes first. Too small to overrule a real difference in total IoU.
 */
const PAIR_BONUS = 1e-9;

function shapePair<G>(
  a: readonly Shape<G>[],
  b: readonly Shape<G>[],
  iou: (x: G, y: G) => number,
  acrossLabels: boolean,
): Omit<PairAgreement, "annotators"> {
  if (a.length === 0 && b.length === 0) return { agreement: 1, matched: 0, unmatched: 0 };
  const edges: WeightedEdge[] = [];
  const iouOf = new Map<number, number>();
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      if (!acrossLabels && x.label !== y.label) return;
      if (x.maxX <= y.minX || y.maxX <= x.minX || x.maxY <= y.minY || y.maxY <= x.minY) return;
      const s = iou(x.geometry, y.geometry);
      if (s > 0) {
        edges.push({ row: i, col: j, weight: s + PAIR_BONUS });
        iouOf.set(i * b.length + j, s);
      }
    });
  });
  const pairs = maxWeightMatchingSparse(a.length, b.length, edges);
  const sum = pairs.reduce((s, [i, j]) => s + (iouOf.get(i * b.length + j) as number), 0);
  const unmatched = a.length + b.length - 2 * pairs.length;
  return { agreement: sum / (pairs.length + unmatched), matched: pairs.length, unmatched };
}

function boxShapes(doc: BoxesAnswer): Shape<BoxesAnswer["boxes"][number]>[] {
  return doc.boxes.map((box) => ({
    label: box.label,
    geometry: box,
    minX: box.x,
    minY: box.y,
    maxX: box.x + box.w,
    maxY: box.y + box.h,
  }));
}

function polygonShapes(id: string, k: number, doc: PolygonsAnswer): Shape<Region>[] {
  return doc.polygons.map((polygon, index) => {
    let region: Region;
    try {
      region = regionOf([[polygon.points]]);
    } catch (e) {
      if (e instanceof PolygonInputError)
        throw new AgreementInputError(
          `item ${id}: annotation ${k} polygon #${index} (id ${JSON.stringify(polygon.id)}) ${e.message}`,
        );
      throw e;
    }
    return {
      label: polygon.label,
      geometry: region,
      minX: region.minX,
      minY: region.minY,
      maxX: region.maxX,
      maxY: region.maxY,
    };
  });
}

// --- spans -------------------------------------------------------------------------------------

/**
 * Exact-match span F1 between two annotators: spans agree when start, end and label are all
 * equal (each span matched once); F1 = 2·matched / (|A| + |B|), symmetric; both empty: 1.
 */
function spanPair(a: SpansAnswer, b: SpansAnswer): Omit<PairAgreement, "annotators"> {
  if (a.spans.length === 0 && b.spans.length === 0) return { agreement: 1, matched: 0, unmatched: 0 };
  const key = (s: SpansAnswer["spans"][number]) => `${s.start}:${s.end}:${s.label}`;
  const count = new Map<string, number>();
  for (const s of a.spans) count.set(key(s), (count.get(key(s)) ?? 0) + 1);
  let matched = 0;
  for (const s of b.spans) {
    const c = count.get(key(s)) ?? 0;
    if (c > 0) {
      matched++;
      count.set(key(s), c - 1);
    }
  }
  const total = a.spans.length + b.spans.length;
  return { agreement: (2 * matched) / total, matched, unmatched: total - 2 * matched };
}

// --- transcription -----------------------------------------------------------------------------

/**
 * 1 − CER between two transcriptions, symmetric: the characters (code points, after the scorer's
 * normalisation) are aligned by Levenshtein distance d and CER is d / the longer text's length,
 * i.e. jiwer's CER with the longer text as the reference, which keeps it in [0, 1]. Both empty: 1.
 */
function transcriptionPair(
  a: TranscriptionAnswer,
  b: TranscriptionAnswer,
  options: TranscriptionOptions,
): Omit<PairAgreement, "annotators"> {
  const x = transcriptionUnits(a.text, options).chars;
  const y = transcriptionUnits(b.text, options).chars;
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return { agreement: 1 };
  const c = editCounts(x, y);
  const distance = c.substitutions + c.deletions + c.insertions;
  return { agreement: 1 - distance / longer };
}

// --- table -------------------------------------------------------------------------------------

/**
 * The share of equal cells between two cleaned tables, row by row at the same position (both are
 * the item's rows in order): a row both annotators dropped (any mark) counts all its cells equal,
 * a row only one dropped or only one has counts them all unequal, otherwise cells compare as the
 * scorer compares them (normalizeCell, cellsEqual); a row counts max(its two widths, 1) cells.
 * Both tables without rows: 1.
 */
function tablePair(a: TableAnswer, b: TableAnswer, options: TableOptions): Omit<PairAgreement, "annotators"> {
  const rows = Math.max(a.rows.length, b.rows.length);
  if (rows === 0) return { agreement: 1 };
  let cells = 0;
  let equal = 0;
  for (let r = 0; r < rows; r++) {
    const ra = a.rows[r];
    const rb = b.rows[r];
    const width = Math.max(ra?.length ?? 0, rb?.length ?? 0, 1);
    cells += width;
    if (ra === undefined || rb === undefined) continue;
    const droppedA = (a.marks[r] ?? null) !== null;
    const droppedB = (b.marks[r] ?? null) !== null;
    if (droppedA || droppedB) {
      if (droppedA && droppedB) equal += width;
      continue;
    }
    for (let c = 0; c < width; c++) {
      const x = ra[c];
      const y = rb[c];
      if (
        x !== undefined &&
        y !== undefined &&
        cellsEqual(normalizeCell(x, options), normalizeCell(y, options), options)
      )
        equal++;
    }
  }
  return { agreement: equal / cells };
}

// --- the task ----------------------------------------------------------------------------------

/**
 * Agreement of the reference annotators of one task. Every item lists the annotators' answer
 * documents (protocol/annotations.ts) in the same annotator order:
 * - IMAGE_/TEXT_CLASSIFICATION: Cohen's kappa (2 annotators, every item) or Fleiss' kappa (3+, the
 *   same number on every item) over the items' labels; an item's agreement is the share of
 *   annotator pairs that chose the same label (multi-label: the mean pairwise Jaccard of the label
 *   sets, and kappa over every item × label yes / no decision, also per label);
 * - TEXT_SPANS: exact-match span F1 per annotator pair;
 * - BOXES / POLYGONS: mean IoU of the Hungarian-matched shapes per pair, leftovers counting 0;
 * - TRANSCRIPTION: 1 − CER per pair (CER over the longer text);
 * - TABLE: the share of equal cells per pair.
 * Items with 3+ annotators take the mean over their annotator pairs. Throws AgreementInputError for
 * input that cannot be compared.
 */
export function taskAgreement(
  kind: AgreementKind,
  items: readonly AgreementItem[],
  options: AgreementOptions = {},
): AgreementReport {
  if (!(AGREEMENT_KINDS as readonly string[]).includes(kind))
    throw new AgreementInputError(
      `kind ${JSON.stringify(kind)} is not supported: use one of ${AGREEMENT_KINDS.join(", ")}`,
    );
  const threshold =
    options.threshold ?? (isClassificationKind(kind) ? DEFAULT_KAPPA_THRESHOLD : DEFAULT_IOU_THRESHOLD);
  if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1))
    throw new AgreementInputError(`threshold ${String(threshold)} is not in [0, 1]`);
  if (options.weights !== undefined && options.weights !== "linear" && options.weights !== "quadratic")
    throw new AgreementInputError(`weights ${JSON.stringify(options.weights)} is not linear or quadratic`);
  if (
    options.labels !== undefined &&
    !(Array.isArray(options.labels) && options.labels.every((l) => typeof l === "string" && l !== ""))
  )
    throw new AgreementInputError("labels must be a list of non-empty strings");

  let measure: AgreementMeasure;
  let perItem: ItemAgreement[];
  let overall: Omit<OverallAgreement, "meanItemAgreement"> = { agreement: null };
  if (isClassificationKind(kind)) {
    const checked = checkedItems<ClassificationAnswer>(kind, items);
    const result = classificationAgreement(checked, options);
    ({ measure, perItem, overall } = result);
  } else {
    switch (kind) {
      case "BOXES":
      case "POLYGONS": {
        measure = "mean-iou";
        const across = options.matchAcrossLabels ?? false;
        if (kind === "BOXES") {
          const checked = checkedItems<BoxesAnswer>(kind, items);
          perItem = checked.map(({ id, docs }) =>
            pairwise(id, docs.map(boxShapes), (a, b) => shapePair(a, b, boxIoU, across)),
          );
        } else {
          const checked = checkedItems<PolygonsAnswer>(kind, items);
          perItem = checked.map(({ id, docs }) =>
            pairwise(
              id,
              docs.map((doc, k) => polygonShapes(id, k, doc)),
              (a, b) => shapePair(a, b, regionIoU, across),
            ),
          );
        }
        break;
      }
      case "TEXT_SPANS": {
        measure = "span-f1";
        perItem = checkedItems<SpansAnswer>(kind, items).map(({ id, docs }) => pairwise(id, docs, spanPair));
        let matched = 0;
        let total = 0;
        for (const item of perItem)
          for (const p of item.pairs) {
            matched += p.matched ?? 0;
            total += 2 * (p.matched ?? 0) + (p.unmatched ?? 0);
          }
        overall = { agreement: null, pooledF1: total === 0 ? 1 : (2 * matched) / total };
        break;
      }
      case "TRANSCRIPTION": {
        measure = "character-similarity";
        const t = { ...DEFAULT_TRANSCRIPTION_OPTIONS, ...options.transcription };
        perItem = checkedItems<TranscriptionAnswer>(kind, items).map(({ id, docs }) =>
          pairwise(id, docs, (a, b) => transcriptionPair(a, b, t)),
        );
        break;
      }
      case "TABLE": {
        measure = "cell-agreement";
        const t = { ...DEFAULT_TABLE_OPTIONS, ...options.table };
        perItem = checkedItems<TableAnswer>(kind, items).map(({ id, docs }) =>
          pairwise(id, docs, (a, b) => tablePair(a, b, t)),
        );
        break;
      }
      default:
        throw new AgreementInputError(`kind ${kind} is not supported`);
    }
  }
  // The items were checked above: each has its annotations.
  const annotators = Math.max(...items.map((i) => i.annotations.length));
  const meanItemAgreement = mean(perItem.map((i) => i.agreement));
  const headline = isClassificationKind(kind) ? overall.agreement : meanItemAgreement;
  const lowAgreement = perItem
    .filter((i) => i.agreement < threshold)
    .map(({ id, agreement }) => ({ id, agreement }))
    .sort((x, y) => x.agreement - y.agreement || compareIds(x.id, y.id));
  return {
    kind,
    measure,
    annotators,
    items: perItem.length,
    overall: { ...overall, agreement: headline, meanItemAgreement },
    threshold,
    perItem,
    lowAgreement,
  };
}
