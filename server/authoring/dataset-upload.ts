// A dataset upload as the readers take it (core/formats/import-types.ts DatasetFiles): a zip's files
// by path, or the one file under its name. The zip's directory is inspected before anything is
// inflated (core/storage/zip-guard.ts: bombs, names that climb out, too many entries); then each
// entry is inflated no further than the size it declares and its CRC checked. Symlinks, encrypted
// entries, names with control characters, repeated names and media files over MAX_MEDIA_BYTES are
// refused; folders, __MACOSX/ and .DS_Store are left out.
import { crc32, inflateRawSync } from "node:zlib";
import type { DatasetFiles } from "../../core/formats/import-types.ts";
import { inspectZip, type ZipProblem } from "../../core/storage/zip-guard.ts";
import { DATASET_IMPORT_MAX_BYTES, MAX_ITEMS_PER_TASK, MAX_MEDIA_BYTES } from "../../protocol/index.ts";

/** Why an upload cannot be read, and where. */
export class UploadProblem extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}

/** Annotation files are text: a JSON or XML file this large is no annotation file. */
const MAX_FILE_BYTES = Math.max(MAX_MEDIA_BYTES, 64 * 1024 * 1024);

export const UPLOAD_ZIP_LIMITS = {
  /** An image and an annotation file per item, and a few more. */
  maxEntries: 2 * MAX_ITEMS_PER_TASK + 100,
  maxUnpackedBytes: 2 * DATASET_IMPORT_MAX_BYTES,
  maxRatio: 200,
};

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;

export const isZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const MEDIA_NAME = /\.(png|jpe?g|webp|gif|bmp|tiff?|wav|mp3|ogg|flac|m4a)$/i;

/** Files the readers never want: macOS metadata and folder entries. */
function ignored(name: string): boolean {
  const parts = name.split("/");
  return name.endsWith("/") || parts[0] === "__MACOSX" || parts.at(-1) === ".DS_Store";
}

function describe(p: ZipProblem): UploadProblem {
  switch (p.problem) {
    case "not-a-zip":
      return new UploadProblem("upload", "The file starts like a zip but its directory cannot be read.");
    case "zip64":
      return new UploadProblem("upload", "ZIP64 archives are not read: make a plain zip under 4 GB.");
    case "too-many-entries":
      return new UploadProblem(
        "upload",
        `The zip holds ${p.entries} entries; at most ${UPLOAD_ZIP_LIMITS.maxEntries} are read.`,
      );
    case "too-large":
      return new UploadProblem(
        "upload",
        `The zip unpacks to more than ${UPLOAD_ZIP_LIMITS.maxUnpackedBytes} bytes (a zip bomb?).`,
      );
    case "ratio":
      return new UploadProblem(p.entry, `The entry is compressed ${p.ratio}:1, like a zip bomb.`);
    case "unsafe-name":
      return new UploadProblem(p.entry, "The entry's name leaves the archive's folder (path traversal).");
  }
}

/** The upload's files: a zip unpacked, or the bytes under `name`. Throws UploadProblem. */
export function datasetFiles(bytes: Uint8Array, name: string | undefined): DatasetFiles {
  if (bytes.length === 0) throw new UploadProblem("upload", "The body is empty: send the dataset file.");
  if (!isZip(bytes)) {
    if (!name) throw new UploadProblem("upload", "Give the file's name (?name=…) when it is not a zip.");
    checkName(name);
    return new Map([[name, bytes]]);
  }
  const problem = inspectZip(bytes, UPLOAD_ZIP_LIMITS);
  if (problem) throw describe(problem);
  return unpack(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function checkName(name: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(name) || /[\u202a-\u202e\u2066-\u2069]/.test(name))
    throw new UploadProblem(JSON.stringify(name).slice(0, 200), "The name holds a control character.");
  if (name.startsWith("/") || name.includes("\\") || name.split("/").includes(".."))
    throw new UploadProblem(name.slice(0, 200), "The name leaves the archive's folder (path traversal).");
}

function unpack(bytes: Buffer): DatasetFiles {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--)
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw describe({ problem: "not-a-zip" });
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const files = new Map<string, Uint8Array>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) throw describe({ problem: "not-a-zip" });
    const madeBy = bytes.readUInt16LE(p + 4);
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const packed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const external = bytes.readUInt32LE(p + 38);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    p += 46 + nameLen + extraLen + commentLen;
    checkName(name);
    if (ignored(name)) continue;
    // Unix hosts keep the file mode in the high half of the external attributes.
    const mode = madeBy >> 8 === 3 ? external >>> 16 : 0;
    if ((mode & 0o170000) === 0o120000) throw new UploadProblem(name, "The entry is a symbolic link.");
    if (flags & 1) throw new UploadProblem(name, "The entry is encrypted.");
    const limit = MEDIA_NAME.test(name) ? MAX_MEDIA_BYTES : MAX_FILE_BYTES;
    if (size > limit) throw new UploadProblem(name, `The file is ${size} bytes; at most ${limit} are read.`);
    if (files.has(name)) throw new UploadProblem(name, "Two entries have this name.");
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL)
      throw new UploadProblem(name, "The entry's header is broken.");
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + packed > bytes.length) throw new UploadProblem(name, "The entry is cut short.");
    const data = bytes.subarray(start, start + packed);
    let body: Buffer;
    if (method === 0) body = Buffer.from(data);
    else if (method === 8) {
      try {
        // Never more than it declares: a lying header cannot inflate past the limits checked above.
        body = size === 0 ? Buffer.alloc(0) : inflateRawSync(data, { maxOutputLength: size });
      } catch {
        throw new UploadProblem(name, "The entry cannot be inflated (corrupt, or larger than it declares).");
      }
    } else throw new UploadProblem(name, `Compression method ${method} is not read: use deflate.`);
    if (body.length !== size || crc32(body) >>> 0 !== crc)
      throw new UploadProblem(name, "The entry's size or CRC does not match: the zip is corrupt.");
    files.set(name, body);
  }
  if (files.size === 0) throw new UploadProblem("upload", "The zip holds no files.");
  return files;
}
