// Pascal VOC XML (http://host.robots.ox.ac.uk/pascal/VOC/): one annotation file per image with its
// file name, size and one <object> per box (name, pose, truncated, difficult, bndbox).
//
// Pixel convention: LabelArena writes a box's edges as they are — xmin = x, ymin = y, xmax = x + w,
// ymax = y + h, rounded to 2 decimals — and reads them back the same way. It does NOT apply the
// historic VOC devkit's +1 (1-based, inclusive pixel indices); tools that do (some Matlab-era
// converters) will see boxes one pixel off.
//
// Polygons have no VOC form. `toVoc` leaves them out and says how many it left out, unless asked
// (`polygonsAsBoxes`) to write each polygon's bounding box as an object instead.
//
// Reading uses a small, strict reader for the VOC subset — elements, attributes, text, comments and
// the XML declaration — which refuses DOCTYPE and entity declarations (XXE), CDATA, unknown entity
// references and anything longer than VOC_MAX_BYTES.
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import { boxProblem, type DatasetImage, type FormatProblem, type ReadResult, ringBounds } from "./dataset.ts";
import type { ImageRecord, Upload } from "./import-kit.ts";

/** The largest annotation file read (real ones are a few kilobytes). */
export const VOC_MAX_BYTES = 2_000_000;

const r2 = (n: number) => Math.round(n * 100) / 100;

/** XML text or attribute value with &, <, >, " and ' escaped. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface VocOptions {
  /** Write each polygon's bounding box as an object (otherwise polygons are left out). */
  polygonsAsBoxes?: boolean;
}

export interface VocFile {
  xml: string;
  /** How many polygons were left out (always 0 with polygonsAsBoxes). */
  leftOut: number;
}

/** One image's annotation XML: its boxes, then (if asked) its polygons' bounding boxes. */
export function toVoc(img: DatasetImage, options: VocOptions = {}): VocFile {
  const objects: { label: string; x: number; y: number; w: number; h: number }[] = [...img.boxes];
  if (options.polygonsAsBoxes)
    for (const p of img.polygons) {
      const [x, y, w, h] = ringBounds(p.points);
      objects.push({ label: p.label, x, y, w, h });
    }
  const slash = img.file.lastIndexOf("/");
  const lines = [
    "<annotation>",
    `\t<folder>${escapeXml(slash >= 0 ? img.file.slice(0, slash) : "")}</folder>`,
    `\t<filename>${escapeXml(img.file)}</filename>`,
    "\t<source>",
    "\t\t<database>LabelArena</database>",
    "\t</source>",
    "\t<size>",
    `\t\t<width>${img.width}</width>`,
    `\t\t<height>${img.height}</height>`,
    "\t\t<depth>3</depth>",
    "\t</size>",
    "\t<segmented>0</segmented>",
  ];
  for (const o of objects)
    lines.push(
      "\t<object>",
      `\t\t<name>${escapeXml(o.label)}</name>`,
      "\t\t<pose>Unspecified</pose>",
      "\t\t<truncated>0</truncated>",
      "\t\t<difficult>0</difficult>",
      "\t\t<bndbox>",
      `\t\t\t<xmin>${r2(o.x)}</xmin>`,
      `\t\t\t<ymin>${r2(o.y)}</ymin>`,
      `\t\t\t<xmax>${r2(o.x + o.w)}</xmax>`,
      `\t\t\t<ymax>${r2(o.y + o.h)}</ymax>`,
      "\t\t</bndbox>",
      "\t</object>",
    );
  lines.push("</annotation>");
  return {
    xml: `${lines.join("\n")}\n`,
    leftOut: options.polygonsAsBoxes ? 0 : img.polygons.length,
  };
}

// --- a strict reader for the VOC subset of XML ----------------------------------------------

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (between its children), entities decoded, not trimmed. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Error("has a & that starts no entity (write &amp;)");
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(ref);
    if (m?.[1]) {
      const code = m[1].startsWith("x") ? Number.parseInt(m[1].slice(1), 16) : Number(m[1]);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff))
        return String.fromCodePoint(code);
    }
    throw new Error(`refers to the entity &${ref}; (only XML's five and character references are read)`);
  });
}

