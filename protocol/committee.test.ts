import { describe, expect, it } from "vitest";
import {
  contestRequestSchema,
  contestUpdateSchema,
  grantSchema,
  staffUpdateSchema,
  stageRequestSchema,
} from "./committee.ts";

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join("."));

describe("contestRequestSchema", () => {
  it("takes a name and a year, with the default weights and no settings", () => {
    expect(contestRequestSchema.parse({ name: "AI Trainer 2021", year: 2021 })).toEqual({
      name: "AI Trainer 2021",
      year: 2021,
      theoryWeight: 30,
      practicalWeight: 70,
      settings: {},
    });
  });

  it("names an unknown setting instead of dropping it", () => {
    const r = contestRequestSchema.safeParse({ name: "C", year: 2021, settings: { teamMaxSzie: 4 } });
    expect(r.success).toBe(false);
    expect(paths(r)).toEqual(["settings.teamMaxSzie"]);
    expect(r.error?.issues[0]?.message).toContain("teamMaxSzie");
  });

  it("puts a setting's own problem under its key", () => {
    const r = contestRequestSchema.safeParse({ name: "C", year: 2021, settings: { teamMaxSize: 25 } });
    expect(paths(r)).toEqual(["settings.teamMaxSize"]);
    const nested = contestRequestSchema.safeParse({
      name: "C",
      year: 2021,
      settings: { requiredEvidence: { EMPLOYEE_JOB: ["PAYSLIP"], EMPLOYEE_TEACHER: [], STUDENT: [] } },
    });
    expect(paths(nested)).toEqual(["settings.requiredEvidence.EMPLOYEE_JOB.0"]);
  });

  it("refuses weights that do not add up to 100, and takes decimals that do", () => {
    expect(paths(contestRequestSchema.safeParse({ name: "C", year: 2021, theoryWeight: 40 }))).toEqual([
      "practicalWeight",
    ]);
    expect(
      contestRequestSchema.safeParse({ name: "C", year: 2021, theoryWeight: 0.1, practicalWeight: 99.9 })
        .success,
    ).toBe(true);
  });

  it("refuses control characters in the name", () => {
    expect(contestRequestSchema.safeParse({ name: "a\u0007b", year: 2021 }).success).toBe(false);
  });
});

describe("contestUpdateSchema", () => {
  it("takes any field alone, and checks the weights when both are given", () => {
    expect(contestUpdateSchema.safeParse({ theoryWeight: 40 }).success).toBe(true);
    expect(contestUpdateSchema.safeParse({ theoryWeight: 40, practicalWeight: 70 }).success).toBe(false);
    expect(paths(contestUpdateSchema.safeParse({ settings: { teamMaxSzie: 1 } }))).toEqual([
      "settings.teamMaxSzie",
    ]);
  });
});

describe("stageRequestSchema", () => {
  it("compares the dates as moments, whatever their offsets", () => {
    const ok = stageRequestSchema.safeParse({
      kind: "PRELIMINARY",
      name: "P",
      startsOn: "2021-10-01T07:00:00+08:00",
      endsOn: "2021-09-30T23:30:00Z",
    });
    expect(ok.success).toBe(true);
    const bad = stageRequestSchema.safeParse({
      kind: "PRELIMINARY",
      name: "P",
      startsOn: "2021-10-01T09:00:00+08:00",
      endsOn: "2021-10-01T00:30:00Z",
    });
    expect(paths(bad)).toEqual(["endsOn"]);
  });
});

describe("grantSchema", () => {
  it("scopes nobody's admin right and no region host to a session", () => {
    expect(grantSchema.safeParse({ role: "ADMIN", regionId: "r1" }).success).toBe(false);
    expect(
      paths(grantSchema.safeParse({ role: "REGION_HOST", regionId: "r1", examSessionId: "s1" })),
    ).toEqual(["examSessionId"]);
    expect(grantSchema.parse({ role: "PROCTOR", examSessionId: "s1" })).toEqual({
      role: "PROCTOR",
      regionId: null,
      examSessionId: "s1",
    });
  });
});

describe("staffUpdateSchema", () => {
  it("refuses an empty change and a short password", () => {
    expect(staffUpdateSchema.safeParse({}).success).toBe(false);
    expect(staffUpdateSchema.safeParse({ password: "short" }).success).toBe(false);
    expect(staffUpdateSchema.safeParse({ contact: null }).success).toBe(true);
  });
});
