import { describe, expect, it } from "vitest";
import { certificateAwards } from "./awards.ts";

const scored = (...ranks: number[]) => ranks.map((rank) => ({ rank, status: "SCORED" as const }));

describe("certificateAwards", () => {
  it("gives 10 % first, up to 30 % second, up to 60 % third, the rest none", () => {
    expect(certificateAwards(scored(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))).toEqual([
      "FIRST",
      "SECOND",
      "SECOND",
      "THIRD",
      "THIRD",
      "THIRD",
      null,
      null,
      null,
      null,
    ]);
  });

  it("lets tied rows share the better award, even past the band's share", () => {
    // Ranks 1, 2, 2, 2: rank 2 ≤ 3 (30 % of 10) so all three tied get 二等奖; 5 is third.
    const awards = certificateAwards(scored(1, 2, 2, 2, 5, 6, 7, 7, 9, 10));
    expect(awards).toEqual(["FIRST", "SECOND", "SECOND", "SECOND", "THIRD", "THIRD", null, null, null, null]);
    // A tie straddling the 60 % cut (ranks 6 and 6 of 10 at positions 6, 7): both third.
    expect(certificateAwards(scored(1, 2, 3, 4, 5, 6, 6, 8, 9, 10)).slice(5, 8)).toEqual([
      "THIRD",
      "THIRD",
      null,
    ]);
  });

  it("does not round a band up: fewer than 10 ranked rows have no first award", () => {
    expect(certificateAwards(scored(1, 2, 3, 4, 5))).toEqual(["SECOND", "THIRD", "THIRD", null, null]);
    // A lone contestant: 1 > 0.6 × 1, no award at all.
    expect(certificateAwards(scored(1))).toEqual([null]);
  });

  it("gives unranked rows nothing and leaves them out of N", () => {
    const rows = [
      ...scored(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      { rank: 0, status: "PENDING" as const },
      { rank: 0, status: "ABSENT" as const },
    ];
    const awards = certificateAwards(rows);
    expect(awards[0]).toBe("FIRST");
    expect(awards.slice(10)).toEqual([null, null]);
    expect(certificateAwards([])).toEqual([]);
  });

  it("is exact at cuts where floating point would not be (30 × 0.1, 10 × 0.3)", () => {
    const thirty = certificateAwards(scored(...Array.from({ length: 30 }, (_, i) => i + 1)));
    expect(thirty.filter((a) => a === "FIRST")).toHaveLength(3);
    expect(thirty.filter((a) => a === "SECOND")).toHaveLength(6);
    expect(thirty.filter((a) => a === "THIRD")).toHaveLength(9);
  });
});
