import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scoreCocoKind } from "./coco-kinds.ts";
import {
  boxIoUPlusOne,
  COCO_IOU_THRESHOLDS,
  type CocoSummaryStat,
  cocoBoxIoU,
  type DetectionBox,
  evaluateDetections,
  formatCocoSummary,
  type TruthBox,
  vocAveragePrecision,
  vocDetails,
} from "./detections.ts";
import { boxIoU } from "./geometry.ts";
import { ScoringInputError } from "./types.ts";

const fixtures = new URL("./fixtures/", import.meta.url);

/**
 * Reads a Padilla-style folder pair: truth lines "class x y w h", detection lines "class
 * confidence x y w h", one file per image; detections in file then line order (the references'
 * order, which breaks ties of equal confidence).
 */
function readPadilla(folder: string, gts: string, dets: string) {
  const dir = new URL(`${folder}/`, fixtures);
  const truth: TruthBox[] = [];
  const detections: DetectionBox[] = [];
  for (const file of readdirSync(new URL(`${gts}/`, dir)).sort())
    readFileSync(new URL(`${gts}/${file}`, dir), "utf8")
      .trim()
      .split("\n")
      .forEach((line, k) => {
        const [label, x, y, w, h] = line.trim().split(/\s+/);
        truth.push({
          id: `${file}:${k}`,
          image: file,
          label: label as string,
          x: +(x as string),
          y: +(y as string),
          w: +(w as string),
          h: +(h as string),
        });
      });
  for (const file of readdirSync(new URL(`${dets}/`, dir)).sort())
    readFileSync(new URL(`${dets}/${file}`, dir), "utf8")
      .trim()
      .split("\n")
      .forEach((line, k) => {
        const [label, score, x, y, w, h] = line.trim().split(/\s+/);
        detections.push({
          id: `${file}:${k}`,
          image: file,
          label: label as string,
          score: +(score as string),
          x: +(x as string),
          y: +(y as string),
          w: +(w as string),
          h: +(h as string),
        });
      });
  return { truth, detections };
}

const json = (path: string) => JSON.parse(readFileSync(new URL(path, fixtures), "utf8"));

describe("VOC AP conformance (rafaelpadilla/Object-Detection-Metrics, MIT)", () => {
  const expected = json("odm_padilla_7img/expected.json").expected;
  const { truth, detections } = readPadilla("odm_padilla_7img", "groundtruths", "detections");

  it("reproduces the README example at IoU 0.3 with the +1 pixel rule", () => {
    expect(truth).toHaveLength(15);
    expect(detections).toHaveLength(24);
    const [person] = vocDetails(truth, detections, { iouThreshold: 0.3, plusOne: true });
    expect(person?.label).toBe("person");
    // results.txt: "AP: 24.57%"; README: 24.56% (a hand sum of truncated terms) and 26.84% (11-point).
    expect(Math.round((person?.vocAll as number) * 1e4) / 100).toBe(
      expected.AP_all_point_interpolation_results_txt_percent,
    );
    expect(person?.vocAll).toBeCloseTo(expected.AP_all_point_interpolation_README_sum, 3);
    expect(person?.voc11).toBeCloseTo(expected.AP_11_point_interpolation_README, 4);
    // Every detection's TP / FP (letters A..Y without W, in file and line order).
    const letters = Object.keys(expected.tp_fp_per_detection_README_table).filter((k) => k.length === 1);
    const outcome = new Map(person?.outcomes.map((o) => [o.id, o.outcome]));
    expect(detections.map((d) => outcome.get(d.id))).toEqual(
      letters.map((l) => expected.tp_fp_per_detection_README_table[l]),
    );
    // The precision and recall curves of results.txt (2 decimals).
    expect(person?.precision.map((p) => p.toFixed(2))).toEqual(
      expected.precision_curve_results_txt.map((p: number) => p.toFixed(2)),
    );
    expect(person?.recall.map((r) => r.toFixed(2))).toEqual(
      expected.recall_curve_results_txt.map((r: number) => r.toFixed(2)),
    );
  });

  it("needs the +1 rule: detection G is TP only with it", () => {
    const g = detections[6] as DetectionBox;
    const t = truth.find((b) => b.image === g.image && b.x === 123) as TruthBox;
    expect(boxIoUPlusOne(g, t)).toBeCloseTo(0.3034, 4);
    const [without] = vocDetails(truth, detections, { iouThreshold: 0.3 });
    expect(without?.outcomes.find((o) => o.id === g.id)?.outcome).toBe("FP");
    // COCO's figures keep pycocotools' IoU whatever the option.
    const plusOne = evaluateDetections(truth, detections, { plusOne: true, voc: true });
    const plain = evaluateDetections(truth, detections, { voc: true });
    expect(plusOne.ap).toBe(plain.ap);
    expect(plusOne.ar).toBe(plain.ar);
  });

  it("gives the same AP through evaluateDetections", () => {
    const r = evaluateDetections(truth, detections, { iouThreshold: 0.3, plusOne: true, method: "voc-all" });
    expect(r.score).toBe(r.vocAll);
    expect(r.vocAll).toBeCloseTo(0.2456866804, 9);
    expect(r.voc11).toBeCloseTo(0.2683982683, 9);
  });
});

