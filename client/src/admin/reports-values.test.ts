import { describe, expect, it } from "vitest";
import {
  advancementEnrolSchema,
  advancementRuleSchema,
  type ContestSummary,
  contestSettingsSchema,
  type RegionReportView,
} from "../../../protocol/index.ts";
import {
  blockersOfView,
  countByStatus,
  defaultStageOf,
  duplicateOverrides,
  EMPTY_RULE,
  refusalBlockers,
  ruleOf,
  stageOptions,
} from "./reports-values.ts";
import { issuesOf } from "./values.ts";

const NOW = Date.parse("2026-10-20T10:00:00Z");
const ID_A = "ckregiona000000000000001";
const ID_B = "ckregionb000000000000001";

function view(over: Partial<RegionReportView> = {}): RegionReportView {
  return {
    region: { id: ID_A, no: 1, nameZh: "北京", nameEn: "Beijing", hostOrg: "北京信息职业技术学院" },
    stage: { id: "s1", name: "北京赛区预赛", kind: "PRELIMINARY" },
    status: "NOT_SUBMITTED",
    submittedAt: null,
    submittedBy: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenReason: null,
    sessions: { total: 2, released: 2 },
    contestants: { total: 10, scored: 9 },
    openAppeals: 0,
    appealsCloseAt: "2026-10-20T09:00:00Z",
    ...over,
  };
}

describe("blockersOfView", () => {
  it("has none once everything is released, answered and the windows closed", () => {
    expect(blockersOfView(view(), NOW)).toEqual([]);
  });

  it("names unreleased sessions, open appeals and a window still open", () => {
    const v = view({
      sessions: { total: 3, released: 1 },
      openAppeals: 2,
      appealsCloseAt: "2026-10-20T11:00:00Z",
    });
    expect(blockersOfView(v, NOW)).toEqual([
      { kind: "unreleased", count: 2 },
      { kind: "openAppeals", count: 2 },
      { kind: "window", closesAt: "2026-10-20T11:00:00Z" },
    ]);
  });

  it("says when the region has no session at all", () => {
    const v = view({ sessions: { total: 0, released: 0 }, appealsCloseAt: null });
    expect(blockersOfView(v, NOW)).toEqual([{ kind: "noSessions" }]);
  });
});

describe("refusalBlockers", () => {
  it("reads the 409's details", () => {
    expect(
      refusalBlockers({ unreleased: 1, openAppeals: 0, appealsCloseAt: "2026-10-20T11:00:00Z" }, NOW),
    ).toEqual([
      { kind: "unreleased", count: 1 },
      { kind: "window", closesAt: "2026-10-20T11:00:00Z" },
    ]);
  });

  it("trusts the server on the window when nothing else blocks, whatever this browser's clock says", () => {
    expect(
      refusalBlockers({ unreleased: 0, openAppeals: 0, appealsCloseAt: "2026-10-20T09:00:00Z" }, NOW),
    ).toEqual([{ kind: "window", closesAt: "2026-10-20T09:00:00Z" }]);
  });

  it("leaves out a window already closed when something else blocks", () => {
    expect(
      refusalBlockers({ unreleased: 0, openAppeals: 3, appealsCloseAt: "2026-10-20T09:00:00Z" }, NOW),
    ).toEqual([{ kind: "openAppeals", count: 3 }]);
  });

  it("says when the region has no session to report", () => {
    expect(
      refusalBlockers({ sessions: 0, unreleased: 0, openAppeals: 0, appealsCloseAt: null }, NOW),
    ).toEqual([{ kind: "noSessions" }]);
  });

  it("is null for details that are not the report's", () => {
    expect(refusalBlockers(undefined, NOW)).toBeNull();
    expect(refusalBlockers({ scored: 1 }, NOW)).toBeNull();
    expect(refusalBlockers("nope", NOW)).toBeNull();
  });
});

