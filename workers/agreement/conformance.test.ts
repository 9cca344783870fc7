// Conformance with published values: scikit-learn's test_cohen_kappa and statsmodels'
// test_inter_rater (fixtures copied from ../shared/refs with their SOURCE.txt).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  aggregateRaters,
  cohensKappa,
  fleissKappa,
  fleissKappaDetails,
  kappaFromConfusion,
  toeplitzWeights,
} from "./kappa.ts";

const fixture = (path: string): string =>
  readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");

/** numpy's assert_almost_equal(actual, desired, decimal): |desired − actual| < 1.5 × 10^−decimal. */
function expectAlmostEqual(actual: number, desired: number, decimal: number): void {
  expect(Math.abs(desired - actual)).toBeLessThan(1.5 * 10 ** -decimal);
}

interface SklearnCase {
  id: string;
  y1: number[];
  y2: number[];
  labels?: number[];
  decimal?: number;
  expected: { unweighted?: number; linear?: number; quadratic?: number; unweighted_equals_case?: string };
}

const sklearn = JSON.parse(fixture("sklearn_cohen_kappa/expected.json")) as { cases: SklearnCase[] };

describe("scikit-learn cohen_kappa_score conformance (fixtures/sklearn_cohen_kappa)", () => {
  it("has the four published cases", () => {
    expect(sklearn.cases.map((c) => c.id)).toEqual([
      "artstein_poesio_table1_binary",
      "artstein_poesio_table4_multiclass",
      "weighting_example",
      "spurious_labels_ignored",
    ]);
  });

  for (const c of sklearn.cases) {
    it(`${c.id}: every published value, and symmetry`, () => {
      const opts = c.labels === undefined ? {} : { labels: c.labels };
      const kappa = cohensKappa(c.y1, c.y2, opts);
      expect(cohensKappa(c.y2, c.y1, opts)).toBe(kappa);
      const decimal = c.decimal ?? 4;
      if (c.expected.unweighted !== undefined) expectAlmostEqual(kappa, c.expected.unweighted, decimal);
      if (c.expected.linear !== undefined)
        expectAlmostEqual(cohensKappa(c.y1, c.y2, { weights: "linear" }), c.expected.linear, decimal);
      if (c.expected.quadratic !== undefined)
        expectAlmostEqual(cohensKappa(c.y1, c.y2, { weights: "quadratic" }), c.expected.quadratic, decimal);
      if (c.expected.unweighted_equals_case !== undefined) {
        const other = sklearn.cases.find((x) => x.id === c.expected.unweighted_equals_case) as SklearnCase;
        // scikit-learn asserts exact equality here (==), not an approximation.
        expect(kappa).toBe(cohensKappa(other.y1, other.y2));
      }
    });
  }

  it("kappa of an annotator with itself is 1 (assert_almost_equal(cohen_kappa_score(y1, y1), 1.0))", () => {
    const c = sklearn.cases[0] as SklearnCase;
    expectAlmostEqual(cohensKappa(c.y1, c.y1), 1, 7);
  });
});

interface StatsmodelsExpected {
  fleiss_wikipedia: { fleiss_kappa: number; decimal: number };
  fleiss_1971_diagnoses: { fleiss_kappa: number; decimal: number; category_column_sums: number[] };
  cohen_sas_table10: {
    unweighted: { kappa: number };
    weighted_linear_weights_0_1_2: { kappa: number };
    decimal: number;
  };
  anxiety_irr_rater2_vs_rater3: {
    unweighted: { kappa: number };
    equal_linear: { kappa: number };
    squared_quadratic: { kappa: number };
    weights_0_0_1_1_2_toeplitz: { kappa: number };
    decimal_kappa: number;
  };
}

interface StatsmodelsInputs {
  fleiss_wikipedia: { counts: number[][] };
  fleiss_1971_diagnoses: { ratings: number[][] };
  cohen_sas_table10: { table: number[][] };
  anxiety_irr: { ratings: number[][] };
}

