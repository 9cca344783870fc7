// What every dataset reader shares (docs/DATASETS.md): finding a referenced file in the upload,
// decoding text strictly, mapping dataset label names to the task's labels, and turning a neutral
// record (an image with its annotations, a text with its spans, a clip with its transcript) into an
// item with its truth, checked as the save check and the scorer would check it. Nothing here
// throws on bad content: every problem is a string on its record's row.
import path from "node:path/posix";
import {
  type KeypointTuple,
  MAX_BOXES_PER_ITEM,
  MAX_INSTANCES_PER_ITEM,
  MAX_POINTS_PER_ITEM,
  MAX_POLYGON_VERTICES,
  MAX_POLYGONS_PER_ITEM,
  MAX_SPANS_PER_ITEM,
  MAX_TRANSCRIPT_CHARS,
  type TaskKind,
  taskAnswerSchemas,
} from "../../protocol/annotations.ts";
import { type DatasetImportRow, type LabelDef, MAX_MEDIA_BYTES } from "../../protocol/authoring.ts";
import {
  boxProblem,
  type DatasetImage,
  EDGE_TOLERANCE,
  polygonInImageProblem,
  withoutRepeats,
} from "./dataset.ts";
import type { DatasetFiles, ImportedItem, ImportTarget } from "./import-types.ts";
import { AUDIO_MEDIA_TYPES, IMAGE_MEDIA_TYPES, imageSize, mediaTypeOf, wavDurationMs } from "./media.ts";

/** File names the readers treat as media (an unreferenced one is a "skipped" row). */
export const MEDIA_EXTENSIONS = /\.(png|jpe?g|webp|gif|bmp|tiff?|svg|wav|mp3|ogg|oga|flac|m4a)$/i;

/** Text of a file as UTF-8, strictly: bad bytes, NUL and lone surrogates are problems. */
export function decodeText(bytes: Uint8Array): { text: string } | { problem: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problem: "is not valid UTF-8 text" };
  }
  const problem = textProblem(text);
  return problem ? { problem } : { text: text.replace(/^\uFEFF/, "") };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be an item's text or a label (NUL, a lone surrogate), or null. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(text)) return "contains a lone surrogate (not valid Unicode)";
  return null;
}

/** The upload: finds files by the names annotation files give them, and remembers which were used. */
export class Upload {
  readonly used = new Set<string>();
  private readonly byBase = new Map<string, string[]>();
  constructor(readonly files: DatasetFiles) {
    for (const p of files.keys()) {
      const base = path.basename(p).toLowerCase();
      this.byBase.set(base, [...(this.byBase.get(base) ?? []), p]);
    }
  }

  /** Paths whose name matches `test`, in upload order. */
  paths(test: RegExp): string[] {
    return [...this.files.keys()].filter((p) => test.test(p) && !isJunk(p));
  }

