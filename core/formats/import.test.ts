// Dataset import (issue 11): every format read from a real file of it, its truth accepted by the
// task's own scorer with full credit, and every malformed upload refused with its reason.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Box, KeypointTuple } from "../../protocol/annotations.ts";
import { MAX_MEDIA_BYTES } from "../../protocol/authoring.ts";
import { toCoco, toCocoKeypoints } from "./coco.ts";
import { toCvat } from "./cvat.ts";
import {
  expectFullCredit,
  fixtureBytes,
  jpeg,
  label,
  png,
  read,
  refusals,
  target,
  truthAt,
  utf8,
} from "./import-test-helpers.ts";
import { toLabelStudio } from "./labelstudio.ts";
import { toVoc } from "./voc.ts";
import { toYolo, yoloClasses } from "./yolo.ts";

describe("COCO", () => {
  const cocoText = fs.readFileSync(
    path.join(import.meta.dirname, "fixtures", "coco-instances_val2017_1img-sample.json"),
    "utf8",
  );
  it("reads the COCO API's sample as polygons, the crowd mask skipped, with full credit", async () => {
    const files = { "instances.json": utf8(cocoText), "images/000000448263.jpg": await jpeg(320, 240) };
    const r = await read("coco", files, target("POLYGONS"));
    expect(refusals(r)).toBe("");
    expect(r.ok).toBe(true);
    expect(r.items).toHaveLength(1);
    const item = r.items[0];
    expect(item?.payload).toEqual({ width: 320, height: 240 });
    expect(item?.media?.type).toBe("image/jpeg");
    expect(item?.sourceName).toBe("images/000000448263.jpg");
    expect(truthAt<{ polygons: unknown[] }>(r).polygons).toHaveLength(15);
    expect(r.rows.filter((row) => row.outcome === "skipped")).toHaveLength(1);
    expect(r.labelsAdded.map((l) => l.name).sort()).toEqual(["baseball glove", "person", "sports ball"]);
    expectFullCredit("POLYGONS", {}, r);
  });

  it("reads the same file as boxes from bbox", async () => {
    const files = { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(320, 240) };
    const labels = [label("person"), label("glove", "Baseball Glove"), label("sports ball")];
    const r = await read("coco", files, target("BOXES", { labels, addLabels: false }));
    expect(refusals(r)).toBe("");
    const boxes = truthAt<{ boxes: { label: string }[] }>(r).boxes;
    expect(boxes).toHaveLength(15);
    expect(new Set(boxes.map((b) => b.label))).toEqual(new Set(["person", "glove", "sports ball"]));
    expect(r.labelsAdded).toEqual([]);
    expectFullCredit("BOXES", {}, r);
  });

  it("refuses unknown labels, a missing image and a wrong size by name, and imports nothing", async () => {
    const noImage = await read("coco", { "instances.json": utf8(cocoText) }, target("POLYGONS"));
    expect(noImage.ok).toBe(false);
    expect(noImage.items).toEqual([]);
    expect(refusals(noImage)).toContain("000000448263.jpg, which is not in the upload");
    const wrongSize = await read(
      "coco",
      { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(321, 240) },
      target("POLYGONS"),
    );
    expect(refusals(wrongSize)).toContain("states 320×240 but 000000448263.jpg is 321×240");
    const unknown = await read(
      "coco",
      { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(320, 240) },
      target("POLYGONS", { labels: [label("person")], addLabels: false }),
    );
    expect(unknown.ok).toBe(false);
    expect(refusals(unknown)).toMatch(/annotations\[6\] \(id \d+\): names the label "sports ball"/);
    expect(unknown.labelsAdded).toEqual([]);
  });
});

