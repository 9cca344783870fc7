// Ranking contestants and teams: pure functions over scored entries (no I/O, no clock).
// Order: total desc, practical desc, seconds asc (null slowest); still equal → the same rank
// (standard competition ranking: 1, 2, 2, 4). Unscored rows come last with rank 0.
import type { RankingRow, TeamRankingRow, TeamRule } from "../../protocol/results.ts";

/** A contestant before ranking: everything of the row but its rank. */
export type RankingEntry = Omit<RankingRow, "rank">;

/** Scores are stored to 4 decimals: compared (and shown) at that precision, float noise never counts. */
export function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

interface Standing {
  total: number;
  practical: number;
  seconds: number | null;
}

/** Negative when `a` ranks above `b`, 0 when they share a rank. */
export function compareStandings(a: Standing, b: Standing): number {
  const total = round4(b.total) - round4(a.total);
  if (total !== 0) return total;
  const practical = round4(b.practical) - round4(a.practical);
  if (practical !== 0) return practical;
  if (a.seconds === b.seconds) return 0;
  if (a.seconds === null) return 1;
  if (b.seconds === null) return -1;
  return a.seconds - b.seconds;
}

/** Ticket numbers in the order a person reads them: A2 before A10. */
function byTicket(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Standard competition ranks over rows already in order: an equal row takes the rank of the first. */
function assignRanks<T extends Standing>(sorted: T[]): (T & { rank: number })[] {
  const out: (T & { rank: number })[] = [];
  for (const [i, row] of sorted.entries()) {
    const prev = out[i - 1];
    const rank = prev && compareStandings(prev, row) === 0 ? prev.rank : i + 1;
    out.push({ ...row, rank });
  }
  return out;
}

const UNRANKED_ORDER: Record<RankingRow["status"], number> = { SCORED: 0, PENDING: 1, ABSENT: 2 };

/**
 * Ranks the contestants of one region × group. SCORED rows are ranked; PENDING rows (still
 * scoring, or scoring failed) and then ABSENT rows follow with rank 0 ("unranked") and scores 0.
 * Rows that share a rank, and unranked rows, are listed by ticket number.
 */
export function rankContestants(entries: readonly RankingEntry[]): RankingRow[] {
  const scored = entries
    .filter((e) => e.status === "SCORED")
    .map((e) => ({ ...e, theory: round4(e.theory), practical: round4(e.practical), total: round4(e.total) }))
    .sort((a, b) => compareStandings(a, b) || byTicket(a.ticketNumber, b.ticketNumber));
  const unranked = entries
    .filter((e) => e.status !== "SCORED")
    .sort(
      (a, b) =>
        UNRANKED_ORDER[a.status] - UNRANKED_ORDER[b.status] || byTicket(a.ticketNumber, b.ticketNumber),
    )
    .map((e) => ({ ...e, theory: 0, practical: 0, total: 0, rank: 0 }));
  return [...assignRanks(scored).map(({ rank, ...e }) => ({ rank, ...e })), ...unranked];
}

/** What one member brings to the team: nothing (0, no time) unless scored. */
function contribution(r: RankingRow): Standing {
  return r.status === "SCORED"
    ? { total: r.total, practical: r.practical, seconds: r.seconds }
    : { total: 0, practical: 0, seconds: null };
}

function sum(ns: number[]): number {
  return ns.reduce((s, n) => s + n, 0);
}

/**
 * A team's standing under the rule, over its listed members:
 * - mean: the mean over all members (a member without a score counts as 0);
 * - sum: the sum over all members;
 * - best-two-mean: the mean over the best two members by individual standing (a team of one: that
 *   member), a member without a score counting as 0.
 * Practical and seconds follow the same rule over the same members. A counted member without a
 * time (not scored, or never started) makes the team's time unknown: null, the slowest.
 */
export function teamStanding(members: readonly RankingRow[], rule: TeamRule): Standing {
  const all = members.map(contribution);
  const counted = rule === "best-two-mean" ? [...all].sort(compareStandings).slice(0, 2) : all;
  const n = counted.length;
  const combine = (ns: number[]) => (n === 0 ? 0 : rule === "sum" ? sum(ns) : sum(ns) / n);
  const times = counted.map((c) => c.seconds);
  const seconds =
    n === 0 || times.some((t) => t === null) ? null : round4(combine(times.filter((t) => t !== null)));
  return {
    total: round4(combine(counted.map((c) => c.total))),
    practical: round4(combine(counted.map((c) => c.practical))),
    seconds,
  };
}

/**
 * Ranks the teams of the contestants' rows (rows without a team are left out) by the rule, with
 * the same order and ties as contestants. A team none of whose members is scored yet is unranked
 * (rank 0) and listed last. The organisation is its members' (teams never mix schools).
 */
export function rankTeams(rows: readonly RankingRow[], rule: TeamRule): TeamRankingRow[] {
  const teams = new Map<string, { team: { id: string; name: string }; members: RankingRow[] }>();
  for (const r of rows) {
    if (!r.team) continue;
    const t = teams.get(r.team.id) ?? { team: r.team, members: [] };
    t.members.push(r);
    teams.set(r.team.id, t);
  }
  const built = [...teams.values()].map(({ team, members }) => ({
    team,
    organisation: members.find((m) => m.organisation)?.organisation ?? "",
    members: members.map((m) => ({
      contestantId: m.contestantId,
      name: m.name,
      total: m.status === "SCORED" ? m.total : null,
    })),
    scored: members.some((m) => m.status === "SCORED"),
    ...teamStanding(members, rule),
  }));
  const byName = (a: { team: { name: string; id: string } }, b: { team: { name: string; id: string } }) =>
    a.team.name.localeCompare(b.team.name, "zh") || (a.team.id < b.team.id ? -1 : 1);
  const ranked = assignRanks(
    built.filter((t) => t.scored).sort((a, b) => compareStandings(a, b) || byName(a, b)),
  );
  const unranked = built
    .filter((t) => !t.scored)
    .sort(byName)
    .map((t) => ({ ...t, rank: 0 }));
  return [...ranked, ...unranked].map(({ scored: _scored, ...t }) => ({
    rank: t.rank,
    team: t.team,
    organisation: t.organisation,
    members: t.members,
    total: t.total,
    practical: t.practical,
    seconds: t.seconds,
  }));
}