  /**
   * The uploaded path a reference means: the exact path, the path relative to the annotation
   * file's folder, a path that ends with it, then a unique base name (case-insensitive).
   */
  find(ref: string, fromDir = ""): { path: string } | { problem: string } {
    const clean = ref.replace(/\\/g, "/").replace(/^\.\//, "");
    if (!clean) return { problem: "names no file" };
    const candidates = [clean, path.normalize(path.join(fromDir, clean))];
    for (const c of candidates) if (this.files.has(c)) return { path: c };
    const tail = [...this.files.keys()].filter((p) => p.endsWith(`/${clean}`));
    if (tail.length === 1 && tail[0]) return { path: tail[0] };
    const base = this.byBase.get(path.basename(clean).toLowerCase()) ?? [];
    if (base.length === 1 && base[0]) return { path: base[0] };
    // A name without an extension (Label Studio's "/data/upload/1/img") names a file by its stem.
    if (base.length === 0 && !/\.[^./]+$/.test(clean)) {
      const stem = path.basename(clean).toLowerCase();
      const stems = [...this.files.keys()].filter(
        (p) =>
          path
            .basename(p)
            .toLowerCase()
            .replace(/\.[^.]+$/, "") === stem && MEDIA_EXTENSIONS.test(p),
      );
      if (stems.length === 1 && stems[0]) return { path: stems[0] };
    }
    if (base.length > 1 || tail.length > 1)
      return {
        problem: `names ${clean}, which matches several files (${[...new Set([...tail, ...base])].slice(0, 3).join(", ")})`,
      };
    return { problem: `names the file ${clean}, which is not in the upload` };
  }

  bytes(p: string): Uint8Array {
    this.used.add(p);
    return this.files.get(p) ?? new Uint8Array();
  }

  text(p: string): { text: string } | { problem: string } {
    return decodeText(this.bytes(p));
  }

  /** Rows for the files nothing read: media referenced by no record, and anything else left over. */
  leftOver(format: string): DatasetImportRow[] {
    return [...this.files.keys()]
      .filter((p) => !this.used.has(p) && !isJunk(p))
      .map((p) => ({
        where: p,
        outcome: "skipped" as const,
        problems: [
          MEDIA_EXTENSIONS.test(p)
            ? "is referenced by no annotation, so it is not imported"
            : `is not a file the ${format} format reads`,
        ],
      }));
  }
}

/** Files archivers add that are never data (macOS resource forks, Finder and Explorer files). */
function isJunk(p: string): boolean {
  return (
    p.startsWith("__MACOSX/") || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(p) || p.endsWith("/")
  );
}

// --- labels ---------------------------------------------------------------------------------------

/** The most labels a task has (protocol/authoring.ts taskInputSchema). */
const MAX_LABELS = 100;

const PALETTE = ["#e4572e", "#2e86ab", "#3bb273", "#f6ae2d", "#7768ae", "#d7263d", "#1b998b", "#f46036"];

/** Maps a dataset's label names (or ids) to the task's label ids, adding labels if the target says so. */
export class LabelMap {
  readonly added: LabelDef[] = [];
  private readonly byName = new Map<string, string>();
  private readonly ids = new Set<string>();
  constructor(private readonly target: ImportTarget) {
    for (const l of target.labels) this.ids.add(l.id);
    for (const l of target.labels) this.byName.set(l.name, l.id);
    for (const l of target.labels) if (!this.byName.has(l.id)) this.byName.set(l.id, l.id);
    // A name that differs only in case or surrounding space still names the label.
    for (const l of target.labels) {
      const loose = l.name.trim().toLowerCase();
      if (!this.byName.has(loose)) this.byName.set(loose, l.id);
    }
  }

