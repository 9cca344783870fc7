import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ConllToken,
  chunksDefault,
  chunksStrict,
  type IobMode,
  parseConll,
  scoreConll,
  tokenPerformance,
} from "./iob.ts";
import { summarizeTallies } from "./spans.ts";
import { ScoringInputError } from "./types.ts";

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");

/** Sentences of tags as CoNLL tokens (the word is the position, the same on both sides). */
const asTokens = (sentences: readonly (readonly string[])[]): ConllToken[][] =>
  sentences.map((tags, s) => tags.map((tag, k) => ({ word: `w${k}`, tag, line: s * 100 + k + 1 })));

function report(yTrue: string[][], yPred: string[][], mode: IobMode, beta = 1) {
  const scored = scoreConll(asTokens(yTrue), asTokens(yPred), { mode });
  return { ...summarizeTallies(scored.tallies, beta), scored };
}

describe("seqeval conformance: CoNLL-2000 conlleval output (fixtures/seqeval_conll2000_output)", () => {
  const expected = JSON.parse(fixture("seqeval_conll2000_output/expected.json")).expected;
  const text = fixture("seqeval_conll2000_output/ground_truth.txt");
  // Columns: word POS gold predicted.
  const truth = parseConll(text, "truth", -2);
  const answer = parseConll(text, "answer", -1);
  const scored = scoreConll(truth, answer, { mode: "default" });
  const summary = summarizeTallies(scored.tallies);
  const TOL = 5e-5; // published to 2 decimals in percent

  it("processed 961 tokens with 459 phrases; found: 539 phrases; correct: 371", () => {
    expect(scored.tokens).toBe(expected.tokens);
    expect(scored.phrases).toEqual({
      truth: expected.gold_phrases,
      found: expected.found_phrases,
      correct: expected.correct_phrases,
    });
  });

  it("precision 68.83%, recall 80.83%, FB1 74.35", () => {
    expect(Math.abs(summary.precision - expected.precision_percent / 100)).toBeLessThan(TOL);
    expect(Math.abs(summary.recall - expected.recall_percent / 100)).toBeLessThan(TOL);
    expect(Math.abs(summary.f1 - expected.FB1_percent / 100)).toBeLessThan(TOL);
    expect(summary.precision).toBe(371 / 539);
    expect(summary.recall).toBe(371 / 459);
  });

  it("accuracy 84.08% as conlleval.pl computes it (the current page's 87.20% is not reproduced)", () => {
    expect(
      Math.abs(scored.accuracy - expected.accuracy_percent_old_page_and_seqeval_conlleval_pl / 100),
    ).toBeLessThan(TOL);
  });

  it("every type's precision, recall, FB1 and found count", () => {
    const types = Object.keys(expected.per_type);
    expect(Object.keys(summary.perLabel)).toEqual(types);
    for (const type of types) {
      const want = expected.per_type[type];
      const got = summary.perLabel[type];
      if (!got) throw new Error(type);
      expect(Math.abs(got.precision - want.precision / 100), type).toBeLessThan(TOL);
      expect(Math.abs(got.recall - want.recall / 100), type).toBeLessThan(TOL);
      expect(Math.abs(got.f1 - want.FB1 / 100), type).toBeLessThan(TOL);
      expect(got.found, type).toBe(expected.per_type_found_count_current_page[type]);
    }
  });
});

