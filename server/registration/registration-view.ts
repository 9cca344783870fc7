// What an applicant sees of their own application: the form, the team (its join code to the
// leader only), the evidence and what is missing, and once approved the admission (ticket, initial
// password until the exam begins, sittings). Never another applicant's data.
import { unseal } from "../../core/platform/secret-box.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import {
  contestSettingsOf,
  type EvidenceKind,
  type EvidenceView,
  type RegistrationView,
} from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { windowState } from "./eligibility.ts";
import { ACTIVE_STATUSES } from "./teams.ts";

/** A registration as the service loads it by access code. */
export const registrationInclude = {
  contest: { select: { id: true, name: true, settings: true } },
  stage: { select: { id: true, name: true } },
  region: { select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true } },
  team: { select: { id: true, name: true, joinCode: true } },
  evidence: { orderBy: { uploadedAt: "asc" } },
} satisfies Prisma.RegistrationInclude;
export type LoadedRegistration = Prisma.RegistrationGetPayload<{ include: typeof registrationInclude }>;

export async function registrationView(
  deps: Pick<ContestDeps, "db" | "clock" | "config">,
  reg: LoadedRegistration,
): Promise<RegistrationView> {
  const db = deps.db;
  const settings = contestSettingsOf(reg.contest.settings);
  const [window, members, contestant] = await Promise.all([
    db.registrationWindow.findUnique({
      where: { stageId_regionId: { stageId: reg.stageId, regionId: reg.regionId } },
      select: { opensAt: true, closesAt: true },
    }),
    reg.teamId
      ? db.registration.count({ where: { teamId: reg.teamId, status: { in: [...ACTIVE_STATUSES] } } })
      : Promise.resolve(0),
    reg.status === "APPROVED" && reg.contestantId
      ? db.contestant.findUnique({
          where: { id: reg.contestantId },
          select: {
            ticketNumber: true,
            initialPasswordSealed: true,
            attempts: {
              select: {
                status: true,
                seat: true,
                examSession: {
                  select: {
                    name: true,
                    startsAt: true,
                    durationMinutes: true,
                    venue: { select: { name: true, address: true } },
                  },
                },
              },
              orderBy: { examSession: { startsAt: "asc" } },
            },
          },
        })
      : Promise.resolve(null),
  ]);
  const uploaded = new Set(reg.evidence.map((e) => e.kind));
  const begun = contestant?.attempts.some((a) => a.status !== "NOT_STARTED") ?? false;
  return {
    id: reg.id,
    status: reg.status,
    reviewReason: reg.reviewReason,
    reviewedAt: reg.reviewedAt?.toISOString() ?? null,
    submittedAt: reg.submittedAt.toISOString(),
    windowOpen: window ? windowState(window, deps.clock.now()) === "open" : false,
    contest: { id: reg.contest.id, name: reg.contest.name },
    stage: reg.stage,
    region: reg.region,
    form: {
      group: reg.group,
      basis: reg.basis,
      name: reg.name,
      idNumber: reg.idNumber,
      phone: reg.phone,
      email: reg.email ?? "",
      organisation: reg.organisation,
      field: reg.field,
      jobStartedOn: reg.jobStartedOn?.toISOString().slice(0, 10) ?? null,
      honours: reg.honours,
    },
    team: reg.team
      ? {
          id: reg.team.id,
          name: reg.team.name,
          leader: reg.teamLeader,
          members,
          joinCode: reg.teamLeader ? reg.team.joinCode : null,
        }
      : null,
    evidence: reg.evidence.map(evidenceView),
    missingEvidence: settings.requiredEvidence[reg.basis].filter((k) => !uploaded.has(k)),
    admission: contestant
      ? {
          ticketNumber: contestant.ticketNumber,
          initialPassword:
            begun || !contestant.initialPasswordSealed
              ? null
              : unseal(deps.config.SESSION_SECRET, contestant.initialPasswordSealed),
          sittings: contestant.attempts.map((a) => ({
            sessionName: a.examSession.name,
            startsAt: a.examSession.startsAt.toISOString(),
            durationMinutes: a.examSession.durationMinutes,
            venue: a.examSession.venue?.name ?? null,
            address: a.examSession.venue?.address ?? null,
            seat: a.seat,
          })),
        }
      : null,
  };
}

export function evidenceView(e: {
  id: string;
  kind: EvidenceKind;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: Date;
}): EvidenceView {
  return {
    id: e.id,
    kind: e.kind,
    fileName: e.fileName,
    mediaType: e.mediaType,
    size: e.size,
    uploadedAt: e.uploadedAt.toISOString(),
  };
}
