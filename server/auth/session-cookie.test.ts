import { describe, expect, it } from "vitest";
import { newSessionId, readCookie, signSessionId, unsignSessionId } from "./session-cookie.ts";

describe("session cookie", () => {
  const secret = "a-secret-of-sixteen+";

  it("round-trips a signed id", () => {
    const id = newSessionId();
    expect(unsignSessionId(signSessionId(id, secret), secret)).toBe(id);
  });

  it("rejects a changed id, a changed signature, another secret and junk", () => {
    const signed = signSessionId("abc", secret);
    expect(unsignSessionId(signed.replace("abc", "abd"), secret)).toBeNull();
    expect(unsignSessionId(`${signed}x`, secret)).toBeNull();
    expect(unsignSessionId(signed, "another-secret-xyz")).toBeNull();
    for (const junk of ["", ".", "abc", ".sig", "a.b.c"]) expect(unsignSessionId(junk, secret)).toBeNull();
  });

  it("reads one cookie from a header", () => {
    expect(readCookie("a=1; la_session=x.y%3D; b=2", "la_session")).toBe("x.y=");
    expect(readCookie("a=1", "la_session")).toBeUndefined();
    expect(readCookie(undefined, "la_session")).toBeUndefined();
    expect(readCookie("la_session=%E0%A4%A", "la_session")).toBeUndefined();
  });
});
