import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_INPUT_LIMITS,
  findInputProblem,
  type InputLimits,
  type InputProblem,
} from "./input-guard.ts";

/** `levels` arrays nested inside one another around `inner`, built without recursion. */
function nested(levels: number, inner: unknown = 1): unknown {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** A recursive reference (fine for the small values of the property test): same order, same rules. */
function reference(value: unknown, limits: InputLimits): Pick<InputProblem, "kind" | "path"> | null {
  let values = 1;
  const bad = (s: string) => (s.includes("\u0000") ? "nul" : /\p{Cs}/u.test(s) ? "lone-surrogate" : null);
  const visit = (v: unknown, path: string[], depth: number): Pick<InputProblem, "kind" | "path"> | null => {
    const at = (kind: InputProblem["kind"], p = path) => ({ kind, path: p.join(".") });
    if (typeof v === "string") return bad(v) ? at(bad(v) as InputProblem["kind"]) : null;
    if (typeof v !== "object" || v === null) return null;
    if (depth + 1 > limits.maxDepth) return at("too-deep");
    const entries: [string, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [String(i), x])
      : Object.entries(v as Record<string, unknown>);
    values += entries.length;
    if (values > limits.maxValues) return at("too-many-values");
    if (!Array.isArray(v))
      for (const [k] of entries) if (bad(k)) return at(bad(k) as InputProblem["kind"], [...path, k]);
    for (const [k, x] of entries) {
      const found = visit(x, [...path, k], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(value, [], 0);
}

describe("findInputProblem", () => {
  it("passes ordinary answer documents", () => {
    const boxes = { boxes: [{ id: "a", label: "car", x: 1.5, y: 2, w: 30, h: 40 }] };
    const table = { rows: [["北京", "😀 emoji", ""]], marks: [null] };
    const keypoints = {
      instances: [
        {
          id: "f1",
          label: "person",
          keypoints: [
            [0, 0, 0],
            [10, 20, 2],
          ],
        },
      ],
    };
    for (const doc of [boxes, table, keypoints, null, 42, "text", true, [], {}])
      expect(findInputProblem(doc)).toBeNull();
  });

  it("finds a NUL in a value or a key, with its path", () => {
    expect(findInputProblem({ boxes: [{ id: "a", label: "c\u0000r" }] })).toMatchObject({
      kind: "nul",
      path: "boxes.0.label",
      message: expect.stringMatching(/NUL/),
    });
    expect(findInputProblem({ details: { "k\u0000ey": 1 } })).toMatchObject({
      kind: "nul",
      path: "details.k\uFFFDey",
    });
    expect(findInputProblem("\u0000")).toMatchObject({ kind: "nul", path: "" });
  });

  it("finds lone surrogates, high or low, and accepts pairs", () => {
    expect(findInputProblem({ text: "a\ud800b" })).toMatchObject({ kind: "lone-surrogate", path: "text" });
    expect(findInputProblem(["ok", "\udfff"])).toMatchObject({ kind: "lone-surrogate", path: "1" });
    expect(findInputProblem({ x: "\udc00\ud800" })).toMatchObject({ kind: "lone-surrogate" });
    expect(findInputProblem({ "\ud800": 1 })).toMatchObject({ kind: "lone-surrogate", path: "\uFFFD" });
    expect(findInputProblem({ x: "\ud83d\ude00" })).toBeNull();
  });

  it("reports the first problem in document order", () => {
    expect(findInputProblem({ a: ["fine", "\u0000"], b: "\ud800" })?.path).toBe("a.1");
  });

  it("allows nesting up to the limit and refuses one level more", () => {
    expect(findInputProblem(nested(DEFAULT_INPUT_LIMITS.maxDepth))).toBeNull();
    expect(findInputProblem(nested(DEFAULT_INPUT_LIMITS.maxDepth + 1))).toMatchObject({ kind: "too-deep" });
    expect(findInputProblem(nested(3), { maxDepth: 3 })).toBeNull();
    expect(findInputProblem({ a: { b: { c: {} } } }, { maxDepth: 3 })).toMatchObject({
      kind: "too-deep",
      path: "a.b.c",
    });
  });

  it("walks nesting far beyond the stack without throwing", () => {
    const deep = nested(1_000_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const found = findInputProblem(deep);
    expect(found?.kind).toBe("too-deep");
    // The path is cut, not a million segments long.
    expect(found?.path).toBe(`${"0.".repeat(20)}…`);
    expect(findInputProblem(deep, { maxDepth: 2_000_000, maxValues: 2_000_000 }) === null).toBe(true);
  });

  it("counts every value and stops at the limit", () => {
    expect(findInputProblem([1, 2, 3], { maxValues: 4 })).toBeNull();
    expect(findInputProblem([1, 2, 3, 4], { maxValues: 4 })).toMatchObject({
      kind: "too-many-values",
      path: "",
    });
    expect(findInputProblem({ a: [1, 2], b: { c: 3 } }, { maxValues: 6 })).toBeNull();
    expect(findInputProblem({ a: [1, 2], b: { c: 3 } }, { maxValues: 5 })).toMatchObject({
      kind: "too-many-values",
    });
    const wide = new Array(DEFAULT_INPUT_LIMITS.maxValues).fill(0);
    expect(findInputProblem(wide)).toMatchObject({ kind: "too-many-values" });
  });

  it("treats what is not a plain object or array as one value", () => {
    expect(findInputProblem([Buffer.from("\u0000"), () => "\u0000", undefined, 1n])).toBeNull();
  });

  it("agrees with a recursive reference on arbitrary JSON", () => {
    const unit = fc.constantFrom("a", "é", ".", "\u0000", "\ud83d", "\ude00", "\ud800", "漢");
    const limits = fc.record({
      maxDepth: fc.integer({ min: 1, max: 6 }),
      maxValues: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6, stringUnit: unit }), limits, (value, lim) => {
        const found = findInputProblem(value, lim);
        expect(found && { kind: found.kind, path: found.path.replace(/\uFFFD/g, "") }).toEqual(
          ((r) => r && { kind: r.kind, path: r.path.replace(/[\p{Cc}\p{Cs}]/gu, "") })(reference(value, lim)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
