import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreClassificationItem } from "./classification.ts";
import { ScoringInputError } from "./types.ts";

const single = { multiLabel: false };
const multi = { multiLabel: true };

describe("scoreClassificationItem", () => {
  it("scores a single label exactly", () => {
    expect(scoreClassificationItem("1", ["cat"], ["cat"], single)).toEqual({
      id: "1",
      score: 1,
      tp: 1,
      fp: 0,
      fn: 0,
      matches: [{ truth: "cat", answer: "cat", iou: 1 }],
    });
    expect(scoreClassificationItem("1", ["cat"], ["Cat"], single)).toMatchObject({
      score: 0,
      tp: 0,
      fp: 1,
      fn: 1,
    });
    expect(scoreClassificationItem("1", ["cat"], [], single)).toMatchObject({
      score: 0,
      tp: 0,
      fp: 0,
      fn: 1,
    });
  });

  it("scores several labels by Jaccard", () => {
    expect(scoreClassificationItem("1", ["a", "b", "c"], ["b", "c", "d"], multi)).toMatchObject({
      score: 0.5,
      tp: 2,
      fp: 1,
      fn: 1,
    });
    expect(scoreClassificationItem("1", [], [], multi).score).toBe(1);
    expect(scoreClassificationItem("1", [], ["a"], multi).score).toBe(0);
    expect(scoreClassificationItem("1", ["b", "a"], ["a", "b"], multi).score).toBe(1);
  });

  it("refuses malformed labels, naming the item", () => {
    const bad: Array<[string[], string[], typeof single]> = [
      [["a", "b"], ["a"], single],
      [[], [], single],
      [["a"], ["a", "b"], single],
      [["a", "a"], ["a"], multi],
      [["a"], ["b", "b"], multi],
      [["a"], [""], multi],
    ];
    for (const [t, a, o] of bad) {
      expect(() => scoreClassificationItem("img-7", t, a, o)).toThrow(ScoringInputError);
      expect(() => scoreClassificationItem("img-7", t, a, o)).toThrow(/item img-7/);
    }
  });

  it("refuses labels outside the declared set", () => {
    const labels = new Set(["cat", "dog"]);
    expect(scoreClassificationItem("1", ["cat"], ["dog"], { multiLabel: false, labels }).score).toBe(0);
    expect(() => scoreClassificationItem("1", ["cat"], ["cow"], { multiLabel: false, labels })).toThrow(
      /item 1: answer label "cow" is not a known label/,
    );
    expect(() => scoreClassificationItem("1", ["cow"], ["cat"], { multiLabel: false, labels })).toThrow(
      /truth/,
    );
  });

  const labelSet = fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 5 });

  it("scores in [0, 1]; equal sets score 1; order does not matter; an extra wrong label never helps", () => {
    fc.assert(
      fc.property(labelSet, labelSet, fc.constantFrom("x", "y"), (t, a, extra) => {
        const s = scoreClassificationItem("p", t, a, multi).score;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(scoreClassificationItem("p", t, t, multi).score).toBe(1);
        expect(scoreClassificationItem("p", [...t].reverse(), [...a].reverse(), multi)).toEqual(
          scoreClassificationItem("p", t, a, multi),
        );
        expect(scoreClassificationItem("p", t, [...a, extra], multi).score).toBeLessThanOrEqual(s);
      }),
    );
  });
});
