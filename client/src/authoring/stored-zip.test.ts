import { crc32 as nodeCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { unzip } from "../../../core/formats/zip.ts";
import { crc32, storedZip, zipProblem } from "./stored-zip.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("the browser's stored ZIP writer", () => {
  it("computes the CRC-32 ZIP uses", () => {
    expect(crc32(bytes("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const random = new Uint8Array(10_000).map((_, i) => (i * 7919) % 251);
    expect(crc32(random)).toBe(nodeCrc32(random) >>> 0);
  });

  it("writes an archive the project's reader reads back, names in UTF-8 and binary intact", () => {
    const png = new Uint8Array(3000).map((_, i) => (i * 31) % 256);
    const archive = storedZip([
      { name: "annotations.json", bytes: bytes('{"images":[]}') },
      { name: "images/猫 1.png", bytes: png },
      { name: "empty.txt", bytes: new Uint8Array() },
    ]);
    const entries = unzip(Buffer.from(archive));
    expect(entries.map((e) => e.name)).toEqual(["annotations.json", "images/猫 1.png", "empty.txt"]);
    expect(entries[0]?.body.toString("utf8")).toBe('{"images":[]}');
    expect(new Uint8Array(entries[1]?.body ?? [])).toEqual(png);
    expect(entries[2]?.body.length).toBe(0);
  });

  it("refuses unsafe and repeated names, and an empty set", () => {
    expect(zipProblem([])).toBe("no files");
    expect(zipProblem([{ name: "../x", bytes: bytes("") }])).toMatch(/unsafe/);
    expect(zipProblem([{ name: "/etc/x", bytes: bytes("") }])).toMatch(/unsafe/);
    expect(
      zipProblem([
        { name: "a.png", bytes: bytes("1") },
        { name: "a.png", bytes: bytes("2") },
      ]),
    ).toMatch(/two files/);
    expect(() => storedZip([{ name: "a\\b", bytes: bytes("") }])).toThrow(/unsafe/);
  });
});
