// The media types an item may be served as: pixels and sound. An SVG is markup, and a synthetic
// image's markup draws its truth shapes exactly (issue 11), so it is never served, whatever a row
// says; neither is anything else a browser could read as a document (HTML, XML, PDF). A row must
// also hold what its type says: a PNG label on SVG text is refused as well.

const HEADS: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
  "audio/wav": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE",
  "audio/mpeg": (b) => ascii(b, 0, 3) === "ID3" || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  "audio/ogg": (b) => ascii(b, 0, 4) === "OggS",
};

/** How many leading bytes servableMedia needs to see. */
export const MEDIA_HEAD_BYTES = 12;

function ascii(b: Buffer, from: number, to: number): string {
  return b.subarray(from, to).toString("latin1");
}

/** The type to serve an item's media as, or null when it must not be served: see above. */
export function servableMedia(storedType: string, head: Buffer): string | null {
  const type = (storedType.split(";")[0] ?? "").trim().toLowerCase();
  const looksRight = Object.hasOwn(HEADS, type) ? HEADS[type] : undefined;
  return looksRight?.(head) ? type : null;
}
