// Who may read /metrics: the token, an admin, or the machine itself when no token is set.
import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.ts";
import { bearerToken, isLoopback, metricsAccess } from "./access.ts";

const TOKEN = "scraper-token-0123456789abcdef";
const person = (role?: "ADMIN" | "PROCTOR"): Principal => ({
  userId: "u",
  name: "n",
  sessionId: "s",
  contestantIds: role ? [] : ["c"],
  staff: role ? [{ role, regionId: null, examSessionId: null }] : [],
});

function caller(over: { token?: string; authorization?: string; ip?: string; principal?: Principal | null }) {
  let looked = false;
  return {
    input: {
      token: over.token,
      authorization: over.authorization,
      ip: over.ip ?? "203.0.113.9",
      principal: async () => {
        looked = true;
        return over.principal ?? null;
      },
    },
    looked: () => looked,
  };
}

describe("metricsAccess", () => {
  it("with a token set: the right bearer token, without a database read", async () => {
    const c = caller({ token: TOKEN, authorization: `Bearer ${TOKEN}` });
    expect(await metricsAccess(c.input)).toBe("allow");
    expect(c.looked()).toBe(false);
  });

  it("with a token set: a wrong token is forbidden, even with an admin's cookie", async () => {
    expect(await metricsAccess(caller({ token: TOKEN, authorization: "Bearer nope" }).input)).toBe(
      "forbidden",
    );
    expect(
      await metricsAccess(
        caller({ token: TOKEN, authorization: `Bearer ${TOKEN}x`, principal: person("ADMIN") }).input,
      ),
    ).toBe("forbidden");
  });

  it("with a token set: loopback alone is not enough; an admin is allowed, others refused", async () => {
    expect(await metricsAccess(caller({ token: TOKEN, ip: "127.0.0.1" }).input)).toBe("hidden");
    expect(await metricsAccess(caller({ token: TOKEN, principal: person("ADMIN") }).input)).toBe("allow");
    expect(await metricsAccess(caller({ token: TOKEN, principal: person("PROCTOR") }).input)).toBe(
      "forbidden",
    );
    expect(await metricsAccess(caller({ token: TOKEN, principal: person() }).input)).toBe("forbidden");
  });

  it("without a token: loopback in every form is allowed; a remote caller needs to be an admin", async () => {
    for (const ip of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.8.9.10"]) {
      expect(await metricsAccess(caller({ ip }).input)).toBe("allow");
    }
    expect(await metricsAccess(caller({ ip: "10.0.0.5" }).input)).toBe("hidden");
    expect(await metricsAccess(caller({ ip: "10.0.0.5", principal: person("ADMIN") }).input)).toBe("allow");
    // With no token configured, a bearer header grants nothing.
    expect(await metricsAccess(caller({ ip: "10.0.0.5", authorization: "Bearer anything" }).input)).toBe(
      "hidden",
    );
  });
});

describe("isLoopback and bearerToken", () => {
  it("tell loopback from other addresses", () => {
    expect(isLoopback(undefined)).toBe(false);
    expect(isLoopback("::ffff:10.0.0.1")).toBe(false);
    expect(isLoopback("1127.0.0.1")).toBe(false);
  });
  it("read a bearer token, any case, and nothing else", () => {
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
