import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRANSCRIPTION_OPTIONS,
  errorRates,
  scoreTranscriptionItem,
  type TranscriptionOptions,
  transcriptionMeasures,
  wordErrorCounts,
} from "./transcription.ts";

interface JiwerCase {
  id: string;
  ref: string | string[];
  hyp: string | string[];
  transform?: string;
  expected: Record<string, number | Record<string, number>>;
}

const jiwer = JSON.parse(
  readFileSync(new URL("./fixtures/jiwer_wer_cer/expected.json", import.meta.url), "utf8"),
) as { cases: JiwerCase[] };

/** jiwer's default transforms only collapse and strip spaces: no width, punctuation or case step. */
const JIWER: TranscriptionOptions = {
  width: false,
  punctuation: false,
  whitespace: true,
  caseFold: false,
  cerIgnoreSpace: false,
};

describe("jiwer conformance (fixtures/jiwer_wer_cer)", () => {
  const list = (x: string | string[]) => (typeof x === "string" ? [x] : x);
  for (const c of jiwer.cases) {
    it(`${c.id}: every published value`, () => {
      // wer_contiguous joins the sentences into one string before aligning.
      const contiguous = c.transform?.startsWith("wer_contiguous") ?? false;
      const refs = contiguous ? [list(c.ref).join(" ")] : list(c.ref);
      const hyps = contiguous ? [list(c.hyp).join(" ")] : list(c.hyp);
      const m = transcriptionMeasures(refs, hyps, JIWER);
      const errors = wordErrorCounts(refs, hyps, JIWER);
      let checked = 0;
      for (const [key, want] of Object.entries(c.expected)) {
        checked++;
        if (typeof want === "object") {
          const got =
            key === "substitutions_by_pair"
              ? errors.substitutions
              : key === "insertions"
                ? errors.insertions
                : key === "deletions"
                  ? errors.deletions
                  : undefined;
          expect(got, key).toEqual(want);
        } else if (key === "wer" || key === "mer" || key === "wil" || key === "wip" || key === "cer") {
          expect(m[key], key).toBeCloseTo(want, 12);
        } else if (key === "hits" || key === "substitutions" || key === "deletions" || key === "insertions") {
          expect(m.words[key], key).toBe(want);
        } else throw new Error(`unchecked expected key ${key}`);
      }
      expect(checked).toBe(Object.keys(c.expected).length);
    });
  }

  it("follows jiwer 4's README on empty references", () => {
    const wer = (r: string, h: string) => transcriptionMeasures([r], [h], JIWER).wer;
    const cer = (r: string, h: string) => transcriptionMeasures([r], [h], JIWER).cer;
    expect(wer("", "")).toBe(0);
    expect(wer("", "silence")).toBe(1);
    expect(wer("", "peaceful silence")).toBe(2);
    expect(transcriptionMeasures([""], ["now defined behaviour"], JIWER).words.insertions).toBe(3);
    expect(cer("", "")).toBe(0);
    expect(cer("", "a")).toBe(1);
    expect(cer("", "abcde")).toBe(5);
    const both = errorRates({ hits: 0, substitutions: 0, deletions: 0, insertions: 0 });
    expect([both.mer, both.wip, both.wil]).toEqual([0, 1, 0]);
  });
});

describe("scoreTranscriptionItem", () => {
  it("scores max(0, 1 − CER) and counts characters", () => {
    const item = scoreTranscriptionItem("a", "This is a test", "This test");
    expect(item.cer).toBeCloseTo(5 / 14, 15);
    expect(item.score).toBeCloseTo(9 / 14, 15);
    expect(item.wer).toBe(0.5);
    expect([item.tp, item.fp, item.fn]).toEqual([9, 0, 5]);
    expect(scoreTranscriptionItem("b", "X", "X X Y Y").score).toBe(0);
    expect(scoreTranscriptionItem("c", "", "").score).toBe(1);
    expect(scoreTranscriptionItem("d", "", "a").score).toBe(0);
  });

  it("normalises width, punctuation and whitespace by default, case only when asked", () => {
    expect(scoreTranscriptionItem("a", "今天天气很好。", "今天天气很好").score).toBe(1);
    expect(scoreTranscriptionItem("a", "Hello, world!", "Ｈｅｌｌｏ　ｗｏｒｌｄ").score).toBe(1);
    expect(scoreTranscriptionItem("a", "a  b", " a b ").score).toBe(1);
    expect(scoreTranscriptionItem("a", "Hello", "hello").score).toBe(0.8);
    const ignoreCase = { ...DEFAULT_TRANSCRIPTION_OPTIONS, caseFold: true };
    expect(scoreTranscriptionItem("a", "Hello", "hello", ignoreCase).score).toBe(1);
    const raw = { ...DEFAULT_TRANSCRIPTION_OPTIONS, width: false, punctuation: false, whitespace: false };
    expect(scoreTranscriptionItem("a", "好。", "好", raw).score).toBe(0.5);
    expect(scoreTranscriptionItem("a", "ＡＢ", "AB", raw).score).toBe(0);
    expect(scoreTranscriptionItem("a", "a  b", "a b", raw).cer).toBe(0.25);
  });

  it("measures Chinese CER over characters and WER over whitespace tokens", () => {
    const item = scoreTranscriptionItem("zh", "我爱北京天安门", "我爱北京天安");
    expect(item.cer).toBeCloseTo(1 / 7, 15);
    // One unsegmented token on each side: one substitution.
    expect(item.wer).toBe(1);
    // Spaces the candidate adds between characters count, unless CER ignores spaces.
    expect(scoreTranscriptionItem("zh", "我爱北京", "我 爱 北 京").cer).toBe(0.75);
    const noSpace = { ...DEFAULT_TRANSCRIPTION_OPTIONS, cerIgnoreSpace: true };
    expect(scoreTranscriptionItem("zh", "我爱北京", "我 爱 北 京", noSpace).cer).toBe(0);
  });

  it("counts an astral character as one character", () => {
    expect(scoreTranscriptionItem("e", "a😀b", "ab").cer).toBeCloseTo(1 / 3, 15);
  });

  const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "，", "Ａ", "中", "!"), maxLength: 12 });

  it("scores in [0, 1], and an answer equal to the truth scores 1", () => {
    fc.assert(
      fc.property(text, text, (t, a) => {
        const item = scoreTranscriptionItem("p", t, a);
        expect(item.score).toBeGreaterThanOrEqual(0);
        expect(item.score).toBeLessThanOrEqual(1);
        expect(item.cer).toBeGreaterThanOrEqual(0);
        expect(scoreTranscriptionItem("p", t, t).score).toBe(1);
      }),
    );
  });
});
