import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scoreCocoKind } from "./coco-kinds.ts";
import { ScoringInputError } from "./types.ts";
import { SCORER_VERSION } from "./version.ts";

const truthBoxes = {
  info: { description: "extra keys are fine" },
  images: [
    { id: 2, width: 100, height: 100, file_name: "b.jpg" },
    { id: 1, width: 100, height: 100, file_name: "a.jpg" },
    { id: 3, width: 100, height: 100 },
  ],
  categories: [
    { id: 1, name: "car" },
    { id: 2, name: "person" },
  ],
  annotations: [
    { id: 10, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 11, image_id: 1, category_id: 2, bbox: [50, 50, 10, 10] },
    { id: 12, image_id: 2, category_id: 1, bbox: [20, 20, 10, 10] },
  ],
};
const answerBoxes = [
  { image_id: 1, category_id: 1, bbox: [0, 0, 10, 8], score: 0.9 },
  { image_id: 1, category_id: 1, bbox: [50, 50, 10, 10], score: 0.8 },
  { image_id: 2, category_id: 1, bbox: [20, 20, 10, 10], score: 0.7 },
  { image_id: 3, category_id: 2, bbox: [70, 70, 5, 5], score: 0.6 },
];

function expectInputError(fn: () => unknown, pattern: RegExp, itemId?: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoringInputError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).not.toMatch(/\n/);
    if (itemId !== undefined) expect((err as ScoringInputError).itemId).toBe(itemId);
    return;
  }
  expect.fail("expected a ScoringInputError");
}

