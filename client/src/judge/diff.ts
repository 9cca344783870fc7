// Pure helpers of the judge's review for the kinds that are not drawn: a character diff of two texts,
// label sets, spans, tables and, for anything else, pretty JSON. Every helper reads its documents
// defensively: a document of an unexpected shape yields the JSON fallback, never an exception.

export type DiffOp = "same" | "missing" | "extra";
/** A run of text: in both, only in the truth (missing from the answer) or only in the answer (extra). */
export interface DiffSegment {
  op: DiffOp;
  text: string;
}

/** Longest texts (in code points, each side) diffed character by character; longer ones line by line. */
const MAX_CHAR_DIFF = 3000;

function pushSeg(out: DiffSegment[], op: DiffOp, text: string) {
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else if (text) out.push({ op, text });
}

/** A minimal diff of two token lists (LCS), as segments. */
function diffTokens(a: string[], b: string[], out: DiffSegment[]) {
  // Common prefix and suffix first: most answers differ in a few places.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  pushSeg(out, "same", a.slice(0, start).join(""));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const n = x.length;
  const m = y.length;
  if (n * m > 4_000_000) {
    pushSeg(out, "missing", x.join(""));
    pushSeg(out, "extra", y.join(""));
  } else {
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--)
        row[j] =
          x[i] === y[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) {
        pushSeg(out, "same", x[i] as string);
        i++;
        j++;
      } else if (((lcs[i + 1] as Uint32Array)[j] as number) >= ((lcs[i] as Uint32Array)[j + 1] as number)) {
        pushSeg(out, "missing", x[i] as string);
        i++;
      } else {
        pushSeg(out, "extra", y[j] as string);
        j++;
      }
    }
    while (i < n) pushSeg(out, "missing", x[i++] as string);
    while (j < m) pushSeg(out, "extra", y[j++] as string);
  }
  pushSeg(out, "same", a.slice(endA).join(""));
  return out;
}

/** The differences between a truth text and an answer text, character by character. */
export function diffText(truth: string, answer: string): DiffSegment[] {
  const a = [...truth];
  const b = [...answer];
  if (a.length > MAX_CHAR_DIFF || b.length > MAX_CHAR_DIFF) {
    const lines = (s: string) => s.split(/(?<=\n)/);
    return diffTokens(lines(truth), lines(answer), []);
  }
  return diffTokens(a, b, []);
}

export interface LabelsDiff {
  both: string[];
  missing: string[];
  extra: string[];
}

/** Chosen labels against the truth's. */
export function diffLabels(truth: readonly string[], answer: readonly string[]): LabelsDiff {
  const t = new Set(truth);
  const a = new Set(answer);
  return {
    both: [...t].filter((l) => a.has(l)),
    missing: [...t].filter((l) => !a.has(l)),
    extra: [...a].filter((l) => !t.has(l)),
  };
}

export interface SpanRow {
  start: number;
  end: number;
  label: string;
  text: string;
  /** matched: the same span and label on both sides; missing: only in the truth; extra: only in the answer. */
  status: "matched" | "missing" | "extra";
}

interface RawSpan {
  start: number;
  end: number;
  label: string;
}

const rec = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function spansOf(doc: unknown): RawSpan[] | null {
  const spans = rec(doc)?.spans;
  if (!Array.isArray(spans)) return null;
  const out: RawSpan[] = [];
  for (const s of spans) {
    const o = rec(s);
    if (!o || typeof o.start !== "number" || typeof o.end !== "number") return null;
    out.push({ start: o.start, end: o.end, label: String(o.label ?? "") });
  }
  return out;
}

/** Spans of both sides in text order, each marked matched (same bounds and label), missing or extra. */
export function diffSpans(text: string, truthDoc: unknown, answerDoc: unknown): SpanRow[] | null {
  const truth = spansOf(truthDoc);
  const answer = answerDoc === null || answerDoc === undefined ? [] : spansOf(answerDoc);
  if (!truth || !answer) return null;
  const cps = [...text];
  const key = (s: RawSpan) => `${s.start}:${s.end}:${s.label}`;
  const answerKeys = new Set(answer.map(key));
  const truthKeys = new Set(truth.map(key));
  const row = (s: RawSpan, status: SpanRow["status"]): SpanRow => ({
    ...s,
    text: cps.slice(s.start, s.end).join(""),
    status,
  });
  return [
    ...truth.map((s) => row(s, answerKeys.has(key(s)) ? "matched" : "missing")),
    ...answer.filter((s) => !truthKeys.has(key(s))).map((s) => row(s, "extra")),
  ].sort((x, y) => x.start - y.start || x.end - y.end || x.status.localeCompare(y.status));
}

export interface TableDiff {
  header: string[];
  /** Row by row: the truth's cells and the answer's kept cells (null past either side's end). */
  rows: { truth: string[] | null; answer: string[] | null; differs: boolean[] }[];
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.map((c) => String(c ?? "")) : null);

/**
 * A cleaned table against the truth's, row by row in order: the answer's rows marked duplicate or
 * invalid are left out (as the scorer drops them). A never-saved answer is the given table.
 */
export function diffTable(payload: unknown, truthDoc: unknown, answerDoc: unknown): TableDiff | null {
  const t = rec(truthDoc);
  const truthRows = Array.isArray(t?.rows) ? t.rows.map(strings) : null;
  if (!truthRows || truthRows.some((r) => r === null)) return null;
  const header = strings(t?.header) ?? strings(rec(payload)?.header) ?? [];
  const a = rec(answerDoc) ?? rec(payload);
  const rawRows = Array.isArray(a?.rows) ? a.rows.map(strings) : null;
  if (!rawRows || rawRows.some((r) => r === null)) return null;
  const marks = Array.isArray(a?.marks) ? a.marks : [];
  const kept = (rawRows as string[][]).filter((_, i) => marks[i] === null || marks[i] === undefined);
  const n = Math.max(truthRows.length, kept.length);
  const rows: TableDiff["rows"] = [];
  for (let i = 0; i < n; i++) {
    const tr = (truthRows[i] as string[] | undefined) ?? null;
    const ar = kept[i] ?? null;
    const width = Math.max(tr?.length ?? 0, ar?.length ?? 0);
    const differs = Array.from({ length: width }, (_, c) => (tr?.[c] ?? null) !== (ar?.[c] ?? null));
    rows.push({ truth: tr, answer: ar, differs });
  }
  return { header, rows };
}

/** A document as indented JSON ("—" for nothing). */
export function prettyJson(v: unknown): string {
  if (v === undefined || v === null) return "—";
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Labels of a classification document, or null when it is not one. */
export function labelsOf(doc: unknown): string[] | null {
  const labels = rec(doc)?.labels;
  return Array.isArray(labels) ? labels.map(String) : null;
}

/** The text of a transcription document, or null when it is not one. */
export function textOf(doc: unknown): string | null {
  const text = rec(doc)?.text;
  return typeof text === "string" ? text : null;
}
