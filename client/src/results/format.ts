// Pure helpers of the rankings pages: times, points, equal ranks and the default stage.
import type { ContestSummary, RankingRow, TeamRule } from "../../../protocol/index.ts";

/** Seconds as minutes and seconds, "mm:ss" ("95:07" past an hour: exams are timed in minutes); null → "—". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** Weighted points with two decimals: two totals that differ are never shown alike. */
export function formatPoints(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n.toFixed(2);
}

/** The ranks held by more than one row (equal ranks: 1, 2, 2, 4). */
export function tiedRanks(rows: { rank: number }[]): Set<number> {
  const seen = new Map<number, number>();
  for (const r of rows) seen.set(r.rank, (seen.get(r.rank) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([rank]) => rank));
}

/** Whether a row has a place: only final scores are ranked; the others are listed last. */
export const isRanked = (row: Pick<RankingRow, "status">) => row.status === "SCORED";

/** One stage to choose from: its contest's name and team rule go along. */
export interface StageChoice {
  id: string;
  name: string;
  contestId: string;
  contestName: string;
  contestYear: number;
  teamRule: TeamRule;
  startsOn: string | null;
  /** Whether the stage has a registration window in the region being looked at. */
  inRegion: boolean;
}

/** Every stage of every contest, newest contest first, each contest's stages in order. */
export function stageChoices(contests: ContestSummary[], regionId: string): StageChoice[] {
  return [...contests]
    .sort((a, b) => b.year - a.year)
    .flatMap((c) =>
      c.stages.map((s) => ({
        id: s.id,
        name: s.name,
        contestId: c.id,
        contestName: c.name,
        contestYear: c.year,
        teamRule: c.settings.teamRule,
        startsOn: s.startsOn,
        inRegion: s.windows.some((w) => w.regionId === regionId),
      })),
    );
}

/**
 * The stage shown first: the latest-starting stage open in the region, else the latest-starting
 * stage of the newest contest, else none.
 */
export function defaultStage(choices: StageChoice[]): StageChoice | null {
  const latest = (list: StageChoice[]) =>
    [...list].sort((a, b) => (b.startsOn ?? "").localeCompare(a.startsOn ?? ""))[0] ?? null;
  const inRegion = choices.filter((c) => c.inRegion);
  if (inRegion.length > 0) return latest(inRegion);
  const first = choices[0];
  return first ? latest(choices.filter((c) => c.contestId === first.contestId)) : null;
}
