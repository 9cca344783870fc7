// Who may read the operations endpoints: the metrics scraper by its token, an admin by the session
// cookie, and, when no token is configured, anything on the machine itself (loopback).
import { timingSafeEqual } from "node:crypto";
import type { Principal } from "../auth/principal.ts";

/** "hidden": answer as if the route did not exist; "forbidden": the caller knows it is not theirs. */
export type OpsAccess = "allow" | "forbidden" | "hidden";

export function isAdmin(p: Principal): boolean {
  return p.staff.some((g) => g.role === "ADMIN");
}

/** Loopback in IPv4, IPv6 and IPv4-mapped IPv6 form. */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  return ip === "::1" || /^(::ffff:)?127\./.test(ip);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return m?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface MetricsCaller {
  /** METRICS_TOKEN, when set. */
  token: string | undefined;
  authorization: string | undefined;
  /** The client address as Express resolves it (proxies on loopback are trusted for X-Forwarded-For). */
  ip: string | undefined;
  /** Looked up only when neither the token nor the address decides: it costs a database read. */
  principal: () => Promise<Principal | null>;
}

export async function metricsAccess(c: MetricsCaller): Promise<OpsAccess> {
  const bearer = bearerToken(c.authorization);
  if (c.token && bearer !== undefined) return sameSecret(bearer, c.token) ? "allow" : "forbidden";
  if (!c.token && isLoopback(c.ip)) return "allow";
  return adminAccess(await c.principal());
}

export function adminAccess(p: Principal | null): OpsAccess {
  if (!p) return "hidden";
  return isAdmin(p) ? "allow" : "forbidden";
}
