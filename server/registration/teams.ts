// Teams at registration: a leader's new team, a member joining by code (same contest, region,
// group and school, room left), and the moves a correction may make. Runs inside the caller's
// transaction; the team row is locked so that two members cannot take its last place.
import { ConflictError, IneligibleError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { ContestSettings, Group, TeamChoice } from "../../protocol/index.ts";
import type { RandomInt } from "../contest-deps.ts";
import { newJoinCode } from "./codes.ts";
import { normalizeJoinCode, teamJoinRefusal } from "./eligibility.ts";

/** Registrations that hold a place in a team. */
export const ACTIVE_STATUSES = ["SUBMITTED", "APPROVED"] as const;

/** The applicant as the team rules see them. */
export interface TeamApplicant {
  contestId: string;
  regionId: string;
  group: Group;
  organisation: string;
  organisationKey: string;
  /** On a correction: the registration itself, not counted against the team's size. */
  registrationId?: string;
}

export interface TeamPlace {
  teamId: string | null;
  leader: boolean;
  /** A team of one its leader left: drop it once the registration no longer points at it. */
  abandonedTeamId?: string;
}

export async function lockTeam(tx: Tx, id: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${id} FOR UPDATE`;
}

async function activeMembers(tx: Tx, teamId: string, except?: string): Promise<number> {
  return tx.registration.count({
    where: { teamId, status: { in: [...ACTIVE_STATUSES] }, ...(except ? { id: { not: except } } : {}) },
  });
}

/**
 * Where the applicant's team choice puts them: a new team they lead, a team they join, or none.
 * `current` is their team so far (on resubmission); a leader may leave only a team of one, which
 * is then dropped (`abandonedTeamId`).
 */
export async function placeInTeam(
  tx: Tx,
  random: RandomInt,
  choice: TeamChoice,
  applicant: TeamApplicant,
  current: { teamId: string; leader: boolean } | null,
  settings: ContestSettings,
): Promise<TeamPlace> {
  let abandonedTeamId: string | undefined;
  const self = applicant.registrationId;
  let target: { id: string } | null = null;
  if (choice.mode === "stay") {
    if (!current) throw new ValidationError("There is no team to stay in.", { path: "team.mode" });
    target = { id: current.teamId };
  } else if (choice.mode === "join") {
    target = await tx.team.findUnique({
      where: { joinCode: normalizeJoinCode(choice.joinCode) },
      select: { id: true },
    });
  }

  if (current?.leader) {
    await lockTeam(tx, current.teamId);
    const others = await tx.registration.count({
      where: { teamId: current.teamId, id: { not: self }, status: { not: "WITHDRAWN" } },
    });
    const staysLeader = choice.mode === "lead" || target?.id === current.teamId;
    if (staysLeader) {
      const team = await tx.team.findUniqueOrThrow({ where: { id: current.teamId } });
      if (others > 0 && team.group !== applicant.group)
        throw new IneligibleError("team-group", "Your team's members are in the other group.", {
          teamGroup: team.group,
        });
      if (
        others > 0 &&
        !settings.teamsMaySpanOrganisations &&
        team.organisationKey !== applicant.organisationKey
      )
        throw new IneligibleError(
          "team-mixed-organisations",
          `A team may not mix schools or employers (不得跨校): your members are from ${team.organisation}.`,
          { teamOrganisation: team.organisation },
        );
      await tx.team.update({
        where: { id: team.id },
        data: {
          ...(choice.mode === "lead" ? { name: choice.name } : {}),
          group: applicant.group,
          organisation: applicant.organisation,
          organisationKey: applicant.organisationKey,
        },
      });
      return { teamId: team.id, leader: true };
    }
    if (others > 0)
      throw new ConflictError(
        "Your team has other members: its leader cannot leave it while they are in it.",
      );
    abandonedTeamId = current.teamId;
  }

  if (choice.mode === "none") return { teamId: null, leader: false, abandonedTeamId };
  if (choice.mode === "lead") {
    const team = await tx.team.create({
      data: {
        contestId: applicant.contestId,
        regionId: applicant.regionId,
        name: choice.name,
        group: applicant.group,
        organisation: applicant.organisation,
        organisationKey: applicant.organisationKey,
        joinCode: await freeJoinCode(tx, random),
      },
      select: { id: true },
    });
    return { teamId: team.id, leader: true, abandonedTeamId };
  }

  if (target) await lockTeam(tx, target.id);
  const team = target
    ? await tx.team.findUnique({
        where: { id: target.id },
        select: {
          contestId: true,
          regionId: true,
          group: true,
          organisation: true,
          organisationKey: true,
          joinCode: true,
        },
      })
    : null;
  // A member who stays is checked as if joining again; the join code may be gone (leader withdrawn).
  const joinable = team && (team.joinCode || choice.mode === "stay");
  const refusal = teamJoinRefusal(
    joinable && target ? { ...team, activeMembers: await activeMembers(tx, target.id, self) } : null,
    applicant,
    settings,
  );
  if (refusal) throw refusal;
  return { teamId: target?.id ?? null, leader: false, abandonedTeamId };
}

async function freeJoinCode(tx: Tx, random: RandomInt): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const code = newJoinCode(random);
    if (!(await tx.team.findUnique({ where: { joinCode: code }, select: { id: true } }))) return code;
  }
  throw new ConflictError("Could not find a free team join code: try again.");
}

/** Drops a team its only member left (withdrawn former members let go of it first). */
export async function dropTeam(tx: Tx, teamId: string): Promise<void> {
  const used = await tx.contestant.count({ where: { teamId } });
  if (used > 0) return;
  await tx.registration.updateMany({ where: { teamId }, data: { teamId: null, teamLeader: false } });
  await tx.team.delete({ where: { id: teamId } });
}
