// Scores the text kinds (classification, spans, transcription, table) from the CLI's input and options.
import { z } from "zod";
import { type ClassificationOptions, scoreClassificationItem } from "./classification.ts";
import { type IobMode, parseConll, scoreConll } from "./iob.ts";
import type { CliOptions, ScoreResult } from "./result.ts";
import {
  addTallies,
  type LabelTally,
  type SpansItemScore,
  type SpansOptions,
  scoreSpansItem,
  summarizeTallies,
} from "./spans.ts";
import { parseCsv, scoreTableItem, type Table, type TableItemScore, type TableOptions } from "./table.ts";
import {
  addCounts,
  measuresOf,
  scoreTranscriptionItem,
  type TranscriptionItemScore,
  type TranscriptionOptions,
  ZERO_COUNTS,
} from "./transcription.ts";
import { type ItemScore, ScoringInputError } from "./types.ts";
import { SCORER_VERSION } from "./version.ts";

export const TEXT_KINDS = ["classification", "spans", "transcription", "table"] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export function isTextKind(kind: string): kind is TextKind {
  return (TEXT_KINDS as readonly string[]).includes(kind);
}

/**
 * The options each text kind accepts, as the CLI passes them (`--multi-label` → { "multi-label":
 * true }, `--key id` → { key: "id" }). Any other option is refused, so a misspelt option is an error
 * rather than silently ignored.
 */
export const TEXT_KIND_OPTIONS = {
  classification: { "multi-label": "boolean", labels: "string" },
  spans: { format: "string", partial: "boolean", mode: "string", labels: "string" },
  transcription: {
    "no-width": "boolean",
    "no-punct": "boolean",
    "no-space": "boolean",
    "ignore-case": "boolean",
    "cer-ignore-space": "boolean",
  },
  table: {
    format: "string",
    key: "string",
    "no-trim": "boolean",
    "no-width": "boolean",
    "ignore-case": "boolean",
    "no-numbers": "boolean",
  },
} as const satisfies Record<TextKind, Record<string, "boolean" | "string">>;

/** Every boolean option of the text kinds: the CLI never reads a value after these. */
export const TEXT_KIND_FLAGS: ReadonlySet<string> = new Set(
  Object.values(TEXT_KIND_OPTIONS).flatMap((spec) =>
    Object.entries(spec)
      .filter(([, type]) => type === "boolean")
      .map(([name]) => name),
  ),
);

/**
 * Scores a text kind. truth and answer are the parsed JSON documents `{ "items": [ … ] }`, or the
 * files' text for spans with format "conll" and table with format "csv".
 *
 * Items pair by id (a string, or an integer taken as its decimal string). Refused with
 * ScoringInputError naming the item: a malformed document or item, an id repeated on either side, an
 * answer item whose id is not in the truth, a truth without items, and whatever the kind's scorer
 * refuses. A truth item missing from the answer scores 0 (flagged `missing: true`; its counts are
 * those of an empty answer). Items are reported sorted by id (numbers in numeric order), and the
 * overall score is the mean of the item scores summed in that order, so permuting items changes
 * nothing in the output.
 *
 * Kind-specific fields, besides `settings` (the options in force):
 * - spans: precision, recall, f1 (micro over every span of every item: conlleval's figures, which
 *   differ from `score`, the mean of the items' F1), micro, macro, weighted, perLabel; with CoNLL also
 *   tokens, accuracy and phrases { truth, found, correct }. Each sentence of a CoNLL file is an item.
 * - transcription: cer, wer, mer, wil over all items (errors pooled as jiwer pools a list) and the
 *   pooled chars / words counts; each item has its own cer, wer, mer, wil, chars, words.
 * - table: cells and correctCells over all items; each item has its cells. Two CSV files are one
 *   item, id "1".
 */
