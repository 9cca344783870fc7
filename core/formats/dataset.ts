// The neutral form of an image dataset with its annotations, between LabelArena's answer documents
// and the formats annotators use (COCO JSON, YOLO txt, JSONL). Shapes are in image pixels, labels
// by name. Readers never throw on bad content: they return every problem, named by where it is, so
// an import can refuse a file with its whole report and change nothing.
import { type Box, type Polygon, polygonProblem, ringArea2 } from "../../protocol/index.ts";

export interface DatasetImage {
  /** The image's file name as the dataset names it (e.g. "images/000123.jpg"). */
  file: string;
  width: number;
  height: number;
  boxes: Box[];
  polygons: Polygon[];
}

export interface Dataset {
  /** Label names in their dataset order (COCO category order, YOLO class index). */
  labels: string[];
  images: DatasetImage[];
}

/** One thing wrong with an input file: where (a file, a JSON path, a line) and what. */
export interface FormatProblem {
  where: string;
  message: string;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problems: FormatProblem[] };

/** How far a shape may stick out of its image (rounding in other tools' exports), in pixels. */
export const EDGE_TOLERANCE = 0.5;

/** Why a box does not fit its image, or null. */
export function boxProblem(
  b: { x: number; y: number; w: number; h: number },
  img: DatasetImage,
): string | null {
  if (![b.x, b.y, b.w, b.h].every(Number.isFinite)) return "has a coordinate that is not a number";
  if (b.w <= 0 || b.h <= 0) return "has no width or no height";
  if (b.x < -EDGE_TOLERANCE || b.y < -EDGE_TOLERANCE) return "starts outside the image";
  if (b.x + b.w > img.width + EDGE_TOLERANCE || b.y + b.h > img.height + EDGE_TOLERANCE)
    return `reaches outside the image (${img.width}×${img.height})`;
  return null;
}

/** Why a polygon is not a simple ring inside its image, or null (the save check's own rule). */
export function polygonInImageProblem(
  points: readonly (readonly [number, number])[],
  img: DatasetImage,
): string | null {
  const shape = polygonProblem(points);
  if (shape) return shape;
  for (const [x, y] of points)
    if (
      x < -EDGE_TOLERANCE ||
      y < -EDGE_TOLERANCE ||
      x > img.width + EDGE_TOLERANCE ||
      y > img.height + EDGE_TOLERANCE
    )
      return `has a vertex outside the image (${img.width}×${img.height})`;
  return null;
}

/** The bounding box of a ring: [x, y, w, h]. */
export function ringBounds(points: readonly (readonly [number, number])[]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}

/** The area of a ring (shoelace, absolute). */
export function ringAreaOf(points: readonly (readonly [number, number])[]): number {
  return Math.abs(ringArea2(points)) / 2;
}

/** Drops a vertex equal to the one before it (other tools' exports repeat points; no shape changes). */
export function withoutRepeats(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  // Rings often repeat the first vertex at the end.
  if (out.length > 3 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}
