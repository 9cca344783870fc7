import { describe, expect, it } from "vitest";
import { taskAnswerSchemas } from "../../../protocol/annotations.ts";
import { answerProblem, dropOneShape, shapeCount, shiftShapes, truthToAnswer } from "./sample-answer.ts";

describe("the truth as a sample answer", () => {
  it("turns each kind's truth into a valid answer of that kind", () => {
    const cases = [
      ["BOXES", { boxes: [{ id: "b1", label: "car", x: 1, y: 2, w: 30, h: 40 }] }, null],
      [
        "POLYGONS",
        {
          polygons: [
            {
              id: 7,
              label: "lake",
              points: [
                [0, 0],
                [10, 0],
                [5, 8],
              ],
            },
          ],
        },
        null,
      ],
      ["POINTS", { points: [{ id: "p 1", label: "eye", x: 3, y: 4 }] }, null],
      [
        "KEYPOINTS",
        {
          instances: [
            {
              id: "k1",
              label: "person",
              area: 400,
              keypoints: [
                [1, 2, 2],
                [0, 0, 0],
              ],
            },
          ],
        },
        null,
      ],
      ["IMAGE_CLASSIFICATION", { labels: ["cat"] }, null],
      ["TEXT_CLASSIFICATION", { labels: ["spam", "ad"] }, { text: "buy now" }],
      ["TEXT_SPANS", { spans: [{ id: "s1", start: 0, end: 3, label: "ORG" }] }, { text: "ACME Ltd" }],
      ["TRANSCRIPTION", { text: "你好" }, null],
      [
        "TABLE",
        {
          header: ["name", "age"],
          rows: [
            ["Li", "30"],
            ["Wang", "41"],
          ],
        },
        {
          header: ["age", "name"],
          rows: [
            ["30", "Li"],
            ["30", "Li"],
            ["41", "Wang"],
          ],
        },
      ],
    ] as const;
    for (const [kind, truth, payload] of cases) {
      const answer = truthToAnswer(kind, truth, payload);
      expect(taskAnswerSchemas[kind].safeParse(answer).success, kind).toBe(true);
      expect(answerProblem(kind, answer)).toBeNull();
    }
    expect(truthToAnswer("KEYPOINTS", cases[3][1], null)).toEqual({
      instances: [
        {
          id: "k1",
          label: "person",
          keypoints: [
            [1, 2, 2],
            [0, 0, 0],
          ],
        },
      ],
    });
    // Ids that do not fit the id pattern are replaced; a table's columns follow the payload's order.
    expect(truthToAnswer("POINTS", cases[2][1], null)).toEqual({
      points: [{ id: "point-1", label: "eye", x: 3, y: 4 }],
    });
    expect(truthToAnswer("POLYGONS", cases[1][1], null)).toMatchObject({ polygons: [{ id: "7" }] });
    // One answer row per given row: the truth written over the rows it cleans, the others marked.
    expect(truthToAnswer("TABLE", cases[8][1], cases[8][2])).toEqual({
      rows: [
        ["30", "Li"],
        ["30", "Li"],
        ["41", "Wang"],
      ],
      marks: [null, "duplicate", null],
    });
  });

  it("pairs a table's truth rows with the given rows by the key column, marking the rest", () => {
    const header = ["id", "name", "city", "age"];
    const dirty = [
      ["1", "王磊", "北京", "34"],
      ["2", "陈静", "", "28"],
      ["3", "刘洋", "上海", "４５"],
      ["3", "刘洋", "上海", "45"],
      ["4", "赵敏 ", "广州", "-7"],
      ["5", "孙丽", "", "51"],
      ["6", "周杰", "深圳", "39"],
    ];
    const clean = [
      ["1", "王磊", "北京", "34"],
      ["2", "陈静", "北京", "28"],
      ["3", "刘洋", "上海", "45"],
      ["5", "孙丽", "北京", "51"],
      ["6", "周杰", "深圳", "39"],
    ];
    const expected = {
      rows: [clean[0], clean[1], clean[2], dirty[3], dirty[4], clean[3], clean[4]],
      marks: [null, null, null, "duplicate", "invalid", null, null],
    };
    const byKey = truthToAnswer("TABLE", { header, rows: clean }, { header, rows: dirty }, "id");
    expect(byKey).toEqual(expected);
    expect(answerProblem("TABLE", byKey)).toBeNull();
    // Without a key, in order, each truth row on the most alike given row.
    expect(truthToAnswer("TABLE", { header, rows: clean }, { header, rows: dirty })).toEqual({
      rows: [clean[0], clean[1], clean[2], dirty[3], dirty[4], clean[3], clean[4]],
      marks: [null, null, null, "duplicate", "invalid", null, null],
    });
  });

  it("never throws on a truth of an unexpected shape, and says what is wrong with a bad answer", () => {
    expect(truthToAnswer("BOXES", null, null)).toEqual({ boxes: [] });
    expect(truthToAnswer("TABLE", "nonsense", null)).toEqual({ rows: [], marks: [] });
    expect(answerProblem("BOXES", { boxes: [{ id: "a", label: "x", x: 0, y: 0, w: 0, h: 5 }] })).toMatch(
      /^boxes\.0\.w: /,
    );
    expect(answerProblem("BOXES", { box: [] })).toBeTruthy();
  });
});

describe("perturbations", () => {
  const boxes = {
    boxes: [
      { id: "a", label: "car", x: 10, y: 10, w: 20, h: 20 },
      { id: "b", label: "car", x: 50, y: 50, w: 5, h: 5 },
    ],
  };

  it("shifts every shape by N px", () => {
    expect(shiftShapes("BOXES", boxes, 5, -2)).toEqual({
      boxes: [
        { id: "a", label: "car", x: 15, y: 8, w: 20, h: 20 },
        { id: "b", label: "car", x: 55, y: 48, w: 5, h: 5 },
      ],
    });
    expect(
      shiftShapes(
        "POLYGONS",
        {
          polygons: [
            {
              id: "p",
              label: "l",
              points: [
                [0, 0],
                [4, 0],
                [0, 4],
              ],
            },
          ],
        },
        1,
        1,
      ),
    ).toEqual({
      polygons: [
        {
          id: "p",
          label: "l",
          points: [
            [1, 1],
            [5, 1],
            [1, 5],
          ],
        },
      ],
    });
    expect(shiftShapes("POINTS", { points: [{ id: "p", label: "l", x: 1, y: 2 }] }, 3, 3)).toEqual({
      points: [{ id: "p", label: "l", x: 4, y: 5 }],
    });
    expect(
      shiftShapes(
        "KEYPOINTS",
        {
          instances: [
            {
              id: "k",
              label: "l",
              keypoints: [
                [1, 1, 2],
                [0, 0, 0],
              ],
            },
          ],
        },
        2,
        2,
      ),
    ).toEqual({
      instances: [
        {
          id: "k",
          label: "l",
          keypoints: [
            [3, 3, 2],
            [0, 0, 0],
          ],
        },
      ],
    });
    expect(shiftShapes("TRANSCRIPTION", { text: "x" }, 2, 2)).toEqual({ text: "x" });
    expect(boxes.boxes[0]?.x).toBe(10);
  });

  it("drops one shape", () => {
    const dropped = dropOneShape("BOXES", boxes);
    expect(shapeCount("BOXES", dropped)).toBe(1);
    expect(shapeCount("BOXES", boxes)).toBe(2);
    expect(shapeCount("BOXES", dropOneShape("BOXES", { boxes: [] }))).toBe(0);
    expect(dropOneShape("TABLE", { rows: [], marks: [] })).toEqual({ rows: [], marks: [] });
  });
});
