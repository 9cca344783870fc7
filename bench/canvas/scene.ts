// Synthetic, reproducible canvas scenes for the benchmark: labels, boxes and polygons from a seeded PRNG.

import type { Polygon } from "../../client/src/canvas/polygon-shape.tsx";
import { mulberry32 } from "../../core/random.ts";
import type { Box, Label } from "../../protocol/index.ts";

export const IMAGE = { width: 4000, height: 3000 } as const;

export const LABELS: Label[] = [
  { id: "car", name: "car", color: "#e4572e" },
  { id: "person", name: "person", color: "#17bebb" },
  { id: "tree", name: "tree", color: "#76b041" },
  { id: "sign", name: "traffic sign", color: "#ffc914" },
  { id: "bike", name: "bicycle", color: "#7e52a0" },
  { id: "bus", name: "bus", color: "#2e86de" },
];

/** The seeded PRNG every generated scene uses. */
export const prng = mulberry32;

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** Boxes of 16–256 px sides (log-uniform, as objects near and far), anywhere in the image. */
export function syntheticBoxes(n: number, seed: number): Box[] {
  const rand = prng(seed);
  const side = () => Math.round(16 * 16 ** rand());
  return Array.from({ length: n }, (_, i) => {
    const w = side();
    const h = side();
    return {
      id: `b${i}`,
      label: pick(rand, LABELS).id,
      x: Math.round(rand() * (IMAGE.width - w)),
      y: Math.round(rand() * (IMAGE.height - h)),
      w,
      h,
    };
  });
}

/** Star-shaped blobs of `vertices` points with a 30–200 px radius. */
export function syntheticPolygons(n: number, vertices: number, seed: number): Polygon[] {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const r = 30 + rand() * 170;
    const cx = r + rand() * (IMAGE.width - 2 * r);
    const cy = r + rand() * (IMAGE.height - 2 * r);
    const points: number[] = [];
    for (let k = 0; k < vertices; k++) {
      const a = (2 * Math.PI * k) / vertices;
      const rk = r * (0.65 + 0.35 * rand());
      points.push(Math.round(cx + rk * Math.cos(a)), Math.round(cy + rk * Math.sin(a)));
    }
    return { id: `p${i}`, label: pick(rand, LABELS).id, points };
  });
}
