// A guard for any parsed JSON value before it goes further: characters PostgreSQL cannot store
// (NUL, lone surrogates) and shapes that would exhaust the stack or the CPU (deep nesting, too many values).

export interface InputLimits {
  /** Containers (objects, arrays) nested inside one another, the outermost counting as 1. */
  maxDepth: number;
  /** Values in all, containers and object keys' values included. */
  maxValues: number;
}

/**
 * 64 levels is far beyond any answer document (a polygon's vertex sits 5 deep); 500,000 values is
 * above what fits in an answer of 1 MB with realistic content, and walks in a few milliseconds.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 64, maxValues: 500_000 };

export type InputProblemKind = "nul" | "lone-surrogate" | "too-deep" | "too-many-values";

export interface InputProblem {
  kind: InputProblemKind;
  /** Where, as `a.0.b` (empty for the value itself). */
  path: string;
  message: string;
}

const MESSAGES: Record<InputProblemKind, string> = {
  nul: "A text contains a NUL character.",
  "lone-surrogate": "A text contains a lone surrogate (not valid Unicode).",
  "too-deep": "The data is nested too deeply.",
  "too-many-values": "The data holds too many values.",
};

/** One value still to look at, with a link to its parent so the path is built only when needed. */
interface Entry {
  value: unknown;
  key: string | number | null;
  parent: Entry | null;
  depth: number;
}

const isWellFormed: (s: string) => boolean = (() => {
  const native = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
  if (native) return (s: string) => native.call(s);
  // With the u flag a surrogate pair is one code point, so \p{Cs} matches only a lone surrogate.
  const lone = /\p{Cs}/u;
  return (s: string) => !lone.test(s);
})();

function textProblem(s: string): InputProblemKind | null {
  if (s.includes("\u0000")) return "nul";
  if (!isWellFormed(s)) return "lone-surrogate";
  return null;
}

/** Plain objects and arrays are walked; anything else (a number, a Buffer, a function) is one value. */
function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A path segment safe to echo in an error: control characters and lone surrogates replaced, long keys cut. */
function segment(key: string | number): string {
  if (typeof key === "number") return String(key);
  const clean = key.replace(/[\p{Cc}\p{Cs}]/gu, "\uFFFD");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

/** Paths longer than this many segments are cut: an error must not echo a deep document back. */
const MAX_PATH_SEGMENTS = 20;

function pathOf(entry: Entry | null, lastKey?: string): string {
  const keys: (string | number)[] = lastKey === undefined ? [] : [lastKey];
  for (let e = entry; e && e.key !== null; e = e.parent) keys.push(e.key);
  keys.reverse();
  const parts = keys.slice(0, MAX_PATH_SEGMENTS).map(segment);
  if (keys.length > MAX_PATH_SEGMENTS) parts.push("…");
  return parts.join(".");
}

function problem(kind: InputProblemKind, entry: Entry | null, lastKey?: string): InputProblem {
  return { kind, path: pathOf(entry, lastKey), message: MESSAGES[kind] };
}

/**
 * The first problem of `value` in a depth-first walk, or null. The walk keeps its own stack (no
 * recursion), so no nesting can overflow the call stack, and it stops at the limits.
 */
export function findInputProblem(value: unknown, limits: Partial<InputLimits> = {}): InputProblem | null {
  const { maxDepth, maxValues } = { ...DEFAULT_INPUT_LIMITS, ...limits };
  const stack: Entry[] = [{ value, key: null, parent: null, depth: 0 }];
  let values = 1;
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const v = entry.value;
    if (typeof v === "string") {
      const kind = textProblem(v);
      if (kind) return problem(kind, entry);
      continue;
    }
    if (!isContainer(v)) continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return problem("too-deep", entry);
    if (Array.isArray(v)) {
      values += v.length;
      if (values > maxValues) return problem("too-many-values", entry);
      // Pushed last to first, so the walk meets them in document order.
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: entry, depth });
      continue;
    }
    const keys = Object.keys(v);
    values += keys.length;
    if (values > maxValues) return problem("too-many-values", entry);
    for (const key of keys) {
      const kind = textProblem(key);
      if (kind) return problem(kind, entry, key);
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: v[key], key, parent: entry, depth });
    }
  }
  return null;
}