/**
 * Parses the XML subset annotation files use into its root element, or throws an Error whose
 * message says what is wrong. DOCTYPE, entity declarations, CDATA and processing instructions
 * other than the leading declaration are refused.
 */
export function parseXml(text: string, maxBytes = VOC_MAX_BYTES): XmlElement {
  // Characters first (cheap), then the UTF-8 bytes the limit is stated in.
  if (text.length > maxBytes || Buffer.byteLength(text, "utf8") > maxBytes)
    throw new Error(`is larger than ${maxBytes} bytes`);
  const s = text.replace(/^\uFEFF/, "");
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(s.slice(i, i + 10_000))?.[0].length ?? 0;
      i += ws;
      if (s.startsWith("<!--", i)) {
        const end = s.indexOf("-->", i + 4);
        if (end < 0) throw new Error("has a comment that never ends");
        i = end + 3;
      } else return;
    }
  };
  if (s.startsWith("<?xml")) {
    const end = s.indexOf("?>");
    if (end < 0) throw new Error("has an XML declaration that never ends");
    i = end + 2;
  }
  skipMisc();
  const refuse = () => {
    if (s.startsWith("<!DOCTYPE", i) || s.startsWith("<!ENTITY", i))
      throw new Error("has a DOCTYPE or entity declaration, which is refused");
    if (s.startsWith("<![CDATA[", i)) throw new Error("has a CDATA section, which is not read");
    if (s.startsWith("<?", i)) throw new Error("has a processing instruction, which is not read");
    if (s.startsWith("<!", i)) throw new Error("has a markup declaration, which is not read");
  };
  refuse();
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < s.length) {
    if (stack.length === 0 && root) {
      skipMisc();
      if (i < s.length) throw new Error("has content after its root element");
      break;
    }
    const lt = s.indexOf("<", i);
    const top = stack[stack.length - 1];
    if (lt < 0) throw new Error(top ? `ends inside <${top.name}>` : "has text outside its root element");
    if (lt > i) {
      const raw = s.slice(i, lt);
      if (!top) throw new Error("has text outside its root element");
      top.text += decode(raw);
      i = lt;
    }
    if (s.startsWith("<!--", i)) {
      const end = s.indexOf("-->", i + 4);
      if (end < 0) throw new Error("has a comment that never ends");
      i = end + 3;
      continue;
    }
    refuse();
    if (s.startsWith("</", i)) {
      const m = NAME.exec(s.slice(i + 2, i + 2 + 200));
      const name = m?.[0] ?? "";
      const close = s.indexOf(">", i);
      if (!top || top.name !== name || close < 0 || s.slice(i + 2 + name.length, close).trim() !== "")
        throw new Error(`closes </${name}> where <${top?.name ?? "nothing"}> is open`);
      stack.pop();
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1, i + 1 + 200));
    if (!m) throw new Error(`has a < that starts no element (offset ${i})`);
    const el: XmlElement = { name: m[0], attributes: {}, children: [], text: "" };
    i += 1 + m[0].length;
    for (;;) {
      const rest = s.slice(i, i + 10_000);
      const attr = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(rest);
      if (attr?.[1]) {
        el.attributes[attr[1]] = decode(attr[3] ?? attr[4] ?? "");
        i += attr[0].length;
        continue;
      }
      const end = /^\s*(\/?)>/.exec(rest);
      if (!end) throw new Error(`has a malformed start tag <${el.name}>`);
      i += end[0].length;
      if (top) top.children.push(el);
      else if (root) throw new Error("has more than one root element");
      else root = el;
      if (!end[1]) stack.push(el);
      break;
    }
    if (stack.length > 64) throw new Error("nests elements more than 64 deep");
  }
  if (!root) throw new Error("has no root element");
  if (stack.length > 0) throw new Error(`ends inside <${stack[stack.length - 1]?.name}>`);
  return root;
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
const textOf = (el: XmlElement | undefined) => el?.text.trim();

