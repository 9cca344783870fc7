// Table-cleaning items: per item two CSV files, `<name>.truth.csv` (the cleaned table, the truth)
// and `<name>.dirty.csv` (the table the contestant gets), in a zip (any folders) or uploaded as
// the two files. Both start with the same header; every row has one cell per column. The payload
// is the dirty table ({header, rows}); the truth is the clean one in the same form, which the
// table scorer reads (rows pair by the task's key column when it has one, else by position).
import { MAX_TABLE_CELL_CHARS } from "../../protocol/annotations.ts";
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import { parseCsv } from "./csv.ts";
import type { Collector, Upload } from "./import-kit.ts";
import type { ImportTarget } from "./import-types.ts";

const MAX_ROWS = 5_000;
const MAX_COLUMNS = 100;

function readTable(
  upload: Upload,
  p: string,
  problems: string[],
): { header: string[]; rows: string[][] } | null {
  const t = upload.text(p);
  if ("problem" in t) {
    problems.push(`${p} ${t.problem}`);
    return null;
  }
  const parsed = parseCsv(t.text);
  if ("problem" in parsed) {
    problems.push(`${p}: ${parsed.problem}`);
    return null;
  }
  const [header, ...rows] = parsed.rows;
  if (!header || header.every((h) => !h.trim())) {
    problems.push(`${p} has no header`);
    return null;
  }
  if (header.length > MAX_COLUMNS)
    problems.push(`${p} has ${header.length} columns, more than ${MAX_COLUMNS}`);
  if (rows.length > MAX_ROWS) problems.push(`${p} has ${rows.length} rows, more than ${MAX_ROWS}`);
  if (new Set(header).size !== header.length) problems.push(`${p} repeats a column name in its header`);
  rows.forEach((r, i) => {
    if (r.length !== header.length)
      problems.push(`${p}:${i + 2} has ${r.length} cells; the header has ${header.length}`);
    const long = r.findIndex((c) => c.length > MAX_TABLE_CELL_CHARS);
    if (long >= 0)
      problems.push(`${p}:${i + 2} cell ${long + 1} is longer than ${MAX_TABLE_CELL_CHARS} characters`);
  });
  return { header, rows };
}

export function readTablePairs(
  upload: Upload,
  rows: DatasetImportRow[],
  target: ImportTarget,
): { rows: DatasetImportRow[]; tables: Collector } {
  const tables: Collector = { items: [], rows: [] };
  const csvs = upload.paths(/\.csv$/i);
  const names = new Map<string, { truth?: string; dirty?: string }>();
  for (const p of csvs) {
    const m = /^(.*)\.(truth|dirty)\.csv$/i.exec(p);
    if (!m?.[1] || !m[2]) {
      upload.used.add(p);
      rows.push({
        where: p,
        outcome: "refused",
        problems: ["is not named <name>.truth.csv or <name>.dirty.csv, so its pair cannot be found"],
      });
      continue;
    }
    const pair = names.get(m[1]) ?? {};
    pair[m[2].toLowerCase() as "truth" | "dirty"] = p;
    names.set(m[1], pair);
  }
  if (csvs.length === 0) rows.push({ where: "upload", outcome: "refused", problems: ["holds no .csv file"] });
  for (const [name, pair] of names) {
    const problems: string[] = [];
    if (!pair.truth) problems.push(`has no ${name}.truth.csv beside ${pair.dirty}`);
    if (!pair.dirty) problems.push(`has no ${name}.dirty.csv beside ${pair.truth}`);
    const truth = pair.truth ? readTable(upload, pair.truth, problems) : null;
    const dirty = pair.dirty ? readTable(upload, pair.dirty, problems) : null;
    if (truth && dirty && truth.header.join("\u0000") !== dirty.header.join("\u0000"))
      problems.push(
        `the headers differ: ${truth.header.join(",")} (truth) and ${dirty.header.join(",")} (dirty)`,
      );
    const key = target.settings.key;
    if (truth && typeof key === "string" && !truth.header.includes(key))
      problems.push(`has no column "${key}", the task's key column`);
    if (target.kind !== "TABLE") problems.push(`is a table, which a ${target.kind} task does not hold`);
    if (truth && truth.rows.length === 0) problems.push(`${pair.truth} has no rows`);
    const where = `${name}.truth.csv + ${name}.dirty.csv`;
    if (problems.length || !truth || !dirty) {
      tables.rows.push({ where, outcome: "refused", problems });
      continue;
    }
    tables.items.push({
      sourceName: name,
      payload: { header: dirty.header, rows: dirty.rows },
      truth: { header: truth.header, rows: truth.rows },
    });
    tables.rows.push({ where, outcome: "imported", problems: [] });
  }
  return { rows, tables };
}