describe("scoreCocoKind: boxes", () => {
  it("prints the CLI contract: items by image id, truth annotation ids, answer indices", () => {
    const r = scoreCocoKind("boxes", truthBoxes, answerBoxes, { iou: "0.5" });
    expect(Object.keys(r)).toEqual(["kind", "scorerVersion", "score", "items"]);
    expect(r.kind).toBe("boxes");
    expect(r.scorerVersion).toBe(SCORER_VERSION);
    expect(r.items.map((i) => i.id)).toEqual(["1", "2", "3"]);
    const [one, two, three] = r.items;
    expect(one).toMatchObject({
      id: "1",
      tp: 1,
      fp: 1,
      fn: 1,
      matches: [{ truth: "10", answer: "0", iou: 0.8 }],
    });
    expect(Object.keys(one ?? {})).toEqual(["id", "score", "tp", "fp", "fn", "matches", "diagnostics"]);
    // The car answered where the truth has a person: CVAT's mismatching label. IoU 0.8 is not a
    // low overlap (< 0.8).
    expect((one as { diagnostics?: unknown }).diagnostics).toEqual([
      {
        type: "mismatching_label",
        severity: "error",
        truth: "11",
        answer: "1",
        iou: 1,
        truthLabel: "2",
        answerLabel: "1",
      },
    ]);
    expect(two).toMatchObject({ score: 1, matches: [{ truth: "12", answer: "2", iou: 1 }] });
    expect(three).toMatchObject({ score: 0, tp: 0, fp: 1, fn: 0 });
    expect(r.score).toBeCloseTo((0.5 + 1 + 0) / 3, 15);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("takes a COCO dataset as the answer, and the options", () => {
    const answer = {
      images: truthBoxes.images,
      annotations: answerBoxes.map((a, k) => ({ id: 100 + k, ...a })),
    };
    expect(scoreCocoKind("boxes", truthBoxes, answer, {})).toEqual(
      scoreCocoKind("boxes", truthBoxes, answerBoxes, {}),
    );
    const strict = scoreCocoKind("boxes", truthBoxes, answerBoxes, { iou: "0.9", "low-overlap": "0.5" });
    expect(strict.items[0]).toMatchObject({ tp: 0 });
    // Options the CLI strips are ignored.
    expect(
      scoreCocoKind("boxes", truthBoxes, answerBoxes, { kind: "boxes", truth: "t.json", answer: "a.json" })
        .score,
    ).toBe(scoreCocoKind("boxes", truthBoxes, answerBoxes, {}).score);
  });

  it("refuses bad options", () => {
    expectInputError(
      () => scoreCocoKind("boxes", truthBoxes, answerBoxes, { iou: "abc" }),
      /--iou abc: expected a number > 0, ≤ 1/,
    );
    expectInputError(() => scoreCocoKind("boxes", truthBoxes, answerBoxes, { iou: "0" }), /--iou 0/);
    expectInputError(
      () => scoreCocoKind("boxes", truthBoxes, answerBoxes, { iou: true }),
      /--iou needs a value/,
    );
    expectInputError(
      () => scoreCocoKind("boxes", truthBoxes, answerBoxes, { radius: "3" }),
      /option --radius does not apply to boxes/,
    );
    expectInputError(
      () => scoreCocoKind("boxes", truthBoxes, answerBoxes, { "outside-margin": "-1" }),
      /--outside-margin -1/,
    );
  });

  it("refuses bad files with one line naming the item", () => {
    const withAnnotations = (annotations: unknown[]) => ({ ...truthBoxes, annotations });
    const cases: Array<[unknown, unknown, RegExp, string | undefined]> = [
      [[], answerBoxes, /truth is not a COCO dataset object/, undefined],
      [{ ...truthBoxes, images: undefined }, answerBoxes, /truth images: /, undefined],
      [{ ...truthBoxes, images: [] }, answerBoxes, /truth has no images/, undefined],
      [
        { ...truthBoxes, images: [...truthBoxes.images, { id: 1 }] },
        answerBoxes,
        /truth images repeat the id 1/,
        "1",
      ],
      [
        withAnnotations([{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, "10", 10] }]),
        [],
        /truth annotations\[0\]\.bbox\[2\] \(image 1\): expected a finite number/,
        "1",
      ],
      [
        withAnnotations([{ id: 1, image_id: 9, category_id: 1, bbox: [0, 0, 1, 1] }]),
        [],
        /truth annotation 1 is on the unknown image 9/,
        "9",
      ],
      [
        withAnnotations([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] }]),
        [],
        /truth annotations\[0\] \(image 1\) has no id/,
        "1",
      ],
      [
        withAnnotations([
          { id: 5, image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] },
          { id: 5, image_id: 2, category_id: 1, bbox: [0, 0, 1, 1] },
        ]),
        [],
        /truth annotation 5 \(image 2\) repeats an id/,
        "2",
      ],
      [
        withAnnotations([{ id: 5, image_id: 1, category_id: 1, bbox: [0, 0, 0, 1] }]),
        [],
        /truth annotation 5 \(image 1\) has a non-positive size 0 × 1/,
        "1",
      ],
      [
        withAnnotations([{ id: 5, image_id: 1, category_id: 1, bbox: [500, 0, 10, 10] }]),
        [],
        /lies far outside the image/,
        "1",
      ],
      [
        truthBoxes,
        [{ image_id: 1, category_id: 7, bbox: [0, 0, 1, 1] }],
        /answer result #0 \(image 1\) has the unknown category 7/,
        "1",
      ],
      [
        truthBoxes,
        [{ image_id: 4, category_id: 1, bbox: [0, 0, 1, 1] }],
        /answer result #0 is on the unknown image 4/,
        "4",
      ],
      [truthBoxes, [{ image_id: 1, category_id: 1 }], /answer #0 \(image 1\) has no bbox/, "1"],
      [
        truthBoxes,
        [{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: "high" }],
        /answer\[0\]\.score \(image 1\)/,
        "1",
      ],
      [
        truthBoxes,
        { nope: true },
        /answer is neither a COCO results array nor a COCO dataset object/,
        undefined,
      ],
    ];
    for (const [truth, answer, pattern, item] of cases)
      expectInputError(() => scoreCocoKind("boxes", truth, answer, {}), pattern, item);
  });
});

