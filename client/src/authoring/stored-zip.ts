// A ZIP archive built in the browser from several chosen files, so a dataset of images and
// annotation files uploads as one body: entries "stored" (no compression: images are compressed
// already), names in UTF-8 (general-purpose flag bit 11), CRC-32 computed here. No ZIP64: the upload
// limit (200 MB) is far below 4 GB and 65,535 entries.

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const UTF8 = 0x0800;

let table: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of the bytes, as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface StoredEntry {
  name: string;
  bytes: Uint8Array;
}

/** Why a set of entries cannot be zipped (an unsafe or repeated name, too many), or null. */
export function zipProblem(entries: readonly StoredEntry[]): string | null {
  if (entries.length === 0) return "no files";
  if (entries.length > 0xfffe) return "too many files";
  const names = new Set<string>();
  for (const e of entries) {
    if (!e.name || e.name.startsWith("/") || e.name.includes("\\") || e.name.split("/").includes(".."))
      return `unsafe file name ${e.name}`;
    if (names.has(e.name)) return `two files are named ${e.name}`;
    names.add(e.name);
  }
  return null;
}

/** A ZIP of the entries, each stored, in the order given; throws on what zipProblem() names. */
export function storedZip(entries: readonly StoredEntry[], modified: Date = new Date()): Uint8Array {
  const problem = zipProblem(entries);
  if (problem) throw new Error(problem);
  const year = Math.max(1980, modified.getFullYear());
  const time =
    (modified.getHours() << 11) | (modified.getMinutes() << 5) | Math.floor(modified.getSeconds() / 2);
  const date = ((year - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
  const encoder = new TextEncoder();
  const named = entries.map((e) => ({ name: encoder.encode(e.name), bytes: e.bytes, crc: crc32(e.bytes) }));
  const localSize = named.reduce((s, e) => s + 30 + e.name.length + e.bytes.length, 0);
  const centralSize = named.reduce((s, e) => s + 46 + e.name.length, 0);
  if (localSize + centralSize > 0xfffffffe) throw new Error("archive too large for a ZIP without ZIP64");
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const e of named) {
    offsets.push(p);
    view.setUint32(p, LOCAL, true);
    view.setUint16(p + 4, 10, true); // version needed: 1.0 (stored)
    view.setUint16(p + 6, UTF8, true);
    view.setUint16(p + 8, 0, true); // method: stored
    view.setUint16(p + 10, time, true);
    view.setUint16(p + 12, date, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.bytes.length, true);
    view.setUint32(p + 22, e.bytes.length, true);
    view.setUint16(p + 26, e.name.length, true);
    view.setUint16(p + 28, 0, true);
    out.set(e.name, p + 30);
    out.set(e.bytes, p + 30 + e.name.length);
    p += 30 + e.name.length + e.bytes.length;
  }
  const dirStart = p;
  named.forEach((e, i) => {
    view.setUint32(p, CENTRAL, true);
    view.setUint16(p + 4, 20, true); // made by: MS-DOS, 2.0
    view.setUint16(p + 6, 10, true);
    view.setUint16(p + 8, UTF8, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, time, true);
    view.setUint16(p + 14, date, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.bytes.length, true);
    view.setUint32(p + 24, e.bytes.length, true);
    view.setUint16(p + 28, e.name.length, true);
    // extra, comment, disk, internal and external attributes: 0
    view.setUint32(p + 42, offsets[i] as number, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, EOCD, true);
  view.setUint16(p + 8, named.length, true);
  view.setUint16(p + 10, named.length, true);
  view.setUint32(p + 12, p - dirStart, true);
  view.setUint32(p + 16, dirStart, true);
  return out;
}
