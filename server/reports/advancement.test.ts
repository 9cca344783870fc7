import { describe, expect, it } from "vitest";
import type { Group } from "../../protocol/contest.ts";
import type { RankingRow } from "../../protocol/results.ts";
import { type Candidate, selectFinalists } from "./advancement.ts";

const R1 = { id: "r1", no: 1, nameZh: "北京", nameEn: "Beijing" };
const R2 = { id: "r2", no: 2, nameZh: "河北", nameEn: "Hebei" };

function c(
  region: Candidate["region"],
  ticket: string,
  rank: number,
  total: number,
  opts: { group?: Group; practical?: number; seconds?: number | null; status?: RankingRow["status"] } = {},
): Candidate {
  return {
    region,
    row: {
      rank,
      contestantId: ticket,
      name: ticket,
      ticketNumber: ticket,
      organisation: null,
      group: opts.group ?? "STUDENT",
      team: null,
      theory: total - (opts.practical ?? total / 2),
      practical: opts.practical ?? total / 2,
      total,
      seconds: opts.seconds === undefined ? 100 : opts.seconds,
      status: opts.status ?? "SCORED",
    },
  };
}

const ids = (cs: Candidate[]) => cs.map((x) => x.row.ticketNumber);

describe("selectFinalists, quota", () => {
  const pool = [
    c(R1, "a1", 1, 90),
    c(R1, "a2", 2, 80),
    c(R1, "a3", 2, 80),
    c(R1, "a4", 4, 70),
    c(R1, "a5", 0, 0, { status: "PENDING" }),
    c(R2, "b1", 1, 95),
    c(R2, "b2", 2, 60),
    c(R1, "e1", 1, 50, { group: "EMPLOYEE" }),
    c(R1, "e2", 2, 40, { group: "EMPLOYEE" }),
  ];

  it("takes ranks up to the quota, everyone tied at the cut, per region × group", () => {
    const chosen = selectFinalists(pool, { kind: "quota", perRegionGroup: 2, overrides: [] });
    expect(ids(chosen)).toEqual(["e1", "e2", "b1", "a1", "a2", "a3", "b2"]);
  });

  it("applies overrides for one region and group (0 takes nobody)", () => {
    const chosen = selectFinalists(pool, {
      kind: "quota",
      perRegionGroup: 1,
      overrides: [
        { regionId: "r1", group: "STUDENT", quota: 4 },
        { regionId: "r1", group: "EMPLOYEE", quota: 0 },
      ],
    });
    expect(ids(chosen)).toEqual(["b1", "a1", "a2", "a3", "a4"]);
  });
});

describe("selectFinalists, top", () => {
  const pool = [
    c(R1, "a1", 1, 90),
    c(R1, "a2", 2, 80, { practical: 50 }),
    c(R2, "b1", 1, 80, { practical: 50 }),
    c(R2, "b2", 2, 80, { practical: 40 }),
    c(R1, "e1", 1, 99, { group: "EMPLOYEE" }),
    c(R2, "e2", 1, 10, { group: "EMPLOYEE" }),
    c(R2, "x", 0, 0, { status: "ABSENT" }),
  ];

  it("takes the best n of each group, a tie at the cut taking everyone tied", () => {
    const chosen = selectFinalists(pool, { kind: "top", n: 2, perGroup: true });
    // a2 and b1 tie (total and practical and time) on second place: both advance; b2 loses on practical.
    expect(ids(chosen)).toEqual(["e1", "e2", "a1", "a2", "b1"]);
  });

  it("takes the best n of everyone when not per group", () => {
    expect(ids(selectFinalists(pool, { kind: "top", n: 2, perGroup: false }))).toEqual(["e1", "a1"]);
    expect(ids(selectFinalists(pool, { kind: "top", n: 3, perGroup: false }))).toEqual([
      "e1",
      "a1",
      "a2",
      "b1",
    ]);
  });

  it("breaks a tie of totals by the shorter time like the rankings", () => {
    const timed = [c(R1, "slow", 1, 80, { seconds: 200 }), c(R2, "fast", 1, 80, { seconds: 100 })];
    expect(ids(selectFinalists(timed, { kind: "top", n: 1, perGroup: true }))).toEqual(["fast"]);
  });

  it("never takes unscored rows, even when n exceeds the pool", () => {
    expect(ids(selectFinalists(pool, { kind: "top", n: 100, perGroup: false }))).not.toContain("x");
  });
});
