import { describe, expect, it } from "vitest";
import {
  AgreementInputError,
  aggregateRaters,
  cohensKappa,
  confusionMatrix,
  fleissKappa,
  fleissKappaDetails,
  kappaFromConfusion,
  toeplitzWeights,
  uniqueLabels,
  weightMatrix,
} from "./kappa.ts";

describe("uniqueLabels", () => {
  it.each([
    {
      lists: [
        [3, 1],
        [2, 10],
      ],
      expected: [1, 2, 3, 10],
    },
    {
      lists: [
        ["b", "a"],
        ["B", ""],
      ],
      expected: ["", "B", "a", "b"],
    },
    // Code-point order (numpy's), not UTF-16 order: U+FF61 sorts before U+1F600.
    { lists: [["😀", "｡"]], expected: ["｡", "😀"] },
  ])("sorts $lists", ({ lists, expected }) => {
    expect(uniqueLabels(...(lists as (string | number)[][]))).toEqual(expected);
  });

  it("refuses mixed numbers and strings and non-finite labels", () => {
    expect(() => uniqueLabels([1, "1"])).toThrow(AgreementInputError);
    expect(() => uniqueLabels([Number.NaN])).toThrow(/finite/);
  });
});

describe("confusionMatrix", () => {
  it("counts pairs, rows for the first annotator", () => {
    expect(confusionMatrix(["a", "a", "b"], ["a", "b", "b"])).toEqual({
      labels: ["a", "b"],
      matrix: [
        [1, 1],
        [0, 1],
      ],
    });
  });

  it("with labels: their order, pairs with another label left out", () => {
    expect(confusionMatrix([0, 1, 2, 1], [0, 2, 2, 1], [1, 0]).matrix).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it.each([
    { y1: [1, 2], y2: [1], labels: undefined, why: /rated 2 and 1/ },
    { y1: [1, 2], y2: [1, 2], labels: [], why: /at least one label/ },
    { y1: [1, 2], y2: [1, 2], labels: [1, 1], why: /repeat/ },
    { y1: [1, 1], y2: [3, 3], labels: [3], why: /present in the first/ },
  ])("refuses $why", ({ y1, y2, labels, why }) => {
    expect(() => confusionMatrix(y1, y2, labels)).toThrow(why);
  });
});

describe("cohensKappa", () => {
  it.each([
    // Hand-computed: po = 0.75, pe = 0.5 → 0.5.
    { y1: ["a", "a", "b", "b"], y2: ["a", "b", "b", "b"], weights: undefined, expected: 0.5 },
    { y1: [0, 1, 0, 1], y2: [0, 1, 0, 1], weights: undefined, expected: 1 },
    // Complete disagreement with balanced marginals: po = 0, pe = 0.5 → −1.
    { y1: [0, 1, 0, 1], y2: [1, 0, 1, 0], weights: undefined, expected: -1 },
    // One annotator constant, the other not: pe = po, kappa 0 (defined).
    { y1: [0, 0, 0, 0], y2: [0, 1, 0, 1], weights: undefined, expected: 0 },
    // Linear, by hand: Σw·observed = 1 (one pair 1 apart), column sums (1, 2, 0), row sums
    // (1, 1, 1), Σw·expected = (0 + 1 + 2)·1/3 + (1 + 0 + 1)·2/3 = 7/3 → 1 − 3/7.
    { y1: [0, 1, 2], y2: [0, 1, 1], weights: "linear" as const, expected: 4 / 7 },
  ])("$y1 vs $y2 ($weights) = $expected", ({ y1, y2, weights, expected }) => {
    expect(cohensKappa(y1, y2, { weights })).toBeCloseTo(expected, 12);
    expect(cohensKappa(y2, y1, { weights })).toBeCloseTo(expected, 12);
  });

  it("is undefined (NaN, as scikit-learn) when both annotators use one and the same label", () => {
    expect(cohensKappa(["x", "x", "x"], ["x", "x", "x"])).toBeNaN();
    expect(cohensKappa([1, 1], [1, 1], { weights: "quadratic" })).toBeNaN();
    expect(cohensKappa([1, 1], [1, 1], { replaceUndefinedBy: 0 })).toBe(0);
    // Every pair left out by labels: no pair at all.
    expect(cohensKappa([1, 2], [2, 1], { labels: [1] })).toBeNaN();
    expect(cohensKappa([], [])).toBeNaN();
  });

  it("weighted kappa uses label positions: the labels option sets the order", () => {
    const y1 = ["low", "mid", "high"];
    const y2 = ["low", "mid", "mid"];
    const ordered = cohensKappa(y1, y2, { weights: "linear", labels: ["low", "mid", "high"] });
    expect(ordered).toBeCloseTo(4 / 7, 12);
    // Sorted order would be high, low, mid: "high" and "mid" 2 apart.
    expect(cohensKappa(y1, y2, { weights: "linear" })).not.toBeCloseTo(4 / 7, 6);
  });
});

describe("weights", () => {
  it.each([
    {
      weights: undefined,
      expected: [
        [0, 1, 1],
        [1, 0, 1],
        [1, 1, 0],
      ],
    },
    {
      weights: "linear" as const,
      expected: [
        [0, 1, 2],
        [1, 0, 1],
        [2, 1, 0],
      ],
    },
    {
      weights: "quadratic" as const,
      expected: [
        [0, 1, 4],
        [1, 0, 1],
        [4, 1, 0],
      ],
    },
  ])("$weights", ({ weights, expected }) => {
    expect(weightMatrix(3, weights)).toEqual(expected);
  });

  it("toeplitz and custom matrices; bad matrices refused", () => {
    expect(toeplitzWeights([0, 1, 3])).toEqual([
      [0, 1, 3],
      [1, 0, 1],
      [3, 1, 0],
    ]);
    expect(() => weightMatrix(2, [[0, 1]])).toThrow(/2 × 2/);
    expect(() =>
      weightMatrix(2, [
        [0, -1],
        [1, 0],
      ]),
    ).toThrow(/≥ 0/);
    expect(() => kappaFromConfusion([[1, 2]])).toThrow(/square/);
  });
});

describe("fleissKappa", () => {
  it.each([
    // Perfect agreement in two categories: P̄ = 1, P̄e = 0.5.
    {
      table: [
        [3, 0],
        [0, 3],
      ],
      method: "fleiss" as const,
      kappa: 1,
      observed: 1,
      expected: 0.5,
    },
    // 2 raters split on every item: P̄ = 0, P̄e = 0.5 → −1.
    {
      table: [
        [1, 1],
        [1, 1],
      ],
      method: "fleiss" as const,
      kappa: -1,
      observed: 0,
      expected: 0.5,
    },
    // Randolph: P̄e = 1/3 whatever the marginals.
    {
      table: [
        [3, 0, 0],
        [3, 0, 0],
      ],
      method: "randolph" as const,
      kappa: 1,
      observed: 1,
      expected: 1 / 3,
    },
    {
      table: [
        [2, 1, 0],
        [0, 3, 0],
      ],
      method: "randolph" as const,
      kappa: (2 / 3 - 1 / 3) / (2 / 3),
      observed: 2 / 3,
      expected: 1 / 3,
    },
  ])("$table ($method)", ({ table, method, kappa, observed, expected }) => {
    const d = fleissKappaDetails(table, { method });
    expect(d.kappa).toBeCloseTo(kappa, 12);
    expect(d.observed).toBeCloseTo(observed, 12);
    expect(d.expected).toBeCloseTo(expected, 12);
  });

  it("per-item agreement is the share of agreeing rater pairs", () => {
    expect(
      fleissKappaDetails([
        [2, 1],
        [3, 0],
      ]).itemAgreement,
    ).toEqual([1 / 3, 1]);
  });

  it("is undefined (NaN, as numpy's 0/0 in statsmodels) when every rating is one category", () => {
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toBeNaN();
    expect(fleissKappa([[3], [3]], { replaceUndefinedBy: 1 })).toBe(1);
  });

  it.each([
    { table: [], why: /no items/ },
    { table: [[1, 1], [2]], why: /categories/ },
    {
      table: [
        [1, 1],
        [2, 1],
      ],
      why: /ratings, not 3/,
    },
    {
      table: [
        [1, 0],
        [0, 1],
      ],
      why: /at least 2/,
    },
    { table: [[1, -1]], why: /≥ 0/ },
  ])("refuses $why", ({ table, why }) => {
    expect(() => fleissKappa(table)).toThrow(why);
  });

  it("refuses an unknown method", () => {
    expect(() => fleissKappa([[2, 0]], { method: "kappa" as "fleiss" })).toThrow(/unknown method/);
  });
});

describe("aggregateRaters", () => {
  it("counts each item's ratings per sorted category", () => {
    expect(
      aggregateRaters([
        ["b", "a", "a"],
        ["c", "c", "c"],
      ]),
    ).toEqual({
      categories: ["a", "b", "c"],
      table: [
        [2, 1, 0],
        [0, 0, 3],
      ],
    });
  });

  it("with categories: their order; another label refused", () => {
    expect(aggregateRaters([[1, 2]], [2, 1, 0]).table).toEqual([[1, 1, 0]]);
    expect(() => aggregateRaters([[1, 5]], [1, 2])).toThrow(/not a category/);
  });
});