  /** The label id a dataset's name means, or a problem naming it. */
  id(name: string): { id: string } | { problem: string } {
    const found = this.byName.get(name) ?? this.byName.get(name.trim().toLowerCase());
    if (found) return { id: found };
    const bad = textProblem(name);
    if (bad || !name.trim()) return { problem: `has a label name that ${bad ?? "is empty"}` };
    if (!this.target.addLabels)
      return {
        problem: `names the label "${name}", which the task does not have (add it, or import with addLabels)`,
      };
    if (this.target.labels.length + this.added.length >= MAX_LABELS)
      return {
        problem: `names the label "${name}", but the task already has ${MAX_LABELS} labels, the most it may have`,
      };
    if (name.trim().length > 60)
      return { problem: `names the label "${name.slice(0, 60)}…", longer than 60 characters` };
    const slug = name.trim().replace(/\s+/g, "_");
    let id = /^[A-Za-z0-9_-]{1,40}$/.test(slug) && !this.ids.has(slug) ? slug : "";
    for (let n = this.ids.size + 1; !id; n++) if (!this.ids.has(`label-${n}`)) id = `label-${n}`;
    const def: LabelDef = {
      id,
      name: name.trim(),
      color: PALETTE[(this.target.labels.length + this.added.length) % PALETTE.length] ?? "#888888",
    };
    this.ids.add(id);
    this.byName.set(name, id);
    this.byName.set(name.trim().toLowerCase(), id);
    this.added.push(def);
    return { id };
  }
}

// --- settings ---------------------------------------------------------------------------------------

export interface SkeletonDef {
  keypoints: { id: string; name: string }[];
}

export const skeletonOf = (target: ImportTarget): SkeletonDef | undefined => {
  const s = target.settings.skeleton as SkeletonDef | undefined;
  return s && Array.isArray(s.keypoints) ? s : undefined;
};

/** The most shapes one item may hold: the task's maxShapes, else the protocol's limit for the kind. */
export function maxShapesOf(target: ImportTarget): number {
  const own = target.settings.maxShapes;
  const limit: Partial<Record<TaskKind, number>> = {
    BOXES: MAX_BOXES_PER_ITEM,
    POLYGONS: MAX_POLYGONS_PER_ITEM,
    POINTS: MAX_POINTS_PER_ITEM,
    KEYPOINTS: MAX_INSTANCES_PER_ITEM,
    TEXT_SPANS: MAX_SPANS_PER_ITEM,
  };
  const protocol = limit[target.kind] ?? Number.POSITIVE_INFINITY;
  return typeof own === "number" ? Math.min(own, protocol) : protocol;
}

// --- records --------------------------------------------------------------------------------------

/** One annotation of an image, in pixels (or normalised 0–1 when its record says so), label by name. */
export interface ImageAnnotation {
  /** Where it is in its file, e.g. "annotations[3] (id 7)", "box 2", "line 4". */
  at: string;
  label: string;
  box?: { x: number; y: number; w: number; h: number };
  polygon?: [number, number][];
  point?: { x: number; y: number };
  /** In the order of the task's skeleton; [0, 0, 0] for a keypoint not labelled. */
  keypoints?: KeypointTuple[];
  /** COCO's instance area (keypoint similarity scales by it). */
  area?: number;
  /** Why the reader could not take it (a run-length mask, a shape of no kind). */
  problem?: string;
  /** Why one part cannot be taken (a COCO run-length mask beside a usable bbox): a problem only
   * for a task that needs that part. */
  partProblem?: Partial<Record<"box" | "polygon" | "point" | "keypoints", string>>;
}

/** One image of a dataset: what the annotation file says of it. */
export interface ImageRecord {
  where: string;
  /** The image file as the annotation names it. */
  file: string;
  /** The folder of the annotation file, for relative names. */
  fromDir?: string;
  /** The size the annotation states; undefined when it states none (YOLO). */
  width?: number;
  height?: number;
  annotations: ImageAnnotation[];
  /** Image classification labels. */
  classes: { at: string; label: string }[];
  /** Problems found while reading the record itself. */
  problems: string[];
  /** Annotations given in 0–1 of the image's size (YOLO, Label Studio percentages / 100). */
  normalized?: boolean;
}

export interface Collector {
  items: ImportedItem[];
  rows: DatasetImportRow[];
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** Checks the record's image and annotations and adds its item or its refusal. */
export async function finishImage(
  rec: ImageRecord,
  target: ImportTarget,
  upload: Upload,
  labels: LabelMap,
  out: Collector,
): Promise<void> {
  const problems = [...rec.problems];
  const found = upload.find(rec.file, rec.fromDir);
  let media: ImportedItem["media"];
  let size: { width: number; height: number } | undefined;
  if ("problem" in found) problems.push(`the image ${found.problem}`);
  else {
    const bytes = upload.bytes(found.path);
    const type = mediaTypeOf(bytes);
    if (bytes.length > MAX_MEDIA_BYTES)
      problems.push(`the image ${found.path} is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB`);
    else if (!type || !(IMAGE_MEDIA_TYPES as readonly string[]).includes(type))
      problems.push(`${found.path} is not a PNG, JPEG or WebP image`);
    else {
      const real = await imageSize(bytes);
      if (!real) problems.push(`${found.path} cannot be read as an image`);
      else if (
        rec.width !== undefined &&
        rec.height !== undefined &&
        (rec.width !== real.width || rec.height !== real.height)
      )
        problems.push(
          `the annotation states ${rec.width}×${rec.height} but ${found.path} is ${real.width}×${real.height}`,
        );
      else {
        size = real;
        media = { bytes, type };
      }
    }
  }
  const skipped: DatasetImportRow[] = [];
  const truth = size ? imageTruth(rec, size, target, labels, problems, skipped) : undefined;
  out.rows.push(...skipped);
  if (problems.length || !size || !truth) {
    out.rows.push({ where: rec.where, outcome: "refused", problems });
    return;
  }
  out.items.push({
    sourceName: "path" in found ? found.path : rec.file,
    payload: { width: size.width, height: size.height },
    truth,
    media,
  });
  out.rows.push({ where: rec.where, outcome: "imported", problems: [] });
}

const SHAPE_NAME: Record<string, string> = {
  box: "a box",
  polygon: "a polygon",
  point: "a point",
  keypoints: "a skeleton",
};

function imageTruth(
  rec: ImageRecord,
  size: { width: number; height: number },
  target: ImportTarget,
  labels: LabelMap,
  problems: string[],
  skipped: DatasetImportRow[],
): object | undefined {
  const img: DatasetImage = {
    file: rec.file,
    width: size.width,
    height: size.height,
    boxes: [],
    polygons: [],
  };
  const sx = rec.normalized ? size.width : 1;
  const sy = rec.normalized ? size.height : 1;
  const kind = target.kind;
  const want = { BOXES: "box", POLYGONS: "polygon", POINTS: "point", KEYPOINTS: "keypoints" }[kind as string];
  const shapes: object[] = [];
  const skeleton = skeletonOf(target);
  const maxVertices = Math.min(
    typeof target.settings.maxVertices === "number" ? target.settings.maxVertices : MAX_POLYGON_VERTICES,
    MAX_POLYGON_VERTICES,
  );
  for (const a of rec.annotations) {
    const at = a.at;
    if (a.problem) {
      problems.push(`${at}: ${a.problem}`);
      continue;
    }
    if (kind === "IMAGE_CLASSIFICATION") {
      problems.push(`${at}: is a shape, which an image classification task does not hold`);
      continue;
    }
    const partProblem = want ? a.partProblem?.[want as "box"] : undefined;
    if (partProblem) {
      problems.push(`${at}: ${partProblem}`);
      continue;
    }
    const has = a.box ? "box" : a.polygon ? "polygon" : a.point ? "point" : a.keypoints ? "keypoints" : "";
    // A COCO annotation has a bbox beside its polygon or keypoints: take the part the kind needs.
    const fits =
      (want === "box" && a.box) ||
      (want === "polygon" && a.polygon) ||
      (want === "point" && a.point) ||
      (want === "keypoints" && a.keypoints);
    if (!fits) {
      problems.push(
        `${at}: is ${SHAPE_NAME[has] ?? "no shape"}, which a ${kind} task does not hold (it needs ${SHAPE_NAME[want ?? ""] ?? "labels"})`,
      );
      continue;
    }
    const label = labels.id(a.label);
    if ("problem" in label) {
      problems.push(`${at}: ${label.problem}`);
      continue;
    }
    const id = `${want === "keypoints" ? "k" : (want ?? "s")[0]}${shapes.length + 1}`;
    if (want === "box" && a.box) {
      const b = { x: r2(a.box.x * sx), y: r2(a.box.y * sy), w: r2(a.box.w * sx), h: r2(a.box.h * sy) };
      const problem = boxProblem(b, img) ?? (b.w < 1 || b.h < 1 ? "is less than 1 pixel wide or high" : null);
      if (problem) problems.push(`${at}: box ${problem}`);
      else shapes.push({ id, label: label.id, ...clampBox(b, img) });
    } else if (want === "polygon" && a.polygon) {
      const points = withoutRepeats(a.polygon.map(([x, y]) => [r2(x * sx), r2(y * sy)]));
      const problem =
        points.length > maxVertices
          ? `has ${points.length} vertices, more than the task's ${maxVertices}`
          : polygonInImageProblem(points, img);
      if (problem) problems.push(`${at}: polygon ${problem}`);
      else shapes.push({ id, label: label.id, points: points.map((p) => clampPoint(p, img)) });
    } else if (want === "point" && a.point) {
      const p: [number, number] = [r2(a.point.x * sx), r2(a.point.y * sy)];
      if (outside(p, img)) problems.push(`${at}: point lies outside the image (${img.width}×${img.height})`);
      else {
        const [x, y] = clampPoint(p, img);
        shapes.push({ id, label: label.id, x, y });
      }
    } else if (want === "keypoints" && a.keypoints) {
      const kps = a.keypoints.map(
        ([x, y, v]): KeypointTuple => (v === 0 ? [0, 0, 0] : [r2(x * sx), r2(y * sy), v]),
      );
      if (skeleton && kps.length !== skeleton.keypoints.length) {
        problems.push(
          `${at}: has ${kps.length} keypoints but the task's skeleton has ${skeleton.keypoints.length}`,
        );
        continue;
      }
      const bad = kps.findIndex(([x, y]) => outside([x, y], img));
      if (bad >= 0) {
        problems.push(`${at}: keypoint ${bad + 1} lies outside the image (${img.width}×${img.height})`);
        continue;
      }
      if (kps.every((k) => k[2] === 0)) {
        // COCO keypoint files hold such instances (num_keypoints 0); its evaluation ignores them.
        skipped.push({
          where: `${rec.where} › ${at}`,
          outcome: "skipped",
          problems: ["has no labelled keypoint, so there is nothing to score it by"],
        });
        continue;
      }
      const inst: Record<string, unknown> = {
        id,
        label: label.id,
        keypoints: kps.map(([x, y, v]) => [...clampPoint([x, y], img), v]),
      };
      if (a.area && a.area > 0) inst.area = a.area;
      shapes.push(inst);
    }
  }
  const max = maxShapesOf(target);
  if (shapes.length > max)
    problems.push(`has ${shapes.length} shapes, more than the ${max} an item may hold`);
  let truth: object;
  if (kind === "IMAGE_CLASSIFICATION") {
    const ids: string[] = [];
    for (const c of rec.classes) {
      const l = labels.id(c.label);
      if ("problem" in l) problems.push(`${c.at}: ${l.problem}`);
      else if (!ids.includes(l.id)) ids.push(l.id);
    }
    if (ids.length === 0 && rec.classes.length === 0) problems.push("has no label");
    if (ids.length > 1 && target.settings.multiLabel !== true)
      problems.push(`has ${ids.length} labels but the task takes one (it is not multi-label)`);
    truth = { labels: ids };
  } else if (rec.classes.length > 0) {
    problems.push(
      `has image labels (${rec.classes.map((c) => c.label).join(", ")}), which a ${kind} task does not hold`,
    );
    return undefined;
  } else {
    const field = { BOXES: "boxes", POLYGONS: "polygons", POINTS: "points", KEYPOINTS: "instances" }[
      kind as string
    ];
    if (!field) {
      problems.push(`is an image, which a ${kind} task does not hold`);
      return undefined;
    }
    truth = { [field]: shapes };
  }
  if (problems.length) return undefined;
  return schemaChecked(kind, truth, problems);
}

/** The truth as the scorer will parse it (keypoint areas aside), or undefined with the reason. */
export function schemaChecked(kind: TaskKind, truth: object, problems: string[]): object | undefined {
  const doc =
    kind === "KEYPOINTS"
      ? {
          instances: (truth as { instances: Record<string, unknown>[] }).instances.map(
            ({ area: _a, ...r }) => r,
          ),
        }
      : truth;
  const parsed = taskAnswerSchemas[kind].safeParse(doc);
  if (parsed.success) return truth;
  const issue = parsed.error.issues[0];
  problems.push(
    `is not a valid ${kind} truth: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
  );
  return undefined;
}

const outside = ([x, y]: readonly [number, number], img: { width: number; height: number }) =>
  x < -EDGE_TOLERANCE ||
  y < -EDGE_TOLERANCE ||
  x > img.width + EDGE_TOLERANCE ||
  y > img.height + EDGE_TOLERANCE;

/** A point within the tolerance outside its image, moved onto the edge. */
const clampPoint = (
  [x, y]: readonly [number, number],
  img: { width: number; height: number },
): [number, number] => [Math.min(Math.max(x, 0), img.width), Math.min(Math.max(y, 0), img.height)];

function clampBox(b: { x: number; y: number; w: number; h: number }, img: { width: number; height: number }) {
  const [x, y] = clampPoint([b.x, b.y], img);
  const [x2, y2] = clampPoint([b.x + b.w, b.y + b.h], img);
  return { x, y, w: r2(x2 - x), h: r2(y2 - y) };
}

// --- text -------------------------------------------------------------------------------------------

export interface TextRecord {
  where: string;
  /** The record's own id or name, for duplicates and the item's source name. */
  name: string;
  text: string;
  /** [start, end) in Unicode code points (the protocol's span offsets). */
  spans: { at: string; start: number; end: number; label: string }[];
  classes: { at: string; label: string }[];
  problems: string[];
}

/** The number of code points in a string (the protocol's span unit). */
export const codePoints = (s: string) => Array.from(s).length;

/** Checks a text record and adds its item or its refusal. */
export function finishText(rec: TextRecord, target: ImportTarget, labels: LabelMap, out: Collector): void {
  const problems = [...rec.problems];
  const bad = textProblem(rec.text);
  if (bad) problems.push(`its text ${bad}`);
  if (!rec.text.trim()) problems.push("has no text");
  let truth: object | undefined;
  if (target.kind === "TEXT_SPANS") {
    if (rec.classes.length)
      problems.push(
        `has a text label (${rec.classes[0]?.label}), which a span task does not hold; give spans`,
      );
    const length = codePoints(rec.text);
    const spans: { id: string; start: number; end: number; label: string }[] = [];
    for (const s of rec.spans) {
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start) {
        problems.push(`${s.at}: span [${s.start}, ${s.end}) is not a range (0 ≤ start < end, whole numbers)`);
        continue;
      }
      if (s.end > length) {
        problems.push(`${s.at}: span [${s.start}, ${s.end}) runs past the text's ${length} characters`);
        continue;
      }
      const label = labels.id(s.label);
      if ("problem" in label) {
        problems.push(`${s.at}: ${label.problem}`);
        continue;
      }
      spans.push({ id: `s${spans.length + 1}`, start: s.start, end: s.end, label: label.id });
    }
    if (target.settings.allowOverlap !== true) {
      const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1];
        const b = sorted[i];
        if (a && b && b.start < a.end)
          problems.push(
            `spans [${a.start}, ${a.end}) and [${b.start}, ${b.end}) overlap, which the task does not allow`,
          );
      }
    }
    const max = maxShapesOf(target);
    if (spans.length > max) problems.push(`has ${spans.length} spans, more than the ${max} an item may hold`);
    truth = { spans };
  } else if (target.kind === "TEXT_CLASSIFICATION") {
    if (rec.spans.length) problems.push("has spans, which a text classification task does not hold");
    const ids: string[] = [];
    for (const c of rec.classes) {
      const l = labels.id(c.label);
      if ("problem" in l) problems.push(`${c.at}: ${l.problem}`);
      else if (!ids.includes(l.id)) ids.push(l.id);
    }
    if (rec.classes.length === 0) problems.push("has no label");
    if (ids.length > 1 && target.settings.multiLabel !== true)
      problems.push(`has ${ids.length} labels but the task takes one (it is not multi-label)`);
    truth = { labels: ids };
  } else problems.push(`is a text, which a ${target.kind} task does not hold`);
  if (!problems.length && truth) truth = schemaChecked(target.kind, truth, problems);
  if (problems.length || !truth) {
    out.rows.push({ where: rec.where, outcome: "refused", problems });
    return;
  }
  out.items.push({ sourceName: rec.name, payload: { text: rec.text }, truth });
  out.rows.push({ where: rec.where, outcome: "imported", problems: [] });
}

