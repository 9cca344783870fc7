import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CliOptions } from "./result.ts";
import { compareItemIds, scoreTextKind, type TextKind } from "./text-kinds.ts";
import { ScoringInputError } from "./types.ts";
import { SCORER_VERSION } from "./version.ts";

const items = (...list: object[]) => ({ items: list });
const score = (kind: TextKind, truth: unknown, answer: unknown, options: CliOptions = {}) =>
  scoreTextKind(kind, truth, answer, options);

describe("scoreTextKind: the result shape", () => {
  it("classification", () => {
    const r = score(
      "classification",
      items({ id: "a", labels: ["cat"] }, { id: "b", labels: ["dog"] }),
      items({ id: "b", labels: ["dog"] }, { id: "a", labels: ["dog"] }),
    );
    expect(r).toEqual({
      kind: "classification",
      scorerVersion: SCORER_VERSION,
      score: 0.5,
      items: [
        { id: "a", score: 0, tp: 0, fp: 1, fn: 1, matches: [] },
        { id: "b", score: 1, tp: 1, fp: 0, fn: 0, matches: [{ truth: "dog", answer: "dog", iou: 1 }] },
      ],
      settings: { multiLabel: false },
    });
    const multi = score(
      "classification",
      items({ id: 1, labels: ["a", "b"] }),
      items({ id: 1, labels: ["b", "c"] }),
      { "multi-label": true },
    );
    expect(multi.score).toBeCloseTo(1 / 3, 15);
    expect(multi.items[0]?.id).toBe("1");
  });

  it("spans: micro and per-label figures", () => {
    const text = "Alice met Bob in Paris.";
    const r = score(
      "spans",
      items({
        id: "d1",
        text,
        spans: [
          { start: 0, end: 5, label: "PER" },
          { start: 17, end: 22, label: "LOC" },
        ],
      }),
      items({
        id: "d1",
        text,
        spans: [
          { start: 0, end: 5, label: "PER" },
          { start: 10, end: 13, label: "PER" },
        ],
      }),
    );
    expect(r.score).toBe(0.5);
    expect(r.items).toEqual([
      { id: "d1", score: 0.5, tp: 1, fp: 1, fn: 1, matches: [{ truth: "0", answer: "0", iou: 1 }] },
    ]);
    expect(r).toMatchObject({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      settings: { format: "json", partial: false },
    });
    expect(r.perLabel).toEqual({
      LOC: { precision: 0, recall: 0, f1: 0, support: 1, found: 0, correct: 0 },
      PER: { precision: 0.5, recall: 1, f1: 2 / 3, support: 1, found: 2, correct: 1 },
    });
    expect(r.macro).toMatchObject({ precision: 0.25, recall: 0.5 });
    // Partial credit, and the answer may leave out the text.
    const p = score(
      "spans",
      items({ id: "d1", text, spans: [{ start: 0, end: 5, label: "PER" }] }),
      items({ id: "d1", spans: [{ start: 0, end: 4, label: "PER" }] }),
      { partial: true },
    );
    expect(p.score).toBeCloseTo(0.8, 15);
  });

  it("spans from CoNLL text, default and strict", () => {
    const truth = "John B-PER\nSmith I-PER\nruns O\n\nin O\nParis B-LOC\n";
    const answer = "John I-PER\nSmith I-PER\nruns O\n\nin O\nParis B-LOC\n";
    const d = score("spans", truth, answer, { format: "conll" });
    expect(d).toMatchObject({
      score: 1,
      f1: 1,
      tokens: 5,
      accuracy: 0.8,
      settings: { format: "conll", mode: "default" },
    });
    expect(d.items.map((i) => i.id)).toEqual(["1", "2"]);
    const s = score("spans", truth, answer, { format: "conll", mode: "strict" });
    expect(s.score).toBe(0.5);
    expect(s.f1).toBeCloseTo(2 / 3, 15);
  });

  it("spans from CoNLL: the published CoNLL-2000 figures through the CLI path", () => {
    const text = readFileSync(
      new URL("./fixtures/seqeval_conll2000_output/ground_truth.txt", import.meta.url),
      "utf8",
    );
    const column = (k: number) =>
      text
        .split("\n")
        .map((line) => {
          const f = line.trim().split(/\s+/);
          return line.trim() === "" ? "" : `${f[0]} ${f[k]}`;
        })
        .join("\n");
    const r = score("spans", column(2), column(3), { format: "conll" });
    expect(Math.abs((r.f1 as number) - 0.7435)).toBeLessThan(5e-5);
    expect(r.phrases).toEqual({ truth: 459, found: 539, correct: 371 });
  });

  it("transcription: pooled CER / WER and per-item figures", () => {
    const r = score(
      "transcription",
      items({ id: "1", text: "This is a test" }, { id: "2", text: "你好，世界" }),
      items({ id: "1", text: "This test" }, { id: "2", text: "你好世界" }),
    );
    expect(r.items[0]).toMatchObject({ id: "1", cer: 5 / 14, wer: 0.5 });
    expect(r.items[1]).toMatchObject({ id: "2", cer: 0, score: 1 });
    expect(r.score).toBeCloseTo((1 - 5 / 14 + 1) / 2, 15);
    expect(r.cer).toBeCloseTo(5 / 18, 15);
    expect(r.wer).toBeCloseTo(2 / 5, 15);
    expect(r).toHaveProperty("mer");
    expect(r).toHaveProperty("wil");
    expect(r.settings).toEqual({
      width: true,
      punctuation: true,
      whitespace: true,
      caseFold: false,
      cerIgnoreSpace: false,
    });
    const raw = score(
      "transcription",
      items({ id: "2", text: "你好，世界" }),
      items({ id: "2", text: "你好世界" }),
      {
        "no-punct": true,
      },
    );
    expect(raw.score).toBe(0.8);
  });

  it("table: JSON items and CSV text", () => {
    const header = ["id", "v"];
    const r = score(
      "table",
      items({
        id: "s",
        header,
        rows: [
          ["1", "a"],
          ["2", "b"],
        ],
      }),
      items({
        id: "s",
        header,
        rows: [
          [2, "b"],
          [1, "x"],
        ],
      }),
      { key: "id" },
    );
    expect(r.score).toBe(0.75);
    expect(r).toMatchObject({ cells: 4, correctCells: 3, settings: { format: "json", key: "id" } });
    const csv = score("table", "id,v\n1,a\n2,b\n", "id,v\r\n1,a\r\n2,c\r\n", { format: "csv" });
    expect(csv.items.map((i) => [i.id, i.score])).toEqual([["1", 0.75]]);
  });
});

