import { describe, expect, it } from "vitest";
import { contestantMediaUrl, mediaToken, readMediaToken } from "./media-token.ts";

const SECRET = "test-secret-test-secret";
const ref = { attemptId: "cmattempt00000000000000001", itemId: "cmitem0000000000000000042" };

describe("media tokens", () => {
  it("read back to the attempt and item they were made for", () => {
    expect(readMediaToken(SECRET, mediaToken(SECRET, ref))).toEqual(ref);
  });

  it("are the same for the same attempt and item, and unrelated otherwise", () => {
    const t = mediaToken(SECRET, ref);
    expect(mediaToken(SECRET, { ...ref })).toBe(t);
    const other = mediaToken(SECRET, { ...ref, attemptId: "cmattempt00000000000000002" });
    const next = mediaToken(SECRET, { ...ref, itemId: "cmitem0000000000000000043" });
    expect(new Set([t, other, next]).size).toBe(3);
    // Neighbouring items share no visible prefix past the version byte's character.
    expect(next.slice(0, 8)).not.toBe(t.slice(0, 8));
  });

  it("show neither the item's id, the attempt's, nor anything readable", () => {
    const t = mediaToken(SECRET, ref);
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const part of [ref.itemId, ref.attemptId, "042", "item", "attempt"]) expect(t).not.toContain(part);
    const raw = Buffer.from(t, "base64url").toString("latin1");
    expect(raw).not.toContain("cmitem");
    expect(contestantMediaUrl(SECRET, ref)).toBe(`/api/media/${t}`);
  });

  it("are refused when altered anywhere, forged, or made under another secret", () => {
    const t = mediaToken(SECRET, ref);
    const raw = Buffer.from(t, "base64url");
    for (let i = 0; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      expect(readMediaToken(SECRET, bad.toString("base64url")), `byte ${i}`).toBeNull();
    }
    expect(readMediaToken(SECRET, raw.subarray(0, raw.length - 1).toString("base64url"))).toBeNull();
    expect(readMediaToken(SECRET, Buffer.concat([raw, Buffer.from([0])]).toString("base64url"))).toBeNull();
    expect(readMediaToken("another-secret-entirely", t)).toBeNull();
    for (const junk of [
      "",
      "x",
      "....",
      "a/b",
      `${t}=`,
      "A".repeat(10_000),
      Buffer.alloc(60).toString("base64url"),
    ])
      expect(readMediaToken(SECRET, junk)).toBeNull();
  });

  it("refuse to seal what is not a pair of ids", () => {
    expect(() => mediaToken(SECRET, { attemptId: "", itemId: "x" })).toThrow();
    expect(() => mediaToken(SECRET, { attemptId: "a\0b", itemId: "x" })).toThrow();
    expect(() => mediaToken(SECRET, { attemptId: "a", itemId: "x".repeat(65) })).toThrow();
  });
});
