import { describe, expect, it } from "vitest";
import type { KeyValueStorage } from "../workspace/flags.ts";
import { placeStorageKey, readPlace, writePlace } from "./place.ts";

function memory(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

const all = () => true;

describe("place in the paper", () => {
  it("reads back what was written for the same attempt", () => {
    const s = memory();
    writePlace(s, "a1", { kind: "item", id: "it-7" });
    expect(readPlace(s, "a1", all)).toEqual({ kind: "item", id: "it-7" });
    writePlace(s, "a1", { kind: "question", id: "q-2" });
    expect(readPlace(s, "a1", all)).toEqual({ kind: "question", id: "q-2" });
  });

  it("does not leak between attempts", () => {
    const s = memory();
    writePlace(s, "a1", { kind: "item", id: "it-7" });
    expect(readPlace(s, "a2", all)).toBeNull();
    expect(s.map.has(placeStorageKey("a1"))).toBe(true);
  });

  it("ignores a place the paper no longer has", () => {
    const s = memory();
    writePlace(s, "a1", { kind: "item", id: "gone" });
    expect(readPlace(s, "a1", (t) => t.id !== "gone")).toBeNull();
  });

  it("ignores unreadable records and works without storage", () => {
    const s = memory();
    for (const raw of ["{", "null", "[]", '{"kind":"task","id":"x"}', '{"kind":"item","id":3}']) {
      s.map.set(placeStorageKey("a1"), raw);
      expect(readPlace(s, "a1", all)).toBeNull();
    }
    expect(readPlace(null, "a1", all)).toBeNull();
    expect(() => writePlace(null, "a1", { kind: "item", id: "x" })).not.toThrow();
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => writePlace(full, "a1", { kind: "item", id: "x" })).not.toThrow();
  });
});
