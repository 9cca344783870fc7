import { describe, expect, it } from "vitest";
import type { RankingRow } from "../../protocol/results.ts";
import { type RankingEntry, rankContestants, rankTeams, teamStanding } from "./ranking.ts";

let n = 0;
function entry(over: Partial<RankingEntry> = {}): RankingEntry {
  n += 1;
  return {
    contestantId: `c${n}`,
    name: `选手${n}`,
    ticketNumber: over.ticketNumber ?? `T${String(n).padStart(3, "0")}`,
    organisation: "示例学院",
    group: "STUDENT",
    team: null,
    theory: 20,
    practical: 50,
    total: 70,
    seconds: 3600,
    status: "SCORED",
    ...over,
  };
}

const ranks = (rows: RankingRow[]) => rows.map((r) => [r.contestantId, r.rank]);

describe("rankContestants", () => {
  it("ranks by total, highest first", () => {
    const a = entry({ total: 60, theory: 10 });
    const b = entry({ total: 90, theory: 40 });
    expect(ranks(rankContestants([a, b]))).toEqual([
      [b.contestantId, 1],
      [a.contestantId, 2],
    ]);
  });

  it("breaks equal totals by the higher practical score", () => {
    const a = entry({ theory: 25, practical: 55, total: 80 });
    const b = entry({ theory: 20, practical: 60, total: 80 });
    expect(ranks(rankContestants([a, b]))).toEqual([
      [b.contestantId, 1],
      [a.contestantId, 2],
    ]);
  });

  it("breaks equal total and practical by the shorter time, a missing time being the slowest", () => {
    const slow = entry({ seconds: 4000 });
    const fast = entry({ seconds: 3000 });
    const none = entry({ seconds: null });
    expect(ranks(rankContestants([none, slow, fast]))).toEqual([
      [fast.contestantId, 1],
      [slow.contestantId, 2],
      [none.contestantId, 3],
    ]);
  });

  it("gives entries equal in all three the same rank, and the next rank skips (1, 2, 2, 4)", () => {
    const first = entry({ total: 90, practical: 60, theory: 30 });
    const tieA = entry({ ticketNumber: "B10" });
    const tieB = entry({ ticketNumber: "B2" });
    const last = entry({ total: 10, practical: 5, theory: 5 });
    const rows = rankContestants([last, tieA, first, tieB]);
    expect(ranks(rows)).toEqual([
      [first.contestantId, 1],
      [tieB.contestantId, 2],
      [tieA.contestantId, 2],
      [last.contestantId, 4],
    ]);
  });

  it("compares at 4 decimals: float noise neither breaks nor makes a tie", () => {
    const noisy = entry({ theory: 0.1, practical: 0.2, total: 0.1 + 0.2 });
    const exact = entry({ theory: 0.1, practical: 0.2, total: 0.3 });
    const rows = rankContestants([noisy, exact]);
    expect(rows.map((r) => r.rank)).toEqual([1, 1]);
    expect(rows.every((r) => r.total === 0.3)).toBe(true);
    const above = entry({ theory: 0.1, practical: 0.2, total: 0.3001 });
    expect(rankContestants([noisy, above])[0]?.contestantId).toBe(above.contestantId);
  });

  it("lists pending then absent rows after every ranked row, unranked (rank 0) with zero scores", () => {
    const absent = entry({ status: "ABSENT", seconds: null, total: 0, theory: 0, practical: 0 });
    const pending = entry({ status: "PENDING", total: 99, practical: 69 });
    const low = entry({ total: 1, practical: 1, theory: 0 });
    const high = entry({ total: 80 });
    const rows = rankContestants([absent, pending, low, high]);
    expect(ranks(rows)).toEqual([
      [high.contestantId, 1],
      [low.contestantId, 2],
      [pending.contestantId, 0],
      [absent.contestantId, 0],
    ]);
    expect(rows[2]).toMatchObject({ status: "PENDING", total: 0, practical: 0, theory: 0 });
  });

  it("returns nothing for nobody", () => {
    expect(rankContestants([])).toEqual([]);
  });
});

