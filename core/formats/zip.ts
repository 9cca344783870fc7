// A small ZIP writer for multi-file exports (YOLO label files, VOC annotation files) and the reader
// its tests use: deflated entries, CRC-32 from node:zlib, names in UTF-8 (general-purpose flag bit
// 11). No ZIP64: an export stays far below 4 GB and 65,535 entries, and writing more throws.
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  body: Buffer | string;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const UTF8 = 0x0800;
const DEFLATE = 8;

/** MS-DOS time and date of a moment (UTC; ZIP stores no zone), from 1980 on. */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** A ZIP archive of the entries, each deflated, in the order given. */
export function zip(entries: readonly ZipEntry[], modified: Date = new Date()): Buffer {
  if (entries.length > 0xfffe) throw new Error("too many entries for a ZIP without ZIP64");
  const { time, date } = dosTime(modified);
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const e of entries) {
    if (!e.name || e.name.startsWith("/") || e.name.split("/").includes(".."))
      throw new Error(`unsafe entry name ${e.name}`);
    if (names.has(e.name)) throw new Error(`repeated entry name ${e.name}`);
    names.add(e.name);
    const body = typeof e.body === "string" ? Buffer.from(e.body, "utf8") : e.body;
    const data = deflateRawSync(body);
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(body) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8, 8);
    central.writeUInt16LE(DEFLATE, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
    if (offset > 0xfffffffe) throw new Error("archive too large for a ZIP without ZIP64");
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/**
 * Reads the entries of a ZIP this writer made (stored or deflated, no ZIP64), checking each CRC.
 * For tests and scripts that read an export back; uploads go through core/storage/zip-guard.ts.
 */
export function unzip(bytes: Buffer): { name: string; body: Buffer }[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--)
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new Error("not a ZIP: no end of central directory");
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const out: { name: string; body: Buffer }[] = [];
  for (let k = 0; k < count; k++) {
    if (bytes.readUInt32LE(p) !== CENTRAL) throw new Error(`central directory entry ${k + 1} is broken`);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const packed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    if (bytes.readUInt32LE(local) !== LOCAL) throw new Error(`${name}: local header is broken`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + packed);
    const body = method === DEFLATE ? inflateRawSync(data) : method === 0 ? Buffer.from(data) : null;
    if (!body) throw new Error(`${name}: compression method ${method} is not read`);
    if (body.length !== size || crc32(body) >>> 0 !== crc) throw new Error(`${name}: CRC or size mismatch`);
    out.push({ name, body });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
