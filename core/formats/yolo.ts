// YOLO txt (Ultralytics / Darknet): one text file per image, one object per line, coordinates
// normalised to the image's size — `class cx cy w h` for a box, `class x1 y1 x2 y2 …` for a polygon
// (the segmentation format) — with the class names in `classes.txt` (one per line, index = class).
// YOLO files carry no image size, so reading needs it from the image itself.
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import {
  boxProblem,
  type DatasetImage,
  type FormatProblem,
  polygonInImageProblem,
  type ReadResult,
  withoutRepeats,
} from "./dataset.ts";
import type { ImageRecord, Upload } from "./import-kit.ts";

const f6 = (n: number) => {
  const s = n.toFixed(6);
  return s === "-0.000000" ? "0.000000" : s;
};

/** The classes.txt of a dataset's labels. */
export function yoloClasses(labels: readonly string[]): string {
  return `${labels.join("\n")}\n`;
}

/** One image's label file: boxes then polygons, coordinates normalised to 6 decimals. */
export function toYolo(img: DatasetImage, labels: readonly string[]): string {
  const index = new Map(labels.map((l, i) => [l, i]));
  const classOf = (label: string) => {
    const i = index.get(label);
    if (i === undefined) throw new Error(`label ${label} is not among the dataset's labels`);
    return i;
  };
  const lines: string[] = [];
  for (const b of img.boxes)
    lines.push(
      [
        classOf(b.label),
        f6((b.x + b.w / 2) / img.width),
        f6((b.y + b.h / 2) / img.height),
        f6(b.w / img.width),
        f6(b.h / img.height),
      ].join(" "),
    );
  for (const p of img.polygons)
    lines.push(
      [classOf(p.label), ...p.points.flatMap(([x, y]) => [f6(x / img.width), f6(y / img.height)])].join(" "),
    );
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Reads classes.txt: one name per non-empty line; duplicates are a problem. */
export function readYoloClasses(text: string, where = "classes.txt"): ReadResult<string[]> {
  const names = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const problems: FormatProblem[] = [];
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) problems.push({ where: `${where}:${i + 1}`, message: `repeats the class ${n}` });
    seen.add(n);
  });
  if (names.length === 0) problems.push({ where, message: "names no class" });
  return problems.length ? { ok: false, problems } : { ok: true, value: names };
}

/**
 * Reads one image's label file. `image` gives the file name and the size (read from the image);
 * shapes get ids `l<line>`.
 */