describe("COCO, more", () => {
  it("round-trips keypoints through COCO JSON in the task skeleton's order, with full credit", async () => {
    const skeleton = {
      keypoints: [
        { id: "head", name: "head" },
        { id: "hip", name: "hip" },
        { id: "foot", name: "foot" },
      ],
      edges: [
        [0, 1],
        [1, 2],
      ],
    };
    const instances = [
      {
        label: "person",
        keypoints: [
          [10, 10, 2],
          [12, 40, 1],
          [0, 0, 0],
        ] as KeypointTuple[],
        area: 300,
      },
      {
        label: "person",
        keypoints: [
          [60, 12, 2],
          [61, 42, 2],
          [63, 70, 2],
        ] as KeypointTuple[],
      },
    ];
    const coco = toCocoKeypoints(
      [{ file: "a.png", width: 100, height: 80, instances }],
      ["person"],
      ["head", "hip", "foot"],
    );
    const settings = { skeleton };
    const r = await read(
      "coco",
      { "kp.json": utf8(JSON.stringify(coco)), "a.png": await png(100, 80) },
      target("KEYPOINTS", { labels: [label("person")], addLabels: false, settings }),
    );
    expect(refusals(r)).toBe("");
    const truth = truthAt<{ instances: { label: string; keypoints: number[][]; area?: number }[] }>(r);
    expect(truth.instances.map((i) => i.keypoints)).toEqual(instances.map((i) => i.keypoints));
    expect(truth.instances[0]?.area).toBe(300);
    expectFullCredit("KEYPOINTS", settings, r);

    const short = await read(
      "coco",
      { "kp.json": utf8(JSON.stringify(coco)), "a.png": await png(100, 80) },
      target("KEYPOINTS", {
        settings: { skeleton: { ...skeleton, keypoints: skeleton.keypoints.slice(0, 2), edges: [] } },
      }),
    );
    expect(refusals(short)).toContain("has 3 keypoints but the task's skeleton has 2");
  });

  const oneImage = (annotations: object[], images?: object[]) =>
    utf8(
      JSON.stringify({
        images: images ?? [{ id: 1, file_name: "a.png", width: 100, height: 80 }],
        categories: [{ id: 1, name: "car" }],
        annotations,
      }),
    );
  const ann = (over: object) => ({
    id: 1,
    image_id: 1,
    category_id: 1,
    bbox: [10, 10, 20, 20],
    iscrowd: 0,
    ...over,
  });

  it.each([
    ["a box outside the image", [ann({ bbox: [90, 10, 20, 20] })], "box reaches outside the image (100×80)"],
    [
      "a self-crossing polygon",
      [ann({ segmentation: [[10, 10, 50, 50, 50, 10, 10, 50]] })],
      "polygon crosses itself",
    ],
    [
      "a run-length mask that is not a crowd",
      [ann({ segmentation: { counts: "abc", size: [80, 100] } })],
      "run-length mask",
    ],
    [
      "a polygon in parts",
      [
        ann({
          segmentation: [
            [1, 1, 5, 1, 5, 5],
            [10, 10, 20, 10, 20, 20],
          ],
        }),
      ],
      "2 polygon parts",
    ],
    ["a repeated annotation id", [ann({}), ann({})], "repeats annotation id 1"],
    ["an unknown category", [ann({ category_id: 9 })], "refers to category 9"],
  ])("refuses %s by name", async (_name, annotations, reason) => {
    const r = await read(
      "coco",
      { "c.json": oneImage(annotations), "a.png": await png(100, 80) },
      target(reason.startsWith("box") ? "BOXES" : "POLYGONS"),
    );
    expect(r.ok).toBe(false);
    expect(r.items).toEqual([]);
    expect(refusals(r)).toContain(reason);
  });

  it("takes the bbox beside a run-length mask for a BOXES task", async () => {
    const rle = ann({ segmentation: { counts: "abc", size: [80, 100] } });
    const r = await read("coco", { "c.json": oneImage([rle]), "a.png": await png(100, 80) }, target("BOXES"));
    expect(refusals(r)).toBe("");
    expect(truthAt(r)).toEqual({ boxes: [{ id: "b1", label: "car", x: 10, y: 10, w: 20, h: 20 }] });
  });

  it("refuses a repeated image id and a repeated file by name", async () => {
    const images = [
      { id: 1, file_name: "a.png", width: 100, height: 80 },
      { id: 1, file_name: "b.png", width: 100, height: 80 },
      { id: 2, file_name: "a.png", width: 100, height: 80 },
    ];
    const r = await read(
      "coco",
      { "c.json": oneImage([], images), "a.png": await png(100, 80), "b.png": await png(100, 80) },
      target("BOXES"),
    );
    expect(refusals(r)).toContain("repeats image id 1");
    expect(refusals(r)).toContain("repeats the image a.png");
  });

  it("refuses an SVG, whatever its name, and a file that is not JSON", async () => {
    const svg = utf8('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="80"/>');
    const r = await read("coco", { "c.json": oneImage([ann({})]), "a.png": svg }, target("BOXES"));
    expect(refusals(r)).toContain("a.png is not a PNG, JPEG or WebP image");
    const bad = await read("coco", { "c.json": utf8("{"), "a.png": await png(100, 80) }, target("BOXES"));
    expect(refusals(bad)).toContain("is not JSON");
  });

  it("refuses a name that matches files in two folders, and finds one by its path", async () => {
    const files = {
      "c.json": oneImage([ann({})]),
      "x/a.png": await png(100, 80),
      "y/a.png": await png(100, 80),
    };
    const r = await read("coco", files, target("BOXES"));
    expect(refusals(r)).toContain("names a.png, which matches several files (x/a.png, y/a.png)");
    const images = [{ id: 1, file_name: "y/a.png", width: 100, height: 80 }];
    const byPath = await read("coco", { ...files, "c.json": oneImage([ann({})], images) }, target("BOXES"));
    expect(r.items).toEqual([]);
    expect(byPath.items[0]?.sourceName).toBe("y/a.png");
    expect(byPath.rows).toContainEqual({
      where: "x/a.png",
      outcome: "skipped",
      problems: ["is referenced by no annotation, so it is not imported"],
    });
  });

  it("reports an image nothing refers to as skipped, not refused", async () => {
    const r = await read(
      "coco",
      { "c.json": oneImage([ann({})]), "a.png": await png(100, 80), "extra.png": await png(10, 10) },
      target("BOXES"),
    );
    expect(r.ok).toBe(true);
    expect(r.rows).toContainEqual({
      where: "extra.png",
      outcome: "skipped",
      problems: ["is referenced by no annotation, so it is not imported"],
    });
  });

  it("refuses more shapes than the task's maxShapes, and a media file over the limit", async () => {
    const many = await read(
      "coco",
      {
        "c.json": oneImage([ann({ id: 1 }), ann({ id: 2 }), ann({ id: 3 })]),
        "a.png": await png(100, 80),
      },
      target("BOXES", { settings: { maxShapes: 2 } }),
    );
    expect(refusals(many)).toContain("has 3 shapes, more than the 2 an item may hold");
    const huge = new Uint8Array(MAX_MEDIA_BYTES + 1);
    huge.set(await png(100, 80));
    const big = await read("coco", { "c.json": oneImage([ann({})]), "a.png": huge }, target("BOXES"));
    expect(refusals(big)).toContain("is larger than 20 MB");
  });

  it("refuses a format the task kind does not take", async () => {
    const r = await read("coco", { "c.json": oneImage([]) }, target("TEXT_SPANS"));
    expect(refusals(r)).toContain("A TEXT_SPANS task does not take coco");
  });
});