const smExpected = JSON.parse(fixture("statsmodels_kappa/expected.json")) as StatsmodelsExpected;
const smInputs = JSON.parse(fixture("statsmodels_kappa/inputs.json")) as StatsmodelsInputs;

describe("statsmodels fleiss_kappa conformance (fixtures/statsmodels_kappa)", () => {
  it("Wikipedia's worked example: kappa 0.210 (decimal 3)", () => {
    const e = smExpected.fleiss_wikipedia;
    expectAlmostEqual(fleissKappa(smInputs.fleiss_wikipedia.counts), e.fleiss_kappa, e.decimal);
  });

  it("Wikipedia's table: the per-subject P_i column (3 decimals) and the counts agree with the TSV", () => {
    const rows = fixture("statsmodels_kappa/fleiss_wikipedia_table.tsv")
      .trim()
      .split("\n")
      .map((line) => line.split("\t").map((cell) => Number(cell.trim())));
    const details = fleissKappaDetails(rows.map((r) => r.slice(1, 6)));
    expect(rows.map((r) => r.slice(1, 6))).toEqual(smInputs.fleiss_wikipedia.counts);
    rows.forEach((r, i) => {
      expect(Math.abs((details.itemAgreement[i] as number) - (r[6] as number))).toBeLessThanOrEqual(0.0005);
    });
    expect(details.raters).toBe(14);
  });

  it("Fleiss (1971) diagnoses via aggregate_raters: column sums and kappa 0.4302445 (decimal 7)", () => {
    const e = smExpected.fleiss_1971_diagnoses;
    const { table, categories } = aggregateRaters(smInputs.fleiss_1971_diagnoses.ratings);
    expect(categories).toEqual([1, 2, 3, 4, 5]);
    expect(categories.map((_, j) => table.reduce((s, row) => s + (row[j] as number), 0))).toEqual(
      e.category_column_sums,
    );
    expectAlmostEqual(fleissKappa(table), e.fleiss_kappa, e.decimal);
  });
});

describe("statsmodels cohens_kappa / R irr kappa2 conformance (fixtures/statsmodels_kappa)", () => {
  it("SAS PROC FREQ table10: simple 0.4842 and linear-weighted 0.4701 (decimal 4)", () => {
    const e = smExpected.cohen_sas_table10;
    const table = smInputs.cohen_sas_table10.table;
    expectAlmostEqual(kappaFromConfusion(table), e.unweighted.kappa, e.decimal);
    // statsmodels' weights=[0, 1, 2] are category scores: linear (Cicchetti–Allison) weighting.
    expectAlmostEqual(kappaFromConfusion(table, "linear"), e.weighted_linear_weights_0_1_2.kappa, e.decimal);
  });

  it("anxiety raters 2 vs 3: unweighted, linear, quadratic and Toeplitz c(0,0,1,1,2) (decimal 6)", () => {
    const e = smExpected.anxiety_irr_rater2_vs_rater3;
    const r2 = smInputs.anxiety_irr.ratings.map((r) => r[1] as number);
    const r3 = smInputs.anxiety_irr.ratings.map((r) => r[2] as number);
    // The sorted union of the labels used (1, 2, 3, 4, 6) gives 5 equally spaced levels: the
    // convention of scikit-learn and of irr, which drops the unused level 5.
    expectAlmostEqual(cohensKappa(r2, r3), e.unweighted.kappa, e.decimal_kappa);
    expectAlmostEqual(cohensKappa(r2, r3, { weights: "linear" }), e.equal_linear.kappa, e.decimal_kappa);
    expectAlmostEqual(
      cohensKappa(r2, r3, { weights: "quadratic" }),
      e.squared_quadratic.kappa,
      e.decimal_kappa,
    );
    expectAlmostEqual(
      cohensKappa(r2, r3, { weights: toeplitzWeights([0, 0, 1, 1, 2]) }),
      e.weights_0_0_1_1_2_toeplitz.kappa,
      e.decimal_kappa,
    );
  });
});
