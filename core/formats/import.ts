// Reads a dataset upload into items with their truth for one task (see import-types.ts and
// docs/DATASETS.md). Each format's reader turns its files into neutral records (import-kit.ts);
// the kit checks every record the same way — the media and its real size, the labels, shapes
// inside the image, polygons by the save check's rule, spans, limits — and the truth against the
// schema the scorer parses. One refused row refuses the whole import (ok false).

import path from "node:path/posix";
import {
  type DatasetFormat,
  type DatasetImportRow,
  FORMATS_BY_KIND,
  MAX_ITEMS_PER_TASK,
} from "../../protocol/authoring.ts";
import { readCocoImport } from "./coco.ts";
import { readConllRecords } from "./conll.ts";
import { readCvatRecords } from "./cvat.ts";
import {
  type ClipRecord,
  type Collector,
  finishClip,
  finishImage,
  finishText,
  type ImageRecord,
  LabelMap,
  repeats,
  type TextRecord,
  Upload,
} from "./import-kit.ts";
import type { DatasetFiles, DatasetReading, ImportTarget, ReadDataset } from "./import-types.ts";
import { readJsonlImageRecords, readJsonlTextRecords } from "./jsonl.ts";
import { readLabelStudioRecords } from "./labelstudio.ts";
import { readTablePairs } from "./table.ts";
import { readTranscriptRecords } from "./transcripts.ts";
import { readVocRecords } from "./voc.ts";
import { readYoloRecords } from "./yolo.ts";

/** What a format reader makes of an upload: records to check, and rows for whole files. */
export interface FormatRecords {
  images?: ImageRecord[];
  texts?: TextRecord[];
  clips?: ClipRecord[];
  /** Rows already decided (a file that is not the format, a crowd annotation skipped). */
  rows: DatasetImportRow[];
  /** Table items, already checked (table.ts). */
  tables?: Collector;
}

export const readDataset: ReadDataset = async (format, files, target) => {
  try {
    return await readAll(format, files, target);
  } catch (e) {
    // Readers return problems rather than throw; this is the net under a reader's own bug.
    return refusedWhole(format, `The upload could not be read: ${(e as Error).message}`);
  }
};

async function readAll(
  format: DatasetFormat,
  files: DatasetFiles,
  target: ImportTarget,
): Promise<DatasetReading> {
  const out: Collector = { items: [], rows: [] };
  const labels = new LabelMap(target);
  const upload = new Upload(files);
  const fits = FORMATS_BY_KIND[target.kind];
  if (!fits.includes(format))
    return refusedWhole(
      format,
      `A ${target.kind} task does not take ${format} (it takes ${fits.join(", ")}).`,
    );
  if (files.size === 0) return refusedWhole(format, "The upload holds no file.");
  const read = readFormat(format, upload, target);
  out.rows.push(...read.rows);
  if (read.images) {
    repeats(
      read.images,
      (r) => {
        const f = upload.find(r.file, r.fromDir);
        return "path" in f ? f.path : undefined;
      },
      "image",
    );
    for (const rec of read.images) await finishImage(rec, target, upload, labels, out);
  }
  if (read.texts) {
    repeats(read.texts, (r) => r.name, "id");
    for (const rec of read.texts) finishText(rec, target, labels, out);
  }
  if (read.clips) {
    repeats(read.clips, (r) => r.file, "audio file");
    for (const rec of read.clips) finishClip(rec, target, upload, out);
  }
  if (read.tables) {
    out.items.push(...read.tables.items);
    out.rows.push(...read.tables.rows);
  }
  out.rows.push(...upload.leftOver(format));
  if (out.items.length === 0 && !out.rows.some((r) => r.outcome === "refused"))
    out.rows.push({ where: format, outcome: "refused", problems: [`The upload holds no ${format} record.`] });
  if (out.items.length > MAX_ITEMS_PER_TASK)
    out.rows.push({
      where: format,
      outcome: "refused",
      problems: [
        `The upload holds ${out.items.length} items, more than the ${MAX_ITEMS_PER_TASK} a task may hold.`,
      ],
    });
  const ok = !out.rows.some((r) => r.outcome === "refused");
  return { ok, items: ok ? out.items : [], rows: out.rows, labelsAdded: ok ? labels.added : [] };
}

function refusedWhole(format: DatasetFormat, problem: string): DatasetReading {
  return {
    ok: false,
    items: [],
    rows: [{ where: format, outcome: "refused", problems: [problem] }],
    labelsAdded: [],
  };
}

/** The text of each file matching `test`, or a refused row for the file. */
export function textFiles(
  upload: Upload,
  test: RegExp,
  rows: DatasetImportRow[],
  what: string,
): { path: string; dir: string; text: string }[] {
  const paths = upload.paths(test);
  if (paths.length === 0) rows.push({ where: "upload", outcome: "refused", problems: [`holds no ${what}`] });
  const out: { path: string; dir: string; text: string }[] = [];
  for (const p of paths) {
    const t = upload.text(p);
    if ("problem" in t) rows.push({ where: p, outcome: "refused", problems: [t.problem] });
    else out.push({ path: p, dir: path.dirname(p) === "." ? "" : path.dirname(p), text: t.text });
  }
  return out;
}

function readFormat(format: DatasetFormat, upload: Upload, target: ImportTarget): FormatRecords {
  const rows: DatasetImportRow[] = [];
  switch (format) {
    case "coco": {
      const images: ImageRecord[] = [];
      for (const f of textFiles(upload, /\.json$/i, rows, "COCO .json file")) {
        const read = readCocoImport(f.text, f.path, f.dir);
        if (read.problems.length) rows.push({ where: f.path, outcome: "refused", problems: read.problems });
        images.push(...read.records);
        rows.push(...read.skipped);
      }
      return { images, rows };
    }
    case "voc":
      return readVocRecords(upload, rows, textFiles(upload, /\.xml$/i, rows, "VOC .xml file"));
    case "yolo":
      return readYoloRecords(upload, rows);
    case "labelstudio":
      return readLabelStudioRecords(
        target,
        rows,
        textFiles(upload, /\.json$/i, rows, "Label Studio .json export"),
        (name, dir) => "path" in upload.find(name, dir),
      );
    case "cvat":
      return readCvatRecords(target, rows, textFiles(upload, /\.xml$/i, rows, "CVAT annotations .xml file"));
    case "jsonl":
      return target.kind === "IMAGE_CLASSIFICATION"
        ? readJsonlImageRecords(rows, textFiles(upload, /\.jsonl$/i, rows, ".jsonl file"))
        : readJsonlTextRecords(rows, textFiles(upload, /\.jsonl$/i, rows, ".jsonl file"));
    case "conll":
      return readConllRecords(
        rows,
        textFiles(upload, /\.(conll|conllu?|bio|iob|iob2|tsv|txt)$/i, rows, "CoNLL file"),
      );
    case "transcripts-csv":
      return readTranscriptRecords("csv", rows, textFiles(upload, /\.csv$/i, rows, "transcripts .csv file"));
    case "transcripts-jsonl":
      return readTranscriptRecords(
        "jsonl",
        rows,
        textFiles(upload, /\.jsonl$/i, rows, "transcripts .jsonl file"),
      );
    case "table-csv":
      return readTablePairs(upload, rows, target);
  }
}

export type { DatasetFiles };
