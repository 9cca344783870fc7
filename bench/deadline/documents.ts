// Box documents for the deadline benchmark: the items' hidden truths and the contestants' answers,
// drawn from a seeded PRNG so that two runs save the same kind of documents.
import { randomUUID } from "node:crypto";
import { mulberry32 } from "../../core/random.ts";
import type { Box } from "../../protocol/index.ts";

/** A box as the answer documents have it (a type alias, which Prisma's Json input accepts). */
export type BenchBox = Box;

export interface ImageSize {
  width: number;
  height: number;
}

/** The labels of the benchmark's box task. */
export const BENCH_LABELS = [
  { id: "car", name: "汽车 car", color: "#e4572e" },
  { id: "person", name: "行人 person", color: "#2e86ab" },
  { id: "bicycle", name: "自行车 bicycle", color: "#f3a712" },
  { id: "traffic-light", name: "信号灯 traffic light", color: "#3bb273" },
];

/** Boxes per document, as the issue asks: a busy street scene, not a toy. */
export const MIN_BOXES = 5;
export const MAX_BOXES = 40;

// One decimal, as the canvas rounds; the server allows a pixel of overhang, this stays inside.
const r1 = (n: number) => Math.round(n * 10) / 10;

/** A box of a random label, fully inside the image. */
export function randomBox(rand: () => number, size: ImageSize, id: string): BenchBox {
  const w = r1(12 + rand() * size.width * 0.2);
  const h = r1(12 + rand() * size.height * 0.25);
  const x = r1(rand() * (size.width - w - 1));
  const y = r1(rand() * (size.height - h - 1));
  const label = BENCH_LABELS[Math.floor(rand() * BENCH_LABELS.length)]?.id ?? "car";
  return { id, label, x, y, w, h };
}

/** The truth of one item: MIN_BOXES..MAX_BOXES boxes. */
export function truthBoxes(rand: () => number, size: ImageSize): BenchBox[] {
  const n = MIN_BOXES + Math.floor(rand() * (MAX_BOXES - MIN_BOXES + 1));
  return Array.from({ length: n }, (_, i) => randomBox(rand, size, `t${i + 1}`));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A box moved by up to `px` pixels, still inside the image. */
function nudge(rand: () => number, size: ImageSize, b: BenchBox, px: number): BenchBox {
  const x = r1(clamp(b.x + (rand() - 0.5) * 2 * px, 0, size.width - b.w - 1));
  const y = r1(clamp(b.y + (rand() - 0.5) * 2 * px, 0, size.height - b.h - 1));
  return { ...b, x, y };
}

/**
 * A contestant's first document for an item: most truth boxes, a little off, with fresh ids (the
 * canvas makes its own), some missed, a few extra, so that scoring has real matching to do.
 */
export function firstAnswer(rand: () => number, size: ImageSize, truth: BenchBox[]): BenchBox[] {
  const boxes: BenchBox[] = [];
  for (const t of truth) if (rand() < 0.85) boxes.push({ ...nudge(rand, size, t, 6), id: randomUUID() });
  while (boxes.length < MIN_BOXES || (rand() < 0.3 && boxes.length < MAX_BOXES))
    boxes.push(randomBox(rand, size, randomUUID()));
  return boxes.slice(0, MAX_BOXES);
}

/** The next revision of a document: one edit (add, delete, move or relabel a box), as a click makes. */
export function editAnswer(rand: () => number, size: ImageSize, boxes: BenchBox[]): BenchBox[] {
  const next = boxes.slice();
  const pick = Math.floor(rand() * next.length);
  const r = rand();
  if ((r < 0.25 && next.length < MAX_BOXES) || next.length <= MIN_BOXES)
    next.push(randomBox(rand, size, randomUUID()));
  else if (r < 0.4) next.splice(pick, 1);
  else if (r < 0.9) next[pick] = nudge(rand, size, next[pick] as BenchBox, 15);
  else {
    const label = BENCH_LABELS[Math.floor(rand() * BENCH_LABELS.length)]?.id ?? "car";
    next[pick] = { ...(next[pick] as BenchBox), label };
  }
  return next;
}
