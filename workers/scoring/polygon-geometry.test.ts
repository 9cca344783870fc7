import { readFileSync } from "node:fs";
import fc from "fast-check";
import { intersection, union } from "polyclip-ts";
import { describe, expect, it } from "vitest";
import {
  type MultiPolygonRings,
  PolygonInputError,
  polygonArea,
  polygonIoU,
  regionIntersectionArea,
  regionIoU,
  regionOf,
} from "./polygon-geometry.ts";

type Pt = [number, number];
const square = (x: number, y: number, w: number, h: number = w): Pt[] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

/** Polygon IoU cases from Striveworks/valor (MIT); see fixtures/valor_polygon_bitmask_bbox_iou/SOURCE.txt. */
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./fixtures/valor_polygon_bitmask_bbox_iou/${name}`, import.meta.url), "utf8"),
  );
const valorPairs = fixture("polygon_pairs.json").polygon_pairs as Array<{
  group: number;
  rotation_deg: number;
  polygon1: Pt[];
  polygon2: Pt[];
}>;
const valorExpected = fixture("expected.json").polygon_iou as {
  expected_round4_group0: number[];
  expected_round4_group1: number[];
};

/** The area of a polyclip-ts result (rings closed; outer rings first, then holes). */
/**
 * The area polyclip-ts computes, or null on the rare inputs where the reference itself throws
 * (e.g. "Unable to complete output ring"): those cases say nothing about the code under test,
 * which is always run outside this function.
 */
function referenceArea(clip: () => Pt[][][]): number | null {
  let result: Pt[][][];
  try {
    result = clip();
  } catch {
    return null;
  }
  return clippedArea(result);
}

function clippedArea(multi: Pt[][][]): number {
  let sum = 0;
  for (const polygon of multi)
    polygon.forEach((ring, r) => {
      sum += (r === 0 ? 1 : -1) * Math.abs(shoelace(ring));
    });
  return sum;
}

function shoelace(ring: readonly (readonly [number, number])[]): number {
  let a = 0;
  ring.forEach(([x0, y0], k) => {
    const [x1, y1] = ring[(k + 1) % ring.length] as Pt;
    a += x0 * y1 - x1 * y0;
  });
  return a / 2;
}

/** Clips a convex polygon (counter-clockwise) by the half-plane left of a → b (Sutherland–Hodgman). */
function clipLeft(poly: Pt[], [ax, ay]: Pt, [bx, by]: Pt): Pt[] {
  const side = ([x, y]: Pt) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const out: Pt[] = [];
  poly.forEach((p, k) => {
    const q = poly[(k + 1) % poly.length] as Pt;
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  });
  return out;
}

/**
 * An independent reference for the intersection area: each region's indicator is the sum of the
 * signed triangles (origin, edge) over its rings (outer rings counter-clockwise, holes clockwise,
 * parts disjoint), so area(A ∩ B) = Σ sign · area(Tᵢ ∩ Tⱼ) over pairs of such triangles, each
 * intersection a convex clip. Slow (all pairs) but simple and robust to degeneracies.
 */
function fanIntersectionArea(a: MultiPolygonRings, b: MultiPolygonRings): number {
  const triangles = (multi: MultiPolygonRings) => {
    const out: Array<{ sign: number; tri: Pt[] }> = [];
    for (const polygon of multi)
      polygon.forEach((ring, r) => {
        const oriented = (r === 0) === shoelace(ring) > 0 ? [...ring] : [...ring].reverse();
        oriented.forEach((p, k) => {
          const q = oriented[(k + 1) % oriented.length] as Pt;
          const tri: Pt[] = [
            [0, 0],
            [p[0], p[1]],
            [q[0], q[1]],
          ];
          const area = shoelace(tri);
          if (area !== 0) out.push({ sign: Math.sign(area), tri: area > 0 ? tri : [...tri].reverse() });
        });
      });
    return out;
  };
  let sum = 0;
  for (const s of triangles(a))
    for (const t of triangles(b)) {
      let clipped = s.tri;
      for (let k = 0; k < 3 && clipped.length > 0; k++)
        clipped = clipLeft(clipped, t.tri[k] as Pt, t.tri[(k + 1) % 3] as Pt);
      if (clipped.length >= 3) sum += s.sign * t.sign * shoelace(clipped);
    }
  return sum;
}

/**
 * Random star-shaped polygons on an integer grid: vertices at sorted angles around a centre, their
 * distances rounded to the grid, so that shared vertices, collinear and coincident edges abound
 * (some come out invalid and are skipped). Holes are smaller stars around the same centre.
 */
const star = (cx: number, cy: number, minR: number, maxR: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 359 }), fc.integer({ min: minR, max: maxR })), {
      minLength: 3,
      maxLength: 8,
    })
    .map((spokes): Pt[] =>
      [...spokes]
        .sort((p, q) => p[0] - q[0])
        .map(
          ([deg, r]): Pt => [
            cx + Math.round(r * Math.cos((deg * Math.PI) / 180)),
            cy + Math.round(r * Math.sin((deg * Math.PI) / 180)),
          ],
        ),
    );
const gridShape = fc
  .tuple(fc.integer({ min: 4, max: 8 }), fc.integer({ min: 4, max: 8 }))
  .chain(([cx, cy]) =>
    fc.tuple(
      star(cx, cy, 2, 5),
      fc.option(star(cx, cy, 1, 1), { nil: undefined, freq: 3 }),
      fc.option(star(cx + 6, cy - 4, 1, 3), { nil: undefined, freq: 3 }),
    ),
  );
const asMulti = ([outer, hole, part]: [Pt[], Pt[] | undefined, Pt[] | undefined]): MultiPolygonRings => {
  const polygon = hole ? [outer, hole] : [outer];
  return part ? [polygon, [part]] : [polygon];
};
const tryRegion = (multi: MultiPolygonRings) => {
  try {
    return regionOf(multi);
  } catch (err) {
    if (err instanceof PolygonInputError) return undefined;
    throw err;
  }
};

describe("polygon areas and IoU", () => {
  it("matches valor's 16 rotated-square IoUs to 4 decimals", () => {
    const expected = [...valorExpected.expected_round4_group0, ...valorExpected.expected_round4_group1];
    expect(valorPairs.length).toBe(16);
    valorPairs.forEach((pair, k) => {
      const iou = polygonIoU([[pair.polygon1]], [[pair.polygon2]]);
      expect(Math.round(iou * 1e4) / 1e4, `group ${pair.group}, ${pair.rotation_deg}°`).toBe(expected[k]);
      expect(polygonIoU([[pair.polygon2]], [[pair.polygon1]])).toBe(iou);
    });
  });

  it("computes hand-checked areas and IoUs", () => {
    expect(polygonArea([[square(0, 0, 10)]])).toBe(100);
    // Either orientation, closing point or not, repeated points dropped.
    expect(polygonArea([[[...square(0, 0, 10)].reverse()]])).toBe(100);
    expect(
      polygonArea([
        [
          [
            [0, 0],
            [10, 0],
            [10, 0],
            [10, 10],
            [0, 10],
            [0, 0],
          ],
        ],
      ]),
    ).toBe(100);
    // A hole, and an island inside the hole.
    const holed: MultiPolygonRings = [[square(0, 0, 10), square(2, 2, 6)]];
    expect(polygonArea(holed)).toBe(64);
    expect(polygonArea([...holed, [square(4, 4, 2)]])).toBe(68);
    expect(polygonIoU(holed, [[square(2, 2, 6)]])).toBe(0);
    expect(polygonIoU(holed, [[square(0, 0, 10)]])).toBe(0.64);
    expect(polygonIoU([...holed, [square(4, 4, 2)]], [[square(0, 0, 10)]])).toBe(0.68);
    // Overlapping parts count once (COCO's union of parts).
    expect(polygonArea([[square(0, 0, 10)], [square(5, 0, 10)]])).toBe(150);
    expect(polygonArea([[square(0, 0, 10)], [square(10, 0, 10)]])).toBe(200);
    expect(polygonArea([[square(0, 0, 10)], [square(2, 2, 2)]])).toBe(100);
    // Shifted by half: 50 / 150; touching: 0; containment: inner over outer.
    expect(polygonIoU([[square(0, 0, 10)]], [[square(5, 0, 10, 10)]])).toBeCloseTo(1 / 3, 14);
    expect(polygonIoU([[square(0, 0, 10)]], [[square(10, 0, 10)]])).toBe(0);
    expect(polygonIoU([[square(0, 0, 10)]], [[square(10, 10, 10)]])).toBe(0);
    expect(polygonIoU([[square(0, 0, 10)]], [[square(2, 2, 5)]])).toBe(0.25);
    // Same square from another starting vertex: every edge coincides.
    const rotated: Pt[] = [
      [10, 10],
      [0, 10],
      [0, 0],
      [10, 0],
    ];
    expect(polygonIoU([[square(0, 0, 10)]], [[rotated]])).toBe(1);
    // A triangle and a square sharing an edge and a half.
    expect(
      polygonIoU(
        [[square(0, 0, 10)]],
        [
          [
            [
              [0, 0],
              [10, 0],
              [0, 10],
            ],
          ],
        ],
      ),
    ).toBe(0.5);
  });

  it("agrees with an independent reference on random degenerate grid polygons (holes, parts)", () => {
    let compared = 0;
    fc.assert(
      fc.property(gridShape, gridShape, (p, q) => {
        const pm = asMulti(p);
        const qm = asMulti(q);
        const a = tryRegion(pm);
        const b = tryRegion(qm);
        if (!a || !b) return;
        // The fan reference needs disjoint parts: skip shapes whose parts were merged.
        const disjoint = (m: MultiPolygonRings, area: number) =>
          Math.abs(
            m.reduce(
              (s, poly) =>
                s + poly.reduce((t, ring, r) => t + (r === 0 ? 1 : -1) * Math.abs(shoelace(ring)), 0),
              0,
            ) - area,
          ) < 1e-9;
        if (!disjoint(pm, a.area) || !disjoint(qm, b.area)) return;
        compared++;
        const reference = fanIntersectionArea(pm, qm);
        expect(regionIntersectionArea(a, b)).toBeCloseTo(reference, 9);
        expect(regionIntersectionArea(b, a)).toBeCloseTo(reference, 9);
      }),
      { numRuns: 2000 },
    );
    expect(compared).toBeGreaterThan(100);
  }, 30_000);

  it("merges overlapping parts like polyclip-ts's union", () => {
    const overlapping = fc
      .tuple(fc.integer({ min: 4, max: 8 }), fc.integer({ min: 4, max: 8 }))
      .chain(([cx, cy]) => fc.tuple(star(cx, cy, 2, 5), star(cx + 2, cy - 1, 1, 3)));
    let merged = 0;
    fc.assert(
      fc.property(overlapping, ([outer, part]) => {
        const region = tryRegion([[outer], [part]]);
        if (!region) return;
        merged++;
        expect(region.area).toBeCloseTo(clippedArea(union([outer], [part])), 9);
      }),
      { numRuns: 300 },
    );
    expect(merged).toBeGreaterThan(20);
  });

  it("agrees with polyclip-ts on random blobs with real coordinates", () => {
    const blob = fc
      .tuple(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.array(fc.double({ min: 5, max: 40, noNaN: true }), { minLength: 3, maxLength: 24 }),
      )
      .map(([cx, cy, radii]): Pt[] =>
        radii.map((r, k) => [
          cx + r * Math.cos((2 * Math.PI * k) / radii.length),
          cy + r * Math.sin((2 * Math.PI * k) / radii.length),
        ]),
      );
    fc.assert(
      fc.property(blob, blob, (p, q) => {
        const a = tryRegion([[p]]);
        const b = tryRegion([[q]]);
        if (!a || !b) return;
        const reference = referenceArea(() => intersection([p], [q]));
        if (reference === null) return;
        expect(regionIntersectionArea(a, b)).toBeCloseTo(reference, 6);
      }),
      { numRuns: 500 },
    );
  });

  it("is in [0, 1], symmetric, and 1 against itself", () => {
    fc.assert(
      fc.property(gridShape, gridShape, (p, q) => {
        const a = tryRegion(asMulti(p));
        const b = tryRegion(asMulti(q));
        if (!a || !b) return;
        const iou = regionIoU(a, b);
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
        expect(regionIoU(b, a)).toBe(iou);
        expect(regionIoU(a, a)).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });

  it("stays precise far from the origin", () => {
    const far = 1e7;
    const iou = polygonIoU([[square(far, far, 10)]], [[square(far + 5, far, 10)]]);
    expect(iou).toBeCloseTo(1 / 3, 9);
  });

  it("refuses invalid polygons with a message saying where", () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /no polygons/],
      [[[]], /polygon 0 is not a non-empty list of rings/],
      [[["nope"]], /ring 0 is not a list of points/],
      [
        [
          [
            [
              [0, 0],
              [1, 0],
            ],
          ],
        ],
        /fewer than 3 distinct points/,
      ],
      [
        [
          [
            [
              [0, 0],
              [1, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        ],
        /fewer than 3 distinct points/,
      ],
      [
        [
          [
            [
              [0, 0],
              [1, Number.NaN],
              [0, 1],
            ],
          ],
        ],
        /point 1 has a non-finite y: NaN/,
      ],
      [
        [
          [
            [
              [0, 0],
              [Number.POSITIVE_INFINITY, 0],
              [0, 1],
            ],
          ],
        ],
        /point 1 has a non-finite x: Infinity/,
      ],
      [
        [
          [
            [
              [0, 0],
              [1, 0, 5],
              [0, 1],
            ],
          ],
        ],
        /point 1 is not an \[x, y\] pair/,
      ],
      // A bow tie, a ring touching itself at a vertex, a ring folding back on itself.
      [
        [
          [
            [
              [0, 0],
              [10, 10],
              [10, 0],
              [0, 10],
            ],
          ],
        ],
        /polygon 0 ring 0 is self-intersecting/,
      ],
      [
        [
          [
            [
              [0, 0],
              [10, 0],
              [5, 5],
              [10, 10],
              [0, 10],
              [5, 5],
            ],
          ],
        ],
        /self-intersecting/,
      ],
      [
        [
          [
            [
              [0, 0],
              [10, 0],
              [5, 0],
              [5, 5],
            ],
          ],
        ],
        /self-intersecting \(it folds back/,
      ],
      [
        [
          [
            [
              [0, 0],
              [5, 5],
              [10, 10],
            ],
          ],
        ],
        /self-intersecting/,
      ],
      // Holes: outside, crossing the outer ring, inside another hole, touching.
      [[[square(0, 0, 10), square(20, 20, 2)]], /hole 1 lies outside its outer ring/],
      [[[square(0, 0, 10), square(5, 5, 10)]], /rings 0 and 1 touch or cross/],
      [[[square(0, 0, 10), square(1, 1, 8), square(3, 3, 2)]], /hole 2 lies inside hole 1/],
      [[[square(0, 0, 10), square(0, 2, 3)]], /rings 0 and 1 touch or cross/],
    ];
    for (const [polygons, pattern] of cases) {
      expect(() => regionOf(polygons), JSON.stringify(polygons)).toThrow(PolygonInputError);
      expect(() => regionOf(polygons)).toThrow(pattern);
    }
  });
});
