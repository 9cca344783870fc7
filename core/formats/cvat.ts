// CVAT for images 1.1 XML (annotations.xml): <image name width height> elements holding
// <box label xtl ytl xbr ybr>, <polygon points="x,y;x,y;…">, <points points="…"> (each point a
// POINTS shape), <skeleton label> with one <points label> child per keypoint (→ KEYPOINTS) and
// <tag label> (→ IMAGE_CLASSIFICATION). Read with the strict XML reader of voc.ts (no DOCTYPE).
//
// Occlusion and outside: a shape with outside="1" is not in the image and is left out; a
// skeleton's keypoint with outside="1" (or missing) is "not labelled" [0, 0, 0]; occluded="1" on a
// keypoint makes it visibility 1 (labelled, not visible), otherwise 2. Occluded boxes, polygons and
// points are kept as they are (the truth holds every object, seen or not). A rotated box
// (rotation ≠ 0) is a problem. Shapes of a kind the task does not hold (polylines, cuboids,
// ellipses, masks, or boxes in a polygon task) are "skipped" rows, so one CVAT file can feed
// several tasks.
import type { KeypointTuple, TaskKind } from "../../protocol/annotations.ts";
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import type { ImageAnnotation, ImageRecord } from "./import-kit.ts";
import { skeletonOf } from "./import-kit.ts";
import type { ImportTarget } from "./import-types.ts";
import { escapeXml, parseXml, type XmlElement } from "./voc.ts";

/** The largest annotations.xml read: a whole task's (2,000 images with their shapes). */
export const CVAT_MAX_BYTES = 64 * 1024 * 1024;

const HOLDS: Record<TaskKind, string[]> = {
  BOXES: ["box"],
  POLYGONS: ["polygon"],
  POINTS: ["points"],
  KEYPOINTS: ["skeleton"],
  IMAGE_CLASSIFICATION: ["tag"],
  TEXT_SPANS: [],
  TEXT_CLASSIFICATION: [],
  TRANSCRIPTION: [],
  TABLE: [],
};

