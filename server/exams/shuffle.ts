// The order a contestant sees a shuffled section in: the questions, and each question's options,
// permuted by a PRNG seeded from the attempt's stored shuffleSeed (or, for an attempt created
// without one, a hash of its id) and the section's or question's id. The same attempt always gets
// the same order; ids are untouched, so answers and scoring never depend on the order.
import { mulberry32 } from "../../core/random.ts";

/** FNV-1a, 32 bits: a stable hash of a text. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The attempt's base seed: its stored shuffleSeed, or a hash of its id when that is 0. */
export function attemptSeed(shuffleSeed: number, attemptId: string): number {
  return shuffleSeed !== 0 ? shuffleSeed >>> 0 : hash32(`attempt:${attemptId}`);
}

/** A seed for one thing (a section, a question) of the attempt. */
export function seedFor(base: number, what: string): number {
  return hash32(`${base >>> 0}:${what}`);
}

/** A permutation of 0..n-1 (Fisher–Yates driven by mulberry32(seed)). */
export function permutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const next = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/** The items in the order permutation(items.length, seed) gives; a new array. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  return permutation(items.length, seed).map((i) => items[i] as T);
}
