// Scores table cleaning. Two credits (docs/SCORING-CREDIT.md):
// - work done (scoreTableWork, the tasks' default): credit = (errors fixed − correct cells broken)
//   / errors there were to fix, clamped to [0, 1]. The errors of a table are the cells compared
//   minus the cells equal to the truth (scoreTableItem below: wrong cells, and every cell of a
//   missing or extra row); errors fixed − cells broken = errors(given) − errors(answer). So the
//   table as given (never saved, or saved untouched) scores 0 and a perfect cleaning scores 1;
//   a given table with nothing to fix scores 1 if the answer is still perfect, else 0.
// - cells (scoreTableItem): the share of cells equal to the truth after normalising, rows matched
//   by key or position — the old behaviour, which gave an untouched table most of its points.
// Rows the contestant marks (deleted, duplicate) are left out of the answer by the caller.
import { toNormalWidth } from "./normalize.ts";
import { type ItemScore, type Match, ScoringInputError } from "./types.ts";

export interface TableOptions {
  /** Match rows by the value of this column (by header name); otherwise by position. */
  key?: string;
  /** Trims whitespace at both ends of every cell (and header name). */
  trim: boolean;
  /** Full-width forms to their usual width (normalize.ts toNormalWidth). */
  width: boolean;
  /** Compares cells case-insensitively. */
  caseFold: boolean;
  /** Two cells that are both plain decimal numbers compare by value: "1.0" = "1" = "1e0" = "+1". */
  numbers: boolean;
}

/** Trim, width and numbers on; case kept (a cleaning task may be about case). */
export const DEFAULT_TABLE_OPTIONS: TableOptions = {
  trim: true,
  width: true,
  caseFold: false,
  numbers: true,
};

export interface Table {
  header: string[];
  rows: string[][];
}

export interface TableItemScore extends ItemScore {
  /** Cells compared: columns × (matched rows + truth rows left over + answer rows left over). */
  cells: number;
}

/**
 * A plain decimal number: optional sign, digits with an optional fraction (or a bare fraction .5),
 * optional exponent, and no leading zero before another digit, so that codes such as "007" or
 * "01234" stay text and are never equal to "7" or "1234". Thousands separators make a cell text.
 */
const NUMBER = /^[+-]?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as it is compared: trimmed, width-normalised, case-folded as the options say (NFC always). */
export function normalizeCell(cell: string, options: TableOptions): string {
  let s = cell.normalize("NFC");
  if (options.width) s = toNormalWidth(s);
  if (options.trim) s = s.trim();
  if (options.caseFold) s = s.toLowerCase();
  return s;
}

/** Whether two normalised cells are equal: as strings, or as numbers when both are plain decimals. */
export function cellsEqual(a: string, b: string, options: TableOptions): boolean {
  if (a === b) return true;
  return options.numbers && NUMBER.test(a) && NUMBER.test(b) && Number(a) === Number(b);
}

/**
 * Scores one table.
 * - Header: the answer must have the same column names as the truth after normalising (duplicates
 *   refused); their order may differ, cells are compared column by column by name. Otherwise
 *   ScoringInputError. Every row must have as many cells as the header.
 * - Rows: with options.key, a truth row is paired with the answer row whose key cell equals its key
 *   (cellsEqual); a key repeated in the truth is refused, an answer row whose key is repeated or
 *   unknown is left over. Without a key, rows pair by position.
 * - Score: correct cells / cells compared, where the cells compared are those of the paired rows and
 *   of every row left over on either side, so missing rows, extra rows and wrong cells all cost:
 *   tp = equal cells, fn = truth cells not reproduced (wrong or missing), fp = answer cells not in
 *   the truth (wrong or extra). Both tables empty (no rows) = 1. The key column's cells count too.
 * - Matches: paired rows by their 0-based index among the data rows, iou = the share of the row's
 *   cells that are equal.
 */
export function scoreTableItem(
  id: string,
  truth: Table,
  answer: Table,
  options: TableOptions = DEFAULT_TABLE_OPTIONS,
): TableItemScore {
  const header = checkedHeader(id, "truth", truth.header, options);
  const answerHeader = checkedHeader(id, "answer", answer.header, options);
  const missing = header.filter((h) => !answerHeader.includes(h));
  const extra = answerHeader.filter((h) => !header.includes(h));
  if (missing.length > 0 || extra.length > 0)
    throw new ScoringInputError(
      `item ${id}: header mismatch: ${[
        missing.length > 0 ? `answer lacks ${missing.map((h) => JSON.stringify(h)).join(", ")}` : "",
        extra.length > 0 ? `answer has extra ${extra.map((h) => JSON.stringify(h)).join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ")}`,
      id,
    );
  const columnOf = header.map((h) => answerHeader.indexOf(h));
  const width = header.length;
  const t = checkedRows(id, "truth", truth.rows, width, options);
  // Answer rows reordered to the truth's column order.
  const a = checkedRows(id, "answer", answer.rows, width, options).map((row) =>
    columnOf.map((c) => row[c] as string),
  );

  const pairs: Array<[number, number]> = [];
  if (options.key === undefined) {
    for (let i = 0; i < Math.min(t.length, a.length); i++) pairs.push([i, i]);
  } else {
    const keyName = normalizeCell(options.key, options);
    const k = header.indexOf(keyName);
    if (k < 0)
      throw new ScoringInputError(
        `item ${id}: key column ${JSON.stringify(options.key)} is not in the header`,
        id,
      );
    const canonical = (cell: string) =>
      options.numbers && NUMBER.test(cell) ? `#${Number(cell)}` : `s${cell}`;
    const truthRowOf = new Map<string, number>();
    t.forEach((row, i) => {
      const key = canonical(row[k] as string);
      if (truthRowOf.has(key))
        throw new ScoringInputError(
          `item ${id}: truth rows ${(truthRowOf.get(key) as number) + 1} and ${i + 1} share key ${JSON.stringify(row[k])}`,
          id,
        );
      truthRowOf.set(key, i);
    });
    a.forEach((row, j) => {
      const key = canonical(row[k] as string);
      const i = truthRowOf.get(key);
      if (i === undefined) return;
      truthRowOf.delete(key); // a repeated answer key pairs once; the other rows are extra
      pairs.push([i, j]);
    });
    pairs.sort((x, y) => x[0] - y[0]);
  }

  let tp = 0;
  const matches: Match[] = [];
  for (const [i, j] of pairs) {
    const tr = t[i] as string[];
    const ar = a[j] as string[];
    let equal = 0;
    for (let c = 0; c < width; c++) if (cellsEqual(tr[c] as string, ar[c] as string, options)) equal++;
    tp += equal;
    matches.push({ truth: String(i), answer: String(j), iou: width === 0 ? 1 : equal / width });
  }
  const truthCells = t.length * width;
  const answerCells = a.length * width;
  const cells = truthCells + answerCells - pairs.length * width;
  const score = cells === 0 ? 1 : tp / cells;
  return { id, score, tp, fp: answerCells - tp, fn: truthCells - tp, matches, cells };
}

function checkedHeader(id: string, side: string, header: readonly string[], options: TableOptions): string[] {
  if (header.length === 0) throw new ScoringInputError(`item ${id}: ${side} header has no columns`, id);
  const names = header.map((h) => normalizeCell(h, options));
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n))
      throw new ScoringInputError(`item ${id}: ${side} header repeats column ${JSON.stringify(n)}`, id);
    seen.add(n);
  }
  return names;
}

