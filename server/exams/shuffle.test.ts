import { describe, expect, it } from "vitest";
import { attemptSeed, hash32, permutation, seedFor, shuffled } from "./shuffle.ts";

const isPermutation = (p: number[], n: number) =>
  p.length === n && [...p].sort((a, b) => a - b).every((v, i) => v === i);

describe("shuffle", () => {
  it("gives a real permutation of every length", () => {
    for (const n of [0, 1, 2, 3, 7, 20, 140]) {
      for (const seed of [1, 42, 2_147_483_647, 4_000_000_000])
        expect(isPermutation(permutation(n, seed), n)).toBe(true);
    }
  });

  it("is deterministic per seed", () => {
    expect(permutation(50, 12345)).toEqual(permutation(50, 12345));
    const items = Array.from({ length: 30 }, (_, i) => `q${i}`);
    expect(shuffled(items, 99)).toEqual(shuffled(items, 99));
  });

  it("differs between seeds", () => {
    const a = permutation(50, 1);
    const b = permutation(50, 2);
    expect(a).not.toEqual(b);
    // Over many seeds, far more than one order turns up for a 20-question section.
    const orders = new Set(Array.from({ length: 50 }, (_, s) => permutation(20, s + 1).join(",")));
    expect(orders.size).toBe(50);
  });

  it("does not leave a long list in place", () => {
    const p = permutation(100, 7);
    const fixed = p.filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(20);
  });

  it("derives a per-attempt seed when none was stored", () => {
    expect(attemptSeed(0, "attempt-a")).toBe(attemptSeed(0, "attempt-a"));
    expect(attemptSeed(0, "attempt-a")).not.toBe(attemptSeed(0, "attempt-b"));
    expect(attemptSeed(77, "attempt-a")).toBe(77);
    expect(seedFor(77, "section-1")).not.toBe(seedFor(77, "section-2"));
    expect(hash32("")).toBe(0x811c9dc5);
  });

  it("keeps the items themselves", () => {
    const items = [{ id: "A" }, { id: "B" }, { id: "C" }, { id: "D" }];
    const out = shuffled(items, 5);
    expect(out.map((o) => o.id).sort()).toEqual(["A", "B", "C", "D"]);
    expect(items.map((o) => o.id)).toEqual(["A", "B", "C", "D"]);
  });
});
