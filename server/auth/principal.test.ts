import { describe, expect, it } from "vitest";
import { canWatchSession, type Principal, rolesOf } from "./principal.ts";

const base: Principal = { userId: "u", name: "n", sessionId: "s", contestantIds: [], staff: [] };
const session = { id: "sess-1", regionId: "region-1" };

describe("canWatchSession", () => {
  it("lets an admin watch everything and a contestant nothing", () => {
    expect(
      canWatchSession({ ...base, staff: [{ role: "ADMIN", regionId: null, examSessionId: null }] }, session),
    ).toBe(true);
    expect(canWatchSession({ ...base, contestantIds: ["c"] }, session)).toBe(false);
  });

  it("scopes a proctor to their session and a host to their region", () => {
    const proctor = (examSessionId: string) => ({
      ...base,
      staff: [{ role: "PROCTOR" as const, regionId: null, examSessionId }],
    });
    expect(canWatchSession(proctor("sess-1"), session)).toBe(true);
    expect(canWatchSession(proctor("sess-2"), session)).toBe(false);
    const host = (regionId: string) => ({
      ...base,
      staff: [{ role: "REGION_HOST" as const, regionId, examSessionId: null }],
    });
    expect(canWatchSession(host("region-1"), session)).toBe(true);
    expect(canWatchSession(host("region-2"), session)).toBe(false);
  });

  it("derives roles from contestant entries and staff grants", () => {
    expect(rolesOf({ ...base, contestantIds: ["c"] })).toEqual(["CONTESTANT"]);
    expect(rolesOf({ ...base, staff: [{ role: "JUDGE", regionId: null, examSessionId: null }] })).toEqual([
      "JUDGE",
    ]);
  });
});
