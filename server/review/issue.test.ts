import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/random.ts";
import {
  drawInitialPassword,
  drawTicketNumber,
  PASSWORD_ALPHABET,
  PASSWORD_LENGTH,
  ticketPrefix,
} from "./issue.ts";

const seeded = (seed: number) => {
  const next = mulberry32(seed);
  return (max: number) => Math.floor(next() * max);
};

describe("ticketPrefix", () => {
  it("is the year's last two digits and the region's number", () => {
    expect(ticketPrefix(2026, 3)).toBe("2603");
    expect(ticketPrefix(2021, 17)).toBe("2117");
  });
});

describe("drawTicketNumber", () => {
  it("is 12 digits: the prefix and 8 random digits, zero-padded", () => {
    expect(drawTicketNumber("2603", () => 42)).toBe("260300000042");
    expect(drawTicketNumber("2603", seeded(1))).toMatch(/^2603\d{8}$/);
  });

  it("gives the same numbers for the same seed", () => {
    const a = seeded(7);
    const b = seeded(7);
    expect([1, 2, 3].map(() => drawTicketNumber("2601", a))).toEqual(
      [1, 2, 3].map(() => drawTicketNumber("2601", b)),
    );
  });
});

describe("drawInitialPassword", () => {
  it("has 10 characters from an alphabet without 0, O, 1, l or I", () => {
    for (const c of "0O1lI") expect(PASSWORD_ALPHABET).not.toContain(c);
    const random = seeded(3);
    for (let i = 0; i < 100; i++) {
      const p = drawInitialPassword(random);
      expect(p).toHaveLength(PASSWORD_LENGTH);
      for (const c of p) expect(PASSWORD_ALPHABET).toContain(c);
    }
  });
});