export function scoreTextKind(
  kind: TextKind,
  truth: unknown,
  answer: unknown,
  options: CliOptions,
): ScoreResult {
  const opts = readOptions(kind, options);
  switch (kind) {
    case "classification":
      return scoreClassification(truth, answer, opts);
    case "spans":
      return scoreSpans(truth, answer, opts);
    case "transcription":
      return scoreTranscription(truth, answer, opts);
    case "table":
      return scoreTable(truth, answer, opts);
    default:
      throw new ScoringInputError(`unknown kind ${String(kind)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  flag(name: string): boolean;
  text(name: string): string | undefined;
}

function readOptions(kind: TextKind, options: CliOptions): Options {
  const spec: Record<string, "boolean" | "string"> = TEXT_KIND_OPTIONS[kind];
  for (const name of Object.keys(options))
    if (!Object.hasOwn(spec, name))
      throw new ScoringInputError(`option --${name} does not apply to kind ${kind}`);
  return {
    flag(name) {
      const v = options[name];
      if (v === undefined || v === false || v === "false") return false;
      if (v === true || v === "true") return true;
      throw new ScoringInputError(
        `option --${name} takes no value (or true / false), not ${JSON.stringify(v)}`,
      );
    },
    text(name) {
      const v = options[name];
      if (v === undefined) return undefined;
      if (typeof v !== "string" || v === "") throw new ScoringInputError(`option --${name} needs a value`);
      return v;
    },
  };
}

function choice<T extends string>(opts: Options, name: string, allowed: readonly T[], fallback: T): T {
  const v = opts.text(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new ScoringInputError(`option --${name} must be ${allowed.join(" or ")}, not ${JSON.stringify(v)}`);
  return v as T;
}

/** `--labels A,B,C` (comma-separated), else the truth document's `labels` array, else no restriction. */
function labelSet(opts: Options, fromTruth: readonly string[] | undefined): Set<string> | undefined {
  const option = opts.text("labels");
  const list = option !== undefined ? option.split(",").map((l) => l.trim()) : fromTruth;
  if (list === undefined) return undefined;
  if (list.length === 0 || list.some((l) => l === ""))
    throw new ScoringInputError("the label list has an empty label");
  return new Set(list);
}

// ---------------------------------------------------------------------------------------------
// Documents and items

const itemId = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
const labelList = z.array(z.string());

const classificationItem = z.object({ id: itemId, labels: labelList });
const spanSchema = z.object({ start: z.number(), end: z.number(), label: z.string() });
const spansTruthItem = z.object({ id: itemId, text: z.string(), spans: z.array(spanSchema) });
const spansAnswerItem = z.object({ id: itemId, text: z.string().optional(), spans: z.array(spanSchema) });
const transcriptionItem = z.object({ id: itemId, text: z.string() });
const cell = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => (v === null ? "" : String(v)));
const tableItem = z.object({ id: itemId, header: z.array(cell), rows: z.array(z.array(cell)) });

const documentSchema = z.object({ items: z.array(z.unknown()), labels: labelList.optional() });

type Side = "truth" | "answer";

/** Parses `{ "items": [ … ] }` item by item, so that an error names the item it is in. */
function parseDocument<S extends z.ZodType<{ id: string }>>(
  side: Side,
  doc: unknown,
  itemSchema: S,
): { items: z.output<S>[]; labels?: string[] } {
  const parsed = documentSchema.safeParse(doc);
  if (!parsed.success) throw new ScoringInputError(`${side}: ${describeIssue(parsed.error)}`);
  const items = parsed.data.items.map((raw, k) => {
    const r = itemSchema.safeParse(raw);
    if (r.success) return r.data as z.output<S>;
    const rawId = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const id = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : undefined;
    const who = id === undefined ? `items[${k}]` : `item ${id}`;
    throw new ScoringInputError(`${side}: ${who}: ${describeIssue(r.error)}`, id);
  });
  return { items, labels: parsed.data.labels };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : "";
  return `${path === "" ? "" : `${path}: `}${issue.message}${more}`;
}

/** Orders ids: all-digit ids numerically (shorter first, then by digits), before the others, by code units. */
export function compareItemIds(a: string, b: string): number {
  const da = /^\d+$/.test(a);
  const db = /^\d+$/.test(b);
  if (da !== db) return da ? -1 : 1;
  if (da && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Pair<T> {
  id: string;
  truth: T;
  answer: T | undefined;
}

function pairItems<T extends { id: string }>(truth: readonly T[], answer: readonly T[]): Pair<T>[] {
  if (truth.length === 0) throw new ScoringInputError("the truth has no items");
  const byId = new Map<string, Pair<T>>();
  for (const t of truth) {
    if (byId.has(t.id)) throw new ScoringInputError(`truth: item ${t.id} appears twice`, t.id);
    byId.set(t.id, { id: t.id, truth: t, answer: undefined });
  }
  const answered = new Set<string>();
  for (const a of answer) {
    if (answered.has(a.id)) throw new ScoringInputError(`answer: item ${a.id} appears twice`, a.id);
    answered.add(a.id);
    const p = byId.get(a.id);
    if (!p) throw new ScoringInputError(`answer: item ${a.id} is not in the truth`, a.id);
    p.answer = a;
  }
  return [...byId.values()].sort((x, y) => compareItemIds(x.id, y.id));
}

/** The score of a truth item the answer left out: 0, whatever an empty answer would have scored. */
function missing<I extends ItemScore>(item: I): I & { missing: true } {
  return { ...item, score: 0, missing: true };
}

/** The shared shape: items as the CLI prints them (id, score, tp, fp, fn, matches, then extras). */
function result(kind: TextKind, items: ItemScore[], extra: Record<string, unknown>): ScoreResult {
  let sum = 0;
  for (const item of items) sum += item.score;
  return { kind, scorerVersion: SCORER_VERSION, score: sum / items.length, items, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Kinds

function scoreClassification(truthDoc: unknown, answerDoc: unknown, opts: Options): ScoreResult {
  const truth = parseDocument("truth", truthDoc, classificationItem);
  const answer = parseDocument("answer", answerDoc, classificationItem);
  const options: ClassificationOptions = {
    multiLabel: opts.flag("multi-label"),
    labels: labelSet(opts, truth.labels),
  };
  const items = pairItems(truth.items, answer.items).map((p) => {
    const item = scoreClassificationItem(p.id, p.truth.labels, p.answer?.labels ?? [], options);
    return p.answer ? item : missing(item);
  });
  return result("classification", items, { settings: { multiLabel: options.multiLabel } });
}

function scoreSpans(truthDoc: unknown, answerDoc: unknown, opts: Options): ScoreResult {
  const format = choice(opts, "format", ["json", "conll"] as const, "json");
  if (format === "conll") return scoreConllSpans(truthDoc, answerDoc, opts);
  if (opts.text("mode") !== undefined)
    throw new ScoringInputError("option --mode applies only to --format conll");
  const truth = parseDocument("truth", truthDoc, spansTruthItem);
  const answer = parseDocument("answer", answerDoc, spansAnswerItem);
  const options: SpansOptions = { partial: opts.flag("partial"), labels: labelSet(opts, truth.labels) };
  const pairs = pairItems<{ id: string; text?: string; spans: z.output<typeof spanSchema>[] }>(
    truth.items,
    answer.items,
  );
  const tallies = new Map<string, LabelTally>();
  const items = pairs.map((p) => {
    const text = p.truth.text as string;
    if (p.answer?.text !== undefined && p.answer.text !== text)
      throw new ScoringInputError(`item ${p.id}: the answer's text differs from the truth's`, p.id);
    const scored = scoreSpansItem(p.id, text, p.truth.spans, p.answer?.spans ?? [], options);
    addTallies(tallies, scored.tallies);
    return p.answer ? spansItemOut(scored) : missing(spansItemOut(scored));
  });
  return result("spans", items, {
    ...summarizeTallies(tallies),
    settings: { format, partial: options.partial },
  });
}

function scoreConllSpans(truthText: unknown, answerText: unknown, opts: Options): ScoreResult {
  if (typeof truthText !== "string" || typeof answerText !== "string")
    throw new ScoringInputError("--format conll needs the truth and answer files' text");
  if (opts.flag("partial")) throw new ScoringInputError("option --partial applies only to --format json");
  const mode: IobMode = choice(opts, "mode", ["default", "strict"] as const, "default");
  const labels = labelSet(opts, undefined);
  const scored = scoreConll(parseConll(truthText, "truth"), parseConll(answerText, "answer"), {
    mode,
    labels,
  });
  const items = scored.items.map(spansItemOut);
  return result("spans", items, {
    ...summarizeTallies(scored.tallies),
    tokens: scored.tokens,
    accuracy: scored.accuracy,
    phrases: scored.phrases,
    settings: { format: "conll", mode },
  });
}

function spansItemOut(item: SpansItemScore): ItemScore {
  const { tallies: _tallies, ...rest } = item;
  return rest;
}

function scoreTranscription(truthDoc: unknown, answerDoc: unknown, opts: Options): ScoreResult {
  const truth = parseDocument("truth", truthDoc, transcriptionItem);
  const answer = parseDocument("answer", answerDoc, transcriptionItem);
  const options: TranscriptionOptions = {
    width: !opts.flag("no-width"),
    punctuation: !opts.flag("no-punct"),
    whitespace: !opts.flag("no-space"),
    caseFold: opts.flag("ignore-case"),
    cerIgnoreSpace: opts.flag("cer-ignore-space"),
  };
  let words = ZERO_COUNTS;
  let chars = ZERO_COUNTS;
  const items = pairItems(truth.items, answer.items).map((p) => {
    const item: TranscriptionItemScore = scoreTranscriptionItem(
      p.id,
      p.truth.text,
      p.answer?.text ?? "",
      options,
    );
    words = addCounts(words, item.words);
    chars = addCounts(chars, item.chars);
    return p.answer ? item : missing(item);
  });
  const m = measuresOf(words, chars);
  return result("transcription", items, {
    cer: m.cer,
    wer: m.wer,
    mer: m.mer,
    wil: m.wil,
    chars,
    words,
    settings: options,
  });
}

function scoreTable(truthDoc: unknown, answerDoc: unknown, opts: Options): ScoreResult {
  const format = choice(opts, "format", ["json", "csv"] as const, "json");
  const options: TableOptions = {
    key: opts.text("key"),
    trim: !opts.flag("no-trim"),
    width: !opts.flag("no-width"),
    caseFold: opts.flag("ignore-case"),
    numbers: !opts.flag("no-numbers"),
  };
  let pairs: Pair<Table & { id: string }>[];
  if (format === "csv") {
    if (typeof truthDoc !== "string" || typeof answerDoc !== "string")
      throw new ScoringInputError("--format csv needs the truth and answer files' text");
    // One CSV file is one table: item "1".
    pairs = [
      {
        id: "1",
        truth: { id: "1", ...parseCsv(truthDoc, "truth") },
        answer: { id: "1", ...parseCsv(answerDoc, "answer") },
      },
    ];
  } else {
    pairs = pairItems(
      parseDocument("truth", truthDoc, tableItem).items,
      parseDocument("answer", answerDoc, tableItem).items,
    );
  }
  let correct = 0;
  let cells = 0;
  const items = pairs.map((p) => {
    const item: TableItemScore = scoreTableItem(
      p.id,
      p.truth,
      p.answer ?? { header: p.truth.header, rows: [] },
      options,
    );
    correct += item.tp;
    cells += item.cells;
    return p.answer ? item : missing(item);
  });
  return result("table", items, {
    cells,
    correctCells: correct,
    settings: { format, ...options, key: options.key ?? null },
  });
}
