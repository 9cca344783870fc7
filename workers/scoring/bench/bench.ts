// Scoring benchmark (npm run bench:scoring): seeded synthetic items, median times; the last line is JSON.

import { mulberry32 } from "../../../core/random.ts";
import { type BoxShape, scoreBoxesItem, scoreBoxesItemWithDiagnostics } from "../boxes.ts";
import { scoreCocoKind } from "../coco-kinds.ts";
import { type DetectionBox, evaluateDetections, type TruthBox } from "../detections.ts";
import { type PolygonShape, scorePolygonsItemWithDiagnostics } from "../polygons.ts";

const prng = mulberry32;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  label: number;
}

/**
 * A realistic answer to a list of truth boxes: 90 % found, with their position and size off by up
 * to ±8 % of the size and 3 % of them with another label; 10 % missed; extras (5 % of the truth,
 * and as many as the misses) anywhere.
 */
function answerBoxes(rand: () => number, truth: Box[], size: number, labels: number): Box[] {
  const out: Box[] = [];
  const jitter = (v: number, scale: number) => v + (rand() * 2 - 1) * 0.08 * scale;
  for (const t of truth) {
    if (rand() < 0.1) continue;
    const label = rand() < 0.03 ? (t.label + 1) % labels : t.label;
    out.push({
      x: jitter(t.x, t.w),
      y: jitter(t.y, t.h),
      w: Math.max(1, jitter(t.w, t.w)),
      h: Math.max(1, jitter(t.h, t.h)),
      label,
    });
  }
  while (out.length < truth.length * 1.05) out.push(randomBox(rand, size, labels));
  return out;
}

function randomBox(rand: () => number, size: number, labels: number, min = 20, max = 120): Box {
  const w = min + rand() * (max - min);
  const h = min + rand() * (max - min);
  return { x: rand() * (size - w), y: rand() * (size - h), w, h, label: Math.floor(rand() * labels) };
}

/** One item of 2,000 truth boxes (and about as many answer boxes) in a 4,000 px square image. */
function boxesItem() {
  const rand = prng(1);
  const truth = Array.from({ length: 2000 }, () => randomBox(rand, 4000, 5));
  const answer = answerBoxes(rand, truth, 4000, 5).slice(0, 2000);
  const shape =
    (prefix: string) =>
    (b: Box, k: number): BoxShape => ({
      id: `${prefix}${k}`,
      label: `c${b.label}`,
      x: b.x,
      y: b.y,
      w: b.w,
      h: b.h,
    });
  return { truth: truth.map(shape("t")), answer: answer.map(shape("a")) };
}

/** A COCO truth dataset and results array: `images` images of `perImage` boxes, 1,000 px square. */
function cocoBoxes(images: number, perImage: number, seed: number, labels = 10) {
  const rand = prng(seed);
  const annotations: object[] = [];
  const results: object[] = [];
  for (let image = 1; image <= images; image++) {
    const truth = Array.from({ length: perImage }, () => randomBox(rand, 1000, labels, 15, 150));
    for (const t of truth)
      annotations.push({
        id: annotations.length + 1,
        image_id: image,
        category_id: t.label + 1,
        bbox: [t.x, t.y, t.w, t.h],
        area: t.w * t.h,
        iscrowd: 0,
      });
    for (const a of answerBoxes(rand, truth, 1000, labels))
      results.push({
        image_id: image,
        category_id: a.label + 1,
        bbox: [a.x, a.y, a.w, a.h],
        score: Math.round(rand() * 1000) / 1000,
      });
  }
  const truth = {
    images: Array.from({ length: images }, (_, k) => ({
      id: k + 1,
      width: 1000,
      height: 1000,
      file_name: `${k + 1}.jpg`,
    })),
    categories: Array.from({ length: labels }, (_, k) => ({ id: k + 1, name: `class ${k + 1}` })),
    annotations,
  };
  return { truth, results };
}

