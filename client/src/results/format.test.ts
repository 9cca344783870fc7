import { describe, expect, it } from "vitest";
import type { ContestSummary } from "../../../protocol/index.ts";
import { defaultStage, formatPoints, formatSeconds, isRanked, stageChoices, tiedRanks } from "./format.ts";

describe("formatSeconds", () => {
  it("shows minutes and seconds, minutes past an hour included", () => {
    expect(formatSeconds(0)).toBe("00:00");
    expect(formatSeconds(65)).toBe("01:05");
    expect(formatSeconds(59.6)).toBe("01:00");
    expect(formatSeconds(95 * 60 + 7)).toBe("95:07");
    expect(formatSeconds(-3)).toBe("00:00");
  });
  it("shows a dash for no time", () => {
    expect(formatSeconds(null)).toBe("—");
    expect(formatSeconds(undefined)).toBe("—");
    expect(formatSeconds(Number.NaN)).toBe("—");
  });
});

describe("formatPoints", () => {
  it("keeps two decimals", () => {
    expect(formatPoints(27)).toBe("27.00");
    expect(formatPoints(27.346)).toBe("27.35");
    expect(formatPoints(null)).toBe("—");
  });
});

describe("tiedRanks", () => {
  it("finds the ranks held twice or more", () => {
    expect([...tiedRanks([{ rank: 1 }, { rank: 2 }, { rank: 2 }, { rank: 4 }])]).toEqual([2]);
    expect(tiedRanks([{ rank: 1 }, { rank: 2 }]).size).toBe(0);
  });
});

describe("isRanked", () => {
  it("ranks only final scores", () => {
    expect(isRanked({ status: "SCORED" })).toBe(true);
    expect(isRanked({ status: "PENDING" })).toBe(false);
    expect(isRanked({ status: "ABSENT" })).toBe(false);
  });
});

const contest = (
  id: string,
  year: number,
  stages: { id: string; startsOn: string | null; regions: string[] }[],
): ContestSummary =>
  ({
    id,
    name: `C${id}`,
    year,
    theoryWeight: 30,
    practicalWeight: 70,
    settings: { teamRule: year > 2025 ? "sum" : "mean" },
    stages: stages.map((s) => ({
      id: s.id,
      kind: "PRELIMINARY",
      name: `S${s.id}`,
      startsOn: s.startsOn,
      endsOn: null,
      windows: s.regions.map((regionId) => ({ regionId, opensAt: "", closesAt: "" })),
    })),
  }) as unknown as ContestSummary;

describe("stage choices", () => {
  const contests = [
    contest("old", 2021, [{ id: "a", startsOn: "2021-05-01", regions: ["r1"] }]),
    contest("new", 2026, [
      { id: "b", startsOn: "2026-05-01", regions: [] },
      { id: "c", startsOn: "2026-09-01", regions: [] },
    ]),
  ];
  it("lists the newest contest first, with its team rule", () => {
    const list = stageChoices(contests, "r1");
    expect(list.map((s) => s.id)).toEqual(["b", "c", "a"]);
    expect(list[0]?.teamRule).toBe("sum");
    expect(list[2]?.inRegion).toBe(true);
  });
  it("prefers a stage open in the region, else the newest contest's latest stage", () => {
    expect(defaultStage(stageChoices(contests, "r1"))?.id).toBe("a");
    expect(defaultStage(stageChoices(contests, "r2"))?.id).toBe("c");
    expect(defaultStage([])).toBeNull();
  });
});