describe("seqeval conformance: unit cases (fixtures/seqeval_unit_cases)", () => {
  // The fixture's shapes differ from case to case: each test reads the fields its case has.
  // biome-ignore lint/suspicious/noExplicitAny: untyped JSON fixture
  type Json = any;
  const cases = JSON.parse(fixture("seqeval_unit_cases/expected.json")).cases as Json[];
  const byId = (id: string) => {
    const c = cases.find((x) => x.id === id);
    if (!c) throw new Error(id);
    return c;
  };
  const DP2 = 0.005 + 1e-12; // values printed to 2 decimals
  const close = (got: number, want: number, tol: number, what: string) =>
    expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(tol);

  it("covers every case in the fixture", () => {
    expect(cases.map((c) => c.id)).toEqual([
      "readme_default_f1",
      "readme_default_vs_strict_NP",
      "test_conll_vs_strict_f1_ORG",
      "test_get_entities",
      "test_performance_measure_token_level",
      "test_v1_scores_ABC",
    ]);
  });

  it("readme_default_f1 (default, and the same report in strict IOB2)", () => {
    const c = byId("readme_default_f1");
    for (const mode of ["default", "strict"] as const) {
      const r = report(c.y_true, c.y_pred, mode);
      close(r.f1, c.expected.micro_f1, DP2, "micro f1");
      for (const [label, want] of Object.entries<Json>(c.expected.per_class)) {
        const got = r.perLabel[label];
        if (!got) throw new Error(label);
        close(got.precision, want.precision, DP2, `${label} precision`);
        close(got.recall, want.recall, DP2, `${label} recall`);
        close(got.f1, want.f1, DP2, `${label} f1`);
        expect(got.support).toBe(want.support);
      }
      for (const [avg, got] of [
        ["micro_avg", r.micro],
        ["macro_avg", r.macro],
        ["weighted_avg", r.weighted],
      ] as const) {
        const want = c.expected[avg];
        close(got.precision, want.precision, DP2, `${avg} precision`);
        close(got.recall, want.recall, DP2, `${avg} recall`);
        close(got.f1, want.f1, DP2, `${avg} f1`);
        expect(got.support).toBe(want.support);
      }
    }
  });

  it("readme_default_vs_strict_NP", () => {
    const c = byId("readme_default_vs_strict_NP");
    for (const [mode, key] of [
      ["default", "default"],
      ["strict", "strict_IOB2"],
    ] as const) {
      const r = report(c.y_true, c.y_pred, mode);
      const want = c.expected[key].NP;
      const got = r.perLabel.NP;
      if (!got) throw new Error("NP");
      close(got.precision, want.precision, DP2, `${mode} precision`);
      close(got.recall, want.recall, DP2, `${mode} recall`);
      close(got.f1, want.f1, DP2, `${mode} f1`);
      expect(got.support).toBe(want.support);
    }
  });

  it("test_conll_vs_strict_f1_ORG", () => {
    const c = byId("test_conll_vs_strict_f1_ORG");
    for (const [mode, key] of [
      ["default", "default"],
      ["strict", "strict_IOB2"],
    ] as const) {
      const r = report(c.y_true, c.y_pred, mode);
      const want = c.expected[key];
      expect(Object.values(r.perLabel).map((p) => p.f1)).toEqual(want.per_class_f1);
      expect(r.micro.f1).toBe(want.micro);
      expect(r.macro.f1).toBe(want.macro);
      expect(r.weighted.f1).toBe(want.weighted);
    }
  });

  it("test_get_entities", () => {
    const c = byId("test_get_entities");
    const chunks = chunksDefault(c.y_true).map((x) => [x.label, x.start, x.end - 1]);
    expect(chunks).toEqual(c.expected.entities_inclusive_end);
  });

  it("test_performance_measure_token_level", () => {
    const c = byId("test_performance_measure_token_level");
    expect(tokenPerformance(c.y_true, c.y_pred)).toEqual(c.expected);
  });

  it("test_v1_scores_ABC (strict IOB2 and default agree here)", () => {
    const c = byId("test_v1_scores_ABC");
    const e = c.expected;
    for (const mode of ["strict", "default"] as const) {
      const r = report(c.y_true, c.y_pred, mode);
      expect(Object.keys(r.perLabel)).toEqual(e.labels_order);
      e.labels_order.forEach((label: string, k: number) => {
        const got = r.perLabel[label];
        if (!got) throw new Error(label);
        close(got.precision, e.precision[k], DP2, `${label} precision`);
        close(got.recall, e.recall[k], DP2, `${label} recall`);
        close(got.f1, e.f1[k], DP2, `${label} f1`);
        expect(got.support).toBe(e.support[k]);
      });
      const exact = 1e-12;
      for (const [name, want] of Object.entries<Json>(e.output_dict)) {
        const got =
          name === "macro avg"
            ? r.macro
            : name === "micro avg"
              ? r.micro
              : name === "weighted avg"
                ? r.weighted
                : r.perLabel[name];
        if (!got) throw new Error(name);
        close(got.precision, want.precision, exact, `${name} precision`);
        close(got.recall, want.recall, exact, `${name} recall`);
        close(got.f1, want["f1-score"], exact, `${name} f1`);
        expect(got.support, name).toBe(want.support);
      }
      for (const [beta, key] of [
        [1, "average_scores_2dp"],
        [Number.POSITIVE_INFINITY, "average_scores_beta_inf_2dp"],
      ] as const) {
        const rb = report(c.y_true, c.y_pred, mode, beta);
        for (const avg of ["micro", "macro", "weighted"] as const) {
          const [p, rec, f, support] = e[key][avg];
          close(rb[avg].precision, p, DP2, `${key} ${avg} precision`);
          close(rb[avg].recall, rec, DP2, `${key} ${avg} recall`);
          close(rb[avg].f1, f, DP2, `${key} ${avg} f`);
          expect(rb[avg].support).toBe(support);
        }
      }
    }
  });
});

