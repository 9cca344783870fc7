// YOLO txt (Ultralytics / Darknet): one text file per image, one object per line, coordinates
// normalised to the image's size — `class cx cy w h` for a box, `class x1 y1 x2 y2 …` for a polygon
// (the segmentation format) — with the class names in `classes.txt` (one per line, index = class).
// YOLO files carry no image size, so reading needs it from the image itself.

import {
  boxProblem,
  type DatasetImage,
  type FormatProblem,
  polygonInImageProblem,
  type ReadResult,
  withoutRepeats,
} from "./dataset.ts";

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
