import { describe, expect, it } from "vitest";
import {
  contestSettingsSchema,
  idNumberCheckChar,
  idNumberSchema,
  isValidIdNumber,
  organisationKey,
  shortTextSchema,
} from "./contest.ts";

describe("resident ID numbers", () => {
  it("accepts a number whose check character matches, and folds x and full-width digits", () => {
    const first17 = "11010519491231002";
    const id = first17 + idNumberCheckChar(first17);
    expect(isValidIdNumber(id)).toBe(true);
    expect(idNumberSchema.parse(` ${id.toLowerCase()} `)).toBe(id);
    const wide = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(idNumberSchema.parse(wide)).toBe(id);
  });

  it("refuses a wrong check character, an impossible birth date and a wrong length", () => {
    const first17 = "11010519491231002";
    const right = idNumberCheckChar(first17);
    const wrong = right === "0" ? "1" : "0";
    expect(isValidIdNumber(first17 + wrong)).toBe(false);
    const feb30 = "11010520010230002";
    expect(isValidIdNumber(feb30 + idNumberCheckChar(feb30))).toBe(false);
    expect(idNumberSchema.safeParse("1101051949123100").success).toBe(false);
  });

  it("agrees with the published example 11010519491231002X", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
  });
});

describe("contest settings", () => {
  it("gives the 2021 notice's rules by default and names an unknown key", () => {
    const s = contestSettingsSchema.parse({});
    expect(s).toMatchObject({ employeeMinYears: 1, teamsMaySpanOrganisations: false });
    expect(s.barredHonours).toEqual(["中华技能大奖", "全国技术能手"]);
    const typo = contestSettingsSchema.safeParse({ teamMaxSzie: 4 });
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toContain("teamMaxSzie");
  });
});

describe("text fields", () => {
  it("folds organisation names for the one-school rule", () => {
    expect(organisationKey("北京信息职业技术学院（昌平校区）")).toBe(
      organisationKey("北京信息职业技术学院 (昌平校区)"),
    );
  });

  it("refuses control and text-direction characters in names", () => {
    const name = shortTextSchema(40);
    expect(name.safeParse("张伟").success).toBe(true);
    expect(name.safeParse("张\u0007伟").success).toBe(false);
    expect(name.safeParse("\u202e伟张").success).toBe(false);
  });
});