describe("scoreTextKind: items and options", () => {
  const truth = items({ id: "1", text: "abc" }, { id: "2", text: "" });

  it("scores a missing answer item 0 and flags it", () => {
    const r = score("transcription", truth, items({ id: "1", text: "abc" }));
    expect(r.items[1]).toMatchObject({ id: "2", score: 0, missing: true });
    expect(r.score).toBe(0.5);
    const c = score("classification", items({ id: "x", labels: [] }), items(), { "multi-label": true });
    expect(c.items[0]).toMatchObject({ score: 0, missing: true });
  });

  it("refuses duplicate ids, unknown answer ids and an empty truth, naming the item", () => {
    const refused = (t: unknown, a: unknown, pattern: RegExp) => {
      let error: unknown;
      try {
        score("transcription", t, a);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScoringInputError);
      expect((error as Error).message).toMatch(pattern);
    };
    refused(items({ id: "1", text: "a" }, { id: 1, text: "b" }), items(), /truth: item 1 appears twice/);
    refused(truth, items({ id: "1", text: "a" }, { id: "1", text: "a" }), /answer: item 1 appears twice/);
    refused(truth, items({ id: "7", text: "a" }), /answer: item 7 is not in the truth/);
    refused(items(), items(), /the truth has no items/);
    refused({ items: "x" }, items(), /^truth: items: /);
    refused(null, items(), /^truth: /);
    refused(items({ id: "q9", text: 5 }), items(), /^truth: item q9: text: /);
    refused(items({ text: "a" }), items(), /^truth: items\[0\]: id: /);
    refused(
      truth,
      items({ id: "1", text: "a", extra: true }, { id: 2.5, text: "" }),
      /^answer: item 2.5: id: /,
    );
  });

  it("refuses options that do not apply, bad values and bad combinations", () => {
    const cls = items({ id: "1", labels: ["a"] });
    const bad: Array<[TextKind, unknown, CliOptions, RegExp]> = [
      ["classification", cls, { iou: "0.5" }, /option --iou does not apply to kind classification/],
      ["classification", cls, { "multi-label": "yes" }, /--multi-label takes no value/],
      ["classification", cls, { labels: "b,c" }, /not a known label/],
      ["spans", items(), { format: "xml" }, /--format must be json or conll/],
      ["spans", items(), { mode: "strict" }, /--mode applies only to --format conll/],
      ["spans", "a O\n", { format: "conll", partial: true }, /--partial applies only to --format json/],
      ["spans", "a O\n", { format: "conll", mode: "lenient" }, /--mode must be default or strict/],
      ["spans", items(), { format: "conll" }, /needs the truth and answer files' text/],
      ["table", items(), { key: true }, /--key needs a value/],
      ["transcription", items(), { "multi-label": true }, /does not apply to kind transcription/],
    ];
    for (const [kind, doc, options, pattern] of bad)
      expect(() => score(kind, doc, doc, options)).toThrow(pattern);
    // "true" and "false" are accepted for flags.
    expect(score("classification", cls, cls, { "multi-label": "false" }).settings).toEqual({
      multiLabel: false,
    });
  });

  it("takes the label set from the truth document or --labels", () => {
    const t = { labels: ["cat", "dog"], items: [{ id: "1", labels: ["cat"] }] };
    expect(() => score("classification", t, items({ id: "1", labels: ["cow"] }))).toThrow(
      /item 1: answer label "cow" is not a known label/,
    );
    expect(score("classification", t, items({ id: "1", labels: ["cow"] }), { labels: "cat,cow" }).score).toBe(
      0,
    );
  });

  it("refuses an answer text that differs from the truth's for spans", () => {
    expect(() =>
      score("spans", items({ id: "1", text: "abc", spans: [] }), items({ id: "1", text: "abd", spans: [] })),
    ).toThrow(/item 1: the answer's text differs/);
  });

  it("orders ids numerically when they are numbers", () => {
    expect(["10", "b", "2", "a", "1"].sort(compareItemIds)).toEqual(["1", "2", "10", "a", "b"]);
  });
});

describe("scoreTextKind: properties", () => {
  const labels = fc.uniqueArray(fc.constantFrom("a", "b", "c"), { maxLength: 3 });
  const ids = fc.uniqueArray(fc.constantFrom("1", "2", "3", "10", "x", "y"), { minLength: 1, maxLength: 6 });
  const word = fc.string({ unit: fc.constantFrom("a", "b", " ", "。"), maxLength: 8 });

  /** A truth and an answer for each kind, over the same ids (some answers left out). */
  const cases = fc.oneof(
    fc
      .record({
        kind: fc.constant<TextKind>("classification"),
        rows: ids.chain((list) =>
          fc.tuple(...list.map((id) => fc.tuple(fc.constant(id), labels, labels, fc.boolean()))),
        ),
      })
      .map(({ kind, rows }) => ({
        kind,
        options: { "multi-label": true } as CliOptions,
        truth: rows.map(([id, t]) => ({ id, labels: t })),
        answer: rows.filter(([, , , keep]) => keep).map(([id, , a]) => ({ id, labels: a })),
      })),
    fc
      .record({
        kind: fc.constant<TextKind>("transcription"),
        rows: ids.chain((list) =>
          fc.tuple(...list.map((id) => fc.tuple(fc.constant(id), word, word, fc.boolean()))),
        ),
      })
      .map(({ kind, rows }) => ({
        kind,
        options: {} as CliOptions,
        truth: rows.map(([id, t]) => ({ id, text: t })),
        answer: rows.filter(([, , , keep]) => keep).map(([id, , a]) => ({ id, text: a })),
      })),
    fc
      .record({
        kind: fc.constant<TextKind>("table"),
        rows: ids.chain((list) =>
          fc.tuple(
            ...list.map((id) =>
              fc.tuple(
                fc.constant(id),
                fc.array(fc.tuple(word, word)),
                fc.array(fc.tuple(word, word)),
                fc.boolean(),
              ),
            ),
          ),
        ),
      })
      .map(({ kind, rows }) => ({
        kind,
        options: {} as CliOptions,
        truth: rows.map(([id, t]) => ({ id, header: ["p", "q"], rows: t })),
        answer: rows.filter(([, , , keep]) => keep).map(([id, , a]) => ({ id, header: ["q", "p"], rows: a })),
      })),
  );

  it("every score is in [0, 1]; the truth as answer scores 1; permuting items changes nothing", () => {
    fc.assert(
      fc.property(cases, fc.infiniteStream(fc.integer()), (c, noise) => {
        const r = score(c.kind, { items: c.truth }, { items: c.answer }, c.options);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        for (const item of r.items) {
          expect(item.score).toBeGreaterThanOrEqual(0);
          expect(item.score).toBeLessThanOrEqual(1);
        }
        expect(score(c.kind, { items: c.truth }, { items: c.truth }, c.options).score).toBe(1);
        const shuffle = (list: readonly unknown[]): unknown[] =>
          list
            .map((x) => [noise.next().value as number, x] as const)
            .sort((p, q) => p[0] - q[0])
            .map(([, x]) => x);
        expect(score(c.kind, { items: shuffle(c.truth) }, { items: shuffle(c.answer) }, c.options)).toEqual(
          r,
        );
      }),
    );
  });
});
