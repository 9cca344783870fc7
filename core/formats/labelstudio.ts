// Label Studio's JSON export (a list of tasks, each with `data` and `annotations[].result`). The
// first annotation not cancelled is the truth (`annotations[k].result`); predictions are ignored.
//
// Images: the image is `data.image` (else the first string in `data` that names an image).
// Label Studio serves uploads as "/data/upload/<project>/<8 hex>-<original name>"; the upload is
// searched by the URL's base name, then by that name without Label Studio's "<8 hex>-" prefix,
// then by the task's `file_upload` the same two ways (docs/DATASETS.md). Coordinates are percent
// of `original_width` × `original_height`, which must be the image's real size:
// rectanglelabels (x, y, width, height; a rotated box is a problem) → BOXES, polygonlabels
// (points) → POLYGONS, keypointlabels (x, y) → POINTS, choices → IMAGE_CLASSIFICATION.
// Texts: `data.text`; labels (start, end, text) → TEXT_SPANS, choices → TEXT_CLASSIFICATION.
// Label Studio counts text offsets in UTF-16 units (JavaScript strings); they become code points,
// and a result's `text` must be what its offsets cover.
// A result of a type the task does not hold (a choices beside the boxes) is a "skipped" row.
import type { TaskKind } from "../../protocol/annotations.ts";
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import { codePoints, type ImageAnnotation, type ImageRecord, type TextRecord } from "./import-kit.ts";
import type { ImportTarget } from "./import-types.ts";

