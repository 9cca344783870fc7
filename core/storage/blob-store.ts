// Where uploaded files and item media live: one interface, the local disk by default. Keys are made
// by the server (never from a file name), so a key cannot climb out of the store's folder. The
// interface maps one to one onto an S3-compatible store (docs/MEDIA.md, "Storage").
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** Bytes start..end of a blob, both inclusive (as in an HTTP Range header). */
export interface ByteSpan {
  start: number;
  end: number;
}

export interface BlobStat {
  size: number;
  /** When the blob was last written, in milliseconds since the epoch. */
  modifiedMs: number;
}

export interface BlobStore {
  /** Stores `bytes` under `key`, replacing what was there; readers see the old or the new bytes whole. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null. */
  get(key: string): Promise<Buffer | null>;
  /** The size of the blob under `key`, or null when there is none. */
  stat(key: string): Promise<BlobStat | null>;
  /**
   * A stream of the bytes under `key` (only `span` when given, clipped to the blob), or null when
   * there is none. The caller must consume or destroy the stream.
   */
  stream(key: string, span?: ByteSpan): Promise<Readable | null>;
  /** Removes `key`; nothing happens when it is absent. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_.-]{1,128}){0,4}$/;

/** `key` when it is a storage key the server could have made; throws otherwise. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === ".."))
    throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

function checkSpan(span: ByteSpan): void {
  if (
    !Number.isSafeInteger(span.start) ||
    !Number.isSafeInteger(span.end) ||
    span.start < 0 ||
    span.end < span.start
  )
    throw new Error(`not a byte span: ${span.start}-${span.end}`);
}

const missing = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
};

/** Files under one folder; a write goes to a temporary file first, then is renamed into place. */
export class LocalDiskStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    return path.join(this.root, checkKey(key));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const s = await fs.stat(this.pathOf(key));
      return s.isFile() ? { size: s.size, modifiedMs: Math.floor(s.mtimeMs) } : null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async stream(key: string, span?: ByteSpan): Promise<Readable | null> {
    const file = this.pathOf(key);
    if (span) checkSpan(span);
    // The file is opened before the stream is handed out, so a missing file is null here rather
    // than an error event later; a rename over the key afterwards does not disturb this reader.
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, "r");
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
    return createReadStream("", {
      fd: handle,
      autoClose: true,
      ...(span ? { start: span.start, end: span.end } : {}),
    });
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}