describe("VOC AP conformance (rafaelpadilla/review_object_detection_metrics test_case_1, MIT)", () => {
  const expected = json("review_odm_pascal_test_case_1/expected.json").expected_AP_per_class;
  const { truth, detections } = readPadilla("review_odm_pascal_test_case_1", "gts", "dets");

  it("matches both interpolations at IoU 0.1, 0.3, 0.5 and 0.75 (rel 1e-9)", () => {
    for (const threshold of ["0.1", "0.3", "0.5", "0.75"]) {
      const [object] = vocDetails(truth, detections, { iouThreshold: Number(threshold), plusOne: true });
      expect(object?.label).toBe("object");
      const eleven = expected.ELEVEN_POINT_INTERPOLATION.object[threshold] as number;
      const every = expected.EVERY_POINT_INTERPOLATION.object[threshold] as number;
      // math.isclose(rel_tol=1e-9); the published values have 10 decimals.
      expect(Math.abs((object?.voc11 as number) - eleven)).toBeLessThanOrEqual(
        Math.max(1e-9 * eleven, 5e-11),
      );
      expect(Math.abs((object?.vocAll as number) - every)).toBeLessThanOrEqual(Math.max(1e-9 * every, 5e-11));
    }
  });
});

const gt = (
  id: string,
  image: string,
  x: number,
  y: number,
  w: number,
  h: number,
  extra: Partial<TruthBox> = {},
): TruthBox => ({
  id,
  image,
  label: extra.label ?? "1",
  x,
  y,
  w,
  h,
  ...extra,
});
const dt = (
  id: string,
  image: string,
  score: number,
  x: number,
  y: number,
  w: number,
  h: number,
  label = "1",
): DetectionBox => ({
  id,
  image,
  label,
  score,
  x,
  y,
  w,
  h,
});

