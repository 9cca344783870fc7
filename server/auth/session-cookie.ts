// The session cookie: a random session id signed with HMAC-SHA256 over SESSION_SECRET.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "la_session";

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

function mac(id: string, secret: string): string {
  return createHmac("sha256", secret).update(id).digest("base64url");
}

export function signSessionId(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

/** The session id when the signature holds, otherwise null. */
export function unsignSessionId(value: string, secret: string): string | null {
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
