// Unit tests of route matching.
import { describe, expect, it } from "vitest";
import { matchRoute } from "./router.ts";

describe("matchRoute", () => {
  it("matches every page of the client", () => {
    expect(matchRoute("/")).toEqual({ name: "home" });
    expect(matchRoute("/login")).toEqual({ name: "login" });
    expect(matchRoute("/lobby/")).toEqual({ name: "lobby" });
    expect(matchRoute("/exam/abc")).toEqual({ name: "exam", attemptId: "abc" });
    expect(matchRoute("/results/abc")).toEqual({ name: "results", attemptId: "abc" });
    expect(matchRoute("/proctor")).toEqual({ name: "proctor" });
    expect(matchRoute("/proctor/s%201")).toEqual({ name: "proctor-session", sessionId: "s 1" });
    expect(matchRoute("/apply")).toEqual({ name: "apply" });
    expect(matchRoute("/apply/status")).toEqual({ name: "apply-status" });
    expect(matchRoute("/admin")).toEqual({ name: "admin", section: null });
    expect(matchRoute("/admin/staff")).toEqual({ name: "admin", section: "staff" });
    expect(matchRoute("/host")).toEqual({ name: "host", regionId: null, section: null });
    expect(matchRoute("/host/r1/sessions")).toEqual({ name: "host", regionId: "r1", section: "sessions" });
    expect(matchRoute("/host/r1/tickets/s1")).toEqual({
      name: "host-tickets",
      regionId: "r1",
      sessionId: "s1",
    });
    expect(matchRoute("/judge")).toEqual({ name: "judge" });
    expect(matchRoute("/judge/appeals")).toEqual({ name: "judge-appeals" });
    expect(matchRoute("/judge/sessions/s1")).toEqual({ name: "judge-session", sessionId: "s1" });
    expect(matchRoute("/judge/attempts/a1")).toEqual({ name: "judge-attempt", attemptId: "a1" });
    expect(matchRoute("/judge/other/x")).toEqual({ name: "not-found" });
    expect(matchRoute("/judge/sessions/s1/x")).toEqual({ name: "not-found" });
  });

  it("reports anything else as not found", () => {
    expect(matchRoute("/exam")).toEqual({ name: "not-found" });
    expect(matchRoute("/exam/a/b")).toEqual({ name: "not-found" });
    expect(matchRoute("/results")).toEqual({ name: "not-found" });
    expect(matchRoute("/results/a/b")).toEqual({ name: "not-found" });
    expect(matchRoute("/apply/x")).toEqual({ name: "not-found" });
    expect(matchRoute("/admin/a/b")).toEqual({ name: "not-found" });
  });
});