describe("Pascal VOC", () => {
  it("reads the raccoon annotation (labelImg) as boxes, with full credit", async () => {
    const files = {
      "Annotations/raccoon-119.xml": fixtureBytes("voc-raccoon-119.xml"),
      "JPEGImages/raccoon-119.jpg": await jpeg(400, 533),
    };
    const r = await read("voc", files, target("BOXES"));
    expect(refusals(r)).toBe("");
    expect(truthAt<{ boxes: unknown[] }>(r).boxes).toHaveLength(3);
    expect(r.labelsAdded.map((l) => l.name)).toEqual(["raccoon"]);
    expectFullCredit("BOXES", {}, r);
  });

  it("round-trips boxes through toVoc", async () => {
    const img = {
      file: "x/a.png",
      width: 120,
      height: 90,
      polygons: [],
      boxes: [
        { id: "b1", label: "car", x: 10.5, y: 20.25, w: 30, h: 40 },
        { id: "b2", label: "行人", x: 0, y: 0, w: 120, h: 90 },
      ],
    };
    const r = await read(
      "voc",
      { "ann/a.xml": utf8(toVoc(img).xml), "x/a.png": await png(120, 90) },
      target("BOXES"),
    );
    expect(refusals(r)).toBe("");
    const labels = new Map(r.labelsAdded.map((l) => [l.id, l.name]));
    expect(
      truthAt<{ boxes: Box[] }>(r).boxes.map((b) => ({ ...b, id: "", label: labels.get(b.label) })),
    ).toEqual(img.boxes.map((b) => ({ ...b, id: "" })));
    // A label name that is not an id gets a generated id.
    expect(r.labelsAdded.find((l) => l.name === "行人")?.id).toMatch(/^label-\d+$/);
  });

  it("refuses a DOCTYPE and a box past the image by name", async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><annotation/>';
    const r = await read("voc", { "a.xml": utf8(xxe) }, target("BOXES"));
    expect(refusals(r)).toContain("a.xml: has a DOCTYPE or entity declaration, which is refused");
    const img = {
      file: "a.png",
      width: 50,
      height: 50,
      polygons: [],
      boxes: [{ id: "b", label: "c", x: 40, y: 0, w: 20, h: 10 }],
    };
    const out = await read(
      "voc",
      { "a.xml": utf8(toVoc(img).xml), "a.png": await png(50, 50) },
      target("BOXES"),
    );
    expect(refusals(out)).toContain("box reaches outside the image (50×50)");
  });
});

