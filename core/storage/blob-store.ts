// Where uploaded files live: one interface, the local disk by default. Keys are made by the server
// (never from a file name), so a key cannot climb out of the store's folder.
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

export interface BlobStore {
  /** Stores `bytes` under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null. */
  get(key: string): Promise<Buffer | null>;
  /** A stream of the bytes under `key`, or null. */
  stream(key: string): Promise<Readable | null>;
  /** Removes `key`; nothing happens when it is absent. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_.-]{1,128}){0,4}$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === ".."))
    throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

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
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async stream(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      await fs.access(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}
