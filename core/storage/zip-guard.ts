// A look at a ZIP's central directory before anything unpacks it: how many entries, how large they
// say they are unpacked, and whether a name climbs out of its folder. A small upload that would
// unpack to gigabytes (a zip bomb) is refused before a library inflates it.

export interface ZipLimits {
  /** Most entries. */
  maxEntries: number;
  /** Most bytes all entries may declare unpacked. */
  maxUnpackedBytes: number;
  /** Largest unpacked / packed ratio of one entry (real XLSX parts stay far below 200). */
  maxRatio: number;
}

export type ZipProblem =
  | { problem: "not-a-zip" }
  | { problem: "zip64" }
  | { problem: "too-many-entries"; entries: number }
  | { problem: "too-large"; unpackedBytes: number }
  | { problem: "ratio"; entry: string; ratio: number }
  | { problem: "unsafe-name"; entry: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** The problem with the archive, or null when its directory keeps within the limits. */
export function inspectZip(bytes: Uint8Array, limits: ZipLimits): ZipProblem | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65,535 bytes (its comment may be long).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { problem: "not-a-zip" };
  const entries = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return { problem: "zip64" };
  if (entries > limits.maxEntries) return { problem: "too-many-entries", entries };
  if (dirOffset + dirSize > bytes.length) return { problem: "not-a-zip" };
  let at = dirOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return { problem: "not-a-zip" };
    const packed = view.getUint32(at + 20, true);
    const unpacked = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return { problem: "not-a-zip" };
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (packed === 0xffffffff || unpacked === 0xffffffff) return { problem: "zip64" };
    if (name.startsWith("/") || name.includes("\\") || name.split("/").includes(".."))
      return { problem: "unsafe-name", entry: name.slice(0, 200) };
    total += unpacked;
    if (total > limits.maxUnpackedBytes) return { problem: "too-large", unpackedBytes: total };
    const ratio = unpacked / Math.max(packed, 1);
    if (unpacked > 1_000_000 && ratio > limits.maxRatio)
      return { problem: "ratio", entry: name.slice(0, 200), ratio: Math.round(ratio) };
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}
