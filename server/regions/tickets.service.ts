// Admission tickets (准考证): who sits where and when, with the initial password for a first
// sign-in. The password is unsealed only while the sitting has not begun; every print is audited,
// since it reveals passwords.
import { NotFoundError } from "../../core/errors.ts";
import { unseal } from "../../core/platform/secret-box.ts";
import type { AdmissionTicket } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, naturalCompare, regionOrThrow } from "./region-records.ts";

const contestantSelect = {
  id: true,
  ticketNumber: true,
  group: true,
  organisation: true,
  initialPasswordSealed: true,
  user: { select: { name: true } },
  registration: { select: { idNumber: true } },
  stage: { select: { name: true, contest: { select: { name: true } } } },
} as const;

const sittingSelect = {
  id: true,
  seat: true,
  status: true,
  examSession: {
    select: {
      name: true,
      startsAt: true,
      durationMinutes: true,
      lateStartMinutes: true,
      venue: { select: { name: true, address: true } },
    },
  },
} as const;

/** Every character but the last four masked: enough to tell two people apart at the door. */
export function maskIdNumber(idNumber: string | null | undefined): string | null {
  if (!idNumber) return null;
  const keep = Math.min(4, idNumber.length);
  return "*".repeat(idNumber.length - keep) + idNumber.slice(idNumber.length - keep);
}

export class TicketsService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "config">) {}

  /** The tickets of everyone seated in the session, in seat order. */
  async forSession(actor: Principal, regionId: string, sessionId: string): Promise<AdmissionTicket[]> {
    assertManagesRegion(actor, regionId);
    return this.deps.db.$transaction(async (tx) => {
      const region = await regionOrThrow(tx, regionId);
      const session = await tx.examSession.findFirst({
        where: { id: sessionId, regionId },
        select: { id: true },
      });
      if (!session) throw new NotFoundError("The exam session");
      const attempts = await tx.attempt.findMany({
        where: { examSessionId: sessionId },
        select: { ...sittingSelect, contestant: { select: contestantSelect } },
      });
      attempts.sort(
        (a, b) =>
          naturalCompare(a.seat ?? "\uffff", b.seat ?? "\uffff") ||
          naturalCompare(a.contestant.ticketNumber, b.contestant.ticketNumber),
      );
      const tickets = attempts.map((a) => this.ticket(region, a.contestant, a));
      await audit(tx, actor, {
        action: "tickets.print",
        target: `session:${sessionId}`,
        details: {
          regionId,
          tickets: tickets.length,
          withPassword: tickets.filter((t) => t.initialPassword).length,
        },
      });
      return tickets;
    });
  }

  /** One contestant's ticket, for their first sitting not yet begun (none: no sitting on it). */
  async forContestant(actor: Principal, regionId: string, contestantId: string): Promise<AdmissionTicket> {
    assertManagesRegion(actor, regionId);
    return this.deps.db.$transaction(async (tx) => {
      const region = await regionOrThrow(tx, regionId);
      const contestant = await tx.contestant.findFirst({
        // An approval later undone (a withdrawn registration) gets no ticket.
        where: {
          id: contestantId,
          regionId,
          OR: [{ registration: { is: null } }, { registration: { is: { status: "APPROVED" } } }],
        },
        select: {
          ...contestantSelect,
          attempts: { select: sittingSelect, orderBy: { examSession: { startsAt: "asc" } } },
        },
      });
      if (!contestant) throw new NotFoundError("The contestant");
      const sitting = contestant.attempts.find((a) => a.status === "NOT_STARTED") ?? null;
      const anyBegun = contestant.attempts.some((a) => a.status !== "NOT_STARTED");
      const ticket = this.ticket(region, contestant, sitting, anyBegun);
      await audit(tx, actor, {
        action: "tickets.print",
        target: `contestant:${contestantId}`,
        details: { regionId, withPassword: ticket.initialPassword !== null },
      });
      return ticket;
    });
  }

  private ticket(
    region: Awaited<ReturnType<typeof regionOrThrow>>,
    c: ContestantRow,
    sitting: SittingRow | null,
    begunElsewhere = false,
  ): AdmissionTicket {
    const begun = begunElsewhere || (sitting !== null && sitting.status !== "NOT_STARTED");
    const password =
      !begun && c.initialPasswordSealed
        ? unseal(this.deps.config.SESSION_SECRET, c.initialPasswordSealed)
        : null;
    return {
      contestName: c.stage.contest.name,
      stageName: c.stage.name,
      region: { no: region.no, nameZh: region.nameZh, nameEn: region.nameEn, hostOrg: region.hostOrg },
      contestant: {
        name: c.user.name,
        ticketNumber: c.ticketNumber,
        group: c.group,
        organisation: c.organisation,
        idNumberMasked: maskIdNumber(c.registration?.idNumber),
      },
      initialPassword: password,
      sitting: sitting
        ? {
            sessionName: sitting.examSession.name,
            startsAt: sitting.examSession.startsAt.toISOString(),
            durationMinutes: sitting.examSession.durationMinutes,
            lateStartMinutes: sitting.examSession.lateStartMinutes,
            venue: sitting.examSession.venue?.name ?? null,
            address: sitting.examSession.venue?.address ?? null,
            seat: sitting.seat,
          }
        : null,
    };
  }
}

interface ContestantRow {
  ticketNumber: string;
  group: "EMPLOYEE" | "STUDENT";
  organisation: string | null;
  initialPasswordSealed: string | null;
  user: { name: string };
  registration: { idNumber: string } | null;
  stage: { name: string; contest: { name: string } };
}

interface SittingRow {
  seat: string | null;
  status: string;
  examSession: {
    name: string;
    startsAt: Date;
    durationMinutes: number;
    lateStartMinutes: number;
    venue: { name: string; address: string | null } | null;
  };
}
