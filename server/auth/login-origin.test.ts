// Unit tests of what a sign-in records about where it came from.
import { describe, expect, it } from "vitest";
import { loginOrigin, shortUserAgent } from "./login-origin.ts";

describe("shortUserAgent", () => {
  it("keeps one line without control characters", () => {
    expect(shortUserAgent("  Mozilla/5.0\t(X11)\r\n Chrome/131\u0000 ")).toBe("Mozilla/5.0 (X11) Chrome/131");
  });

  it("cuts a long agent to 120 characters with an ellipsis", () => {
    const ua = shortUserAgent("x".repeat(500));
    expect(ua).toHaveLength(120);
    expect(ua.endsWith("…")).toBe(true);
  });

  it("says nothing for a missing agent", () => {
    expect(shortUserAgent(undefined)).toBe("");
  });
});

describe("loginOrigin", () => {
  it("names an unknown address rather than leaving it empty", () => {
    expect(loginOrigin(undefined, "ua")).toEqual({ address: "unknown", userAgent: "ua" });
    expect(loginOrigin("10.0.0.1", undefined)).toEqual({ address: "10.0.0.1", userAgent: "" });
  });
});
