import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COCO_PERSON_SIGMAS,
  type Keypoint,
  type KeypointInstance,
  oks,
  scoreKeypointsItem,
  scoreKeypointsItemWithDiagnostics,
} from "./keypoints.ts";
import { ScoringInputError } from "./types.ts";

const SIGMAS = [0.1, 0.1, 0.1];
const person = (id: string, keypoints: Keypoint[], area?: number, label = "person"): KeypointInstance =>
  area === undefined ? { id, label, keypoints } : { id, label, keypoints, area };
const base: Keypoint[] = [
  [10, 10, 2],
  [20, 10, 2],
  [15, 20, 1],
];
const moved = (dx: number, dy = 0): Keypoint[] => base.map(([x, y, v]) => [x + dx, y + dy, v]);

describe("oks", () => {
  it("follows pycocotools' formula", () => {
    expect(COCO_PERSON_SIGMAS).toHaveLength(17);
    expect(COCO_PERSON_SIGMAS[0]).toBe(0.26 / 10);
    const truth = person("t", base, 100);
    expect(oks(truth, person("a", base), SIGMAS)).toBe(1);
    // d = 2 for every keypoint: exp(−4 / (0.2² · 2 · 100)) each.
    const expected = Math.exp(-4 / 0.2 ** 2 / (100 + 2.220446049250313e-16) / 2);
    expect(oks(truth, person("a", moved(2)), SIGMAS)).toBeCloseTo(expected, 15);
    // Keypoints the truth leaves unlabelled do not count; one the answer leaves unlabelled scores 0.
    const partial = person("t", [base[0] as Keypoint, [0, 0, 0], base[2] as Keypoint], 100);
    expect(oks(partial, person("a", base), SIGMAS)).toBe(1);
    expect(
      oks(truth, person("a", [base[0] as Keypoint, [20, 10, 0], base[2] as Keypoint]), SIGMAS),
    ).toBeCloseTo(2 / 3, 15);
  });
});

describe("scoreKeypointsItem", () => {
  it("scores mean OKS × F1 over an OKS matching", () => {
    const truth = [person("t1", base, 100), person("t2", moved(100), 100)];
    const answer = [person("a1", moved(2)), person("a2", moved(300))];
    const r = scoreKeypointsItem("i1", truth, answer, { sigmas: SIGMAS });
    const k = oks(truth[0] as KeypointInstance, answer[0] as KeypointInstance, SIGMAS);
    expect(r).toMatchObject({ tp: 1, fp: 1, fn: 1, matches: [{ truth: "t1", answer: "a1", iou: k }] });
    expect(r.score).toBeCloseTo((2 * k) / 4, 15);
    expect(scoreKeypointsItem("i1", truth, truth, { sigmas: SIGMAS }).score).toBe(1);
    expect(scoreKeypointsItem("i1", [], [], { sigmas: SIGMAS }).score).toBe(1);
  });

  it("drops pairs below the OKS threshold and reports them", () => {
    const truth = [person("t1", base, 100)];
    const far = [person("a1", moved(6))]; // OKS ≈ 0.011
    expect(scoreKeypointsItem("i1", truth, far, { sigmas: SIGMAS })).toMatchObject({ tp: 0, score: 0 });
    expect(scoreKeypointsItem("i1", truth, far, { sigmas: SIGMAS, oksThreshold: 0.01 }).tp).toBe(1);
    const near = [person("a1", moved(2), undefined, "robot")];
    const r = scoreKeypointsItemWithDiagnostics("i1", truth, near, { sigmas: SIGMAS });
    expect(r.diagnostics.map((d) => d.type)).toEqual(["low_overlap", "mismatching_label"]);
  });

  it("uses COCO's 17 person sigmas by default", () => {
    const kps: Keypoint[] = Array.from({ length: 17 }, (_, k) => [10 * k, 5 * k, 2]);
    const truth = [person("t1", kps, 5000)];
    expect(scoreKeypointsItem("i1", truth, [person("a1", kps)]).score).toBe(1);
    expect(() => scoreKeypointsItem("i1", [person("t1", base, 100)], [])).toThrow(/3 keypoints, not 17/);
  });

  it("refuses malformed instances and options, naming the item", () => {
    const cases: Array<[unknown[], unknown[], Record<string, unknown>, RegExp]> = [
      [[person("t1", base)], [], {}, /truth instance #0 \(id "t1"\) has no positive area/],
      [[person("t1", base, 0)], [], {}, /no positive area/],
      [
        [
          person(
            "t1",
            [
              [0, 0, 0],
              [0, 0, 0],
              [0, 0, 0],
            ],
            10,
          ),
        ],
        [],
        {},
        /has no labelled keypoint/,
      ],
      [
        [
          person(
            "t1",
            [
              [0, 0, 3],
              [1, 1, 2],
              [2, 2, 2],
            ],
            10,
          ),
        ],
        [],
        {},
        /keypoint 0 has the visibility 3/,
      ],
      [
        [
          person(
            "t1",
            [
              [Number.NaN, 0, 2],
              [1, 1, 2],
              [2, 2, 2],
            ],
            10,
          ),
        ],
        [],
        {},
        /keypoint 0 has a non-finite x/,
      ],
      [[], [person("a1", [[0, 0]] as unknown as Keypoint[])], {}, /has 1 keypoints, not 3/],
      [[person("t1", base, 10), person("t1", base, 10)], [], {}, /repeats an id/],
      [[person("t1", base, 10)], [], { labels: ["cat"] }, /unknown label "person"/],
      [
        [person("t1", moved(1000), 10)],
        [],
        { imageSize: { width: 100, height: 100 } },
        /keypoint 0 lies far outside/,
      ],
      [[], [], { oksThreshold: 2 }, /OKS threshold 2 is not in \(0, 1\]/],
      [[], [], { sigmas: [0.1, -1, 0.1] }, /sigmas must be/],
    ];
    for (const [truth, answer, options, pattern] of cases) {
      const run = () =>
        scoreKeypointsItem("item-5", truth as KeypointInstance[], answer as KeypointInstance[], {
          sigmas: SIGMAS,
          ...options,
        });
      expect(run).toThrow(ScoringInputError);
      expect(run).toThrow(pattern);
      expect(run).toThrow(/item-5/);
    }
  });

  it("keeps scores in [0, 1], ignores order and never gains from an extra instance", () => {
    const instance = fc
      .tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom("person", "cat"),
      )
      .map(([dx, dy, label]) => ({ keypoints: moved(dx, dy), label }));
    const side = (prefix: string) =>
      fc
        .array(instance, { maxLength: 5 })
        .map((list) => list.map((p, i): KeypointInstance => ({ id: `${prefix}${i}`, area: 60, ...p })));
    fc.assert(
      fc.property(side("t"), side("a"), instance, (truth, answer, extra) => {
        const r = scoreKeypointsItemWithDiagnostics("i", truth, answer, { sigmas: SIGMAS });
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(
          scoreKeypointsItemWithDiagnostics("i", [...truth].reverse(), [...answer].reverse(), {
            sigmas: SIGMAS,
          }),
        ).toEqual(r);
        expect(scoreKeypointsItem("i", truth, truth, { sigmas: SIGMAS }).score).toBe(1);
        const after = scoreKeypointsItem("i", truth, [...answer, { id: "x", ...extra, label: "dog" }], {
          sigmas: SIGMAS,
        });
        expect(after.score).toBeLessThanOrEqual(r.score);
      }),
      { numRuns: 300 },
    );
  });
});