describe("rankTeams", () => {
  const red = { id: "red", name: "红队" };
  const blue = { id: "blue", name: "蓝队" };
  const green = { id: "green", name: "绿队" };

  // red: 90, 70, 20 (mean 60, sum 180, best two 80); blue: 75, 75 (mean 75, sum 150, best two 75).
  const rows = rankContestants([
    entry({ team: red, total: 90, practical: 60, theory: 30, seconds: 100 }),
    entry({ team: red, total: 70, practical: 50, theory: 20, seconds: 200 }),
    entry({ team: red, total: 20, practical: 10, theory: 10, seconds: 300 }),
    entry({ team: blue, total: 75, practical: 50, theory: 25, seconds: 100 }),
    entry({ team: blue, total: 75, practical: 50, theory: 25, seconds: 300 }),
    entry({ team: null, total: 100, practical: 70, theory: 30 }),
  ]);

  it("ranks by the mean of the members' totals", () => {
    const teams = rankTeams(rows, "mean");
    expect(teams.map((t) => [t.team.id, t.rank, t.total])).toEqual([
      ["blue", 1, 75],
      ["red", 2, 60],
    ]);
    expect(teams[0]).toMatchObject({ practical: 50, seconds: 200, organisation: "示例学院" });
    expect(teams[1]?.members.map((m) => m.total)).toEqual([90, 70, 20]);
  });

  it("ranks by the sum of the members' totals", () => {
    const teams = rankTeams(rows, "sum");
    expect(teams.map((t) => [t.team.id, t.rank, t.total, t.practical, t.seconds])).toEqual([
      ["red", 1, 180, 120, 600],
      ["blue", 2, 150, 100, 400],
    ]);
  });

  it("ranks by the mean of the best two members", () => {
    const teams = rankTeams(rows, "best-two-mean");
    expect(teams.map((t) => [t.team.id, t.rank, t.total, t.practical, t.seconds])).toEqual([
      ["red", 1, 80, 55, 150],
      ["blue", 2, 75, 50, 200],
    ]);
  });

  it("counts an absent member as 0 under the mean, with no team time; leaves out of best two", () => {
    const withAbsent = rankContestants([
      entry({ team: green, total: 80, practical: 56, theory: 24, seconds: 100 }),
      entry({ team: green, status: "ABSENT", total: 0, practical: 0, theory: 0, seconds: null }),
    ]);
    const [mean] = rankTeams(withAbsent, "mean");
    expect(mean).toMatchObject({ rank: 1, total: 40, practical: 28, seconds: null });
    expect(mean?.members.map((m) => m.total)).toEqual([80, null]);
    // best two of two: the absent member still counts (as 0).
    expect(teamStanding(withAbsent, "best-two-mean")).toEqual({ total: 40, practical: 28, seconds: null });
    expect(teamStanding(withAbsent, "sum")).toEqual({ total: 80, practical: 56, seconds: null });
  });

  it("gives equal teams the same rank, rounds the mean, and lists teams with no score last", () => {
    const t1 = { id: "t1", name: "A队" };
    const t2 = { id: "t2", name: "B队" };
    const t3 = { id: "t3", name: "三队" };
    const t4 = { id: "t4", name: "四队" };
    const teams = rankTeams(
      rankContestants([
        entry({ team: t1, total: 70 }),
        entry({ team: t2, total: 70 }),
        entry({ team: t3, total: 100, practical: 70, theory: 30 }),
        entry({ team: t3, total: 100, practical: 70, theory: 30 }),
        entry({ team: t3, total: 0.1 + 0.2, practical: 0.2, theory: 0.1 }),
        entry({ team: t4, status: "PENDING" }),
      ]),
      "mean",
    );
    expect(teams.map((t) => [t.team.id, t.rank])).toEqual([
      ["t1", 1],
      ["t2", 1],
      ["t3", 3],
      ["t4", 0],
    ]);
    expect(teams[2]?.total).toBe(66.7667);
  });
});
