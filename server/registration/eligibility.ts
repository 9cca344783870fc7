// The contest's eligibility rules as pure functions: each returns the refusal (an IneligibleError
// whose `rule` the client translates) or null. The service decides when to call which.
import { IneligibleError, RegistrationClosedError } from "../../core/errors.ts";
import type { ContestSettings, Group } from "../../protocol/index.ts";

/** The contest runs on China Standard Time (UTC+8, no daylight saving): "today" is its date. */
const CONTEST_UTC_OFFSET_MS = 8 * 3600_000;

/** The contest's calendar date of an instant, YYYY-MM-DD. */
export function contestDate(now: Date): string {
  return new Date(now.getTime() + CONTEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) plus whole months; the 31st of a shorter month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Whether the registration window is open at `now`: [opensAt, closesAt). */
export function windowState(
  window: { opensAt: Date; closesAt: Date },
  now: Date,
): "before" | "open" | "after" {
  if (now.getTime() < window.opensAt.getTime()) return "before";
  if (now.getTime() >= window.closesAt.getTime()) return "after";
  return "open";
}

export function registrationClosed(
  window: { opensAt: Date; closesAt: Date },
  now: Date,
  region: string,
): RegistrationClosedError | null {
  const state = windowState(window, now);
  if (state === "open") return null;
  const details = { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() };
  return new RegistrationClosedError(
    state === "before"
      ? `Registration for ${region} opens at ${details.opensAt}.`
      : `Registration for ${region} closed at ${details.closesAt}.`,
    details,
  );
}

/**
 * EMPLOYEE_JOB: the related job began at least `minYears` before today (the contest's date). Years
 * are counted in calendar months, so 1 year from 2025-03-15 is reached on 2026-03-15.
 */
export function jobYearsRefusal(jobStartedOn: string, now: Date, minYears: number): IneligibleError | null {
  const today = contestDate(now);
  const reached = addMonths(jobStartedOn, Math.round(minYears * 12));
  if (jobStartedOn <= today && reached <= today) return null;
  return new IneligibleError(
    "job-years",
    jobStartedOn > today
      ? "The day the related job began is in the future."
      : `The employee group needs at least ${minYears} year(s) in a related job: yours reaches that on ${reached}.`,
    { minYears, eligibleOn: reached },
  );
}

/** A title folded for comparison: width, case and every space ignored. */
export function honourKey(title: string): string {
  return title.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * Holders of a barred title may not register. A declared honour that contains a barred title
 * (e.g. "全国技术能手（2019年）") is that title.
 */
export function barredHonourRefusal(
  honours: readonly string[],
  barred: readonly string[],
): IneligibleError | null {
  for (const honour of honours) {
    const key = honourKey(honour);
    if (!key) continue;
    const title = barred.find((b) => {
      const bk = honourKey(b);
      return bk.length > 0 && key.includes(bk);
    });
    if (title)
      return new IneligibleError(
        "barred-honour",
        `Holders of ${title.trim()} may not register as contestants.`,
        {
          honour: title.trim(),
        },
      );
  }
  return null;
}

/** What a team check needs to know of the team. */
export interface TeamFacts {
  contestId: string;
  regionId: string | null;
  group: Group;
  organisation: string;
  organisationKey: string;
  /** SUBMITTED or APPROVED registrations in the team, not counting the applicant. */
  activeMembers: number;
}

/** Whether an applicant may join the team: same contest and region, same group, same school, room left. */
export function teamJoinRefusal(
  team: TeamFacts | null,
  applicant: { contestId: string; regionId: string; group: Group; organisationKey: string },
  settings: Pick<ContestSettings, "teamMaxSize" | "teamsMaySpanOrganisations">,
): IneligibleError | null {
  if (!team || team.contestId !== applicant.contestId)
    return new IneligibleError("team-not-found", "No team has this join code: ask your team leader for it.");
  if (team.regionId !== applicant.regionId)
    return new IneligibleError("team-other-region", "This team registered in another region.");
  if (team.group !== applicant.group)
    return new IneligibleError("team-group", "This team competes in the other group.", {
      teamGroup: team.group,
    });
  if (!settings.teamsMaySpanOrganisations && team.organisationKey !== applicant.organisationKey)
    return new IneligibleError(
      "team-mixed-organisations",
      `A team may not mix schools or employers (不得跨校): this team is from ${team.organisation}.`,
      { teamOrganisation: team.organisation },
    );
  if (team.activeMembers >= settings.teamMaxSize)
    return new IneligibleError("team-full", `This team already has ${settings.teamMaxSize} members.`, {
      teamMaxSize: settings.teamMaxSize,
    });
  return null;
}

/** Join codes as people type them: case, spaces and dashes ignored. */
export function normalizeJoinCode(code: string): string {
  return code.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
}