/** A blob: `vertices` points at even angles around a centre, radii varying (not convex). */
function blob(rand: () => number, cx: number, cy: number, radius: number, vertices: number): number[] {
  const flat: number[] = [];
  for (let k = 0; k < vertices; k++) {
    const angle = (2 * Math.PI * k) / vertices;
    const r = radius * (0.75 + 0.25 * rand());
    flat.push(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
  }
  return flat;
}

/** 200 images of 20 blobs of 30 vertices (COCO polygons); answers trace them within ±1.5 px. */
function cocoPolygons() {
  const rand = prng(3);
  const annotations: object[] = [];
  const results: object[] = [];
  for (let image = 1; image <= 200; image++) {
    for (let k = 0; k < 20; k++) {
      // A 5 × 4 grid of cells so that objects are apart, as in a real image; some touch neighbours.
      const cx = 100 + (k % 5) * 200 + (rand() * 2 - 1) * 30;
      const cy = 100 + Math.floor(k / 5) * 200 + (rand() * 2 - 1) * 30;
      const flat = blob(rand, cx, cy, 60 + rand() * 40, 30);
      const label = Math.floor(rand() * 5) + 1;
      annotations.push({
        id: annotations.length + 1,
        image_id: image,
        category_id: label,
        segmentation: [flat],
      });
      if (rand() < 0.08) continue; // missed
      const traced = flat.map((v) => v + (rand() * 2 - 1) * 1.5);
      results.push({
        image_id: image,
        category_id: rand() < 0.03 ? (label % 5) + 1 : label,
        segmentation: [traced],
      });
    }
    if (rand() < 0.5)
      results.push({
        image_id: image,
        category_id: 1,
        segmentation: [blob(rand, 100 + rand() * 800, 100 + rand() * 600, 30, 30)],
      });
  }
  const truth = {
    images: Array.from({ length: 200 }, (_, k) => ({ id: k + 1, width: 1000, height: 800 })),
    categories: Array.from({ length: 5 }, (_, k) => ({ id: k + 1, name: `class ${k + 1}` })),
    annotations,
  };
  return { truth, results };
}

/**
 * The same data as the score-attempt worker hands it to the library: per image, the truth and the
 * answer as shapes (labels = category ids, ids = annotation ids / answer indices).
 */
function libraryItems<T>(
  truth: { images: Array<{ id: number }>; annotations: object[] },
  results: object[],
  convert: (annotation: Record<string, unknown>, id: string) => T,
): Array<{ id: string; truth: T[]; answer: T[] }> {
  const items = new Map(
    truth.images.map((image) => [image.id, { id: String(image.id), truth: [] as T[], answer: [] as T[] }]),
  );
  for (const a of truth.annotations as Array<Record<string, unknown>>)
    items.get(a.image_id as number)?.truth.push(convert(a, String(a.id)));
  (results as Array<Record<string, unknown>>).forEach((a, k) => {
    items.get(a.image_id as number)?.answer.push(convert(a, String(k)));
  });
  return [...items.values()];
}

const toBox = (a: Record<string, unknown>, id: string): BoxShape => {
  const [x, y, w, h] = a.bbox as number[];
  return { id, label: String(a.category_id), x: x as number, y: y as number, w: w as number, h: h as number };
};

const toPolygon = (a: Record<string, unknown>, id: string): PolygonShape => {
  const flat = (a.segmentation as number[][])[0] as number[];
  const ring: Array<[number, number]> = [];
  for (let k = 0; k < flat.length; k += 2) ring.push([flat[k] as number, flat[k + 1] as number]);
  return { id, label: String(a.category_id), polygons: [[ring]] };
};

interface Measure {
  key?: string;
  what: string;
  target?: number;
  run: () => unknown;
  runs: number;
}

function measure({ run, runs }: Measure): { median: number; min: number; max: number } {
  for (let k = 0; k < 3; k++) run();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)] as number,
    min: times[0] as number,
    max: times[times.length - 1] as number,
  };
}

