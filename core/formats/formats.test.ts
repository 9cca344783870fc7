// Dataset formats: round trips through COCO, YOLO and JSONL, a real COCO file from the COCO API's
// own samples, and every malformed input refused with a problem that names where it is.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fromCoco, toCoco } from "./coco.ts";
import type { Dataset, DatasetImage } from "./dataset.ts";
import { toJsonl } from "./jsonl.ts";
import { fromYolo, readYoloClasses, toYolo, yoloClasses } from "./yolo.ts";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

const street: Dataset = {
  labels: ["car", "person", "行人"],
  images: [
    {
      file: "images/0001.png",
      width: 640,
      height: 480,
      boxes: [
        { id: "b1", label: "car", x: 10.5, y: 20.25, w: 100, h: 50.75 },
        { id: "b2", label: "行人", x: 600, y: 400, w: 40, h: 80 },
      ],
      polygons: [
        {
          id: "p1",
          label: "person",
          points: [
            [300, 100],
            [340, 110],
            [330, 200],
            [295, 190],
          ],
        },
      ],
    },
    { file: "images/0002.png", width: 320, height: 240, boxes: [], polygons: [] },
  ],
};

/** The shapes of an image without their ids (formats number them their own way). */
const shapes = (img: DatasetImage) => ({
  boxes: img.boxes.map(({ id: _id, ...b }) => b),
  polygons: img.polygons.map(({ id: _id, ...p }) => p),
});

describe("COCO", () => {
  it("round-trips a dataset: images, categories in label order, boxes and polygons", () => {
    const coco = toCoco(street);
    expect(coco.categories.map((c) => [c.id, c.name])).toEqual([
      [1, "car"],
      [2, "person"],
      [3, "行人"],
    ]);
    expect(coco.annotations.map((a) => a.bbox)).toEqual([
      [10.5, 20.25, 100, 50.75],
      [600, 400, 40, 80],
      [295, 100, 45, 100],
    ]);
    expect(coco.annotations[2]?.segmentation).toEqual([[300, 100, 340, 110, 330, 200, 295, 190]]);
    const back = fromCoco(JSON.stringify(coco));
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.value.labels).toEqual(street.labels);
    expect(back.value.images.map((i) => [i.file, i.width, i.height])).toEqual([
      ["images/0001.png", 640, 480],
      ["images/0002.png", 320, 240],
    ]);
    expect(back.value.images.map(shapes)).toEqual(street.images.map(shapes));
  });

  it("reads the COCO API's own val2017 sample: 15 polygons, the crowd mask left out when asked", () => {
    const text = fixture("coco-instances_val2017_1img-sample.json");
    const strict = fromCoco(text);
    expect(strict.ok).toBe(false);
    if (!strict.ok)
      expect(strict.problems).toEqual([
        {
          where: expect.stringMatching(/^annotations\[15\]/),
          message: expect.stringContaining("run-length"),
        },
      ]);
    const read = fromCoco(text, { skipCrowd: true });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.value.labels).toHaveLength(80);
    expect(read.value.labels[0]).toBe("person");
    const [img] = read.value.images;
    expect(img).toMatchObject({ file: "000000448263.jpg", width: 320, height: 240 });
    expect(img?.polygons).toHaveLength(15);
    expect(img?.boxes).toHaveLength(0);
    // The first person's polygon, with the bbox COCO gives for it.
    const first = img?.polygons[0];
    expect(first?.label).toBe("person");
    const xs = first?.points.map((p) => p[0]) ?? [];
    const ys = first?.points.map((p) => p[1]) ?? [];
    expect(Math.min(...xs)).toBeCloseTo(80.0, 2);
    expect(Math.min(...ys)).toBeCloseTo(6.49, 2);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(223.89, 2);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(223.36, 2);
  });

  const base = () => toCoco(street) as unknown as Record<string, Record<string, unknown>[]>;

  it.each([
    ["not JSON", () => "{", /file/, /not JSON/],
    ["no images list", () => ({ categories: [], annotations: [] }), /images/, /./],
    [
      "a repeated image id",
      () => {
        const c = base();
        c.images?.push({ ...(c.images[0] as object), file_name: "other.png" });
        return c;
      },
      /images\[2\]/,
      /repeats image id 1/,
    ],
    [
      "a repeated annotation id",
      () => {
        const c = base();
        (c.annotations?.[1] as Record<string, unknown>).id = 1;
        return c;
      },
      /annotations\[1\]/,
      /repeats annotation id 1/,
    ],
    [
      "an unknown category",
      () => {
        const c = base();
        (c.annotations?.[0] as Record<string, unknown>).category_id = 99;
        return c;
      },
      /annotations\[0\]/,
      /category 99/,
    ],
    [
      "an unknown image",
      () => {
        const c = base();
        (c.annotations?.[0] as Record<string, unknown>).image_id = 7;
        return c;
      },
      /annotations\[0\]/,
      /image 7/,
    ],
    [
      "a box outside the image",
      () => {
        const c = base();
        (c.annotations?.[1] as Record<string, unknown>).bbox = [600, 400, 41, 80];
        return c;
      },
      /annotations\[1\]/,
      /outside the image \(640×480\)/,
    ],
    [
      "a self-crossing polygon",
      () => {
        const c = base();
        (c.annotations?.[2] as Record<string, unknown>).segmentation = [
          [300, 100, 340, 200, 340, 100, 300, 200],
        ];
        return c;
      },
      /annotations\[2\]/,
      /polygon/,
    ],
    [
      "a polygon with two parts",
      () => {
        const c = base();
        (c.annotations?.[2] as Record<string, unknown>).segmentation = [
          [300, 100, 340, 110, 330, 200],
          [10, 10, 20, 10, 20, 20],
        ];
        return c;
      },
      /annotations\[2\]/,
      /2 polygon parts/,
    ],
    ["a NaN-like coordinate", () => JSON.stringify(base()).replace("10.5", '"x"'), /annotations/, /./],
  ])("refuses %s, naming where", (_name, make, where, message) => {
    const input = make();
    const read = fromCoco(typeof input === "string" ? input : JSON.stringify(input));
    const problems = read.ok ? [] : read.problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => where.test(p.where) && message.test(p.message))).toBe(true);
  });
});

