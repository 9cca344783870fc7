import { describe, expect, it } from "vitest";
import { contestSettingsOf } from "../../protocol/index.ts";
import {
  addMonths,
  barredHonourRefusal,
  contestDate,
  jobYearsRefusal,
  normalizeJoinCode,
  registrationClosed,
  type TeamFacts,
  teamJoinRefusal,
} from "./eligibility.ts";

const settings = contestSettingsOf({});

describe("contestDate and addMonths", () => {
  it("counts the contest's day in China Standard Time", () => {
    expect(contestDate(new Date("2026-09-01T15:59:59Z"))).toBe("2026-09-01");
    expect(contestDate(new Date("2026-09-01T16:00:00Z"))).toBe("2026-09-02");
  });
  it("adds calendar months, clamping to a month's last day", () => {
    expect(addMonths("2025-03-15", 12)).toBe("2026-03-15");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2025-11-30", 18)).toBe("2027-05-30");
  });
});

describe("jobYearsRefusal", () => {
  const now = new Date("2026-09-01T04:00:00Z"); // 2026-09-01 in Beijing
  it("accepts a job begun exactly a year ago or earlier", () => {
    expect(jobYearsRefusal("2025-09-01", now, 1)).toBeNull();
    expect(jobYearsRefusal("2020-01-01", now, 1)).toBeNull();
  });
  it("refuses a job one day short of a year, saying when it will be enough", () => {
    const e = jobYearsRefusal("2025-09-02", now, 1);
    expect(e?.code).toBe("INELIGIBLE");
    expect(e?.details).toMatchObject({ rule: "job-years", minYears: 1, eligibleOn: "2026-09-02" });
  });
  it("refuses a start in the future, and honours a setting of two years", () => {
    expect(jobYearsRefusal("2026-10-01", now, 0)?.message).toMatch(/future/);
    expect(jobYearsRefusal("2025-01-01", now, 2)?.details).toMatchObject({ rule: "job-years" });
    expect(jobYearsRefusal("2024-09-01", now, 2)).toBeNull();
  });
});

describe("barredHonourRefusal", () => {
  it("refuses each barred title, by width, spacing and with decorations", () => {
    for (const honour of ["全国技术能手", " 全国 技术能手 ", "全国技术能手（2019年）", "中华技能大奖"]) {
      const e = barredHonourRefusal([honour], settings.barredHonours);
      expect(e?.details).toMatchObject({ rule: "barred-honour" });
    }
    expect(barredHonourRefusal(["全国技术能手"], settings.barredHonours)?.message).toBe(
      "Holders of 全国技术能手 may not register as contestants.",
    );
    expect(barredHonourRefusal(["ＡＢＣ award"], ["abc Award"])?.details).toMatchObject({
      rule: "barred-honour",
    });
  });
  it("accepts other titles", () => {
    expect(barredHonourRefusal(["省技术能手", "优秀教师"], settings.barredHonours)).toBeNull();
    expect(barredHonourRefusal([], settings.barredHonours)).toBeNull();
  });
});

describe("teamJoinRefusal", () => {
  const team: TeamFacts = {
    contestId: "c1",
    regionId: "r1",
    group: "STUDENT",
    organisation: "南阳职业学院",
    organisationKey: "南阳职业学院",
    activeMembers: 1,
  };
  const applicant = {
    contestId: "c1",
    regionId: "r1",
    group: "STUDENT" as const,
    organisationKey: "南阳职业学院",
  };
  const rule = (e: ReturnType<typeof teamJoinRefusal>) => (e?.details as { rule?: string } | undefined)?.rule;

  it("accepts a member of the same school, group and region while there is room", () => {
    expect(teamJoinRefusal(team, applicant, settings)).toBeNull();
  });
  it("refuses each broken rule with its name", () => {
    expect(rule(teamJoinRefusal(null, applicant, settings))).toBe("team-not-found");
    expect(rule(teamJoinRefusal({ ...team, contestId: "c2" }, applicant, settings))).toBe("team-not-found");
    expect(rule(teamJoinRefusal({ ...team, regionId: "r2" }, applicant, settings))).toBe("team-other-region");
    expect(rule(teamJoinRefusal({ ...team, group: "EMPLOYEE" }, applicant, settings))).toBe("team-group");
    const mixed = teamJoinRefusal({ ...team, organisationKey: "other" }, applicant, settings);
    expect(rule(mixed)).toBe("team-mixed-organisations");
    expect(mixed?.message).toMatch(/不得跨校/);
    expect(rule(teamJoinRefusal({ ...team, activeMembers: 3 }, applicant, settings))).toBe("team-full");
  });
  it("lets teams mix organisations when the setting allows it", () => {
    const open = { ...settings, teamsMaySpanOrganisations: true };
    expect(teamJoinRefusal({ ...team, organisationKey: "other" }, applicant, open)).toBeNull();
  });
});

describe("registrationClosed", () => {
  const w = { opensAt: new Date("2026-09-01T00:00:00Z"), closesAt: new Date("2026-09-10T00:00:00Z") };
  it("is open in [opensAt, closesAt)", () => {
    expect(registrationClosed(w, w.opensAt, "Beijing")).toBeNull();
    expect(registrationClosed(w, new Date(w.opensAt.getTime() - 1), "Beijing")?.message).toMatch(/opens/);
    expect(registrationClosed(w, w.closesAt, "Beijing")?.details).toEqual({
      opensAt: w.opensAt.toISOString(),
      closesAt: w.closesAt.toISOString(),
    });
  });
});

describe("normalizeJoinCode", () => {
  it("ignores case, spaces and dashes", () => {
    expect(normalizeJoinCode(" abcd-efgh ")).toBe("ABCDEFGH");
  });
});
