// Unit tests of route matching.
import { describe, expect, it } from "vitest";
import { matchRoute } from "./router.ts";

describe("matchRoute", () => {
  it("matches every page of the client", () => {
    expect(matchRoute("/")).toEqual({ name: "home" });
    expect(matchRoute("/login")).toEqual({ name: "login" });
    expect(matchRoute("/lobby/")).toEqual({ name: "lobby" });
    expect(matchRoute("/exam/abc")).toEqual({ name: "exam", attemptId: "abc" });
    expect(matchRoute("/proctor")).toEqual({ name: "proctor" });
    expect(matchRoute("/proctor/s%201")).toEqual({ name: "proctor-session", sessionId: "s 1" });
  });

  it("reports anything else as not found", () => {
    expect(matchRoute("/exam")).toEqual({ name: "not-found" });
    expect(matchRoute("/exam/a/b")).toEqual({ name: "not-found" });
    expect(matchRoute("/admin")).toEqual({ name: "not-found" });
  });
});
