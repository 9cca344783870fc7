import { describe, expect, it } from "vitest";
import { type AgreementItem, type AgreementKind, taskAgreement } from "./agreement.ts";
import { AgreementInputError, aggregateRaters, cohensKappa, fleissKappa } from "./kappa.ts";

const cls = (...labels: string[]) => ({ labels });
const items = (...rows: unknown[][]): AgreementItem[] =>
  rows.map((annotations, k) => ({ id: `i${k + 1}`, annotations }));
const box = (id: string, x: number, y: number, w: number, h: number, label = "car") => ({
  id,
  label,
  x,
  y,
  w,
  h,
});
const square = (id: string, x: number, y: number, side: number, label = "roof") => ({
  id,
  label,
  points: [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
  ],
});
const span = (id: string, start: number, end: number, label: string) => ({ id, start, end, label });
const table = (rows: string[][], marks: (null | "duplicate" | "invalid")[] = rows.map(() => null)) => ({
  rows,
  marks,
});

describe("taskAgreement: classification", () => {
  it("2 annotators: Cohen's kappa over the items, per item 1 or 0", () => {
    const a = ["cat", "cat", "dog", "dog", "bird"];
    const b = ["cat", "dog", "dog", "dog", "bird"];
    const report = taskAgreement(
      "IMAGE_CLASSIFICATION",
      items(...a.map((x, k) => [cls(x), cls(b[k] as string)])),
    );
    expect(report.measure).toBe("cohen-kappa");
    expect(report.overall.method).toBe("cohen");
    expect(report.overall.kappa).toBe(cohensKappa(a, b));
    expect(report.overall.agreement).toBe(report.overall.kappa);
    expect(report.overall.observedAgreement).toBeCloseTo(0.8, 12);
    // pe = (2·1 + 2·3 + 1·1) / 25.
    expect(report.overall.expectedAgreement).toBeCloseTo(9 / 25, 12);
    expect(report.perItem.map((i) => i.agreement)).toEqual([1, 0, 1, 1, 1]);
    expect(report.threshold).toBe(0.6);
    expect(report.lowAgreement).toEqual([{ id: "i2", agreement: 0 }]);
    expect(report.annotators).toBe(2);
  });

  it("3+ annotators: Fleiss' kappa; per item the share of agreeing annotator pairs", () => {
    const ratings = [
      ["a", "a", "a"],
      ["a", "a", "b"],
      ["b", "c", "a"],
      ["c", "c", "c"],
    ];
    const report = taskAgreement("TEXT_CLASSIFICATION", items(...ratings.map((r) => r.map((x) => cls(x)))));
    expect(report.measure).toBe("fleiss-kappa");
    expect(report.overall.kappa).toBeCloseTo(fleissKappa(aggregateRaters(ratings).table), 12);
    expect(report.perItem.map((i) => i.agreement)).toEqual([1, 1 / 3, 0, 1]);
    expect(report.perItem[1]?.pairs).toEqual([
      { annotators: [0, 1], agreement: 1 },
      { annotators: [0, 2], agreement: 0 },
      { annotators: [1, 2], agreement: 0 },
    ]);
    expect(report.lowAgreement.map((x) => x.id)).toEqual(["i3", "i2"]);
  });

  it("kappa is null when undefined (everyone chose one label everywhere); observed agreement 1", () => {
    const report = taskAgreement("IMAGE_CLASSIFICATION", items([cls("a"), cls("a")], [cls("a"), cls("a")]));
    expect(report.overall.kappa).toBeNull();
    expect(report.overall.agreement).toBeNull();
    expect(report.overall.observedAgreement).toBe(1);
    expect(report.overall.meanItemAgreement).toBe(1);
    expect(report.lowAgreement).toEqual([]);
  });

  it("no label is a category of its own", () => {
    const report = taskAgreement(
      "IMAGE_CLASSIFICATION",
      items([cls(), cls()], [cls("a"), cls()], [cls("a"), cls("a")]),
    );
    expect(report.overall.kappa).toBe(cohensKappa(["", "a", "a"], ["", "", "a"]));
    expect(report.perItem.map((i) => i.agreement)).toEqual([1, 0, 1]);
  });

  it("weighted kappa follows the labels' order", () => {
    const a = ["low", "mid", "high", "high"];
    const b = ["low", "high", "high", "mid"];
    const labels = ["low", "mid", "high"];
    const report = taskAgreement(
      "TEXT_CLASSIFICATION",
      items(...a.map((x, k) => [cls(x), cls(b[k] as string)])),
      {
        weights: "quadratic",
        labels,
      },
    );
    expect(report.overall.kappa).toBe(cohensKappa(a, b, { weights: "quadratic", labels }));
    expect(report.overall.weights).toBe("quadratic");
  });

  it("multi-label: Jaccard per item, kappa over item × label decisions, and per label", () => {
    const report = taskAgreement(
      "IMAGE_CLASSIFICATION",
      items([cls("a", "b"), cls("a")], [cls("b"), cls("b")], [cls(), cls()], [cls("a"), cls("b")]),
    );
    expect(report.perItem.map((i) => i.agreement)).toEqual([0.5, 1, 1, 0]);
    // Decisions for a: (1,1) (0,0) (0,0) (1,0); for b: (1,0) (1,1) (0,0) (0,1).
    const a1 = [1, 0, 0, 1];
    const a2 = [1, 0, 0, 0];
    const b1 = [1, 1, 0, 0];
    const b2 = [0, 1, 0, 1];
    expect(report.overall.kappa).toBe(cohensKappa([...a1, ...b1], [...a2, ...b2], { labels: [0, 1] }));
    expect(report.overall.perLabel).toEqual([
      { label: "a", kappa: cohensKappa(a1, a2) },
      { label: "b", kappa: cohensKappa(b1, b2) },
    ]);
  });

  it("multi-label with no label chosen anywhere: kappa null, every item in full agreement", () => {
    const report = taskAgreement("TEXT_CLASSIFICATION", items([cls(), cls(), cls()]), { multiLabel: true });
    expect(report.overall.kappa).toBeNull();
    expect(report.overall.perLabel).toEqual([]);
    expect(report.perItem[0]?.agreement).toBe(1);
  });

  it.each([
    {
      why: "annotator counts that differ",
      rows: [
        [cls("a"), cls("a")],
        [cls("a"), cls("a"), cls("b")],
      ],
      options: {},
      error: /kappa needs every annotator/,
    },
    {
      why: "a label the task does not have",
      rows: [[cls("a"), cls("z")]],
      options: { labels: ["a", "b"] },
      error: /unknown label "z"/,
    },
    {
      why: "weights with 3 annotators",
      rows: [[cls("a"), cls("a"), cls("b")]],
      options: { weights: "linear" as const },
      error: /weights apply/,
    },
    { why: "a single annotation", rows: [[cls("a")]], options: {}, error: /at least 2 annotations/ },
    {
      why: "a document of another kind",
      rows: [[cls("a"), { choice: "a" }]],
      options: {},
      error: /annotation 1 is not a IMAGE_CLASSIFICATION answer/,
    },
  ])("refuses $why", ({ rows, options, error }) => {
    expect(() => taskAgreement("IMAGE_CLASSIFICATION", items(...rows), options)).toThrow(error);
  });
});