describe("scoreCocoKind: polygons, points, keypoints", () => {
  const images = [{ id: 1, width: 200, height: 200 }];
  const categories = [{ id: 1, name: "field" }];

  it("scores COCO polygons (parts) and GeoJSON polygons (holes)", () => {
    const truth = {
      images,
      categories,
      annotations: [
        { id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] },
        {
          id: 2,
          image_id: 1,
          category_id: 1,
          segmentation: {
            type: "Polygon",
            coordinates: [
              [
                [50, 50],
                [90, 50],
                [90, 90],
                [50, 90],
                [50, 50],
              ],
              [
                [60, 60],
                [70, 60],
                [70, 70],
                [60, 70],
                [60, 60],
              ],
            ],
          },
        },
      ],
    };
    const answer = [
      {
        image_id: 1,
        category_id: 1,
        segmentation: [
          [0, 0, 10, 0, 10, 5, 0, 5],
          [0, 5, 10, 5, 10, 10, 0, 10],
        ],
      },
      { image_id: 1, category_id: 1, segmentation: [[50, 50, 90, 50, 90, 90, 50, 90]] },
    ];
    const r = scoreCocoKind("polygons", truth, answer, {});
    expect(r.items[0]).toMatchObject({
      tp: 2,
      matches: [
        { truth: "1", answer: "0", iou: 1 },
        { truth: "2", answer: "1", iou: 1500 / 1600 },
      ],
    });
    expectInputError(
      () =>
        scoreCocoKind(
          "polygons",
          truth,
          [{ image_id: 1, category_id: 1, segmentation: { counts: "abc", size: [200, 200] } }],
          {},
        ),
      /answer #0 \(image 1\) is an RLE mask: give polygons/,
      "1",
    );
    expectInputError(
      () =>
        scoreCocoKind(
          "polygons",
          truth,
          [{ image_id: 1, category_id: 1, segmentation: [[0, 0, 10, 10, 10, 0, 0, 10]] }],
          {},
        ),
      /item 1: answer shape #0 \(id "0"\): polygon 0 ring 0 is self-intersecting/,
      "1",
    );
    expectInputError(
      () => scoreCocoKind("polygons", truth, [{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] }], {}),
      /has no segmentation/,
      "1",
    );
  });

  it("scores points from keypoints, with a required radius", () => {
    const truth = {
      images,
      categories,
      annotations: [{ id: 7, image_id: 1, category_id: 1, keypoints: [10, 10, 2, 50, 50, 2, 0, 0, 0] }],
    };
    const answer = [{ image_id: 1, category_id: 1, keypoints: [12, 10, 2] }];
    const r = scoreCocoKind("points", truth, answer, { radius: "4" });
    expect(r.items[0]).toMatchObject({
      tp: 1,
      fp: 0,
      fn: 1,
      matches: [{ truth: "7/0", answer: "0", iou: 0.5, distance: 2 }],
    });
    expectInputError(() => scoreCocoKind("points", truth, answer, {}), /points need --radius/);
    expectInputError(() => scoreCocoKind("points", truth, answer, { radius: "-2" }), /--radius -2/);
  });

  it("scores keypoints by OKS: COCO's sigmas for 17 keypoints, --sigmas otherwise", () => {
    const kps = Array.from({ length: 17 }, (_, k) => [10 + k, 20 + k, 2]).flat();
    const truth = {
      images,
      categories: [{ id: 1, name: "person", keypoints: Array.from({ length: 17 }, (_, k) => `k${k}`) }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, keypoints: kps, area: 900, bbox: [0, 0, 30, 30] }],
    };
    const r = scoreCocoKind(
      "keypoints",
      truth,
      [{ image_id: 1, category_id: 1, keypoints: kps, score: 1 }],
      {},
    );
    expect(r).toMatchObject({ score: 1, items: [{ tp: 1, matches: [{ truth: "1", answer: "0", iou: 1 }] }] });
    const three = {
      images,
      categories: [{ id: 1 }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, keypoints: [1, 1, 2, 5, 5, 2, 9, 9, 1], bbox: [0, 0, 10, 10] },
      ],
    };
    expectInputError(
      () => scoreCocoKind("keypoints", three, [], {}),
      /3 keypoints per instance: give --sigmas/,
    );
    expect(scoreCocoKind("keypoints", three, [], { sigmas: "0.1,0.1,0.1" }).score).toBe(0);
    expectInputError(
      () => scoreCocoKind("keypoints", three, [], { sigmas: "0.1,0.1" }),
      /--sigmas has 2 values/,
    );
  });
});