const WANTS: Record<TaskKind, string> = {
  BOXES: "rectanglelabels",
  POLYGONS: "polygonlabels",
  POINTS: "keypointlabels",
  KEYPOINTS: "",
  IMAGE_CLASSIFICATION: "choices",
  TEXT_SPANS: "labels",
  TEXT_CLASSIFICATION: "choices",
  TRANSCRIPTION: "",
  TABLE: "",
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** The candidates an image URL may name in the upload, in the order they are tried. */
export function labelStudioNames(url: string, fileUpload?: string): string[] {
  const names: string[] = [];
  for (const u of [url, fileUpload]) {
    if (!u) continue;
    let base = u.split(/[?#]/)[0] ?? "";
    try {
      base = decodeURIComponent(base);
    } catch {}
    base = base.slice(base.lastIndexOf("/") + 1);
    if (!base) continue;
    names.push(base);
    const bare = base.replace(/^[0-9a-f]{8}-/i, "");
    if (bare !== base) names.push(bare);
  }
  return names;
}

export function readLabelStudioRecords(
  target: ImportTarget,
  rows: DatasetImportRow[],
  files: { path: string; dir: string; text: string }[],
  find: (name: string, dir: string) => boolean,
): { images?: ImageRecord[]; texts?: TextRecord[]; rows: DatasetImportRow[] } {
  const images: ImageRecord[] = [];
  const texts: TextRecord[] = [];
  const isText = target.kind === "TEXT_SPANS" || target.kind === "TEXT_CLASSIFICATION";
  const want = WANTS[target.kind];
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(f.text);
    } catch (e) {
      rows.push({ where: f.path, outcome: "refused", problems: [`is not JSON: ${(e as Error).message}`] });
      continue;
    }
    const tasks = Array.isArray(json) ? json : [json];
    tasks.forEach((task, t) => {
      const where = `${f.path} › [${t}]${isObj(task) && task.id !== undefined ? ` task ${String(task.id)}` : ""}`;
      if (!isObj(task) || !isObj(task.data)) {
        rows.push({ where, outcome: "refused", problems: ["is not a Label Studio task (no data)"] });
        return;
      }
      const problems: string[] = [];
      const annotations = Array.isArray(task.annotations) ? task.annotations.filter(isObj) : [];
      const k = annotations.findIndex((a) => a.was_cancelled !== true);
      const ann = annotations[k];
      if (!ann) problems.push("has no annotation that was not cancelled");
      const result = ann && Array.isArray(ann.result) ? ann.result.filter(isObj) : [];
      if (ann && !Array.isArray(ann.result)) problems.push(`annotations[${k}] has no result list`);
      const data = task.data;
      const skip = (r: Json, i: number) =>
        rows.push({
          where: `${where} › result[${i}]`,
          outcome: "skipped",
          problems: [`is ${String(r.type)}, which a ${target.kind} task does not hold`],
        });
      if (isText) {
        const text = typeof data.text === "string" ? data.text : "";
        if (typeof data.text !== "string") problems.push("has no data.text");
        const rec: TextRecord = {
          where,
          name: task.id === undefined ? where : String(task.id),
          text,
          spans: [],
          classes: [],
          problems,
        };
        result.forEach((r, i) => {
          const at = `result[${i}]`;
          const v = isObj(r.value) ? r.value : {};
          if (r.type !== want) {
            skip(r, i);
            return;
          }
          const names = (want === "labels" ? v.labels : v.choices) as unknown;
          if (!Array.isArray(names) || !names.every((n) => typeof n === "string") || names.length === 0) {
            problems.push(`${at}: has no ${want} list`);
            return;
          }
          if (want === "choices") {
            for (const n of names) rec.classes.push({ at, label: n });
            return;
          }
          if (!num(v.start) || !num(v.end)) {
            problems.push(`${at}: has no numeric start and end`);
            return;
          }
          if (names.length > 1) problems.push(`${at}: has ${names.length} labels; a span has one`);
          if (
            /[\uD800-\uDBFF]$/.test(text.slice(0, v.start)) ||
            /[\uD800-\uDBFF]$/.test(text.slice(0, v.end))
          ) {
            problems.push(`${at}: starts or ends inside a character (between the halves of a UTF-16 pair)`);
            return;
          }
          // UTF-16 offsets (Label Studio's) become code points; the text must match.
          const start = codePoints(text.slice(0, v.start));
          const end = codePoints(text.slice(0, v.end));
          if (typeof v.text === "string" && text.slice(v.start, v.end) !== v.text) {
            problems.push(`${at}: covers "${text.slice(v.start, v.end)}" but says "${v.text}"`);
            return;
          }
          rec.spans.push({ at, start, end, label: names[0] as string });
        });
        texts.push(rec);
        return;
      }
      const url =
        typeof data.image === "string"
          ? data.image
          : (Object.values(data).find((v) => typeof v === "string" && /\.(png|jpe?g|webp)(\?|$)/i.test(v)) as
              | string
              | undefined);
      if (!url) problems.push("has no data.image");
      const candidates = labelStudioNames(
        url ?? "",
        typeof task.file_upload === "string" ? task.file_upload : undefined,
      );
      const file = candidates.find((c) => find(c, f.dir)) ?? candidates[0] ?? "";
      const rec: ImageRecord = {
        where,
        file,
        fromDir: f.dir,
        annotations: [],
        classes: [],
        problems,
        normalized: true,
      };
      result.forEach((r, i) => {
        const at = `result[${i}]`;
        if (r.type !== want) {
          skip(r, i);
          return;
        }
        const v = isObj(r.value) ? r.value : {};
        if (num(r.original_width) && num(r.original_height)) {
          if (rec.width === undefined) {
            rec.width = r.original_width;
            rec.height = r.original_height;
          } else if (rec.width !== r.original_width || rec.height !== r.original_height)
            problems.push(`${at}: states a size other than the task's other results`);
        }
        const names = v[want] as unknown;
        if (!Array.isArray(names) || !names.every((n) => typeof n === "string") || names.length === 0) {
          problems.push(`${at}: has no ${want} list`);
          return;
        }
        if (want === "choices") {
          for (const n of names) rec.classes.push({ at, label: n });
          return;
        }
        const a: ImageAnnotation = { at, label: names[0] as string };
        if (names.length > 1) a.problem = `has ${names.length} labels; a shape has one`;
        if (want === "rectanglelabels") {
          if (!num(v.x) || !num(v.y) || !num(v.width) || !num(v.height))
            a.problem = "has no numeric x, y, width and height";
          else if (num(v.rotation) && v.rotation !== 0)
            a.problem = `is rotated ${v.rotation}°; boxes are upright`;
          else a.box = { x: v.x / 100, y: v.y / 100, w: v.width / 100, h: v.height / 100 };
        } else if (want === "polygonlabels") {
          const pts = v.points;
          if (
            !Array.isArray(pts) ||
            !pts.every((p) => Array.isArray(p) && p.length === 2 && num(p[0]) && num(p[1]))
          )
            a.problem = "has no points list of [x, y]";
          else a.polygon = (pts as [number, number][]).map(([x, y]) => [x / 100, y / 100]);
        } else if (want === "keypointlabels") {
          if (!num(v.x) || !num(v.y)) a.problem = "has no numeric x and y";
          else a.point = { x: v.x / 100, y: v.y / 100 };
        }
        rec.annotations.push(a);
      });
      images.push(rec);
    });
  }
  return isText ? { texts, rows } : { images, rows };
}

/** Items as a Label Studio export (the reverse of the reader, for round trips and exports). */
export function toLabelStudio(
  tasks: {
    image?: string;
    width?: number;
    height?: number;
    text?: string;
    boxes?: { label: string; x: number; y: number; w: number; h: number }[];
    polygons?: { label: string; points: [number, number][] }[];
    points?: { label: string; x: number; y: number }[];
    spans?: { label: string; start: number; end: number }[];
    choices?: string[];
  }[],
): object[] {
  return tasks.map((t, i) => {
    const W = t.width ?? 1;
    const H = t.height ?? 1;
    const size = { original_width: t.width, original_height: t.height, image_rotation: 0 };
    const result: object[] = [];
    const id = () => `r${result.length + 1}`;
    for (const b of t.boxes ?? [])
      result.push({
        id: id(),
        type: "rectanglelabels",
        from_name: "label",
        to_name: "image",
        ...size,
        value: {
          x: (b.x / W) * 100,
          y: (b.y / H) * 100,
          width: (b.w / W) * 100,
          height: (b.h / H) * 100,
          rotation: 0,
          rectanglelabels: [b.label],
        },
      });
    for (const p of t.polygons ?? [])
      result.push({
        id: id(),
        type: "polygonlabels",
        from_name: "label",
        to_name: "image",
        ...size,
        value: { points: p.points.map(([x, y]) => [(x / W) * 100, (y / H) * 100]), polygonlabels: [p.label] },
      });
    for (const p of t.points ?? [])
      result.push({
        id: id(),
        type: "keypointlabels",
        from_name: "kp",
        to_name: "image",
        ...size,
        value: { x: (p.x / W) * 100, y: (p.y / H) * 100, width: 0.5, keypointlabels: [p.label] },
      });
    const chars = Array.from(t.text ?? "");
    const units = (cp: number) => chars.slice(0, cp).join("").length;
    for (const s of t.spans ?? [])
      result.push({
        id: id(),
        type: "labels",
        from_name: "label",
        to_name: "text",
        value: {
          start: units(s.start),
          end: units(s.end),
          text: chars.slice(s.start, s.end).join(""),
          labels: [s.label],
        },
      });
    if (t.choices?.length)
      result.push({
        id: id(),
        type: "choices",
        from_name: "choice",
        to_name: t.text !== undefined ? "text" : "image",
        value: { choices: t.choices },
      });
    return {
      id: i + 1,
      data: t.text !== undefined ? { text: t.text } : { image: `/data/upload/1/${t.image}` },
      annotations: [{ id: i + 1, was_cancelled: false, result }],
    };
  });
}
