// JSON Lines export: one image per line with its shapes in LabelArena's own answer form (pixels,
// label names), for scripts and for reading back without loss.
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import type { Dataset } from "./dataset.ts";
import type { ImageRecord, TextRecord } from "./import-kit.ts";

export function toJsonl(ds: Dataset): string {
  return ds.images.map((img) => JSON.stringify(img)).join("\n") + (ds.images.length ? "\n" : "");
}

// --- reading for a task import (core/formats/import.ts) ---------------------------------------------
//
// Text: one JSON object a line, {"id", "text", "spans": [{"start", "end", "label"}]} for spans or
// {"id", "text", "label"} / {"labels": [...]} for classification. Span offsets are Unicode code
// points, [start, end), as the protocol's spans are (so "😀" is one character, not two). A span
// may carry its "text": it must then be the characters it covers, which catches offsets counted
// in UTF-16 units or bytes by another tool.
// Images: {"image": "path/in/upload.png", "label": "cat"} or {"labels": ["cat", "indoor"]}.

type TextFile = { path: string; dir: string; text: string };

function jsonLines(
  f: TextFile,
  rows: DatasetImportRow[],
): { where: string; value: Record<string, unknown> }[] {
  const out: { where: string; value: Record<string, unknown> }[] = [];
  for (const [i, raw] of f.text.split(/\r?\n/).entries()) {
    if (!raw.trim()) continue;
    const where = `${f.path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      rows.push({ where, outcome: "refused", problems: [`is not JSON: ${(e as Error).message}`] });
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      rows.push({ where, outcome: "refused", problems: ["is not a JSON object"] });
      continue;
    }
    out.push({ where, value: value as Record<string, unknown> });
  }
  return out;
}

/** Label names from "label" (one) or "labels" (a list), with problems for anything else. */
function labelsIn(v: Record<string, unknown>, problems: string[]): string[] {
  if (typeof v.label === "string") return [v.label];
  if (Array.isArray(v.labels) && v.labels.every((l) => typeof l === "string")) return v.labels as string[];
  if (v.label !== undefined || v.labels !== undefined)
    problems.push('has "label" or "labels" that is not a string or a list of strings');
  return [];
}

export function readJsonlTextRecords(rows: DatasetImportRow[], files: TextFile[]) {
  const texts: TextRecord[] = [];
  for (const f of files)
    for (const { where, value: v } of jsonLines(f, rows)) {
      const problems: string[] = [];
      const id = v.id === undefined ? where : String(v.id);
      if (typeof v.text !== "string") problems.push('has no "text" string');
      const text = typeof v.text === "string" ? v.text : "";
      const rec: TextRecord = { where, name: id, text, spans: [], classes: [], problems };
      for (const label of labelsIn(v, problems)) rec.classes.push({ at: "label", label });
      if (v.spans !== undefined && !Array.isArray(v.spans)) problems.push('has "spans" that is not a list');
      const chars = Array.from(text);
      for (const [k, s] of (Array.isArray(v.spans) ? v.spans : []).entries()) {
        const at = `spans[${k}]`;
        const span = s as { start?: unknown; end?: unknown; label?: unknown; text?: unknown };
        if (
          !span ||
          typeof span.start !== "number" ||
          typeof span.end !== "number" ||
          typeof span.label !== "string"
        ) {
          problems.push(`${at}: is not {"start": number, "end": number, "label": string}`);
          continue;
        }
        if (typeof span.text === "string" && Number.isInteger(span.start) && Number.isInteger(span.end)) {
          const covered = chars.slice(span.start, span.end).join("");
          if (covered !== span.text) {
            const units = text.slice(span.start, span.end) === span.text;
            problems.push(
              `${at}: covers "${covered}" but says "${span.text}"${units ? " (its offsets count UTF-16 units; give code points)" : ""}`,
            );
            continue;
          }
        }
        rec.spans.push({ at, start: span.start, end: span.end, label: span.label });
      }
      texts.push(rec);
    }
  return { texts, rows };
}

export function readJsonlImageRecords(rows: DatasetImportRow[], files: TextFile[]) {
  const images: ImageRecord[] = [];
  for (const f of files)
    for (const { where, value: v } of jsonLines(f, rows)) {
      const problems: string[] = [];
      if (typeof v.image !== "string" || !v.image) problems.push('has no "image" naming the image file');
      const rec: ImageRecord = {
        where,
        file: typeof v.image === "string" ? v.image : "",
        fromDir: f.dir,
        annotations: [],
        classes: [],
        problems,
      };
      for (const label of labelsIn(v, problems)) rec.classes.push({ at: "label", label });
      images.push(rec);
    }
  return { images, rows };
}

/** Text items as JSON Lines, the form readJsonlTextRecords reads (spans or labels by name). */
export function toTextJsonl(
  items: {
    id: string;
    text: string;
    spans?: { start: number; end: number; label: string }[];
    labels?: string[];
  }[],
): string {
  return items
    .map((it) =>
      JSON.stringify({
        id: it.id,
        text: it.text,
        ...(it.spans ? { spans: it.spans.map(({ start, end, label }) => ({ start, end, label })) } : {}),
        ...(it.labels ? (it.labels.length === 1 ? { label: it.labels[0] } : { labels: it.labels }) : {}),
      }),
    )
    .map((l) => `${l}\n`)
    .join("");
}
