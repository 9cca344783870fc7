// Who advances to the final under a rule (issue 10): pure, over the rows of submitted snapshots.
import { compareStandings } from "../../core/results/ranking.ts";
import type { Group } from "../../protocol/contest.ts";
import type { AdvancementRule } from "../../protocol/reports.ts";
import type { RankingRow } from "../../protocol/results.ts";
import { naturalCompare } from "../regions/region-records.ts";

export interface Candidate {
  region: { id: string; no: number; nameZh: string; nameEn: string };
  /** A row of the region × group's submitted ranking. */
  row: RankingRow;
}

const GROUP_ORDER: Record<Group, number> = { EMPLOYEE: 0, STUDENT: 1 };

/** The order of the finalists' list: by group, then standing (as the rankings), region no, ticket. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    GROUP_ORDER[a.row.group] - GROUP_ORDER[b.row.group] ||
    compareStandings(a.row, b.row) ||
    a.region.no - b.region.no ||
    naturalCompare(a.row.ticketNumber, b.row.ticketNumber)
  );
}

/** The best `n` of a pool by standing; a tie on the last place takes every tied candidate. */
function best(pool: readonly Candidate[], n: number): Candidate[] {
  const sorted = [...pool].sort((a, b) => compareStandings(a.row, b.row) || compareCandidates(a, b));
  const last = sorted[n - 1];
  if (!last) return sorted;
  return sorted.filter((c, i) => i < n || compareStandings(c.row, last.row) === 0);
}

/**
 * The finalists under the rule, in list order (compareCandidates). Only SCORED rows count (a pending
 * or absent row never advances). Quota: rows whose rank in their region × group is at most the
 * quota (an override for the region and group, else perRegionGroup); ranks are shared on a tie, so
 * a tie on the last place takes everyone tied. Top: the best n of the stage (or of each group) by the
 * rankings' own comparator (total, practical, time), everyone tied with the n-th included.
 */
export function selectFinalists(candidates: readonly Candidate[], rule: AdvancementRule): Candidate[] {
  const scored = candidates.filter((c) => c.row.status === "SCORED" && c.row.rank > 0);
  let chosen: Candidate[];
  if (rule.kind === "quota") {
    const quotaOf = (c: Candidate) =>
      rule.overrides.find((o) => o.regionId === c.region.id && o.group === c.row.group)?.quota ??
      rule.perRegionGroup;
    chosen = scored.filter((c) => c.row.rank <= quotaOf(c));
  } else if (rule.perGroup) {
    chosen = (["EMPLOYEE", "STUDENT"] as const).flatMap((g) =>
      best(
        scored.filter((c) => c.row.group === g),
        rule.n,
      ),
    );
  } else {
    chosen = best(scored, rule.n);
  }
  return chosen.sort(compareCandidates);
}
