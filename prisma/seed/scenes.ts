// Synthetic labelling scenes: simple drawn objects rendered to SVG with their exact bounding boxes.
// The SVG is a drawing step only: it is stored and served rasterized to PNG (prisma/seed/raster.ts).
// Deterministic for a given seed, so the demo and the tests always see the same pictures.

import { mulberry32 } from "../../core/random.ts";
import type { Label } from "../../protocol/index.ts";

export const SCENE_LABELS: Label[] = [
  { id: "car", name: "汽车 car", color: "#e4572e" },
  { id: "person", name: "行人 person", color: "#2e86ab" },
  { id: "tree", name: "树 tree", color: "#3bb273" },
];

export interface TruthBox {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Scene {
  width: number;
  height: number;
  /** The drawing, which holds the truth boxes in its markup: rasterize it before it leaves the seed. */
  svg: string;
  boxes: TruthBox[];
}

const rng = mulberry32;

const r1 = (n: number) => Math.round(n * 10) / 10;

// Each drawing fills exactly its box (x, y, w, h), so the box is the ground truth.
function car(b: TruthBox, color: string): string {
  const { x, y, w, h } = b;
  const r = 0.2 * h;
  return [
    `<rect x="${r1(x + 0.2 * w)}" y="${r1(y)}" width="${r1(0.55 * w)}" height="${r1(0.4 * h)}" rx="4" fill="${color}" opacity="0.85"/>`,
    `<rect x="${r1(x)}" y="${r1(y + 0.35 * h)}" width="${r1(w)}" height="${r1(0.45 * h)}" rx="6" fill="${color}"/>`,
    `<circle cx="${r1(x + 0.22 * w)}" cy="${r1(y + h - r)}" r="${r1(r)}" fill="#333"/>`,
    `<circle cx="${r1(x + 0.78 * w)}" cy="${r1(y + h - r)}" r="${r1(r)}" fill="#333"/>`,
  ].join("");
}

function person(b: TruthBox, color: string): string {
  const { x, y, w, h } = b;
  const cx = x + w / 2;
  return [
    `<circle cx="${r1(cx)}" cy="${r1(y + 0.12 * h)}" r="${r1(0.12 * h)}" fill="#f2c49b"/>`,
    `<rect x="${r1(cx - 0.22 * w)}" y="${r1(y + 0.26 * h)}" width="${r1(0.44 * w)}" height="${r1(0.38 * h)}" rx="3" fill="${color}"/>`,
    `<rect x="${r1(x)}" y="${r1(y + 0.28 * h)}" width="${r1(w)}" height="${r1(0.08 * h)}" rx="2" fill="${color}"/>`,
    `<rect x="${r1(cx - 0.2 * w)}" y="${r1(y + 0.64 * h)}" width="${r1(0.15 * w)}" height="${r1(0.36 * h)}" fill="#444"/>`,
    `<rect x="${r1(cx + 0.05 * w)}" y="${r1(y + 0.64 * h)}" width="${r1(0.15 * w)}" height="${r1(0.36 * h)}" fill="#444"/>`,
  ].join("");
}

function tree(b: TruthBox, color: string): string {
  const { x, y, w, h } = b;
  return [
    `<rect x="${r1(x + 0.42 * w)}" y="${r1(y + 0.7 * h)}" width="${r1(0.16 * w)}" height="${r1(0.3 * h)}" fill="#7a5230"/>`,
    `<polygon points="${r1(x + w / 2)},${r1(y)} ${r1(x + w)},${r1(y + 0.75 * h)} ${r1(x)},${r1(y + 0.75 * h)}" fill="${color}"/>`,
  ].join("");
}

const DRAW = { car, person, tree } as const;
const SIZE = {
  car: (s: number) => ({ w: 120 * s, h: 60 * s }),
  person: (s: number) => ({ w: 45 * s, h: 110 * s }),
  tree: (s: number) => ({ w: 80 * s, h: 130 * s }),
} as const;
const FILL = { car: "#c0392b", person: "#2471a3", tree: "#1e8449" } as const;

function overlaps(a: TruthBox, b: TruthBox, margin: number): boolean {
  return (
    a.x < b.x + b.w + margin &&
    b.x < a.x + a.w + margin &&
    a.y < b.y + b.h + margin &&
    b.y < a.y + a.h + margin
  );
}

/** A scene with 3 to 6 objects of the three labels, none overlapping. */
export function makeScene(seed: number, width = 640, height = 480): Scene {
  const rand = rng(seed);
  const count = 3 + Math.floor(rand() * 4);
  const kinds = ["car", "person", "tree"] as const;
  const boxes: TruthBox[] = [];
  for (let tries = 0; boxes.length < count && tries < 500; tries++) {
    const label = kinds[Math.floor(rand() * kinds.length)] ?? "car";
    const { w, h } = SIZE[label](0.7 + rand() * 0.6);
    const horizon = height * 0.45;
    const x = r1(10 + rand() * (width - w - 20));
    const y = r1(Math.min(height - h - 10, horizon - h * 0.6 + rand() * (height - horizon)));
    const box = { id: `t${boxes.length + 1}`, label, x, y, w: r1(w), h: r1(h) };
    if (box.y < 5 || boxes.some((b) => overlaps(b, box, 8))) continue;
    boxes.push(box);
  }
  // Draw far objects first so nearer ones sit in front.
  const drawn = [...boxes].sort((a, b) => a.y + a.h - (b.y + b.h));
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height * 0.45}" fill="#cfe8f7"/>`,
    `<rect y="${height * 0.45}" width="${width}" height="${height * 0.55}" fill="#d8d2b8"/>`,
    ...drawn.map((b) => DRAW[b.label as keyof typeof DRAW](b, FILL[b.label as keyof typeof FILL])),
    "</svg>",
  ].join("");
  return { width, height, svg, boxes };
}