describe("YOLO", () => {
  it("round-trips an image's boxes and polygons through normalised coordinates", () => {
    const img = street.images[0] as DatasetImage;
    const text = toYolo(img, street.labels);
    expect(text.split("\n")[0]).toBe("0 0.094531 0.095052 0.156250 0.105729");
    const classes = readYoloClasses(yoloClasses(street.labels));
    if (!classes.ok) throw new Error("classes");
    expect(classes.value).toEqual(street.labels);
    const back = fromYolo(text, classes.value, { file: img.file, width: img.width, height: img.height });
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    const got = shapes(back.value);
    const want = shapes(img);
    expect(got.boxes.map((b) => b.label)).toEqual(want.boxes.map((b) => b.label));
    got.boxes.forEach((b, i) => {
      const w = want.boxes[i] as (typeof want.boxes)[number];
      for (const k of ["x", "y", "w", "h"] as const) expect(Math.abs(b[k] - w[k])).toBeLessThan(0.01);
    });
    expect(got.polygons[0]?.points.flat().map((v) => Math.round(v * 100) / 100)).toEqual(
      want.polygons[0]?.points.flat(),
    );
    expect(toYolo(street.images[1] as DatasetImage, street.labels)).toBe("");
  });

  const size = { file: "a.txt", width: 100, height: 100 };
  it.each([
    ["a class classes.txt lacks", "5 0.5 0.5 0.1 0.1", /a\.txt:1/, /class 5/],
    ["a coordinate outside 0–1", "0 1.5 0.5 0.1 0.1", /a\.txt:1/, /outside 0–1/],
    ["a field that is not a number", "0 0.5 x 0.1 0.1", /a\.txt:1/, /not a number/],
    ["a wrong number of fields", "0 0.5 0.5 0.1", /a\.txt:1/, /4 fields/],
    ["a box reaching outside the image", "\n0 0.95 0.5 0.2 0.1", /a\.txt:2/, /outside the image/],
    ["a self-crossing polygon", "0 0.1 0.1 0.5 0.5 0.5 0.1 0.1 0.5", /a\.txt:1/, /polygon/],
  ])("refuses %s, naming the line", (_name, text, where, message) => {
    const r = fromYolo(text, ["car"], size);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => where.test(p.where) && message.test(p.message))).toBe(true);
  });

  it("refuses a classes.txt with a repeated or no class", () => {
    expect(readYoloClasses("car\ncar\n")).toEqual({
      ok: false,
      problems: [{ where: "classes.txt:2", message: "repeats the class car" }],
    });
    expect(readYoloClasses("\n\n").ok).toBe(false);
  });
});

describe("JSONL", () => {
  it("writes one image per line and reads back as the same dataset", () => {
    const text = toJsonl(street);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l))).toEqual(street.images);
  });
});
