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

/** Rank 0 means "unranked": the row is PENDING or ABSENT and listed after every ranked row. */
export const UNRANKED = 0;

/** One contestant of the ranking, in ranking order; equal rows share a rank (1, 2, 2, 4). */
export interface RankingRow {
  /** 1-based, standard competition ranking; 0 (UNRANKED) for PENDING and ABSENT rows. */
  rank: number;
  contestantId: string;
  name: string;
  ticketNumber: string;
  organisation: string | null;
  group: Group;
  team: { id: string; name: string } | null;
  /**
   * Weighted points (4 decimals): theory out of the paper's theory weight, practical out of its
   * practical weight. 0 on unranked rows (no final score yet).
   */
  theory: number;
  practical: number;
  total: number;
  /** Seconds from start to submission (or to the deadline), the second tie-break; null if never started. */
  seconds: number | null;
  /**
   * SCORED: ranked on its current score. PENDING: started but not scored yet (in progress, frozen,
   * or scoring failed). ABSENT: never started (or no attempt in the stage). PENDING rows, then
   * ABSENT rows, come last with rank 0.
   */
  status: "SCORED" | "PENDING" | "ABSENT";
}

/**
 * One team of the contestants' rows (the region × group), ranked like contestants. Under "mean" a
 * member without a score counts as 0; "sum" adds the members; "best-two-mean" is the mean of the
 * best two members (of one, for a team of one). A team with no scored member has rank 0, last.
 */
export interface TeamRankingRow {
  /** As RankingRow.rank: 0 when no member is scored yet. */
  rank: number;
  team: { id: string; name: string };
  organisation: string;
  /** In ranking order; total null for a member not scored. */
  members: { contestantId: string; name: string; total: number | null }[];
  /**
   * The team's score under the rule (4 decimals); practical and seconds, made by the same rule over
   * the same members, break ties. seconds is null when a counted member has no time (the slowest).
   */
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

/** POST /api/regions/:regionId/sessions/:sessionId/release: the host releases a session's results. */
export const releaseRequestSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/**
 * What the staff see of a session's release (GET …/sessions/:sessionId/release, and the answer of
 * the POST). The POST is refused (409 CONFLICT, details: the counts) while an attempt is in
 * progress, frozen or failed scoring, or while a contestant who has not started may still start
 * (before startsAt + lateStartMinutes). Releasing an already released session changes nothing and
 * answers 200 with the same state (no second audit entry): a double click is harmless.
 */
export interface ReleaseState {
  sessionId: string;
  releasedAt: string | null;
  /** The name of the staff member who released it (null until released). */
  releasedBy: string | null;
  /**
   * Attempts by status: scored; pending = in progress, frozen or scoring failed; absent = never
   * started. A session is released only when none is pending.
   */
  attempts: { scored: number; pending: number; absent: number };
}

/** One item of a released result, with what the scorer found (never another contestant's data). */
export interface ItemResult {
  itemId: string;
  position: number;
  /** 0–1: the share of the item's credit earned. */
  score: number;
  /** Shapes, spans, labels or cells: matched, missed (in the standard answer only), extra (yours only). */
  matched: number;
  missed: number;
  extra: number;
  /** Matched pairs' overlap (IoU) where the kind has one, in the order of `matched`. */
  overlaps: number[];
  /** Set when a judge's adjustment (or an accepted appeal) replaced the scorer's share. */
  adjusted: ResultAdjustment | null;
}

/** A judge's adjustment as the contestant sees it: the scorer's share and the judge's reason. */
export interface ResultAdjustment {
  scorer: number;
  reason: string;
}

export interface QuestionResult {
  questionId: string;
  position: number;
  kind: "SINGLE_CHOICE" | "MULTIPLE_CHOICE" | "TRUE_FALSE";
  prompt: string;
  points: number;
  earned: number;
  /** The contestant's saved answer, and the key, shown once results are released. */
  answer: unknown;
  key: unknown;
  adjusted: ResultAdjustment | null;
}

export interface TaskResult {
  taskId: string;
  position: number;
  kind: string;
  title: string;
  points: number;
  earned: number;
  items: ItemResult[];
}

/**
 * GET /api/attempts/:attemptId/results: the contestant's own result, only after release (before:
 * 409 CONFLICT "not released yet"; someone else's attempt: 404). An attempt without a score (never
 * started) has no result: 409 CONFLICT with details { status }. Staff who run the region read any
 * of its attempts at GET /api/regions/:regionId/attempts/:attemptId/results, before release too.
 */
export interface AttemptResult {
  attemptId: string;
  /** releasedAt is always set on the contestant's route; null only for staff before release. */
  session: { id: string; name: string; releasedAt: string | null };
  /** Weighted: theory out of the paper's theory weight, practical out of its practical weight. */
  theory: number;
  practical: number;
  total: number;
  weights: { theory: number; practical: number };
  scorerVersion: string;
  questions: QuestionResult[];
  tasks: TaskResult[];
}