const boxes = boxesItem();
const attempt = cocoBoxes(200, 50, 2);
const attemptItems = libraryItems(attempt.truth, attempt.results, toBox);
const polygons = cocoPolygons();
const polygonItems = libraryItems(polygons.truth, polygons.results, toPolygon);
const detections = cocoBoxes(5000, 10, 4);
// Object literals of one shape (a spread would make slower, dictionary-like objects).
const detectionTruth: TruthBox[] = (detections.truth.annotations as Array<Record<string, unknown>>).map(
  (a) => {
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    const label = String(a.category_id);
    return {
      id: String(a.id),
      image: String(a.image_id),
      label,
      x,
      y,
      w,
      h,
      crowd: false,
      area: a.area as number,
    };
  },
);
const detectionAnswer: DetectionBox[] = (detections.results as Array<Record<string, unknown>>).map((a, k) => {
  const [x, y, w, h] = a.bbox as [number, number, number, number];
  const label = String(a.category_id);
  return { id: String(k), image: String(a.image_id), label, x, y, w, h, score: a.score as number };
});
const detectionImages = detections.truth.images.map((image) => String(image.id));

// The four figures asked for are the library's, as the score-attempt worker calls it (validation,
// matching, diagnostics); the CLI's path, which also validates and converts COCO files with zod,
// is shown below them.
const cases: Measure[] = [
  {
    key: "boxes_2000x2000_ms",
    what: "boxes: 1 item, 2,000 truth × 2,000 answer boxes",
    target: 50,
    runs: 15,
    run: () => scoreBoxesItem("item", boxes.truth, boxes.answer),
  },
  {
    key: "attempt_200x50_ms",
    what: "boxes: attempt of 200 images × 50 boxes, with diagnostics",
    target: 100,
    runs: 15,
    run: () => attemptItems.map((i) => scoreBoxesItemWithDiagnostics(i.id, i.truth, i.answer)),
  },
  {
    key: "polygons_200x20x30_ms",
    what: "polygons: 200 images × 20 polygons × 30 vertices, with diagnostics",
    target: 300,
    runs: 9,
    run: () => polygonItems.map((i) => scorePolygonsItemWithDiagnostics(i.id, i.truth, i.answer)),
  },
  {
    key: "coco_ap_5000x10_ms",
    what: "detections: COCO AP, AP50, AP75, AR over 5,000 images × 10 detections",
    target: 2000,
    runs: 5,
    run: () => evaluateDetections(detectionTruth, detectionAnswer, { images: detectionImages }),
  },
  {
    what: "  CLI path (scoreCocoKind, COCO in): boxes 200 × 50",
    runs: 9,
    run: () => scoreCocoKind("boxes", attempt.truth, attempt.results, {}),
  },
  {
    what: "  CLI path (scoreCocoKind, COCO in): polygons 200 × 20 × 30",
    runs: 5,
    run: () => scoreCocoKind("polygons", polygons.truth, polygons.results, {}),
  },
  {
    what: "  CLI path (scoreCocoKind, COCO in): detections 5,000 × 10",
    runs: 3,
    run: () => scoreCocoKind("detections", detections.truth, detections.results, {}),
  },
];

const results: Record<string, number> = {};
const rows: string[][] = [["case", "median ms", "min ms", "max ms", "target ms", ""]];
for (const c of cases) {
  const m = measure(c);
  if (c.key) results[c.key] = Math.round(m.median * 10) / 10;
  const verdict = c.target === undefined ? "" : m.median <= c.target ? "ok" : "SLOW";
  rows.push([
    c.what,
    m.median.toFixed(1),
    m.min.toFixed(1),
    m.max.toFixed(1),
    c.target === undefined ? "" : String(c.target),
    verdict,
  ]);
}
const widths = (rows[0] as string[]).map((_, col) => Math.max(...rows.map((r) => (r[col] as string).length)));
for (const row of rows)
  console.log(
    row
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col] as number) : cell.padStart(widths[col] as number),
      )
      .join("  "),
  );
console.log(JSON.stringify(results));
