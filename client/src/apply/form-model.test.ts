import { describe, expect, it } from "vitest";
import { idNumberCheckChar } from "../../../protocol/contest.ts";
import type { RegistrationView } from "../../../protocol/index.ts";
import { check, type Draft, draftOf, emptyDraft, requestOf } from "./form-model.ts";

const PREFIX = "11010520030315123";
const ID = PREFIX + idNumberCheckChar(PREFIX);

const valid = (over: Partial<Draft> = {}): Draft => ({
  ...emptyDraft("stage1", "region1"),
  basis: "STUDENT",
  name: "张小明",
  idNumber: ID,
  phone: "13800138000",
  organisation: "北京信息职业技术学院",
  field: "人工智能技术应用",
  declaration: true,
  ...over,
});

describe("form-model", () => {
  describe("check", () => {
    it("gives the request of a valid form, the group taken from the basis", () => {
      const { request, issues } = check(valid());
      expect(issues).toEqual({});
      expect(request).toMatchObject({ group: "STUDENT", basis: "STUDENT", team: { mode: "none" } });
      expect(request).not.toHaveProperty("jobStartedOn");
    });

    it("names the ID number's check character as the fault", () => {
      const wrong = PREFIX + (idNumberCheckChar(PREFIX) === "1" ? "2" : "1");
      const { request, issues } = check(valid({ idNumber: wrong }));
      expect(request).toBeNull();
      expect(issues.idNumber?.message).toContain("check digit");
    });

    it("asks an employee for the day the related job began, even before the rest parses", () => {
      expect(check(valid({ basis: "EMPLOYEE_JOB" })).issues.jobStartedOn).toBeDefined();
      expect(check({ ...emptyDraft(), basis: "EMPLOYEE_JOB" }).issues.jobStartedOn).toBeDefined();
      const ok = check(valid({ basis: "EMPLOYEE_JOB", jobStartedOn: "2015-09-01" }));
      expect(ok.request).toMatchObject({ group: "EMPLOYEE", jobStartedOn: "2015-09-01" });
    });

    it("gives each issue to its field: an unchosen basis, the declaration, a team's name and join code", () => {
      const empty = check(emptyDraft());
      expect(Object.keys(empty.issues)).toEqual(
        expect.arrayContaining(["stageId", "regionId", "basis", "name", "idNumber", "phone", "declaration"]),
      );
      expect(check(valid({ teamMode: "lead" })).issues.teamName).toBeDefined();
      expect(check(valid({ teamMode: "join", joinCode: "ab" })).issues.joinCode).toBeDefined();
      expect(check(valid({ teamMode: "join", joinCode: "ABCD23" })).request?.team).toEqual({
        mode: "join",
        joinCode: "ABCD23",
      });
    });
  });

  describe("draftOf", () => {
    it("puts an application back in the form, a leader leading the same team, the declaration to make again", () => {
      const view = {
        stage: { id: "stage1", name: "Preliminary" },
        region: { id: "region1", no: 1, nameZh: "北京", nameEn: "Beijing", hostOrg: "x" },
        form: {
          group: "EMPLOYEE",
          basis: "EMPLOYEE_JOB",
          name: "李华",
          idNumber: ID,
          phone: "13900139000",
          email: "",
          organisation: "某公司",
          field: "数据标注",
          jobStartedOn: "2015-09-01T00:00:00.000Z",
          honours: [],
        },
        team: { id: "t", name: "Team Alpha", leader: true, members: 1, joinCode: "ABCD23" },
      } as unknown as RegistrationView;
      const draft = draftOf(view);
      expect(draft).toMatchObject({ jobStartedOn: "2015-09-01", teamMode: "lead", teamName: "Team Alpha" });
      expect(draft.declaration).toBe(false);
      expect(requestOf({ ...draft, declaration: true }).team).toEqual({ mode: "lead", name: "Team Alpha" });
      expect(check({ ...draft, declaration: true }).request).not.toBeNull();
    });
  });
});
