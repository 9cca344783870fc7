// What an evidence file is, judged by its bytes (never by its name or the client's Content-Type):
// PDF, PNG or JPEG, whole; anything else, or a file whose name claims another of the three, is refused.
import type { EvidenceMediaType } from "../../protocol/index.ts";

export type Sniffed = { ok: true; mediaType: EvidenceMediaType } | { ok: false; problem: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IEND chunk a whole PNG ends with: length 0, "IEND", its CRC. */
const PNG_IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const TAIL = 1024;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number): string =>
  Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, Math.min(to, b.length) - from)).toString("latin1");

function sniffPdf(b: Uint8Array): Sniffed {
  const tail = ascii(b, Math.max(0, b.length - TAIL), b.length);
  if (!tail.includes("%%EOF"))
    return {
      ok: false,
      problem: "The file starts like a PDF but does not end like one: it looks truncated.",
    };
  return { ok: true, mediaType: "application/pdf" };
}

function sniffPng(b: Uint8Array): Sniffed {
  // The first chunk must be IHDR, 13 bytes long.
  const ihdr = b.length >= 33 && startsWith(b, [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 8);
  if (!ihdr) return { ok: false, problem: "The file starts like a PNG image but has no image header." };
  if (!startsWith(b, PNG_IEND, b.length - PNG_IEND.length))
    return { ok: false, problem: "The PNG image does not end where a PNG ends: it looks truncated." };
  return { ok: true, mediaType: "image/png" };
}

function sniffJpeg(b: Uint8Array): Sniffed {
  if (b.length < 4 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9)
    return { ok: false, problem: "The JPEG image does not end where a JPEG ends: it looks truncated." };
  return { ok: true, mediaType: "image/jpeg" };
}

/** Control bytes other than tab, line feeds and form feed: not text. */
function hasBinaryBytes(b: Uint8Array): boolean {
  return b.some((v) => v < 0x09 || (v > 0x0d && v < 0x20));
}

/** What a refused file looks like, for the message: people upload phone photos and web pages. */
function describeOther(b: Uint8Array): string {
  if (b.length === 0) return "The file is empty.";
  const head = ascii(b, 0, 512);
  const text = head
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|head|body|script|svg|iframe)\b/.test(text) || text.startsWith("<?xml"))
    return "The file is an HTML, SVG or XML document, not a PDF, JPEG or PNG.";
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a"))
    return "The file is a GIF image: send a PDF, JPEG or PNG.";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP")
    return "The file is a WebP image: send a PDF, JPEG or PNG.";
  if (head.slice(4, 8) === "ftyp" && /^(heic|heix|mif1|msf1|hevc)/.test(head.slice(8, 12)))
    return "The file is a HEIC photo: save it as JPEG and send that.";
  if (head.startsWith("PK\x03\x04"))
    return "The file is a ZIP archive or an Office document: save it as PDF.";
  if (head.startsWith("MZ") || head.startsWith("\x7fELF")) return "The file is a program, not a document.";
  if (head.startsWith("II*\0") || head.startsWith("MM\0*"))
    return "The file is a TIFF image: send a PDF, JPEG or PNG.";
  if (!hasBinaryBytes(b.subarray(0, 512))) return "The file is plain text, not a PDF, JPEG or PNG.";
  return "The file is not a PDF, JPEG or PNG.";
}

/** The file's type from its content, or why it is refused. */
export function sniffEvidence(bytes: Uint8Array): Sniffed {
  if (ascii(bytes, 0, 5) === "%PDF-") return sniffPdf(bytes);
  if (startsWith(bytes, PNG_SIGNATURE)) return sniffPng(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return sniffJpeg(bytes);
  return { ok: false, problem: describeOther(bytes) };
}

const TYPE_OF_EXTENSION: Record<string, EvidenceMediaType> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  jfif: "image/jpeg",
};

export const EXTENSION_OF_TYPE: Record<EvidenceMediaType, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
};

/** The extension of a file name (lower case, without the dot), or null when it has none. */
export function extensionOf(name: string): string | null {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? (m[1] as string).toLowerCase() : null;
}

/** The type a name's extension claims: one of the three, "other" (e.g. .html), or null (none). */
export function claimedType(name: string): EvidenceMediaType | "other" | null {
  const ext = extensionOf(name);
  if (ext === null) return null;
  return TYPE_OF_EXTENSION[ext] ?? "other";
}

export type EvidenceCheck =
  | { ok: true; mediaType: EvidenceMediaType; fileName: string }
  | { ok: false; problem: string; detected: EvidenceMediaType | null };

/**
 * Checks a file against its name: the content must be one of the three types and the name must not
 * claim a different one. A name without an extension gets the detected type's.
 */
export function checkEvidenceFile(name: string, bytes: Uint8Array): EvidenceCheck {
  const sniffed = sniffEvidence(bytes);
  const claimed = claimedType(name);
  if (!sniffed.ok) {
    // A name that claims an accepted type over content that is something else is a disguise.
    const problem =
      claimed !== null && claimed !== "other" && bytes.length > 0 && !isTruncation(sniffed.problem, claimed)
        ? `The file's content is not what its name says. ${sniffed.problem}`
        : sniffed.problem;
    return { ok: false, problem, detected: null };
  }
  if (claimed === "other")
    return {
      ok: false,
      problem: `The file's content is not what its name says: its name ends in .${extensionOf(name)}, its content is ${sniffed.mediaType}.`,
      detected: sniffed.mediaType,
    };
  if (claimed !== null && claimed !== sniffed.mediaType)
    return {
      ok: false,
      problem: `The file's content is not what its name says: its name claims ${claimed}, its content is ${sniffed.mediaType}.`,
      detected: sniffed.mediaType,
    };
  const fileName = claimed === null ? `${name}.${EXTENSION_OF_TYPE[sniffed.mediaType]}` : name;
  return { ok: true, mediaType: sniffed.mediaType, fileName };
}

/** A truncated file of the claimed type is not a disguise: say only that it is truncated. */
function isTruncation(problem: string, claimed: EvidenceMediaType): boolean {
  const kind = { "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG" }[claimed];
  return problem.includes(kind) && /truncated|header/.test(problem);
}

// Bidirectional overrides and other invisible format characters let "gpj.exe" read as "exe.jpg".
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/gu;

/**
 * A file name safe to store and to send back: NFC, no control or format characters, no path, no
 * characters that Windows refuses, at most 120 characters with its extension kept.
 */
export function sanitizeFileName(name: string): string {
  let s = name.normalize("NFC").replace(INVISIBLE, "");
  s = s.split(/[/\\]/).pop() ?? "";
  s = s
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  if (!s) s = "evidence";
  const chars = Array.from(s);
  if (chars.length > 120) {
    const ext = extensionOf(s);
    const keep = ext ? `.${ext}` : "";
    s = chars.slice(0, 120 - keep.length).join("") + keep;
  }
  return s;
}

/** `attachment` with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