describe("ruleOf", () => {
  it("builds a quota rule the schema takes, with overrides", () => {
    const rule = ruleOf({
      ...EMPTY_RULE,
      perRegionGroup: "2",
      overrides: [{ key: 1, regionId: ID_B, group: "STUDENT", quota: "0" }],
    });
    expect(rule).toEqual({
      kind: "quota",
      perRegionGroup: 2,
      overrides: [{ regionId: ID_B, group: "STUDENT", quota: 0 }],
    });
    expect(advancementRuleSchema.safeParse(rule).success).toBe(true);
  });

  it("builds a top-N rule with only its own fields (the schema is strict)", () => {
    const rule = ruleOf({ ...EMPTY_RULE, kind: "top", n: "50", perGroup: false });
    expect(rule).toEqual({ kind: "top", n: 50, perGroup: false });
    expect(advancementRuleSchema.parse(rule)).toEqual({ kind: "top", n: 50, perGroup: false });
  });

  it("leaves empty and bad numbers for the schema to refuse, on their field", () => {
    expect(issuesOf(advancementRuleSchema, ruleOf({ ...EMPTY_RULE, perRegionGroup: "" }))).toHaveProperty(
      "perRegionGroup",
    );
    expect(issuesOf(advancementRuleSchema, ruleOf({ ...EMPTY_RULE, perRegionGroup: "1.5" }))).toHaveProperty(
      "perRegionGroup",
    );
    const bad = ruleOf({
      ...EMPTY_RULE,
      overrides: [{ key: 1, regionId: "", group: "EMPLOYEE", quota: "-1" }],
    });
    const issues = issuesOf(advancementRuleSchema, bad) ?? {};
    expect(Object.keys(issues)).toEqual(
      expect.arrayContaining(["overrides.0.regionId", "overrides.0.quota"]),
    );
    expect(issuesOf(advancementRuleSchema, ruleOf({ ...EMPTY_RULE, kind: "top", n: "0" }))).toHaveProperty(
      "n",
    );
  });

  it("makes an enrolment the schema takes with a reason", () => {
    const rule = advancementRuleSchema.parse(ruleOf(EMPTY_RULE));
    const ok = advancementEnrolSchema.safeParse({ rule, finalStageId: ID_A, reason: "按名额晋级" });
    expect(ok.success).toBe(true);
    expect(issuesOf(advancementEnrolSchema, { rule, finalStageId: ID_A, reason: " " })).toHaveProperty(
      "reason",
    );
  });
});

describe("duplicateOverrides", () => {
  it("marks rows naming the same region and group", () => {
    const d = duplicateOverrides([
      { key: 1, regionId: ID_A, group: "EMPLOYEE", quota: "1" },
      { key: 2, regionId: ID_A, group: "STUDENT", quota: "1" },
      { key: 3, regionId: ID_A, group: "EMPLOYEE", quota: "2" },
      { key: 4, regionId: "", group: "EMPLOYEE", quota: "2" },
      { key: 5, regionId: "", group: "EMPLOYEE", quota: "2" },
    ]);
    expect([...d].sort()).toEqual([1, 3]);
  });
});

describe("countByStatus", () => {
  it("counts every status, zero included", () => {
    expect(countByStatus([{ status: "SUBMITTED" }, { status: "SUBMITTED" }, { status: "REOPENED" }])).toEqual(
      {
        NOT_SUBMITTED: 0,
        SUBMITTED: 2,
        REOPENED: 1,
      },
    );
  });
});

describe("stage options", () => {
  const settings = contestSettingsSchema.parse({});
  const contest = (id: string, year: number, stages: ContestSummary["stages"]): ContestSummary => ({
    id,
    name: `大赛 ${year}`,
    year,
    theoryWeight: 30,
    practicalWeight: 70,
    settings,
    stages,
  });
  const stage = (id: string, kind: "PRELIMINARY" | "FINAL", startsOn: string | null) => ({
    id,
    kind,
    name: id,
    startsOn,
    endsOn: null,
    windows: [],
  });
  const contests = [
    contest("old", 2025, [stage("p25", "PRELIMINARY", "2025-09-01"), stage("f25", "FINAL", "2025-11-01")]),
    contest("new", 2026, [
      stage("p26a", "PRELIMINARY", "2026-09-01"),
      stage("p26b", "PRELIMINARY", "2026-10-01"),
      stage("f26", "FINAL", "2026-11-20"),
    ]),
  ];

  it("lists the newest contest first, of one kind when asked, with the contest in the label", () => {
    expect(stageOptions(contests, "PRELIMINARY").map((o) => o.id)).toEqual(["p26a", "p26b", "p25"]);
    expect(stageOptions(contests, "FINAL").map((o) => o.id)).toEqual(["f26", "f25"]);
    expect(stageOptions(contests)[0]?.label).toBe("大赛 2026 (2026) · p26a");
  });

  it("picks the latest-starting stage of the newest contest, or of a given contest", () => {
    expect(defaultStageOf(stageOptions(contests, "PRELIMINARY"))?.id).toBe("p26b");
    expect(defaultStageOf(stageOptions(contests, "FINAL"), "old")?.id).toBe("f25");
    expect(defaultStageOf([])).toBeNull();
  });
});