describe("taskAgreement: boxes and polygons (mean IoU of Hungarian-matched shapes)", () => {
  it.each([
    { why: "identical", a: [box("a", 0, 0, 10, 10)], b: [box("b", 0, 0, 10, 10)], expected: 1 },
    { why: "both empty", a: [], b: [], expected: 1 },
    { why: "one empty", a: [box("a", 0, 0, 10, 10)], b: [], expected: 0 },
    // Shifted by half: IoU 50 / 150.
    { why: "half shifted", a: [box("a", 0, 0, 10, 10)], b: [box("b", 5, 0, 10, 10)], expected: 1 / 3 },
    {
      why: "an extra shape counts 0",
      a: [box("a", 0, 0, 10, 10)],
      b: [box("b", 0, 0, 10, 10), box("c", 50, 50, 10, 10)],
      expected: 1 / 2,
    },
    {
      why: "another label does not match",
      a: [box("a", 0, 0, 10, 10, "car")],
      b: [box("b", 0, 0, 10, 10, "bus")],
      expected: 0,
    },
    {
      // Greedy takes a1–b1 (IoU 45/75 = 0.6) first and is left with a2–b2 (5/115); the optimal
      // matching a1–b2 (40/80) and a2–b1 (40/80) has the larger total: (0.5 + 0.5) / 2.
      why: "the matching maximises the total IoU",
      a: [box("a1", 0, 0, 60, 10), box("a2", 35, 0, 60, 10)],
      b: [box("b1", 15, 0, 60, 10), box("b2", -20, 0, 60, 10)],
      expected: 0.5,
    },
  ])("boxes: $why", ({ a, b, expected }) => {
    const report = taskAgreement("BOXES", items([{ boxes: a }, { boxes: b }]));
    expect(report.measure).toBe("mean-iou");
    expect(report.perItem[0]?.agreement).toBeCloseTo(expected, 12);
    expect(report.overall.agreement).toBeCloseTo(expected, 12);
    expect(report.threshold).toBe(0.7);
  });

  it("equal total IoU: the matching with more pairs wins, whichever annotator comes first", () => {
    // a1–b1 alone (IoU 40/80) or a1–b2 and a2–b1 (24/96 each): the same total 0.5; with one pair
    // three shapes are left over (0.5 / 3), with two none are (0.5 / 2).
    const a = { boxes: [box("a1", 0, 0, 60, 10), box("a2", 56, 0, 60, 10)] };
    const b = { boxes: [box("b1", 20, 0, 60, 10), box("b2", -36, 0, 60, 10)] };
    expect(taskAgreement("BOXES", items([a, b])).overall.agreement).toBeCloseTo(0.25, 12);
    expect(taskAgreement("BOXES", items([b, a])).overall.agreement).toBeCloseTo(0.25, 12);
  });

  it("matchAcrossLabels ignores labels", () => {
    const rows = items([
      { boxes: [box("a", 0, 0, 10, 10, "car")] },
      { boxes: [box("b", 0, 0, 10, 10, "bus")] },
    ]);
    expect(taskAgreement("BOXES", rows, { matchAcrossLabels: true }).overall.agreement).toBe(1);
  });

  it("3 annotators: the mean over the 3 pairs; matched and unmatched per pair", () => {
    const report = taskAgreement(
      "BOXES",
      items([
        { boxes: [box("a", 0, 0, 10, 10)] },
        { boxes: [box("b", 0, 0, 10, 10)] },
        { boxes: [box("c", 5, 0, 10, 10)] },
      ]),
    );
    expect(report.perItem[0]?.agreement).toBeCloseTo((1 + 1 / 3 + 1 / 3) / 3, 12);
    expect(report.perItem[0]?.pairs[0]).toEqual({
      annotators: [0, 1],
      agreement: 1,
      matched: 1,
      unmatched: 0,
    });
    expect(report.annotators).toBe(3);
  });

  it.each([
    { why: "identical", a: [square("a", 0, 0, 10)], b: [square("b", 0, 0, 10)], expected: 1 },
    { why: "half shifted", a: [square("a", 0, 0, 10)], b: [square("b", 5, 0, 10)], expected: 1 / 3 },
    { why: "disjoint", a: [square("a", 0, 0, 10)], b: [square("b", 20, 0, 10)], expected: 0 },
  ])("polygons: $why", ({ a, b, expected }) => {
    const report = taskAgreement("POLYGONS", items([{ polygons: a }, { polygons: b }]));
    expect(report.perItem[0]?.agreement).toBeCloseTo(expected, 12);
  });

  it("refuses a self-intersecting polygon, naming the item and the annotation", () => {
    const bowtie = {
      id: "p",
      label: "roof",
      points: [
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ],
    };
    expect(() =>
      taskAgreement("POLYGONS", items([{ polygons: [square("a", 0, 0, 10)] }, { polygons: [bowtie] }])),
    ).toThrow(/item i1: annotation 1 polygon #0/);
  });
});

describe("taskAgreement: spans (exact span F1)", () => {
  it.each([
    {
      why: "one of two spans differs in label",
      a: [span("1", 0, 5, "PER"), span("2", 6, 10, "LOC")],
      b: [span("1", 0, 5, "PER"), span("2", 6, 10, "ORG")],
      expected: 0.5,
    },
    { why: "both empty", a: [], b: [], expected: 1 },
    { why: "boundaries differ", a: [span("1", 0, 5, "PER")], b: [span("1", 0, 4, "PER")], expected: 0 },
    {
      why: "a missing span",
      a: [span("1", 0, 5, "PER"), span("2", 6, 10, "LOC")],
      b: [span("1", 0, 5, "PER")],
      expected: 2 / 3,
    },
  ])("$why", ({ a, b, expected }) => {
    const report = taskAgreement("TEXT_SPANS", items([{ spans: a }, { spans: b }]));
    expect(report.measure).toBe("span-f1");
    expect(report.perItem[0]?.agreement).toBeCloseTo(expected, 12);
  });

  it("pooled F1 over the items", () => {
    const report = taskAgreement(
      "TEXT_SPANS",
      items(
        [{ spans: [span("1", 0, 5, "PER")] }, { spans: [span("1", 0, 5, "PER")] }],
        [{ spans: [span("1", 0, 5, "PER"), span("2", 6, 9, "LOC")] }, { spans: [] }],
      ),
    );
    expect(report.overall.pooledF1).toBeCloseTo((2 * 1) / 4, 12);
    expect(report.overall.meanItemAgreement).toBeCloseTo(0.5, 12);
  });
});

describe("taskAgreement: transcription (1 − CER over the longer text)", () => {
  it.each([
    { a: "hello", b: "hello", expected: 1 },
    { a: "abcd", b: "abce", expected: 0.75 },
    { a: "abcd", b: "ab", expected: 0.5 },
    { a: "ab", b: "abcd", expected: 0.5 },
    { a: "", b: "", expected: 1 },
    { a: "ab", b: "", expected: 0 },
    // The scorer's normalisation: punctuation and extra spaces do not count.
    { a: "Hello, world", b: "Hello  world", expected: 1 },
  ])("$a / $b", ({ a, b, expected }) => {
    const report = taskAgreement("TRANSCRIPTION", items([{ text: a }, { text: b }]));
    expect(report.measure).toBe("character-similarity");
    expect(report.perItem[0]?.agreement).toBeCloseTo(expected, 12);
  });

  it("normalisation can be switched off", () => {
    const rows = items([{ text: "Hello, world" }, { text: "Hello world" }]);
    const report = taskAgreement("TRANSCRIPTION", rows, { transcription: { punctuation: false } });
    expect(report.perItem[0]?.agreement).toBeCloseTo(1 - 1 / 12, 12);
  });
});

describe("taskAgreement: table (share of equal cells)", () => {
  it.each([
    { why: "equal", a: table([["1", "x"]]), b: table([["1", "x"]]), expected: 1 },
    {
      why: "one cell of four",
      a: table([
        ["1", "x"],
        ["2", "y"],
      ]),
      b: table([
        ["1", "x"],
        ["2", "z"],
      ]),
      expected: 0.75,
    },
    { why: "numbers by value, trimmed", a: table([["1.0", " x"]]), b: table([["1", "x "]]), expected: 1 },
    {
      why: "a row both dropped counts equal",
      a: table(
        [
          ["1", "x"],
          ["1", "x"],
        ],
        [null, "duplicate"],
      ),
      b: table(
        [
          ["1", "x"],
          ["1", "X"],
        ],
        [null, "invalid"],
      ),
      expected: 1,
    },
    {
      why: "a row one dropped counts unequal",
      a: table(
        [
          ["1", "x"],
          ["2", "y"],
        ],
        [null, "duplicate"],
      ),
      b: table([
        ["1", "x"],
        ["2", "y"],
      ]),
      expected: 0.5,
    },
    {
      why: "an extra row",
      a: table([["1", "x"]]),
      b: table([
        ["1", "x"],
        ["2", "y"],
      ]),
      expected: 0.5,
    },
    { why: "no rows", a: table([]), b: table([]), expected: 1 },
  ])("$why", ({ a, b, expected }) => {
    const report = taskAgreement("TABLE", items([a, b]));
    expect(report.measure).toBe("cell-agreement");
    expect(report.perItem[0]?.agreement).toBeCloseTo(expected, 12);
  });
});

describe("taskAgreement: report and input", () => {
  it("lowAgreement: below the threshold, worst first, ties by id", () => {
    const report = taskAgreement(
      "TRANSCRIPTION",
      [
        { id: "c", annotations: [{ text: "ab" }, { text: "" }] },
        { id: "b", annotations: [{ text: "abcd" }, { text: "ab" }] },
        { id: "a", annotations: [{ text: "ab" }, { text: "cd" }] },
        { id: "d", annotations: [{ text: "abcd" }, { text: "abcd" }] },
      ],
      { threshold: 0.5 },
    );
    expect(report.lowAgreement).toEqual([
      { id: "a", agreement: 0 },
      { id: "c", agreement: 0 },
    ]);
    expect(report.overall.agreement).toBeCloseTo(0.375, 12);
    expect(report.items).toBe(4);
  });

  it.each([
    {
      kind: "POINTS" as AgreementKind,
      rows: items([{ points: [] }, { points: [] }]),
      error: /not supported/,
    },
    { kind: "TABLE" as AgreementKind, rows: [] as AgreementItem[], error: /non-empty list/ },
    {
      kind: "TRANSCRIPTION" as AgreementKind,
      rows: [
        { id: "x", annotations: [{ text: "" }, { text: "" }] },
        { id: "x", annotations: [{ text: "" }, { text: "" }] },
      ],
      error: /appears twice/,
    },
    { kind: "TRANSCRIPTION" as AgreementKind, rows: [{ id: "", annotations: [] }], error: /no string id/ },
  ])("refuses $error", ({ kind, rows, error }) => {
    expect(() => taskAgreement(kind, rows)).toThrow(error);
    expect(() => taskAgreement(kind, rows)).toThrow(AgreementInputError);
  });

  it("refuses a threshold outside [0, 1]", () => {
    expect(() =>
      taskAgreement("TRANSCRIPTION", items([{ text: "" }, { text: "" }]), { threshold: 2 }),
    ).toThrow(/threshold 2/);
  });
});