describe("YOLO", () => {
  const boxes = [
    { id: "b1", label: "car", x: 10, y: 20, w: 30, h: 40 },
    { id: "b2", label: "person", x: 100, y: 50, w: 60, h: 70 },
  ];
  it("round-trips toYolo with classes.txt, sizing by the real image", async () => {
    const img = { file: "images/train/a.jpg", width: 200, height: 150, boxes, polygons: [] };
    const files = {
      "classes.txt": utf8(yoloClasses(["car", "person"])),
      "images/train/a.jpg": await jpeg(200, 150),
      "labels/train/a.txt": utf8(toYolo(img, ["car", "person"])),
      "images/train/empty.png": await png(64, 64),
    };
    const r = await read(
      "yolo",
      files,
      target("BOXES", { labels: [label("car"), label("person")], addLabels: false }),
    );
    expect(refusals(r)).toBe("");
    expect(r.items).toHaveLength(2);
    expect(truthAt<{ boxes: Box[] }>(r).boxes.map((b) => ({ ...b, id: "" }))).toEqual(
      boxes.map((b) => ({ ...b, id: "" })),
    );
    // An image without a label file has no objects (YOLO's convention).
    expect(truthAt(r, 1)).toEqual({ boxes: [] });
    expectFullCredit("BOXES", {}, r);
  });

  it("reads class names from an Ultralytics data.yaml", async () => {
    const yaml = "path: ../datasets/coco8\ntrain: images/train\nnames:\n  0: car\n  1: person\n";
    const img = { file: "a.png", width: 200, height: 150, boxes, polygons: [] };
    const r = await read(
      "yolo",
      {
        "data.yaml": utf8(yaml),
        "a.png": await png(200, 150),
        "a.txt": utf8(toYolo(img, ["car", "person"])),
      },
      target("BOXES"),
    );
    expect(refusals(r)).toBe("");
    expect(r.labelsAdded.map((l) => l.name)).toEqual(["car", "person"]);
  });

  it("refuses a label file with no image, an unknown class and no class list, by name", async () => {
    const r = await read(
      "yolo",
      {
        "classes.txt": utf8("car\n"),
        "labels/b.txt": utf8("0 0.5 0.5 0.1 0.1\n"),
        "a.png": await png(10, 10),
        "a.txt": utf8("3 0.5 0.5 0.1 0.1\n"),
      },
      target("BOXES"),
    );
    expect(refusals(r)).toContain("labels/b.txt: is a label file whose image is not in the upload");
    expect(refusals(r)).toContain("a.txt:1: names class 3, which classes.txt does not have");
    const none = await read("yolo", { "a.png": await png(10, 10) }, target("BOXES"));
    expect(refusals(none)).toContain("holds no classes.txt or data.yaml");
  });
});

