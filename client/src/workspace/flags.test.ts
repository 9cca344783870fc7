// Unit tests of the flag store: toggling, persistence per attempt, and unreadable storage.
import { describe, expect, it } from "vitest";
import { FlagStore, flagsStorageKey, isFlaggedIn, type KeyValueStorage } from "./flags.ts";

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

const item = (id: string) => ({ kind: "item" as const, id });
const question = (id: string) => ({ kind: "question" as const, id });

describe("FlagStore", () => {
  it("flags and unflags targets, telling subscribers, with a new snapshot each time", () => {
    const store = new FlagStore("a1", new MapStorage());
    let calls = 0;
    store.subscribe(() => calls++);
    const before = store.getSnapshot();
    expect(store.toggle(item("i1"))).toBe(true);
    expect(store.isFlagged(item("i1"))).toBe(true);
    expect(store.getSnapshot()).not.toBe(before);
    expect(isFlaggedIn(store.getSnapshot(), item("i1"))).toBe(true);
    expect(store.toggle(item("i1"))).toBe(false);
    expect(store.isFlagged(item("i1"))).toBe(false);
    expect(calls).toBe(2);
    store.set(item("i1"), false); // no change, no notice
    expect(calls).toBe(2);
  });

  it("keeps a question and an item with the same id apart", () => {
    const store = new FlagStore("a1", new MapStorage());
    store.set(question("x"), true);
    expect(store.isFlagged(question("x"))).toBe(true);
    expect(store.isFlagged(item("x"))).toBe(false);
  });

  it("survives a reload of the same attempt, and is not shared with another attempt", () => {
    const storage = new MapStorage();
    const first = new FlagStore("a1", storage);
    first.set(item("i1"), true);
    first.set(item("i2"), true);
    first.set(item("i1"), false);
    expect(JSON.parse(storage.getItem(flagsStorageKey("a1")) ?? "")).toEqual(["item:i2"]);
    const again = new FlagStore("a1", storage);
    expect(again.isFlagged(item("i2"))).toBe(true);
    expect(again.isFlagged(item("i1"))).toBe(false);
    expect(again.count).toBe(1);
    expect(new FlagStore("a2", storage).count).toBe(0);
  });

  it("reads unreadable storage as no flags, and still flags when storage refuses writes", () => {
    const storage = new MapStorage();
    storage.setItem(flagsStorageKey("a1"), "{not json");
    expect(new FlagStore("a1", storage).count).toBe(0);
    storage.setItem(flagsStorageKey("a1"), JSON.stringify(["item:ok", 3, null]));
    expect([...new FlagStore("a1", storage).getSnapshot()]).toEqual(["item:ok"]);
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const store = new FlagStore("a1", full);
    expect(store.toggle(item("i1"))).toBe(true);
    expect(store.isFlagged(item("i1"))).toBe(true);
    expect(new FlagStore("a1", null).toggle(item("i1"))).toBe(true);
  });
});