function pointList(raw: string | undefined): [number, number][] | null {
  if (!raw) return null;
  const out: [number, number][] = [];
  for (const pair of raw.split(";")) {
    const [x, y, ...rest] = pair.split(",").map((v) => Number(v.trim()));
    if (rest.length || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    out.push([x as number, y as number]);
  }
  return out;
}

const numAttr = (el: XmlElement, name: string) => {
  const v = el.attributes[name];
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export function readCvatRecords(
  target: ImportTarget,
  rows: DatasetImportRow[],
  files: { path: string; dir: string; text: string }[],
): { images: ImageRecord[]; rows: DatasetImportRow[] } {
  const images: ImageRecord[] = [];
  const holds = HOLDS[target.kind];
  const skeleton = skeletonOf(target);
  for (const f of files) {
    let root: XmlElement;
    try {
      root = parseXml(f.text, CVAT_MAX_BYTES);
    } catch (e) {
      rows.push({ where: f.path, outcome: "refused", problems: [(e as Error).message] });
      continue;
    }
    if (root.name !== "annotations") {
      rows.push({
        where: f.path,
        outcome: "refused",
        problems: [`has root <${root.name}>, not <annotations> (CVAT for images)`],
      });
      continue;
    }
    const imgs = root.children.filter((c) => c.name === "image");
    if (imgs.length === 0 && root.children.some((c) => c.name === "track"))
      rows.push({
        where: f.path,
        outcome: "refused",
        problems: ["is CVAT for video (tracks); export CVAT for images"],
      });
    for (const im of imgs) {
      const name = im.attributes.name ?? "";
      const where = `${f.path} › ${name || `image id ${im.attributes.id ?? "?"}`}`;
      const problems: string[] = [];
      const width = numAttr(im, "width");
      const height = numAttr(im, "height");
      if (!name) problems.push("has no name");
      if (!width || !height || width <= 0 || height <= 0) problems.push("has no positive width and height");
      const rec: ImageRecord = {
        where,
        file: name,
        fromDir: f.dir,
        width,
        height,
        annotations: [],
        classes: [],
        problems,
      };
      const count = new Map<string, number>();
      for (const el of im.children) {
        const n = (count.get(el.name) ?? 0) + 1;
        count.set(el.name, n);
        const at = `${el.name} ${n}`;
        const label = el.attributes.label ?? "";
        if (!holds.includes(el.name)) {
          rows.push({
            where: `${where} › ${at}`,
            outcome: "skipped",
            problems: [`is a ${el.name}, which a ${target.kind} task does not hold`],
          });
          continue;
        }
        if (el.attributes.outside === "1") {
          rows.push({
            where: `${where} › ${at}`,
            outcome: "skipped",
            problems: ["is outside the image (outside=1)"],
          });
          continue;
        }
        const a: ImageAnnotation = { at, label };
        if (el.name === "tag") {
          rec.classes.push({ at, label });
          continue;
        }
        if (el.name === "box") {
          const [xtl, ytl, xbr, ybr] = ["xtl", "ytl", "xbr", "ybr"].map((k) => numAttr(el, k));
          if (xtl === undefined || ytl === undefined || xbr === undefined || ybr === undefined)
            a.problem = "has no numeric xtl, ytl, xbr and ybr";
          else if ((numAttr(el, "rotation") ?? 0) !== 0)
            a.problem = `is rotated ${el.attributes.rotation}°; boxes are upright`;
          else if (xbr <= xtl || ybr <= ytl) a.problem = xbr <= xtl ? "has xbr ≤ xtl" : "has ybr ≤ ytl";
          else a.box = { x: xtl, y: ytl, w: xbr - xtl, h: ybr - ytl };
          rec.annotations.push(a);
        } else if (el.name === "polygon") {
          const pts = pointList(el.attributes.points);
          if (!pts) a.problem = 'has points that are not "x,y;x,y;…"';
          else a.polygon = pts;
          rec.annotations.push(a);
        } else if (el.name === "points") {
          const pts = pointList(el.attributes.points);
          if (!pts) rec.annotations.push({ ...a, problem: 'has points that are not "x,y;x,y;…"' });
          else
            for (const [k, [x, y]] of pts.entries())
              rec.annotations.push({ at: pts.length > 1 ? `${at}.${k + 1}` : at, label, point: { x, y } });
        } else if (el.name === "skeleton") {
          const children = el.children.filter((c) => c.name === "points");
          const order =
            skeleton?.keypoints ??
            children.map((c) => ({ id: c.attributes.label ?? "", name: c.attributes.label ?? "" }));
          const known = new Set(order.flatMap((k) => [k.id, k.name]));
          const stray = children.map((c) => c.attributes.label ?? "").filter((l) => !known.has(l));
          if (stray.length) {
            a.problem = `has keypoints named ${stray.join(", ")}, which the task's skeleton does not have`;
            rec.annotations.push(a);
            continue;
          }
          const kps: KeypointTuple[] = [];
          for (const k of order) {
            const c = children.find((ch) => ch.attributes.label === k.name || ch.attributes.label === k.id);
            const p = c ? pointList(c.attributes.points) : null;
            if (c && !p) a.problem = `keypoint ${k.name} has points that are not "x,y"`;
            if (!c || !p || c.attributes.outside === "1") kps.push([0, 0, 0]);
            else kps.push([p[0]?.[0] ?? 0, p[0]?.[1] ?? 0, c.attributes.occluded === "1" ? 1 : 2]);
          }
          a.keypoints = kps;
          rec.annotations.push(a);
        }
      }
      images.push(rec);
    }
  }
  return { images, rows };
}

const f2 = (n: number) => String(Math.round(n * 100) / 100);

/** Images with their shapes as CVAT for images 1.1 XML (the reverse of the reader). */
export function toCvat(
  images: {
    file: string;
    width: number;
    height: number;
    boxes?: { label: string; x: number; y: number; w: number; h: number }[];
    polygons?: { label: string; points: [number, number][] }[];
    points?: { label: string; x: number; y: number }[];
    skeletons?: { label: string; keypoints: KeypointTuple[] }[];
    tags?: string[];
  }[],
  keypointNames: readonly string[] = [],
): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', "<annotations>", "  <version>1.1</version>"];
  images.forEach((im, i) => {
    lines.push(`  <image id="${i}" name="${escapeXml(im.file)}" width="${im.width}" height="${im.height}">`);
    for (const b of im.boxes ?? [])
      lines.push(
        `    <box label="${escapeXml(b.label)}" occluded="0" xtl="${f2(b.x)}" ytl="${f2(b.y)}" xbr="${f2(b.x + b.w)}" ybr="${f2(b.y + b.h)}"/>`,
      );
    for (const p of im.polygons ?? [])
      lines.push(
        `    <polygon label="${escapeXml(p.label)}" occluded="0" points="${p.points.map(([x, y]) => `${f2(x)},${f2(y)}`).join(";")}"/>`,
      );
    for (const p of im.points ?? [])
      lines.push(`    <points label="${escapeXml(p.label)}" occluded="0" points="${f2(p.x)},${f2(p.y)}"/>`);
    for (const s of im.skeletons ?? []) {
      lines.push(`    <skeleton label="${escapeXml(s.label)}" occluded="0">`);
      for (const [k, [x, y, v]] of s.keypoints.entries())
        lines.push(
          `      <points label="${escapeXml(keypointNames[k] ?? String(k + 1))}" occluded="${v === 1 ? 1 : 0}" outside="${v === 0 ? 1 : 0}" points="${f2(x)},${f2(y)}"/>`,
        );
      lines.push("    </skeleton>");
    }
    for (const t of im.tags ?? []) lines.push(`    <tag label="${escapeXml(t)}"/>`);
    lines.push("  </image>");
  });
  lines.push("</annotations>", "");
  return lines.join("\n");
}
