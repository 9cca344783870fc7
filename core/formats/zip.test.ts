// The export ZIP writer: entries read back intact (CRC checked), UTF-8 names flagged, the archive
// accepted by the upload guard, unsafe or repeated names refused.
import { describe, expect, it } from "vitest";
import { inspectZip } from "../storage/zip-guard.ts";
import { unzip, zip } from "./zip.ts";

describe("zip", () => {
  const entries = [
    { name: "classes.txt", body: "car\n行人\n" },
    { name: "labels/T-001/1.txt", body: Buffer.from("0 0.5 0.5 0.1 0.1\n") },
    { name: "labels/中文.txt", body: "" },
    { name: "big.txt", body: "x".repeat(100_000) },
  ];

  it("writes entries that read back byte for byte, deflated, with UTF-8 names flagged", () => {
    const bytes = zip(entries, new Date("2026-06-01T08:00:00Z"));
    expect(bytes.length).toBeLessThan(2_000);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(6) & 0x0800).toBe(0x0800);
    const back = unzip(bytes);
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    back.forEach((e, i) => {
      expect(e.body.toString("utf8")).toBe(entries[i]?.body.toString());
    });
    expect(inspectZip(bytes, { maxEntries: 10, maxUnpackedBytes: 1_000_000, maxRatio: 2_000 })).toBeNull();
  });

  it("writes an empty archive", () => {
    expect(unzip(zip([]))).toEqual([]);
  });

  it("detects a corrupted entry", () => {
    const bytes = zip([{ name: "a.txt", body: "hello hello hello" }]);
    bytes.writeUInt32LE(0, 14);
    // The central directory's CRC is what the reader checks: corrupt that one too.
    const dir = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(1, dir + 16);
    expect(() => unzip(bytes)).toThrow(/CRC/);
  });

  it("refuses unsafe and repeated names", () => {
    expect(() => zip([{ name: "../x", body: "" }])).toThrow(/unsafe/);
    expect(() => zip([{ name: "/x", body: "" }])).toThrow(/unsafe/);
    expect(() =>
      zip([
        { name: "a", body: "" },
        { name: "a", body: "" },
      ]),
    ).toThrow(/repeated/);
  });
});
