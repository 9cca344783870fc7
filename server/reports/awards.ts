// The awards of a region × group's certificate list (issue 10): pure, from the submitted ranking.
import { type Award, CERTIFICATE_BANDS } from "../../protocol/reports.ts";
import type { RankingRow } from "../../protocol/results.ts";

/** Shares are compared in thousandths, so 0.3 × 10 is exactly 3 and float noise never moves a cut. */
const PER_MILLE = 1000;

/**
 * The award of each row, in the rows' order. The rule: of the N ranked (SCORED) rows, a row whose
 * rank r satisfies r ≤ N × share of a band gets the first such band (CERTIFICATE_BANDS are cumulative:
 * the first 10 % 一等奖, up to 30 % 二等奖, up to 60 % 三等奖), so no band ever holds more than its
 * share — except through ties: tied rows share the rank of the first of them (1, 2, 2, 4), so they all
 * get the better award. N × share is not rounded up: with fewer than 10 ranked rows there is no
 * 一等奖. Unranked rows (pending, absent: rank 0) get none (null); so does everyone past the last band.
 */
export function certificateAwards(rows: readonly Pick<RankingRow, "rank" | "status">[]): (Award | null)[] {
  const ranked = rows.filter((r) => r.status === "SCORED" && r.rank > 0).length;
  return rows.map((r) => {
    if (r.status !== "SCORED" || r.rank <= 0) return null;
    const band = CERTIFICATE_BANDS.find(
      (b) => r.rank * PER_MILLE <= ranked * Math.round(b.share * PER_MILLE),
    );
    return band?.award ?? null;
  });
}

export const AWARD_ZH: Record<Award, string> = {
  FIRST: "一等奖",
  SECOND: "二等奖",
  THIRD: "三等奖",
};
