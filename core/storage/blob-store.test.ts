import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskStore } from "./blob-store.ts";

let dir: string;
let store: LocalDiskStore;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

async function readAll(s: Readable | null): Promise<Buffer> {
  if (!s) throw new Error("no stream");
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "la-store-"));
  store = new LocalDiskStore(dir);
  await store.put("items/abc/media", bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("LocalDiskStore", () => {
  it("stores, stats and reads whole", async () => {
    expect((await store.stat("items/abc/media"))?.size).toBe(1000);
    expect(await store.get("items/abc/media")).toEqual(bytes);
    expect(await readAll(await store.stream("items/abc/media"))).toEqual(bytes);
    // Nothing but the blob is left in its folder (no temporary files).
    expect(fs.readdirSync(path.join(dir, "items/abc"))).toEqual(["media"]);
  });

  it("streams byte spans, both ends inclusive, clipped to the blob", async () => {
    expect(await readAll(await store.stream("items/abc/media", { start: 0, end: 9 }))).toEqual(
      bytes.subarray(0, 10),
    );
    expect(await readAll(await store.stream("items/abc/media", { start: 500, end: 749 }))).toEqual(
      bytes.subarray(500, 750),
    );
    expect(await readAll(await store.stream("items/abc/media", { start: 900, end: 5000 }))).toEqual(
      bytes.subarray(900),
    );
    expect(await readAll(await store.stream("items/abc/media", { start: 999, end: 999 }))).toEqual(
      bytes.subarray(999),
    );
  });

  it("answers null for a missing blob, and replaces one whole", async () => {
    expect(await store.stat("items/nope/media")).toBeNull();
    expect(await store.stream("items/nope/media", { start: 0, end: 1 })).toBeNull();
    expect(await store.get("items/nope/media")).toBeNull();
    // A key under a file is missing too, not an error.
    expect(await store.stat("items/abc/media/deeper")).toBeNull();
    await store.put("items/x/media", Buffer.from("first"));
    const reader = await store.stream("items/x/media");
    await store.put("items/x/media", Buffer.from("second, longer"));
    // A reader opened before the replacement reads the old bytes whole.
    expect((await readAll(reader)).toString()).toBe("first");
    expect((await store.get("items/x/media"))?.toString()).toBe("second, longer");
    await store.delete("items/x/media");
    await store.delete("items/x/media");
    expect(await store.stat("items/x/media")).toBeNull();
  });

  it("refuses keys that are not the server's, and spans that are not spans", async () => {
    for (const key of [
      "../etc/passwd",
      "items/../../x",
      "/abs",
      "items//x",
      "items/a b",
      ".",
      "items/./x",
      "",
    ])
      await expect(store.stat(key), key).rejects.toThrow(/not a storage key/);
    await expect(store.stream("items/abc/media", { start: 5, end: 4 })).rejects.toThrow(/not a byte span/);
    await expect(store.stream("items/abc/media", { start: -1, end: 4 })).rejects.toThrow(/not a byte span/);
  });
});
