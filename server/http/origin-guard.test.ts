import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { fromAllowedOrigin, isLoopback, normalizeOrigin, ownOrigin } from "./origin-guard.ts";

function request(headers: Record<string, string>, remoteAddress = "127.0.0.1", encrypted = false) {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as IncomingMessage;
}

describe("isLoopback", () => {
  it("knows IPv4, IPv6 and IPv4-mapped loopback, and nothing else", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      expect(isLoopback(a), a).toBe(true);
    for (const a of ["10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "", undefined])
      expect(isLoopback(a)).toBe(false);
  });
});

describe("normalizeOrigin", () => {
  it("normalises case and default ports, and refuses what is no origin", () => {
    expect(normalizeOrigin("HTTP://Exam.Example:80")).toBe("http://exam.example");
    expect(normalizeOrigin("https://exam.example:8443/path?q")).toBe("https://exam.example:8443");
    expect(normalizeOrigin("null")).toBeNull();
    expect(normalizeOrigin("file:///etc/passwd")).toBeNull();
    expect(normalizeOrigin("not a url")).toBeNull();
  });
});

describe("ownOrigin", () => {
  it("is the Host header and the connection's scheme", () => {
    expect(ownOrigin(request({ host: "10.0.0.5:3000" }, "10.0.0.9"))).toBe("http://10.0.0.5:3000");
    expect(ownOrigin(request({ host: "exam.example" }, "10.0.0.9", true))).toBe("https://exam.example");
  });

  it("believes X-Forwarded-Proto and -Host only from a proxy on loopback", () => {
    const forwarded = {
      host: "127.0.0.1:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "exam.example",
    };
    expect(ownOrigin(request(forwarded, "127.0.0.1"))).toBe("https://exam.example");
    expect(ownOrigin(request(forwarded, "10.0.0.9"))).toBe("http://127.0.0.1:3000");
  });
});

describe("fromAllowedOrigin", () => {
  const allowed = ["https://proctor.example.org"];
  const check = (headers: Record<string, string>, remote = "10.0.0.9") =>
    fromAllowedOrigin(request({ host: "exam.example:3000", ...headers }, remote), allowed).ok;

  it("passes requests without Origin or Referer: they are not a browser's cross-site requests", () => {
    expect(check({})).toBe(true);
  });

  it("passes the app's own origin and the allowed ones", () => {
    expect(check({ origin: "http://exam.example:3000" })).toBe(true);
    expect(check({ origin: "https://proctor.example.org" })).toBe(true);
    expect(check({ referer: "http://exam.example:3000/exam/1" })).toBe(true);
  });

  it("refuses any other origin, scheme or port, and the null origin", () => {
    expect(check({ origin: "http://evil.example" })).toBe(false);
    expect(check({ origin: "https://exam.example:3000" })).toBe(false);
    expect(check({ origin: "http://exam.example:3001" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
    expect(check({ referer: "http://evil.example/page" })).toBe(false);
  });

  it("lets the Origin header decide over the Referer", () => {
    expect(check({ origin: "http://evil.example", referer: "http://exam.example:3000/" })).toBe(false);
    expect(check({ origin: "http://exam.example:3000", referer: "http://evil.example/" })).toBe(true);
  });
});