function numberIn(el: XmlElement | undefined, name: string): number | undefined {
  const t = el ? textOf(child(el, name)) : undefined;
  if (t === undefined || t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export interface VocReadOptions {
  /** The labels a name must be one of (a problem otherwise); any non-empty name when absent. */
  labels?: readonly string[];
}

/**
 * Reads one annotation file. `where` names it in problems (e.g. its path in the archive); objects
 * are named by their 1-based position and get ids `o<position>`.
 */
export function fromVoc(xml: string, where: string, options: VocReadOptions = {}): ReadResult<DatasetImage> {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    return { ok: false, problems: [{ where, message: (e as Error).message }] };
  }
  if (root.name !== "annotation")
    return { ok: false, problems: [{ where, message: `has root <${root.name}>, not <annotation>` }] };
  const problems: FormatProblem[] = [];
  const file = textOf(child(root, "filename")) ?? "";
  if (!file) problems.push({ where, message: "has no <filename>" });
  const size = child(root, "size");
  const width = numberIn(size, "width");
  const height = numberIn(size, "height");
  if (width === undefined || height === undefined || width <= 0 || height <= 0) {
    problems.push({ where, message: "has no <size> with a positive <width> and <height>" });
    return { ok: false, problems };
  }
  const img: DatasetImage = { file, width, height, boxes: [], polygons: [] };
  const known = options.labels ? new Set(options.labels) : null;
  root.children
    .filter((c) => c.name === "object")
    .forEach((o, k) => {
      const at = `${where} object ${k + 1}`;
      const name = textOf(child(o, "name")) ?? "";
      if (!name) {
        problems.push({ where: at, message: "has no <name>" });
        return;
      }
      if (known && !known.has(name)) {
        problems.push({ where: at, message: `names ${name}, which is not one of the labels` });
        return;
      }
      const bb = child(o, "bndbox");
      const [xmin, ymin, xmax, ymax] = ["xmin", "ymin", "xmax", "ymax"].map((n) => numberIn(bb, n));
      if (xmin === undefined || ymin === undefined || xmax === undefined || ymax === undefined) {
        problems.push({ where: at, message: "has no <bndbox> with numeric xmin, ymin, xmax and ymax" });
        return;
      }
      if (xmax <= xmin || ymax <= ymin) {
        problems.push({
          where: at,
          message: xmax <= xmin ? "has xmax ≤ xmin" : "has ymax ≤ ymin",
        });
        return;
      }
      const box = { id: `o${k + 1}`, label: name, x: xmin, y: ymin, w: xmax - xmin, h: ymax - ymin };
      const problem = boxProblem(box, img);
      if (problem) {
        problems.push({ where: at, message: `box ${problem}` });
        return;
      }
      img.boxes.push(box);
    });
  return problems.length ? { ok: false, problems } : { ok: true, value: img };
}

// --- reading for a task import (core/formats/import.ts) ---------------------------------------------

/**
 * One record per annotation file: its <filename> found in the upload (beside the XML, or anywhere
 * by base name, e.g. JPEGImages/ next to Annotations/), its stated <size> and its boxes.
 */
export function readVocRecords(
  _upload: Upload,
  rows: DatasetImportRow[],
  files: { path: string; dir: string; text: string }[],
): { images: ImageRecord[]; rows: DatasetImportRow[] } {
  const images: ImageRecord[] = [];
  for (const f of files) {
    const read = fromVoc(f.text, f.path);
    if (!read.ok) {
      rows.push({
        where: f.path,
        outcome: "refused",
        problems: read.problems.map((p) => (p.where === f.path ? p.message : `${p.where}: ${p.message}`)),
      });
      continue;
    }
    const img = read.value;
    images.push({
      where: f.path,
      file: img.file,
      fromDir: f.dir,
      width: img.width,
      height: img.height,
      annotations: img.boxes.map((b, k) => ({
        at: `object ${k + 1}`,
        label: b.label,
        box: { x: b.x, y: b.y, w: b.w, h: b.h },
      })),
      classes: [],
      problems: [],
    });
  }
  return { images, rows };
}
