import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  boxIoUPlusOne,
  COCO_IOU_THRESHOLDS,
  type DetectionBox,
  evaluateDetections,
  type TruthBox,
  vocAveragePrecision,
  vocDetails,
} from "./detections.ts";
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