describe("scoreCocoKind: detections", () => {
  /** The Padilla 7-image example as COCO: images 1..7, one category, results in file order. */
  function padillaAsCoco() {
    const dir = new URL("./fixtures/odm_padilla_7img/", import.meta.url);
    const files = readdirSync(new URL("groundtruths/", dir)).sort();
    const annotations: object[] = [];
    const results: object[] = [];
    files.forEach((file, k) => {
      for (const line of readFileSync(new URL(`groundtruths/${file}`, dir), "utf8")
        .trim()
        .split("\n")) {
        const [, x, y, w, h] = line.trim().split(/\s+/).map(Number);
        annotations.push({ id: annotations.length + 1, image_id: k + 1, category_id: 1, bbox: [x, y, w, h] });
      }
      for (const line of readFileSync(new URL(`detections/${file}`, dir), "utf8")
        .trim()
        .split("\n")) {
        const [, score, x, y, w, h] = line.trim().split(/\s+/).map(Number);
        results.push({ image_id: k + 1, category_id: 1, bbox: [x, y, w, h], score });
      }
    });
    const truth = {
      images: files.map((_, k) => ({ id: k + 1, width: 200, height: 200 })),
      categories: [{ id: 1, name: "person" }],
      annotations,
    };
    return { truth, results };
  }

  it("reports COCO AP figures, and the VOC AP asked for as the score", () => {
    const { truth, results } = padillaAsCoco();
    const voc = scoreCocoKind("detections", truth, results, {
      ap: "voc-all",
      iou: "0.3",
      "voc-plus-one": true,
    });
    expect(voc.score).toBeCloseTo(0.2456866804, 9);
    expect(voc.vocAll).toBe(voc.score);
    expect(voc).not.toHaveProperty("voc11");
    expect(voc).toMatchObject({ apMethod: "voc-all", iouThreshold: 0.3, vocPlusOne: true, maxDets: 100 });
    expect(voc.perClass).toEqual([
      expect.objectContaining({ categoryId: "1", name: "person", truths: 15, detections: 24 }),
    ]);
    const eleven = scoreCocoKind("detections", truth, results, {
      ap: "voc11",
      iou: "0.3",
      "voc-plus-one": "true",
    });
    expect(eleven.score).toBeCloseTo(0.2683982683, 9);
    const coco = scoreCocoKind("detections", truth, results, {});
    expect(coco.score).toBe(coco.ap);
    for (const key of ["ap", "ap50", "ap75", "ar"]) expect(coco[key]).toEqual(expect.any(Number));
    expect(coco.items).toHaveLength(7);
    expect(coco.items[0]).toMatchObject({ id: "1" });
    const totals = coco.items.reduce((s, i) => ({ tp: s.tp + i.tp, fp: s.fp + i.fp, fn: s.fn + i.fn }), {
      tp: 0,
      fp: 0,
      fn: 0,
    });
    expect(totals.tp + totals.fp).toBe(24);
    expect(totals.tp + totals.fn).toBe(15);
  });

  it("refuses detections without a score and bad detection options", () => {
    const { truth, results } = padillaAsCoco();
    expectInputError(
      () => scoreCocoKind("detections", truth, [{ image_id: 1, category_id: 1, bbox: [0, 0, 5, 5] }], {}),
      /answer #0 \(image 1\) has no score/,
      "1",
    );
    expectInputError(
      () => scoreCocoKind("detections", truth, results, { ap: "map" }),
      /--ap map is not one of coco, voc11, voc-all/,
    );
    expectInputError(
      () => scoreCocoKind("detections", truth, results, { "voc-plus-one": "yes" }),
      /--voc-plus-one is a flag/,
    );
    expectInputError(
      () => scoreCocoKind("detections", truth, results, { "max-dets": "2.5" }),
      /--max-dets 2.5: expected a number ≥ 1, an integer/,
    );
  });
});
