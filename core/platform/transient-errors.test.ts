// Unit tests: outages are told from faults, and become a 503 UNAVAILABLE rather than a 500.
import { describe, expect, it } from "vitest";
import { toAppError, toErrorBody } from "../errors.ts";
import { isTransientError } from "./transient-errors.ts";

const refused = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("isTransientError", () => {
  it("recognises unreachable services, cut connections and exhausted pools, also when wrapped", () => {
    expect(isTransientError(refused())).toBe(true);
    expect(isTransientError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientError(Object.assign(new Error("Transaction API error"), { code: "P2028" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("x"), { code: "57P01" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("x"), { code: "08006" }))).toBe(true);
    expect(isTransientError(new Error("outer", { cause: new Error("inner", { cause: refused() }) }))).toBe(
      true,
    );
  });

  it("leaves real faults alone", () => {
    expect(isTransientError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isTransientError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isTransientError(null)).toBe(false);
    expect(isTransientError("ECONNREFUSED")).toBe(false);
  });
});

describe("toAppError", () => {
  it("answers an outage with UNAVAILABLE and a time to wait, never INTERNAL", () => {
    const e = toAppError(refused());
    expect(e?.status).toBe(503);
    expect(toErrorBody(refused())).toMatchObject({ code: "UNAVAILABLE", details: { retryAfterMs: 2000 } });
    expect(toErrorBody(new TypeError("bug"))).toEqual({ code: "INTERNAL", message: "Internal error." });
  });
});