describe("Label Studio", () => {
  it("reads label-studio-converter's export: boxes in percent, the first annotation, choices skipped", async () => {
    const files = {
      "export.json": fixtureBytes("labelstudio-converter-data.json"),
      "image1.png": await png(2800, 2800),
      "image2.png": await png(2800, 2800),
    };
    const r = await read("labelstudio", files, target("BOXES"));
    expect(refusals(r)).toBe("");
    expect(r.items.map((i) => i.sourceName)).toEqual(["image1.png", "image2.png"]);
    const first = truthAt<{ boxes: Box[] }>(r).boxes;
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ x: 1040.44, y: 1978.87, w: 117.3, h: 132.6 });
    expect(r.rows.filter((row) => row.outcome === "skipped").map((row) => row.problems[0])).toEqual([
      "is choices, which a BOXES task does not hold",
      "is choices, which a BOXES task does not hold",
    ]);
    expectFullCredit("BOXES", {}, r);
  });

  it("finds an upload by file_upload without Label Studio's prefix, and reads polygons", async () => {
    const files = {
      "export.json": fixtureBytes("labelstudio-converter-data_polygons.json"),
      "000000000025.jpg": await jpeg(640, 426),
    };
    const r = await read("labelstudio", files, target("POLYGONS"));
    expect(refusals(r)).toBe("");
    expect(truthAt<{ polygons: { points: unknown[] }[] }>(r).polygons[0]?.points).toHaveLength(37);
    expectFullCredit("POLYGONS", {}, r);
    const wrong = await read(
      "labelstudio",
      { ...files, "000000000025.jpg": await jpeg(640, 427) },
      target("POLYGONS"),
    );
    expect(refusals(wrong)).toContain("states 640×426 but 000000000025.jpg is 640×427");
  });

  it("round-trips points and image choices through toLabelStudio", async () => {
    const points = [
      { label: "star", x: 12.5, y: 30 },
      { label: "cross", x: 99, y: 1 },
    ];
    const ls = toLabelStudio([{ image: "3f2a9b1c-p.png", width: 100, height: 50, points }]);
    const r = await read(
      "labelstudio",
      { "e.json": utf8(JSON.stringify(ls)), "p.png": await png(100, 50) },
      target("POINTS"),
    );
    expect(refusals(r)).toBe("");
    const names = new Map(r.labelsAdded.map((l) => [l.id, l.name]));
    expect(
      truthAt<{ points: { label: string; x: number; y: number }[] }>(r).points.map((p) => ({
        label: names.get(p.label),
        x: p.x,
        y: p.y,
      })),
    ).toEqual(points);
    expectFullCredit("POINTS", {}, r);

    const cls = toLabelStudio([{ image: "q.png", width: 20, height: 20, choices: ["day", "rain"] }]);
    const multi = await read(
      "labelstudio",
      { "e.json": utf8(JSON.stringify(cls)), "q.png": await png(20, 20) },
      target("IMAGE_CLASSIFICATION", {
        labels: [label("day"), label("rain")],
        settings: { multiLabel: true },
      }),
    );
    expect(truthAt(multi)).toEqual({ labels: ["day", "rain"] });
    expectFullCredit("IMAGE_CLASSIFICATION", { multiLabel: true }, multi);
    const single = await read(
      "labelstudio",
      { "e.json": utf8(JSON.stringify(cls)), "q.png": await png(20, 20) },
      target("IMAGE_CLASSIFICATION", { labels: [label("day"), label("rain")] }),
    );
    expect(refusals(single)).toContain("has 2 labels but the task takes one");
  });

  it("reads text spans counted in UTF-16 units as code points (Chinese and emoji)", async () => {
    const text = "😀李娜在上海交通大学读书🙂，周末去杭州。";
    const spans = [
      { label: "PER", start: 1, end: 3 },
      { label: "ORG", start: 4, end: 10 },
      { label: "LOC", start: 17, end: 19 },
    ];
    const ls = toLabelStudio([{ text, spans }]);
    // The writer counts UTF-16 units as Label Studio does: the emoji before the name is two.
    expect(
      (ls[0] as { annotations: { result: { value: { start: number } }[] }[] }).annotations[0]?.result[0]
        ?.value.start,
    ).toBe(2);
    const t = target("TEXT_SPANS", { labels: [label("PER"), label("ORG"), label("LOC")], addLabels: false });
    const r = await read("labelstudio", { "e.json": utf8(JSON.stringify(ls)) }, t);
    expect(refusals(r)).toBe("");
    expect(truthAt<{ spans: { id: string }[] }>(r).spans.map(({ id: _id, ...s }) => s)).toEqual(spans);
    expect(r.items[0]?.payload).toEqual({ text });
    expectFullCredit("TEXT_SPANS", {}, r);
    const doc = JSON.parse(JSON.stringify(ls));
    doc[0].annotations[0].result[0].value.text = "李";
    const bad = await read("labelstudio", { "e.json": utf8(JSON.stringify(doc)) }, t);
    expect(refusals(bad)).toContain('result[0]: covers "李娜" but says "李"');
  });
});

