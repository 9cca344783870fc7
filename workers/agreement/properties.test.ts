// Properties of the kappas and the task agreement on random inputs (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskAgreement } from "./agreement.ts";
import { aggregateRaters, cohensKappa, fleissKappa } from "./kappa.ts";

const pairOfLists = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
    minLength: 1,
    maxLength: 30,
  })
  .map((pairs) => [pairs.map((p) => p[0]), pairs.map((p) => p[1])] as const);

describe("kappa properties", () => {
  it("Cohen's kappa is symmetric and at most 1, and 1 for identical lists unless undefined", () => {
    fc.assert(
      fc.property(
        pairOfLists,
        fc.constantFrom(undefined, "linear" as const, "quadratic" as const),
        ([a, b], weights) => {
          const k = cohensKappa(a, b, { weights });
          const back = cohensKappa(b, a, { weights });
          if (Number.isNaN(k)) expect(back).toBeNaN();
          else {
            expect(back).toBeCloseTo(k, 12);
            expect(k).toBeLessThanOrEqual(1 + 1e-12);
          }
          const self = cohensKappa(a, a, { weights });
          if (new Set(a).size > 1) expect(self).toBeCloseTo(1, 12);
          else expect(self).toBeNaN();
        },
      ),
    );
  });

  it("Fleiss' kappa does not depend on the order of the raters or of the items", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (ratings) => {
          const k = fleissKappa(aggregateRaters(ratings).table);
          const shuffled = [...ratings].reverse().map((r) => [...r].reverse());
          const k2 = fleissKappa(aggregateRaters(shuffled).table);
          if (Number.isNaN(k)) expect(k2).toBeNaN();
          else expect(k2).toBeCloseTo(k, 12);
        },
      ),
    );
  });
});

describe("task agreement properties", () => {
  const boxes = fc.array(
    fc.record({
      x: fc.integer({ min: 0, max: 50 }),
      y: fc.integer({ min: 0, max: 50 }),
      w: fc.integer({ min: 1, max: 30 }),
      h: fc.integer({ min: 1, max: 30 }),
      label: fc.constantFrom("car", "bus"),
    }),
    { maxLength: 6 },
  );
  const doc = (list: { x: number; y: number; w: number; h: number; label: string }[]) => ({
    boxes: list.map((b, k) => ({ id: `b${k}`, ...b })),
  });

  it("boxes: in [0, 1], symmetric in the annotators, 1 against itself", () => {
    fc.assert(
      fc.property(boxes, boxes, (a, b) => {
        const ab = taskAgreement("BOXES", [{ id: "i", annotations: [doc(a), doc(b)] }]).overall
          .agreement as number;
        const ba = taskAgreement("BOXES", [{ id: "i", annotations: [doc(b), doc(a)] }]).overall
          .agreement as number;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(ba).toBeCloseTo(ab, 9);
        expect(
          taskAgreement("BOXES", [{ id: "i", annotations: [doc(a), doc(a)] }]).overall.agreement,
        ).toBeCloseTo(1, 12);
      }),
    );
  });

  it("transcription: in [0, 1] and symmetric", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const ab = taskAgreement("TRANSCRIPTION", [{ id: "i", annotations: [{ text: a }, { text: b }] }])
          .overall.agreement as number;
        const ba = taskAgreement("TRANSCRIPTION", [{ id: "i", annotations: [{ text: b }, { text: a }] }])
          .overall.agreement as number;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(ba).toBe(ab);
      }),
    );
  });
});
