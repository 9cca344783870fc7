// The media an item may hold, told by its bytes: pixels (PNG, JPEG, WebP) and sound (WAV, MP3,
// Ogg), never markup. An SVG is markup, and a synthetic image's markup draws its truth shapes
// exactly (issue 11), so it is never stored or served, whatever a name or a row says; neither is
// anything else a browser could read as a document (HTML, XML, PDF). The serving rule
// (servableMedia, re-exported by server/exams/media-type.ts) and the import rule (mediaTypeOf)
// are the same table.
import sharp from "sharp";

const HEADS: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
  "audio/wav": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE",
  "audio/mpeg": (b) => ascii(b, 0, 3) === "ID3" || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  "audio/ogg": (b) => ascii(b, 0, 4) === "OggS",
};

export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export const AUDIO_MEDIA_TYPES = ["audio/wav", "audio/mpeg", "audio/ogg"] as const;

/** How many leading bytes servableMedia needs to see. */
export const MEDIA_HEAD_BYTES = 12;

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < Math.min(to, b.length); i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** The type to serve an item's media as, or null when it must not be served: see above. */
export function servableMedia(storedType: string, head: Uint8Array): string | null {
  const type = (storedType.split(";")[0] ?? "").trim().toLowerCase();
  const looksRight = Object.hasOwn(HEADS, type) ? HEADS[type] : undefined;
  return looksRight?.(head) ? type : null;
}

/** The media type the bytes are (by their magic bytes), or null for anything else. */
export function mediaTypeOf(bytes: Uint8Array): string | null {
  for (const [type, looks] of Object.entries(HEADS)) if (looks(bytes)) return type;
  return null;
}

/** An image's pixel size as its header states it (sharp), or null when it cannot be read. */
export async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number } | null> {
  try {
    const m = await sharp(bytes).metadata();
    return m.width && m.height ? { width: m.width, height: m.height } : null;
  } catch {
    return null;
  }
}

/** A WAV file's length in milliseconds from its fmt and data chunks, or null when unreadable. */
export function wavDurationMs(bytes: Uint8Array): number | null {
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== "RIFF" || ascii(bytes, 8, 12) !== "WAVE") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, at + 4);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt " && at + 16 <= bytes.length) byteRate = view.getUint32(at + 8 + 8, true);
    if (id === "data") {
      if (byteRate <= 0) return null;
      const available = Math.min(size, bytes.length - at - 8);
      return Math.round((available / byteRate) * 1000);
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