describe("chunking", () => {
  it("default mode: IOB1 I- after O or another type starts a chunk; strict mode drops it", () => {
    const tags = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "I-ORG", "B-ORG"];
    expect(chunksDefault(tags)).toEqual([
      { label: "PER", start: 0, end: 2 },
      { label: "LOC", start: 3, end: 4 },
      { label: "ORG", start: 4, end: 6 },
      { label: "ORG", start: 6, end: 7 },
    ]);
    expect(chunksStrict(tags)).toEqual([
      { label: "LOC", start: 3, end: 4 },
      { label: "ORG", start: 6, end: 7 },
    ]);
  });

  it("default mode understands IOBES", () => {
    expect(chunksDefault(["S-PER", "B-LOC", "E-LOC", "B-LOC", "I-LOC", "E-LOC"])).toEqual([
      { label: "PER", start: 0, end: 1 },
      { label: "LOC", start: 1, end: 3 },
      { label: "LOC", start: 3, end: 6 },
    ]);
  });
});

describe("parseConll and scoreConll", () => {
  it("reads tokens, blank-line sentences and -DOCSTART-, tag in the last column", () => {
    const text = "-DOCSTART- -X- O\n\nJohn NNP B-PER\nlives VBZ O\r\n\n\nin IN O\nParis NNP B-LOC\n";
    const sentences = parseConll(text, "truth");
    expect(sentences.map((s) => s.map((t) => `${t.word}/${t.tag}@${t.line}`))).toEqual([
      ["John/B-PER@3", "lives/O@4"],
      ["in/O@7", "Paris/B-LOC@8"],
    ]);
    expect(() => parseConll("John\n", "truth")).toThrow(/truth line 1: needs a token and a tag/);
  });

  it("scores each sentence as an item, and refuses misaligned files or bad tags", () => {
    const truth = parseConll("a B-X\nb I-X\n\nc O\n", "truth");
    const answer = parseConll("a B-X\nb O\n\nc O\n", "answer");
    const r = scoreConll(truth, answer);
    expect(r.items.map((i) => [i.id, i.score, i.tp, i.fp, i.fn])).toEqual([
      ["1", 0, 0, 1, 1],
      ["2", 1, 0, 0, 0],
    ]);
    expect(r.accuracy).toBe(2 / 3);
    expect(() => scoreConll(truth, parseConll("a B-X\nb O\n", "answer"))).toThrow(
      /2 sentences but the answer 1/,
    );
    expect(() => scoreConll(truth, parseConll("a B-X\n\nc O\n", "answer"))).toThrow(/item 1: sentence 1/);
    expect(() => scoreConll(truth, parseConll("a B-X\nz O\n\nc O\n", "answer"))).toThrow(/token 2/);
    expect(() => scoreConll(truth, parseConll("a B-X\nb X\n\nc O\n", "answer"))).toThrow(ScoringInputError);
    expect(() => scoreConll(truth, parseConll("a S-X\nb O\n\nc O\n", "answer"), { mode: "strict" })).toThrow(
      /not IOB2/,
    );
    expect(() => scoreConll(truth, answer, { mode: "default", labels: new Set(["Y"]) })).toThrow(
      /not a known label/,
    );
  });

  const tag = fc.constantFrom("O", "B-A", "I-A", "B-B", "I-B");
  const sentences = fc.array(fc.array(tag, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 });

  it("scores in [0, 1], and an answer equal to the truth scores 1, in both modes", () => {
    fc.assert(
      fc.property(sentences, fc.infiniteStream(tag), (t, stream) => {
        const a = t.map((s) => s.map(() => stream.next().value as string));
        for (const mode of ["default", "strict"] as const) {
          const r = scoreConll(asTokens(t), asTokens(a), { mode });
          for (const item of r.items) {
            expect(item.score).toBeGreaterThanOrEqual(0);
            expect(item.score).toBeLessThanOrEqual(1);
          }
          expect(scoreConll(asTokens(t), asTokens(t), { mode }).items.every((i) => i.score === 1)).toBe(true);
        }
      }),
    );
  });
});