describe("CVAT for images", () => {
  const skeleton = {
    keypoints: ["1", "2", "3", "4"].map((n) => ({ id: `k${n}`, name: n })),
    edges: [
      [0, 3],
      [2, 1],
    ],
  };
  const cvatFiles = async () => ({
    "annotations.xml": fixtureBytes("cvat-datumaro-for_images-train.xml"),
    "images/img0.jpg": await jpeg(8, 8),
    "images/img1.jpg": await jpeg(10, 10),
  });

  it("reads Datumaro's CVAT sample as skeletons: outside keypoints are not labelled", async () => {
    const settings = { skeleton };
    const r = await read(
      "cvat",
      await cvatFiles(),
      target("KEYPOINTS", { labels: [label("skeleton")], settings }),
    );
    expect(refusals(r)).toBe("");
    expect(truthAt<{ instances: { keypoints: number[][] }[] }>(r).instances[0]?.keypoints).toEqual([
      [0, 0, 0],
      [2, 2, 2],
      [3, 3, 2],
      [4, 4, 2],
    ]);
    expect(truthAt<{ instances: { keypoints: number[][] }[] }>(r, 1).instances[0]?.keypoints[2]).toEqual([
      0, 0, 0,
    ]);
    // The box, the polyline, the polygon and the points are other tasks' shapes: skipped, named.
    expect(r.rows.filter((row) => row.outcome === "skipped").map((row) => row.where)).toEqual([
      "annotations.xml › img0.jpg › box 1",
      "annotations.xml › img0.jpg › polyline 1",
      "annotations.xml › img1.jpg › polygon 1",
      "annotations.xml › img1.jpg › points 1",
    ]);
    expectFullCredit("KEYPOINTS", settings, r);
  });

  it("reads the same file's points and boxes, and refuses its polygon with no label by name", async () => {
    const points = await read("cvat", await cvatFiles(), target("POINTS"));
    expect(refusals(points)).toBe("");
    expect(truthAt<{ points: object[] }>(points, 1).points).toHaveLength(3);
    expectFullCredit("POINTS", {}, points);
    const boxes = await read("cvat", await cvatFiles(), target("BOXES"));
    expect(truthAt(boxes)).toEqual({ boxes: [{ id: "b1", label: "label1", x: 0, y: 2, w: 4, h: 2 }] });
    const polygons = await read("cvat", await cvatFiles(), target("POLYGONS"));
    expect(refusals(polygons)).toContain(
      "annotations.xml › img1.jpg: polygon 1: has a label name that is empty",
    );
  });

  it("round-trips boxes, polygons and skeletons through toCvat", async () => {
    const image = {
      file: "a.png",
      width: 64,
      height: 48,
      boxes: [{ label: "car", x: 1.5, y: 2, w: 30, h: 20 }],
      polygons: [
        {
          label: "lake",
          points: [
            [5, 5],
            [40, 6],
            [30, 40],
          ] as [number, number][],
        },
      ],
      skeletons: [
        {
          label: "p",
          keypoints: [
            [10, 10, 2],
            [20, 20, 1],
            [0, 0, 0],
            [30, 30, 2],
          ] as KeypointTuple[],
        },
      ],
    };
    const xml = utf8(toCvat([image], ["1", "2", "3", "4"]));
    const files = { "a.xml": xml, "a.png": await png(64, 48) };
    const b = await read("cvat", files, target("BOXES"));
    expect(truthAt(b)).toEqual({ boxes: [{ id: "b1", label: "car", ...image.boxes[0] }] });
    const p = await read("cvat", files, target("POLYGONS"));
    expect(truthAt(p)).toEqual({
      polygons: [{ id: "p1", label: "lake", points: image.polygons[0]?.points }],
    });
    const k = await read("cvat", files, target("KEYPOINTS", { settings: { skeleton } }));
    expect(truthAt<{ instances: { keypoints: unknown }[] }>(k).instances[0]?.keypoints).toEqual(
      image.skeletons[0]?.keypoints,
    );
    expectFullCredit("KEYPOINTS", { skeleton }, k);
  });

  it("refuses a keypoint outside the image and a skeleton with a stray keypoint", async () => {
    const image = {
      file: "a.png",
      width: 20,
      height: 20,
      skeletons: [
        {
          label: "p",
          keypoints: [
            [10, 10, 2],
            [25, 5, 2],
            [1, 1, 2],
            [2, 2, 2],
          ] as KeypointTuple[],
        },
      ],
    };
    const files = { "a.xml": utf8(toCvat([image], ["1", "2", "3", "x"])), "a.png": await png(20, 20) };
    const r = await read("cvat", files, target("KEYPOINTS", { settings: { skeleton } }));
    expect(refusals(r)).toContain(
      "skeleton 1: has keypoints named x, which the task's skeleton does not have",
    );
    const out = await read(
      "cvat",
      { ...files, "a.xml": utf8(toCvat([image], ["1", "2", "3", "4"])) },
      target("KEYPOINTS", { settings: { skeleton } }),
    );
    expect(refusals(out)).toContain("skeleton 1: keypoint 2 lies outside the image (20×20)");
  });
});

