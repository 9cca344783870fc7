// Pure helpers of the reports and advancement pages (issue 10): why a report cannot be submitted
// yet, the advancement rule built from its form, and the stages to choose from.
import type {
  ContestSummary,
  Group,
  RegionReportView,
  ReportStatus,
  StageKind,
} from "../../../protocol/index.ts";

/** What stands in the way of submitting a report, as the view or the server's 409 tells it. */
export type Blocker =
  | { kind: "noSessions" }
  | { kind: "unreleased"; count: number }
  | { kind: "openAppeals"; count: number }
  | { kind: "window"; closesAt: string };

const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);
const future = (iso: string | null, now: number) => iso !== null && new Date(iso).getTime() > now;

/** Whether a blocker is sure to make the server refuse (the window depends on the server's clock). */
export const blocksForSure = (b: Blocker) => b.kind !== "window";

/** What the view says still blocks a submission at `now` (the browser's clock: a hint only). */
export function blockersOfView(view: RegionReportView, now: number): Blocker[] {
  const out: Blocker[] = [];
  if (view.sessions.total === 0) out.push({ kind: "noSessions" });
  const unreleased = count(view.sessions.total - view.sessions.released);
  if (unreleased > 0) out.push({ kind: "unreleased", count: unreleased });
  if (view.openAppeals > 0) out.push({ kind: "openAppeals", count: view.openAppeals });
  if (view.appealsCloseAt && future(view.appealsCloseAt, now))
    out.push({ kind: "window", closesAt: view.appealsCloseAt });
  return out;
}

/**
 * The reasons of a 409 refusal (details { sessions, unreleased, openAppeals, appealsCloseAt }), or null when
 * the details carry none. The window is a reason when it is still open at `now`, or when nothing
 * else is (the server's clock said so, whatever this browser's says).
 */
export function refusalBlockers(details: unknown, now: number): Blocker[] | null {
  if (!details || typeof details !== "object") return null;
  const d = details as Record<string, unknown>;
  const closesAt = typeof d.appealsCloseAt === "string" ? d.appealsCloseAt : null;
  if (typeof d.unreleased !== "number" && typeof d.openAppeals !== "number" && closesAt === null) return null;
  const out: Blocker[] = [];
  if (d.sessions === 0) out.push({ kind: "noSessions" });
  if (count(d.unreleased) > 0) out.push({ kind: "unreleased", count: count(d.unreleased) });
  if (count(d.openAppeals) > 0) out.push({ kind: "openAppeals", count: count(d.openAppeals) });
  if (closesAt && (future(closesAt, now) || out.length === 0)) out.push({ kind: "window", closesAt });
  return out;
}

/** Rows per report status, every status present. */
export function countByStatus(rows: { status: ReportStatus }[]): Record<ReportStatus, number> {
  const out: Record<ReportStatus, number> = { NOT_SUBMITTED: 0, SUBMITTED: 0, REOPENED: 0 };
  for (const r of rows) out[r.status] += 1;
  return out;
}

export interface OverrideDraft {
  /** A key for React only. */
  key: number;
  regionId: string;
  group: Group;
  quota: string;
}

/** The advancement rule's form, as typed. */
export interface RuleDraft {
  kind: "quota" | "top";
  perRegionGroup: string;
  overrides: OverrideDraft[];
  n: string;
  perGroup: boolean;
}

export const EMPTY_RULE: RuleDraft = {
  kind: "quota",
  perRegionGroup: "3",
  overrides: [],
  n: "30",
  perGroup: true,
};

/** A typed number: "" and junk become NaN, which the schema refuses with its own message. */
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/** The rule the form says, for advancementRuleSchema to check (only the chosen kind's fields). */
export function ruleOf(d: RuleDraft): unknown {
  if (d.kind === "top") return { kind: "top", n: num(d.n), perGroup: d.perGroup };
  return {
    kind: "quota",
    perRegionGroup: num(d.perRegionGroup),
    overrides: d.overrides.map((o) => ({ regionId: o.regionId, group: o.group, quota: num(o.quota) })),
  };
}

/** Override rows naming the same region and group twice (their keys), which would be ambiguous. */
export function duplicateOverrides(overrides: OverrideDraft[]): Set<number> {
  const seen = new Map<string, number>();
  const out = new Set<number>();
  for (const o of overrides) {
    if (!o.regionId) continue;
    const k = `${o.regionId}:${o.group}`;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, o.key);
    else {
      out.add(first);
      out.add(o.key);
    }
  }
  return out;
}

/** One stage to choose from, with its contest. */
export interface StageOption {
  id: string;
  kind: StageKind;
  name: string;
  contestId: string;
  label: string;
  startsOn: string | null;
}

/** Every stage of every contest (newest contest first), optionally of one kind. */
export function stageOptions(contests: ContestSummary[], kind?: StageKind): StageOption[] {
  return [...contests]
    .sort((a, b) => b.year - a.year)
    .flatMap((c) =>
      c.stages
        .filter((s) => !kind || s.kind === kind)
        .map((s) => ({
          id: s.id,
          kind: s.kind,
          name: s.name,
          contestId: c.id,
          label: `${c.name} (${c.year}) · ${s.name}`,
          startsOn: s.startsOn,
        })),
    );
}

/** The stage shown first: the latest-starting one of the newest contest that has any. */
export function defaultStageOf(options: StageOption[], contestId?: string): StageOption | null {
  const first = contestId ? options.find((o) => o.contestId === contestId) : options[0];
  if (!first) return null;
  return (
    [...options.filter((o) => o.contestId === first.contestId)].sort((a, b) =>
      (b.startsOn ?? "").localeCompare(a.startsOn ?? ""),
    )[0] ?? null
  );
}