export function fromYolo(
  text: string,
  labels: readonly string[],
  image: { file: string; width: number; height: number },
  where = image.file,
): ReadResult<DatasetImage> {
  const img: DatasetImage = { ...image, boxes: [], polygons: [] };
  const problems: FormatProblem[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = `${where}:${i + 1}`;
    const fields = line.split(/\s+/);
    const values = fields.map(Number);
    if (!values.every(Number.isFinite)) {
      problems.push({ where: at, message: "has a field that is not a number" });
      continue;
    }
    const cls = values[0] as number;
    const label = Number.isInteger(cls) ? labels[cls] : undefined;
    if (label === undefined) {
      problems.push({
        where: at,
        message: `names class ${fields[0]}, which classes.txt does not have`,
      });
      continue;
    }
    const coords = values.slice(1);
    if (coords.some((v) => v < 0 || v > 1)) {
      problems.push({
        where: at,
        message: "has a coordinate outside 0–1 (YOLO coordinates are normalised)",
      });
      continue;
    }
    if (coords.length === 4) {
      const [cx, cy, w, h] = coords as [number, number, number, number];
      const box = {
        id: `l${i + 1}`,
        label,
        x: (cx - w / 2) * img.width,
        y: (cy - h / 2) * img.height,
        w: w * img.width,
        h: h * img.height,
      };
      const problem = boxProblem(box, img);
      if (problem) {
        problems.push({ where: at, message: `box ${problem}` });
        continue;
      }
      img.boxes.push(box);
      continue;
    }
    if (coords.length >= 6 && coords.length % 2 === 0) {
      const points: [number, number][] = [];
      for (let k = 0; k < coords.length; k += 2)
        points.push([(coords[k] as number) * img.width, (coords[k + 1] as number) * img.height]);
      const ring = withoutRepeats(points);
      const problem = polygonInImageProblem(ring, img);
      if (problem) {
        problems.push({ where: at, message: `polygon ${problem}` });
        continue;
      }
      img.polygons.push({ id: `l${i + 1}`, label, points: ring });
      continue;
    }
    problems.push({
      where: at,
      message: `has ${fields.length} fields: a box has 5 (class cx cy w h), a polygon 7 or more (class x1 y1 x2 y2 x3 y3 …)`,
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: img };
}

// --- reading for a task import (core/formats/import.ts) ---------------------------------------------

const IMAGE_FILE = /\.(png|jpe?g|webp|gif|bmp|tiff?|svg)$/i;

/** Class names from an Ultralytics data.yaml: `names: [a, b]`, `names:\n  0: a` or `names:\n  - a`. */
export function readDataYamlNames(text: string, where = "data.yaml"): ReadResult<string[]> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const at = lines.findIndex((l) => /^names\s*:/.test(l));
  if (at < 0) return { ok: false, problems: [{ where, message: "has no names: list" }] };
  const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, "$2");
  const inline = (lines[at] ?? "")
    .replace(/^names\s*:/, "")
    .replace(/#.*$/, "")
    .trim();
  let names: string[] = [];
  if (inline.startsWith("[")) {
    if (!inline.endsWith("]"))
      return { ok: false, problems: [{ where, message: "has a names: list that never ends" }] };
    names = inline.slice(1, -1).split(",").map(unquote).filter(Boolean);
  } else if (inline) return { ok: false, problems: [{ where, message: "has names: that is not a list" }] };
  else {
    const byIndex: string[] = [];
    for (const raw of lines.slice(at + 1)) {
      if (!raw.trim() || raw.trim().startsWith("#")) continue;
      if (!/^\s/.test(raw)) break;
      const dash = /^\s+-\s*(.+)$/.exec(raw);
      const pair = /^\s+(\d+)\s*:\s*(.+)$/.exec(raw);
      if (dash?.[1]) byIndex.push(unquote(dash[1]));
      else if (pair?.[1] && pair[2]) byIndex[Number(pair[1])] = unquote(pair[2].replace(/\s+#.*$/, ""));
      else return { ok: false, problems: [{ where, message: `cannot read the names line "${raw.trim()}"` }] };
    }
    names = byIndex;
    if (names.some((n) => n === undefined))
      return { ok: false, problems: [{ where, message: "numbers its names with a gap" }] };
  }
  return readYoloClasses(names.join("\n"), where);
}

/**
 * YOLO: the class names from classes.txt (or obj.names), else data.yaml; each image's labels from
 * the .txt of the same stem, beside it or in the labels/ folder that mirrors its images/ folder.
 * An image with no label file has no objects (YOLO's own convention); a label file with no image
 * is a problem.
 */
export function readYoloRecords(
  upload: Upload,
  rows: DatasetImportRow[],
): { images: ImageRecord[]; rows: DatasetImportRow[] } {
  const images: ImageRecord[] = [];
  const classFile = upload.paths(/(^|\/)(classes\.txt|obj\.names)$/i)[0];
  const yamlFile = upload.paths(/(^|\/)[^/]*\.ya?ml$/i)[0];
  let labels: string[] | undefined;
  const source = classFile ?? yamlFile;
  if (!source) {
    rows.push({
      where: "upload",
      outcome: "refused",
      problems: ["holds no classes.txt or data.yaml naming the classes"],
    });
    return { images, rows };
  }
  const text = upload.text(source);
  if ("problem" in text) rows.push({ where: source, outcome: "refused", problems: [text.problem] });
  else {
    const read =
      source === classFile ? readYoloClasses(text.text, source) : readDataYamlNames(text.text, source);
    if (read.ok) labels = read.value;
    else
      rows.push({
        where: source,
        outcome: "refused",
        problems: read.problems.map((p) => `${p.where}: ${p.message}`),
      });
  }
  if (!labels) return { images, rows };
  const labelFiles = upload.paths(/\.txt$/i).filter((p) => p !== classFile);
  const stemOf = (p: string) => p.replace(/\.[^./]+$/, "");
  const labelKey = (p: string) => stemOf(p).replace(/(^|\/)labels\//, "$1images/");
  const byKey = new Map(labelFiles.map((p) => [labelKey(p), p]));
  const paired = new Set<string>();
  for (const img of upload.paths(IMAGE_FILE)) {
    const key = stemOf(img);
    const labelPath = byKey.get(key);
    const rec: ImageRecord = {
      where: img,
      file: img,
      annotations: [],
      classes: [],
      problems: [],
      normalized: true,
    };
    images.push(rec);
    if (!labelPath) continue;
    paired.add(labelPath);
    rec.where = `${img} + ${labelPath}`;
    const t = upload.text(labelPath);
    if ("problem" in t) {
      rec.problems.push(`${labelPath} ${t.problem}`);
      continue;
    }
    // Read in 0–1 (a unit image); the import scales by the image's real size and checks again.
    const read = fromYolo(t.text, labels, { file: img, width: 1, height: 1 }, labelPath);
    if (!read.ok) {
      rec.problems.push(...read.problems.map((p) => `${p.where}: ${p.message}`));
      continue;
    }
    for (const b of read.value.boxes)
      rec.annotations.push({
        at: `${labelPath}:${b.id.slice(1)}`,
        label: b.label,
        box: { x: b.x, y: b.y, w: b.w, h: b.h },
      });
    for (const p of read.value.polygons)
      rec.annotations.push({ at: `${labelPath}:${p.id.slice(1)}`, label: p.label, polygon: p.points });
  }
  for (const p of labelFiles)
    if (!paired.has(p)) {
      upload.used.add(p);
      rows.push({
        where: p,
        outcome: "refused",
        problems: ["is a label file whose image is not in the upload"],
      });
    }
  return { images, rows };
}
