// Rankings (issue 10, first part): live for staff. total = theory + practical, each already weighted
// by its paper's weights (30/70 by default) when the attempt was scored. Ranked per region × group;
// ties broken by the higher practical score, then the shorter time, then an equal rank (1, 2, 2, 4).
import { z } from "zod";
import type { Group } from "./contest.ts";
import { idSchema } from "./ids.ts";

/** How a team's score is made from its members' totals (a contest setting; mean by default). */
export const TEAM_RULES = ["mean", "sum", "best-two-mean"] as const;
export type TeamRule = (typeof TEAM_RULES)[number];

export const rankingQuerySchema = z
  .object({
    stageId: idSchema,
    group: z.enum(["EMPLOYEE", "STUDENT"]),
    teamRule: z.enum(TEAM_RULES).optional(),
  })
  .strict();
export type RankingQuery = z.infer<typeof rankingQuerySchema>;

/** One ranked contestant. */
export interface RankingRow {
  rank: number;
  contestantId: string;
  name: string;
  ticketNumber: string;
  organisation: string | null;
  group: Group;
  team: { id: string; name: string } | null;
  /** Weighted points: theory out of the paper's theory weight, practical out of its practical weight. */
  theory: number;
  practical: number;
  total: number;
  /** Seconds from start to submission (or to the deadline), the second tie-break; null if never started. */
  seconds: number | null;
  /** Whether the scores are final (SCORED); rows still scoring or failed are listed last, unranked. */
  status: "SCORED" | "PENDING" | "ABSENT";
}

export interface TeamRankingRow {
  rank: number;
  team: { id: string; name: string };
  organisation: string;
  members: { contestantId: string; name: string; total: number | null }[];
  /** The team's score under the rule; practical and seconds break ties the same way. */
  total: number;
  practical: number;
  seconds: number | null;
}

export interface Ranking {
  region: { id: string; no: number; nameZh: string; nameEn: string };
  stage: { id: string; name: string };
  group: Group;
  teamRule: TeamRule;
  generatedAt: string;
  rows: RankingRow[];
  teams: TeamRankingRow[];
}
