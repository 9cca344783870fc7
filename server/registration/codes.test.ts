import { describe, expect, it } from "vitest";
import { hashAccessCode, newAccessCode, newJoinCode, normalizeAccessCode } from "./codes.ts";

describe("access codes", () => {
  it("are 20 base32 characters, all different", () => {
    const codes = new Set(Array.from({ length: 200 }, newAccessCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{20}$/);
  });
  it("are read back as typed, and hashed", () => {
    const c = newAccessCode();
    const typed = `${c.slice(0, 5).toLowerCase()} ${c.slice(5, 10)}-${c.slice(10)}`;
    expect(normalizeAccessCode(typed)).toBe(c);
    expect(normalizeAccessCode("short")).toBeNull();
    expect(normalizeAccessCode(undefined)).toBeNull();
    expect(hashAccessCode(c)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("join codes", () => {
  it("use 8 characters nobody confuses", () => {
    let i = 0;
    const code = newJoinCode(() => i++ % 31);
    expect(code).toHaveLength(8);
    expect(code).not.toMatch(/[01IOL]/);
  });
});