function checkedRows(
  id: string,
  side: string,
  rows: readonly (readonly string[])[],
  width: number,
  options: TableOptions,
): string[][] {
  return rows.map((row, r) => {
    if (row.length !== width)
      throw new ScoringInputError(
        `item ${id}: ${side} row ${r + 1} has ${row.length} cells but the header has ${width}`,
        id,
      );
    return row.map((cell) => normalizeCell(cell, options));
  });
}

/**
 * Parses CSV as RFC 4180 describes it, a little more leniently: fields separated by commas, records
 * by CRLF or LF (a final line break is optional); a field in double quotes may hold commas, line
 * breaks and doubled quotes (""). A leading byte-order mark is dropped and blank lines are skipped.
 * A quote inside an unquoted field, text after a closing quote, or an unterminated quoted field is
 * refused (ScoringInputError naming the line). The first record is the header.
 */
export function parseCsv(text: string, side: string): Table {
  const s = text.replace(/^\uFEFF/, "");
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  // The current field: not begun, unquoted text, inside quotes, or after its closing quote.
  let state: "start" | "unquoted" | "quoted" | "closed" = "start";
  let line = 1;
  let fieldLine = 1;
  const endField = () => {
    record.push(field);
    field = "";
    state = "start";
  };
  const endRecord = () => {
    const blank = record.length === 0 && state === "start";
    if (!blank) {
      endField();
      records.push(record);
    }
    record = [];
  };
  for (let k = 0; k < s.length; k++) {
    const c = s[k] as string;
    if (state === "quoted") {
      if (c !== '"') {
        if (c === "\n") line++;
        field += c;
      } else if (s[k + 1] === '"') {
        field += '"';
        k++;
      } else state = "closed";
    } else if (c === ",") endField();
    else if (c === "\n" || (c === "\r" && s[k + 1] === "\n")) {
      if (c === "\r") k++;
      endRecord();
      line++;
    } else if (c === '"') {
      if (state !== "start")
        throw new ScoringInputError(`${side} CSV line ${line}: a quote inside an unquoted field`);
      state = "quoted";
      fieldLine = line;
    } else {
      if (state === "closed")
        throw new ScoringInputError(`${side} CSV line ${line}: text after a closing quote`);
      field += c;
      state = "unquoted";
    }
  }
  if (state === "quoted")
    throw new ScoringInputError(`${side} CSV line ${fieldLine}: a quoted field is never closed`);
  endRecord();
  const [header, ...rows] = records;
  if (header === undefined) throw new ScoringInputError(`${side} CSV has no header line`);
  return { header, rows };
}

export interface TableWorkScore extends TableItemScore {
  /** Errors in the table as given: cells compared minus equal cells (scoreTableItem). */
  errorsGiven: number;
  /** Errors left in the answer, counted the same way. */
  errorsLeft: number;
}

/**
 * Scores one cleaned table by the work done: (errorsGiven − errorsLeft) / errorsGiven, clamped to
 * [0, 1], where errors = cells compared − equal cells against the truth (scoreTableItem). When the
 * given table has no error: 1 if the answer has none either, else 0. tp, fp, fn, cells and matches
 * are the answer's, as scoreTableItem reports them.
 */
export function scoreTableWork(
  id: string,
  truth: Table,
  given: Table,
  answer: Table,
  options: TableOptions = DEFAULT_TABLE_OPTIONS,
): TableWorkScore {
  const before = scoreTableItem(id, truth, given, options);
  const after = scoreTableItem(id, truth, answer, options);
  const errorsGiven = before.cells - before.tp;
  const errorsLeft = after.cells - after.tp;
  const score =
    errorsGiven === 0
      ? errorsLeft === 0
        ? 1
        : 0
      : Math.min(1, Math.max(0, (errorsGiven - errorsLeft) / errorsGiven));
  return { ...after, score, errorsGiven, errorsLeft };
}