describe("COCO AP (pycocotools' rules)", () => {
  it("uses pycocotools' thresholds bit for bit", () => {
    expect(COCO_IOU_THRESHOLDS).toEqual([
      0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
    ]);
  });

  it("scores one detection at IoU 0.8: matched at 7 of the 10 thresholds", () => {
    const r = evaluateDetections([gt("g", "1", 0, 0, 10, 10)], [dt("d", "1", 0.9, 0, 0, 10, 8)]);
    expect(r).toMatchObject({ ap: 0.7, ap50: 1, ap75: 1, ar: 0.7, score: 0.7 });
    expect(r.items).toEqual([
      { id: "1", score: 1, tp: 1, fp: 0, fn: 0, matches: [{ truth: "g", answer: "d", iou: 0.8 }] },
    ]);
  });

  it("interpolates precision over 101 recall points", () => {
    // A confident false positive first: precision 0 then 1/2, made monotone: 1/2 at every recall.
    const r = evaluateDetections(
      [gt("g", "1", 0, 0, 10, 10)],
      [dt("far", "1", 0.9, 50, 50, 5, 5), dt("d", "1", 0.8, 0, 0, 10, 10)],
    );
    expect(r).toMatchObject({ ap: 0.5, ap50: 0.5, ar: 1 });
    expect(r.items[0]).toMatchObject({ tp: 1, fp: 1, fn: 0, score: 2 / 3 });
  });

  it("ignores detections on crowd regions and truths outside the area range", () => {
    const truth = [gt("crowd", "1", 0, 0, 100, 100, { crowd: true }), gt("g", "1", 200, 200, 10, 10)];
    const dets = [dt("in-crowd", "1", 0.9, 10, 10, 10, 10), dt("d", "1", 0.5, 200, 200, 10, 10)];
    const r = evaluateDetections(truth, dets);
    expect(r).toMatchObject({ ap: 1, ar: 1 });
    expect(r.items[0]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(r.perClass).toEqual([expect.objectContaining({ label: "1", truths: 1, detections: 2 })]);
    const huge = evaluateDetections(
      [gt("g", "1", 0, 0, 10, 10, { area: 2e10 })],
      [dt("d", "1", 0.5, 0, 0, 10, 10)],
    );
    expect(huge.perClass).toEqual([]);
  });

  it("evaluates at most maxDets detections per image and label", () => {
    const truth = [gt("g", "1", 0, 0, 10, 10)];
    const dets = [dt("far", "1", 0.9, 50, 50, 5, 5), dt("d", "1", 0.8, 0, 0, 10, 10)];
    expect(evaluateDetections(truth, dets, { maxDets: 1 })).toMatchObject({ ap: 0, ar: 0 });
  });

  it("matches pycocotools on a mixed case (crowd, area override, ties, two labels)", () => {
    // Expected values computed with pycocotools' COCOeval evaluateImg / accumulate / summarize
    // logic (transcribed with numpy) on the same input; 300 random cases agreed to 1e-12.
    const truth = [
      gt("1", "1", 10, 10, 50, 40),
      gt("2", "1", 70, 20, 30, 30),
      gt("3", "1", 0, 60, 40, 30, { label: "2" }),
      gt("4", "2", 5, 5, 20, 20),
      gt("5", "2", 0, 0, 100, 100, { crowd: true }),
      gt("6", "3", 30, 30, 25, 35, { label: "2" }),
      gt("7", "3", 60, 30, 25, 35, { label: "2", area: 2e10 }),
    ];
    const dets = [
      dt("0", "1", 0.9, 12, 11, 48, 40),
      dt("1", "1", 0.6, 68, 22, 33, 27),
      dt("2", "1", 0.7, 0, 60, 40, 30),
      dt("3", "1", 0.8, 2, 62, 36, 30, "2"),
      dt("4", "2", 0.6, 6, 4, 20, 22),
      dt("5", "2", 0.95, 50, 50, 10, 10),
      dt("6", "2", 0.3, 150, 150, 10, 10),
      dt("7", "3", 0.6, 31, 28, 25, 35, "2"),
      dt("8", "3", 0.6, 61, 31, 24, 34, "2"),
      dt("9", "3", 0.2, 30, 30, 20, 20, "2"),
    ];
    const r = evaluateDetections(truth, dets, { images: ["1", "2", "3"] });
    expect(r.ap).toBeCloseTo(0.6382425742574257, 12);
    expect(r.ap50).toBeCloseTo(0.9170792079207921, 12);
    expect(r.ap75).toBeCloseTo(0.9170792079207921, 12);
    expect(r.ar).toBeCloseTo(0.7083333333333333, 12);
  });

  it("scores an answer without truth objects: 1 when empty, else 0", () => {
    expect(evaluateDetections([], [], { images: ["1"] })).toMatchObject({ ap: 1, score: 1, perClass: [] });
    expect(evaluateDetections([], [dt("d", "1", 0.5, 0, 0, 1, 1)])).toMatchObject({ ap: 0, score: 0 });
    // A label no truth has is left out of the means, but its detections are false positives.
    const r = evaluateDetections(
      [gt("g", "1", 0, 0, 10, 10)],
      [dt("d", "1", 0.9, 0, 0, 10, 10), dt("x", "1", 0.9, 0, 0, 10, 10, "cat")],
    );
    expect(r.ap).toBe(1);
    expect(r.items[0]).toMatchObject({ tp: 1, fp: 1 });
  });

  it("refuses malformed input, naming the image", () => {
    const ok = gt("g", "7", 0, 0, 10, 10);
    const cases: Array<[TruthBox[], DetectionBox[], object, RegExp]> = [
      [[{ ...ok, w: 0 }], [], {}, /image 7: truth object #0 \(id "g"\) has a non-positive size/],
      [[ok, ok], [], {}, /repeats an id/],
      [[ok], [{ ...dt("d", "7", 0.5, 0, 0, 1, 1), score: Number.NaN }], {}, /no finite confidence/],
      [[ok], [dt("d", "7", 0.5, Number.POSITIVE_INFINITY, 0, 1, 1)], {}, /non-finite x/],
      [[ok], [], { iouThreshold: 1.5 }, /IoU threshold 1.5/],
      [[ok], [], { maxDets: 0 }, /maxDets 0/],
      [[ok], [], { images: ["1"] }, /image 7 of box g is not among the images/],
    ];
    for (const [truth, dets, options, pattern] of cases) {
      const run = () => evaluateDetections(truth, dets, options);
      expect(run).toThrow(ScoringInputError);
      expect(run).toThrow(pattern);
    }
  });
});

describe("VOC helpers", () => {
  it("computes both interpolations of a curve", () => {
    // Recall 0.5 at precision 1, then recall 1 at precision 0.5.
    expect(vocAveragePrecision([0.5, 1], [1, 0.5], "all")).toBe(0.75);
    expect(vocAveragePrecision([0.5, 1], [1, 0.5], "11")).toBeCloseTo((6 * 1 + 5 * 0.5) / 11, 15);
    expect(vocAveragePrecision([], [], "all")).toBe(0);
  });

  it("uses VOC's +1 rule: touching boxes overlap by one pixel", () => {
    const a = { x: 0, y: 0, w: 9, h: 9 }; // pixels 0..9: 100 pixels
    expect(boxIoUPlusOne(a, a)).toBe(1);
    expect(boxIoUPlusOne(a, { x: 9, y: 0, w: 9, h: 9 })).toBeCloseTo(10 / 190, 15);
    expect(boxIoUPlusOne(a, { x: 10, y: 0, w: 9, h: 9 })).toBe(0);
  });
});

describe("pycocotools' summary conformance (Lightning-AI/torchmetrics test_map.py, Apache-2.0)", () => {
  const expected = json("torchmetrics_map_bbox/expected.json");
  const r = scoreCocoKind(
    "detections",
    json("torchmetrics_map_bbox/truth.json"),
    json("torchmetrics_map_bbox/results.json"),
    {},
  );
  const summary = r.summary as CocoSummaryStat[];

  it("prints the 12 published lines of pycocotools' summarize()", () => {
    expect(formatCocoSummary(summary)).toEqual(expected.summary_lines);
  });

  it("gives each figure within the published tolerance and rounding", () => {
    const keys = ["map", "map_50", "map_75", "map_small", "map_medium", "map_large"];
    keys.push("mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large");
    expect(summary.map((s) => s.name)).toEqual([
      "AP",
      "AP50",
      "AP75",
      "APs",
      "APm",
      "APl",
      "AR1",
      "AR10",
      "AR100",
      "ARs",
      "ARm",
      "ARl",
    ]);
    keys.forEach((key, k) => {
      const value = (summary[k] as CocoSummaryStat).value;
      // TestMAP.atol = 1e-1; the reference prints 3 decimals, so within half a unit of the last.
      expect(Math.abs(value - expected.stats[key])).toBeLessThanOrEqual(0.1);
      expect(Math.abs(value - expected.stats[key])).toBeLessThanOrEqual(5e-4 + 1e-12);
    });
    expect(summary[0]?.value).toBe(r.ap);
    expect(summary[8]?.value).toBe(r.ar);
  });

  it("gives the published per-class AP and AR@100; a class without truth objects is left out (−1)", () => {
    const perClass = r.perClass as Array<{ categoryId: string; ap: number; ar: number }>;
    expect(perClass.map((c) => c.categoryId)).toEqual(["0", "1", "2", "4", "5"]);
    for (const [id, ap] of Object.entries(expected.map_per_class as Record<string, number>)) {
      const entry = perClass.find((c) => c.categoryId === id);
      if (ap === -1) {
        expect(entry).toBeUndefined();
        continue;
      }
      expect(Math.abs((entry?.ap as number) - ap)).toBeLessThanOrEqual(5e-4 + 1e-12);
      expect(Math.abs((entry?.ar as number) - expected.mar_100_per_class[id])).toBeLessThanOrEqual(
        5e-4 + 1e-12,
      );
    }
  });
});

describe("pycocotools' summary on random cases (computed with pycocotools 2.0.11)", () => {
  const cases: Array<{ truth: unknown; results: unknown; maxDets: number; stats: number[] }> = json(
    "pycocotools_random/cases.json",
  );

  it("agrees on all 12 figures of every case to 1e-12", () => {
    expect(cases.length).toBe(60);
    for (const [n, c] of cases.entries()) {
      const r = scoreCocoKind("detections", c.truth, c.results, { "max-dets": String(c.maxDets) });
      const values = (r.summary as CocoSummaryStat[]).map((s) => s.value);
      c.stats.forEach((want, k) => {
        // pycocotools' first line always asks for maxDets=100: −1 unless the evaluation keeps 100.
        if (k === 0 && c.maxDets !== 100) {
          expect(want, `case ${n}`).toBe(-1);
          return;
        }
        expect(Math.abs((values[k] as number) - want), `case ${n} stat ${k}`).toBeLessThanOrEqual(1e-12);
      });
    }
  });
});

describe("COCO summary (pycocotools' summarize)", () => {
  const byName = (summary: readonly CocoSummaryStat[]) =>
    Object.fromEntries(summary.map((s) => [s.name, s.value]));

  it("uses pycocotools' IoU to the last bit: an IoU just under 0.5 is no match at 0.5", () => {
    const d = { x: 134.9, y: 122.4, w: 4.1, h: 15.6 };
    const g = { x: 135.0, y: 120.6, w: 5.1, h: 12.4 };
    // pycocotools' maskUtils.iou gives 0.49999999999999967 for this pair.
    expect(cocoBoxIoU(d, g, false)).toBe(0.49999999999999967);
    expect(boxIoU(d, g)).toBeGreaterThan(0.5);
    const r = evaluateDetections([gt("g", "1", g.x, g.y, g.w, g.h)], [dt("d", "1", 0.9, d.x, d.y, d.w, d.h)]);
    expect(r.ap50).toBe(0);
    // A crowd region: the intersection over the detection's own area.
    expect(cocoBoxIoU({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 100, h: 100 }, true)).toBe(0.5);
  });

  it("splits by area: the truth's `area` (else w × h), the detection's w × h, bounds inclusive", () => {
    const truth = [
      // A 40 × 40 box whose segment is small (area 900): a small object.
      gt("s", "1", 0, 0, 40, 40, { area: 900 }),
      // Exactly 32²: both small and medium.
      gt("edge", "1", 100, 0, 32, 32),
      gt("l", "1", 200, 200, 100, 100),
    ];
    const dets = [
      dt("ds", "1", 0.9, 0, 0, 40, 40),
      dt("dedge", "1", 0.8, 100, 0, 32, 32),
      // A medium false positive: ignored in the small and large ranges (unmatched and out of range).
      dt("fp", "1", 0.95, 400, 400, 50, 50),
    ];
    const r = evaluateDetections(truth, dets);
    const s = byName(r.summary);
    // all: fp first (precision 0), then two hits, the large truth missed.
    expect(s.AR100).toBeCloseTo(2 / 3, 12);
    expect(s.APs).toBe(1);
    expect(s.ARs).toBe(1);
    // medium: the edge truth; fp ranks above its detection.
    expect(s.APm).toBeCloseTo(0.5, 12);
    expect(s.ARm).toBe(1);
    expect(s.APl).toBe(0);
    expect(s.ARl).toBe(0);
    expect(r.summary.map((x) => [x.metric, x.iou, x.area, x.maxDets])).toEqual([
      ["AP", "0.50:0.95", "all", 100],
      ["AP", "0.50", "all", 100],
      ["AP", "0.75", "all", 100],
      ["AP", "0.50:0.95", "small", 100],
      ["AP", "0.50:0.95", "medium", 100],
      ["AP", "0.50:0.95", "large", 100],
      ["AR", "0.50:0.95", "all", 1],
      ["AR", "0.50:0.95", "all", 10],
      ["AR", "0.50:0.95", "all", 100],
      ["AR", "0.50:0.95", "small", 100],
      ["AR", "0.50:0.95", "medium", 100],
      ["AR", "0.50:0.95", "large", 100],
    ]);
  });

  it("gives −1 for an area range without truth objects, and crowd regions are never counted", () => {
    const truth = [gt("g", "1", 0, 0, 50, 50), gt("c", "1", 200, 0, 10, 10, { crowd: true })];
    const s = byName(evaluateDetections(truth, [dt("d", "1", 0.9, 0, 0, 50, 50)]).summary);
    expect(s).toMatchObject({ AP: 1, APs: -1, APm: 1, APl: -1, ARs: -1, ARm: 1, ARl: -1 });
    // Nothing to find at all: pycocotools reports −1 everywhere (the score's own rule gives 1 or 0).
    const empty = evaluateDetections([], [], { images: ["1"] });
    expect(empty.score).toBe(1);
    expect(empty.summary.map((x) => x.value)).toEqual(Array(12).fill(-1));
  });

  it("truncates per image for AR1 and AR10, and caps the maxDets at the option", () => {
    const truth = [gt("a", "1", 0, 0, 20, 20), gt("b", "1", 50, 0, 20, 20), gt("c", "2", 0, 0, 20, 20)];
    const dets = [
      dt("da", "1", 0.9, 0, 0, 20, 20),
      dt("db", "1", 0.8, 50, 0, 20, 20),
      dt("dc", "2", 0.7, 0, 0, 20, 20),
    ];
    const s = byName(evaluateDetections(truth, dets).summary);
    // maxDets applies per image (and label): at 1, image 1 keeps only da and image 2 its dc.
    expect(s.AR1).toBeCloseTo(2 / 3, 15);
    expect(s).toMatchObject({ AR10: 1, AR100: 1 });
    const capped = evaluateDetections(truth, dets, { maxDets: 5 }).summary;
    expect(capped.map((x) => x.maxDets)).toEqual([5, 5, 5, 5, 5, 5, 1, 5, 5, 5, 5, 5]);
  });

  it("formats like Python's format(x, '0.3f'): ties to even, −1 as -1.000", () => {
    const line = (value: number): string =>
      formatCocoSummary([
        { name: "AP", metric: "AP", iou: "0.50:0.95", area: "all", maxDets: 100, value },
      ])[0] ?? "";
    expect(line(0.0625)).toBe(
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.062",
    );
    expect(line(0.1875).endsWith("= 0.188")).toBe(true);
    expect(line(-1).endsWith("= -1.000")).toBe(true);
    expect(line(0.70601980198).endsWith("= 0.706")).toBe(true);
    const recall = formatCocoSummary([
      { name: "ARs", metric: "AR", iou: "0.50:0.95", area: "small", maxDets: 1, value: 0.5 },
    ]);
    expect(recall).toEqual([
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=  1 ] = 0.500",
    ]);
  });
});
