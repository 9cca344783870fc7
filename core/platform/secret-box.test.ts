import { describe, expect, it } from "vitest";
import { seal, unseal } from "./secret-box.ts";

describe("secret box", () => {
  it("opens what it sealed, under the same secret only", () => {
    const box = seal("secret-one-secret-one", "Pa55-初始");
    expect(box).not.toContain("Pa55");
    expect(unseal("secret-one-secret-one", box)).toBe("Pa55-初始");
    expect(unseal("secret-two-secret-two", box)).toBeNull();
  });

  it("refuses a tampered or malformed box", () => {
    const box = seal("s".repeat(20), "hello");
    const parts = box.split(".");
    const flipped = [parts[0], parts[1], parts[2], `A${(parts[3] ?? "").slice(1)}`].join(".");
    expect(unseal("s".repeat(20), flipped === box ? `${box}x` : flipped)).toBeNull();
    expect(unseal("s".repeat(20), "v2.a.b.c")).toBeNull();
    expect(unseal("s".repeat(20), "garbage")).toBeNull();
  });
});