describe("formats beside the usual pairing", () => {
  it("reads CVAT tags as image labels", async () => {
    const xml = toCvat([{ file: "a.png", width: 30, height: 20, tags: ["night", "rain"] }]);
    const settings = { multiLabel: true };
    const r = await read(
      "cvat",
      { "a.xml": utf8(xml), "a.png": await png(30, 20) },
      target("IMAGE_CLASSIFICATION", { settings }),
    );
    expect(refusals(r)).toBe("");
    expect(truthAt(r)).toEqual({ labels: ["night", "rain"] });
    expectFullCredit("IMAGE_CLASSIFICATION", settings, r);
  });

  it("reads YOLO segmentation lines as polygons", async () => {
    const img = {
      file: "a.png",
      width: 200,
      height: 100,
      boxes: [],
      polygons: [
        {
          id: "p",
          label: "lake",
          points: [
            [20, 10],
            [120, 20],
            [60, 80],
          ] as [number, number][],
        },
      ],
    };
    const files = {
      "classes.txt": utf8("lake\n"),
      "a.png": await png(200, 100),
      "a.txt": utf8(toYolo(img, ["lake"])),
    };
    const r = await read("yolo", files, target("POLYGONS"));
    expect(refusals(r)).toBe("");
    expect(truthAt<{ polygons: { points: unknown }[] }>(r).polygons[0]?.points).toEqual(
      img.polygons[0]?.points,
    );
    expectFullCredit("POLYGONS", {}, r);
  });

  it("refuses adding labels past the 100 a task may have", async () => {
    const labels = Array.from({ length: 100 }, (_, i) => label(`l${i}`));
    const xml = toCvat([{ file: "a.png", width: 30, height: 20, tags: ["new"] }]);
    const r = await read(
      "cvat",
      { "a.xml": utf8(xml), "a.png": await png(30, 20) },
      target("IMAGE_CLASSIFICATION", { labels }),
    );
    expect(refusals(r)).toContain('names the label "new", but the task already has 100 labels');
  });
});

describe("keypoint instances with nothing labelled", () => {
  it("are skipped with a row, as COCO evaluation ignores them", async () => {
    const skeleton = {
      keypoints: [
        { id: "a", name: "a" },
        { id: "b", name: "b" },
      ],
      edges: [],
    };
    const coco = toCocoKeypoints(
      [
        {
          file: "a.png",
          width: 50,
          height: 50,
          instances: [
            {
              label: "person",
              keypoints: [
                [10, 10, 2],
                [20, 20, 2],
              ] as KeypointTuple[],
            },
            {
              label: "person",
              keypoints: [
                [0, 0, 0],
                [0, 0, 0],
              ] as KeypointTuple[],
              area: 40,
            },
          ],
        },
      ],
      ["person"],
      ["a", "b"],
    );
    const r = await read(
      "coco",
      { "k.json": utf8(JSON.stringify(coco)), "a.png": await png(50, 50) },
      target("KEYPOINTS", { settings: { skeleton } }),
    );
    expect(refusals(r)).toBe("");
    expect(truthAt<{ instances: unknown[] }>(r).instances).toHaveLength(1);
    expect(r.rows).toContainEqual({
      where: "k.json › images[0] a.png › annotations[1] (id 2)",
      outcome: "skipped",
      problems: ["has no labelled keypoint, so there is nothing to score it by"],
    });
  });
});