/** Problems for names that repeat among records (ids, files), naming each repeat. */
export function repeats<T extends { where: string; problems: string[] }>(
  records: readonly T[],
  keyOf: (r: T) => string | undefined,
  what: string,
): void {
  const first = new Map<string, string>();
  for (const r of records) {
    const key = keyOf(r);
    if (key === undefined || key === "") continue;
    const before = first.get(key);
    if (before !== undefined) r.problems.push(`repeats the ${what} ${key} (first at ${before})`);
    else first.set(key, r.where);
  }
}

// --- audio --------------------------------------------------------------------------------------------

export interface ClipRecord {
  where: string;
  file: string;
  fromDir?: string;
  transcript: string;
  durationMs?: number;
  problems: string[];
}

/** Checks a transcript record and its audio, and adds its item or its refusal. */
export function finishClip(rec: ClipRecord, target: ImportTarget, upload: Upload, out: Collector): void {
  const problems = [...rec.problems];
  if (target.kind !== "TRANSCRIPTION")
    problems.push(`is a transcript, which a ${target.kind} task does not hold`);
  const bad = textProblem(rec.transcript);
  if (bad) problems.push(`its transcript ${bad}`);
  if ([...rec.transcript].length > MAX_TRANSCRIPT_CHARS)
    problems.push(`its transcript is longer than ${MAX_TRANSCRIPT_CHARS} characters`);
  if (!rec.transcript.trim()) problems.push("has an empty transcript");
  const found = upload.find(rec.file, rec.fromDir);
  let media: ImportedItem["media"];
  let durationMs = rec.durationMs;
  if ("problem" in found) problems.push(`the audio ${found.problem}`);
  else {
    const bytes = upload.bytes(found.path);
    const type = mediaTypeOf(bytes);
    if (bytes.length > MAX_MEDIA_BYTES)
      problems.push(`the audio ${found.path} is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB`);
    else if (!type || !(AUDIO_MEDIA_TYPES as readonly string[]).includes(type))
      problems.push(`${found.path} is not a WAV, MP3 or Ogg audio file`);
    else {
      media = { bytes, type };
      if (durationMs === undefined) {
        const fromHeader = type === "audio/wav" ? wavDurationMs(bytes) : null;
        if (fromHeader === null)
          problems.push(
            `${found.path}: give its durationMs (a length is read from WAV headers only, and this one has none)`,
          );
        else durationMs = fromHeader;
      }
    }
  }
  if (durationMs !== undefined && (!Number.isInteger(durationMs) || durationMs <= 0))
    problems.push(`its durationMs ${durationMs} is not a positive whole number`);
  if (problems.length || !media || durationMs === undefined) {
    out.rows.push({ where: rec.where, outcome: "refused", problems });
    return;
  }
  out.items.push({
    sourceName: "path" in found ? found.path : rec.file,
    payload: { durationMs },
    truth: { text: rec.transcript },
    media,
  });
  out.rows.push({ where: rec.where, outcome: "imported", problems: [] });
}
