// The two codes of a registration: the applicant's secret access code (stored only as its sha256)
// and a team's join code, which the leader shares with the members.
import { createHash, randomBytes } from "node:crypto";
import { ACCESS_CODE_PATTERN } from "../../protocol/index.ts";
import type { RandomInt } from "../contest-deps.ts";

/** RFC 4648 base32: 20 characters carry 100 bits. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const ACCESS_CODE_LENGTH = 20;

/**
 * A new access code: 100 bits from the operating system's CSPRNG, whatever source of randomness the
 * caller uses elsewhere (the demo seed's is seeded, and an access code must never be guessable).
 */
export function newAccessCode(): string {
  const bytes = randomBytes(13);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < ACCESS_CODE_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A code as typed or pasted: case, spaces and dashes ignored; null when it cannot be one. */
export function normalizeAccessCode(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 64) return null;
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return ACCESS_CODE_PATTERN.test(code) ? code : null;
}

export function hashAccessCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** Letters and digits nobody confuses when reading them aloud: no 0/O, 1/I/L. */
const JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(random: RandomInt): string {
  let out = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) out += JOIN_ALPHABET[random(JOIN_ALPHABET.length)];
  return out;
}
