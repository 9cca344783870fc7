// Unit tests of the vertex geometry the polygon tool checks outlines with.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { polygonProblem } from "../../../protocol/index.ts";
import { clampMove, nextVertexIssue, ringIssue, unionBounds, type Vertex } from "./vertex-geometry.ts";

const square: Vertex[] = [
  [0, 0],
  [100, 0],
  [100, 100],
  [0, 100],
];

describe("nextVertexIssue (a vertex added to an open chain)", () => {
  const chain: Vertex[] = [
    [0, 0],
    [100, 0],
    [100, 100],
  ];

  it("accepts a vertex whose edge crosses nothing, and any vertex after fewer than two", () => {
    expect(nextVertexIssue(chain, [0, 100])).toBeNull();
    expect(nextVertexIssue(chain, [50, 50])).toBeNull();
    expect(nextVertexIssue([], [5, 5])).toBeNull();
    expect(nextVertexIssue([[0, 0]], [5, 5])).toBeNull();
  });

  it("refuses an edge that crosses an earlier edge", () => {
    // From (100, 100) to (50, -50) crosses the first edge (0, 0)–(100, 0).
    expect(nextVertexIssue(chain, [50, -50])).toBe("crossing");
  });

  it("refuses an edge that only touches an earlier edge or vertex", () => {
    expect(nextVertexIssue(chain, [50, 0])).toBe("crossing"); // ends on the first edge
    expect(nextVertexIssue(chain, [0, 0])).toBe("crossing"); // ends on the first vertex
    expect(nextVertexIssue(chain, [-10, -10])).toBe("crossing"); // passes through the first vertex
  });

  it("refuses an edge that folds back over the last one (collinear overlap), not one that goes on", () => {
    expect(nextVertexIssue(chain, [100, 50])).toBe("crossing");
    expect(nextVertexIssue(chain, [100, -20])).toBe("crossing");
    expect(nextVertexIssue(chain, [100, 150])).toBeNull();
    // Collinear with an earlier, non-adjacent edge and overlapping it.
    expect(
      nextVertexIssue(
        [
          [0, 0],
          [100, 0],
          [100, 50],
          [150, 50],
          [150, 0],
        ],
        [50, 0],
      ),
    ).toBe("crossing");
  });

  it("refuses the last vertex again (no edge at all)", () => {
    expect(nextVertexIssue(chain, [100, 100])).toBe("degenerate");
  });
});

describe("ringIssue (a closed ring)", () => {
  it("accepts a simple ring", () => {
    expect(ringIssue(square)).toBeNull();
  });

  it("refuses a closing edge that crosses another edge (a bow tie)", () => {
    expect(
      ringIssue([
        [0, 0],
        [100, 0],
        [0, 100],
        [100, 100],
      ]),
    ).toBe("crossing");
  });

  it("refuses a closing edge that touches a vertex of the ring", () => {
    expect(
      ringIssue([
        [0, 0],
        [100, 0],
        [50, 50],
        [100, 100],
      ]),
    ).toBe("crossing");
  });

  it("refuses a ring without area, a repeated vertex and fewer than three vertices", () => {
    expect(
      ringIssue([
        [0, 0],
        [50, 0],
        [100, 0],
      ]),
    ).not.toBeNull();
    expect(
      ringIssue([
        [0, 0],
        [100, 0],
        [100, 0],
        [0, 100],
      ]),
    ).toBe("degenerate");
    expect(
      ringIssue([
        [0, 0],
        [100, 0],
      ]),
    ).toBe("degenerate");
  });

  it("agrees with the server's check on any ring", () => {
    const v = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }));
    fc.assert(
      fc.property(fc.array(v, { minLength: 3, maxLength: 7 }), (ring) => {
        expect(ringIssue(ring) === null).toBe(polygonProblem(ring) === null);
      }),
    );
  });

  it("a chain built only of accepted vertices whose ring closes without issue is simple", () => {
    const v = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(v, { minLength: 3, maxLength: 9 }), (clicks) => {
        const chain: Vertex[] = [];
        for (const c of clicks) if (nextVertexIssue(chain, c) === null) chain.push(c);
        // Every edge pair of the open chain is fine: so the ring is refused only for its closing edge.
        if (chain.length >= 3 && ringIssue(chain) === null) expect(polygonProblem(chain)).toBeNull();
        for (let k = 3; k <= chain.length; k++) {
          const open = chain.slice(0, k);
          const problem = polygonProblem(open);
          // An open chain's problems can only involve its closing edge (from the last vertex to the first).
          if (problem?.startsWith("crosses")) {
            const m = /edges (\d+) and (\d+)/.exec(problem);
            expect(m && (Number(m[2]) === k - 1 || Number(m[1]) === k - 1)).toBeTruthy();
          }
        }
      }),
    );
  });
});

describe("group moves", () => {
  it("bounds several rectangles together, and clamps a move of all of them to the image", () => {
    const b = unionBounds([
      { x: 10, y: 20, w: 10, h: 10 },
      { x: 50, y: 5, w: 20, h: 5 },
    ]);
    expect(b).toEqual({ x: 10, y: 5, w: 60, h: 25 });
    expect(clampMove(b, 500, -50, { width: 100, height: 100 })).toEqual({ dx: 30, dy: -5 });
  });
});
