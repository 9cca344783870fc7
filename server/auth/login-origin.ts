// Where a sign-in came from: the network address (for throttling) and a short user agent (for the
// proctors, when a second sign-in ends a contestant's first).

export interface LoginOrigin {
  /** The client's address as Express sees it (`trust proxy` decides whose word counts). */
  address: string;
  userAgent: string;
}

/** Long enough to tell browsers and machines apart, short enough for a proctor's screen and the log. */
const USER_AGENT_MAX = 120;

/** The user agent on one line, without control characters, cut to a readable length. */
export function shortUserAgent(userAgent: string | undefined): string {
  const clean = (userAgent ?? "")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > USER_AGENT_MAX ? `${clean.slice(0, USER_AGENT_MAX - 1)}…` : clean;
}

export function loginOrigin(address: string | undefined, userAgent: string | undefined): LoginOrigin {
  return { address: address || "unknown", userAgent: shortUserAgent(userAgent) };
}
