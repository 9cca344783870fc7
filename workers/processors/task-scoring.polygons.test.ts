// One polygon-validity rule: the server's save check and the scorer accept and refuse the same
// polygons (both call protocol polygonProblem), on a table of valid and invalid polygons.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../core/errors.ts";
import { polygonProblem } from "../../protocol/index.ts";
import { validateAnswer } from "../../server/exams/answer-validation.ts";
import type { PaperStructure } from "../../server/exams/paper-structure.ts";
import { scorablePolygon, scoreTaskItems } from "./task-scoring.ts";

type Points = [number, number][];

const CASES: [string, Points, boolean][] = [
  [
    "a square",
    [
      [10, 10],
      [60, 10],
      [60, 60],
      [10, 60],
    ],
    true,
  ],
  [
    "a triangle, clockwise",
    [
      [10, 10],
      [30, 60],
      [60, 10],
    ],
    true,
  ],
  [
    "an L (concave)",
    [
      [10, 10],
      [60, 10],
      [60, 30],
      [30, 30],
      [30, 60],
      [10, 60],
    ],
    true,
  ],
  [
    "a collinear vertex along a straight edge",
    [
      [10, 10],
      [35, 10],
      [60, 10],
      [60, 60],
      [10, 60],
    ],
    true,
  ],
  [
    "a bow tie (self-intersecting)",
    [
      [10, 10],
      [60, 60],
      [60, 10],
      [10, 60],
    ],
    false,
  ],
  [
    "a ring touching itself at a vertex",
    [
      [10, 10],
      [60, 10],
      [35, 35],
      [60, 60],
      [10, 60],
      [35, 35],
    ],
    false,
  ],
  [
    "two points",
    [
      [10, 10],
      [60, 60],
    ],
    false,
  ],
  [
    "all points collinear (zero area)",
    [
      [10, 10],
      [30, 30],
      [60, 60],
    ],
    false,
  ],
  [
    "folding back along an edge",
    [
      [10, 10],
      [60, 10],
      [30, 10],
      [30, 60],
    ],
    false,
  ],
  [
    "a repeated point",
    [
      [10, 10],
      [60, 10],
      [60, 10],
      [60, 60],
      [10, 60],
    ],
    false,
  ],
  [
    "the closing point repeated",
    [
      [10, 10],
      [60, 10],
      [60, 60],
      [10, 60],
      [10, 10],
    ],
    false,
  ],
  [
    "a NaN coordinate",
    [
      [10, 10],
      [Number.NaN, 10],
      [60, 60],
      [10, 60],
    ],
    false,
  ],
  [
    "an infinite coordinate",
    [
      [10, 10],
      [Number.POSITIVE_INFINITY, 10],
      [60, 60],
    ],
    false,
  ],
];

const paper: PaperStructure = {
  questions: new Map(),
  items: new Map([
    [
      "item",
      {
        kind: "POLYGONS",
        labelIds: new Set(["lake"]),
        options: {},
        width: 100,
        height: 100,
        textLength: 0,
        table: null,
      },
    ],
  ]),
  total: 1,
};

/** Whether the server's save check accepts the polygon (ValidationError: refused). */
function saveAccepts(points: Points): boolean {
  try {
    validateAnswer(paper, { kind: "item", id: "item" }, { polygons: [{ id: "p", label: "lake", points }] });
    return true;
  } catch (err) {
    if (err instanceof ValidationError) return false;
    throw err;
  }
}

const SQUARE: Points = [
  [70, 70],
  [90, 70],
  [90, 90],
  [70, 90],
];

describe("one polygon-validity rule for the save check and the scorer", () => {
  it.each(CASES)("%s", (_name, points, valid) => {
    expect(polygonProblem(points) === null).toBe(valid);
    expect(saveAccepts(points)).toBe(valid);
    expect(scorablePolygon(points)).toBe(valid);
    // Through the scorer: a valid polygon answering itself scores 1; an invalid one is an extra.
    const truth = valid ? points : SQUARE;
    const [score] = scoreTaskItems("POLYGONS", { credit: "f1@iou" }, [
      {
        id: "i",
        payload: { width: 100, height: 100 },
        truth: { polygons: [{ id: "t", label: "lake", points: truth }] },
        answer: { polygons: [{ id: "p", label: "lake", points }] },
      },
    ]);
    if (valid) expect(score).toMatchObject({ score: 1, tp: 1, fp: 0, fn: 0 });
    // JSON cannot carry NaN or ∞: such an answer no longer parses and counts as no answer.
    else expect(score?.tp).toBe(0);
  });
});