describe("COCO round trip through toCoco", () => {
  it("reads back boxes and polygons as written, Chinese label names included", async () => {
    const boxes = [
      { id: "b1", label: "car", x: 10.5, y: 20.25, w: 100, h: 50.75 },
      { id: "b2", label: "行人", x: 600, y: 400, w: 40, h: 80 },
    ];
    const polygons = [
      {
        id: "p1",
        label: "湖",
        points: [
          [300, 100],
          [340, 110],
          [330, 200],
          [295, 190],
        ] as [number, number][],
      },
    ];
    const asBoxes = toCoco({
      labels: ["car", "行人"],
      images: [{ file: "images/1.png", width: 640, height: 480, boxes, polygons: [] }],
    });
    const b = await read(
      "coco",
      { "c.json": utf8(JSON.stringify(asBoxes)), "images/1.png": await png(640, 480) },
      target("BOXES"),
    );
    expect(refusals(b)).toBe("");
    const names = new Map(b.labelsAdded.map((l) => [l.id, l.name]));
    expect(
      truthAt<{ boxes: Box[] }>(b).boxes.map((x) => ({ ...x, id: "", label: names.get(x.label) })),
    ).toEqual(boxes.map((x) => ({ ...x, id: "" })));
    const asPolygons = toCoco({
      labels: ["湖"],
      images: [{ file: "images/1.png", width: 640, height: 480, boxes: [], polygons }],
    });
    const p = await read(
      "coco",
      { "c.json": utf8(JSON.stringify(asPolygons)), "images/1.png": await png(640, 480) },
      target("POLYGONS"),
    );
    expect(refusals(p)).toBe("");
    expect(truthAt<{ polygons: { points: unknown }[] }>(p).polygons[0]?.points).toEqual(polygons[0]?.points);
    expectFullCredit("POLYGONS", {}, p);
  });
});

describe("YOLO from Datumaro's test assets (Ultralytics YOLOv8 layout)", () => {
  const seg = (name: string) => fixtureBytes(`datumaro-yolov8-segmentation/${name}`);

  it("reads the segmentation label file with the dict of names into polygons in pixels", async () => {
    const files = {
      "data.yaml": seg("data.yaml"),
      "labels/train/1.txt": seg("labels/train/1.txt"),
      "images/train/1.png": await png(200, 100),
    };
    const r = await read("yolo", files, target("POLYGONS"));
    expect(refusals(r)).toBe("");
    expect(r.items).toHaveLength(1);
    const polygons = truthAt<{ polygons: { label: string; points: [number, number][] }[] }>(r).polygons;
    const nameOf = new Map(r.labelsAdded.map((l) => [l.id, l.name]));
    expect(polygons.map((p) => nameOf.get(p.label))).toEqual(["label_2", "label_4"]);
    expect(polygons[0]?.points).toEqual([
      [20, 10],
      [80, 10],
      [80, 50],
    ]);
    expect(polygons[1]?.points).toHaveLength(5);
    expectFullCredit("POLYGONS", {}, r);
  });

  it("takes the names as a list as well, and refuses a class index past them", async () => {
    const files = {
      "data.yaml": fixtureBytes("datumaro-yolov8-list-of-names.data.yaml"),
      "labels/train/1.txt": utf8("9 0.5 0.5 0.2 0.2\n10 0.5 0.5 0.2 0.2\n"),
      "images/train/1.png": await png(50, 50),
    };
    const r = await read("yolo", files, target("BOXES"));
    expect(refusals(r)).toMatch(/10/);
    expect(r.ok).toBe(false);
    const ok = await read(
      "yolo",
      { ...files, "labels/train/1.txt": utf8("9 0.5 0.5 0.2 0.2\n") },
      target("BOXES"),
    );
    expect(refusals(ok)).toBe("");
    expect(ok.labelsAdded.map((l) => l.name)).toEqual(["label_9"]);
  });
});
