// The region host's review of registrations: list, detail, evidence files, approve (issuing the
// ticket number and initial password) or reject with a reason. Every decision is audited.
import type { Readable } from "node:stream";
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import { type ContestSettings, contestSettingsOf, type EvidenceKind } from "../../protocol/contest.ts";
import type {
  ApprovalResult,
  RegistrationDetail,
  RegistrationListQuery,
  RegistrationRow,
} from "../../protocol/review.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { evidenceView } from "../registration/registration-view.ts";
import { issueContestants, newCredentials, retryOnUniqueViolation, ticketPrefix } from "./issue.ts";

/** The most rows a list returns (a region has hundreds of registrations, not tens of thousands). */
const LIST_LIMIT = 5000;

const rowSelect = {
  id: true,
  contestId: true,
  status: true,
  name: true,
  idNumber: true,
  group: true,
  basis: true,
  organisation: true,
  field: true,
  submittedAt: true,
  reviewedAt: true,
  team: { select: { id: true, name: true } },
  contest: { select: { settings: true } },
  contestant: { select: { ticketNumber: true } },
  evidence: { select: { kind: true } },
} satisfies Prisma.RegistrationSelect;

type RowRecord = Prisma.RegistrationGetPayload<{ select: typeof rowSelect }>;

/** All but the last 4 characters masked. */
export function maskIdNumber(id: string): string {
  return id.length <= 4 ? id : "*".repeat(id.length - 4) + id.slice(-4);
}

function missingEvidence(
  r: { basis: RowRecord["basis"]; contest: { settings: unknown }; evidence: { kind: string }[] },
  settings: ContestSettings = contestSettingsOf(r.contest.settings),
): EvidenceKind[] {
  const required = settings.requiredEvidence[r.basis];
  const have = new Set(r.evidence.map((e) => e.kind));
  return required.filter((k) => !have.has(k));
}

function toRow(r: RowRecord, settings?: ContestSettings): RegistrationRow {
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    idNumberMasked: maskIdNumber(r.idNumber),
    group: r.group,
    basis: r.basis,
    organisation: r.organisation,
    field: r.field,
    team: r.team,
    submittedAt: r.submittedAt.toISOString(),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    missingEvidence: missingEvidence(r, settings),
    ticketNumber: r.contestant?.ticketNumber ?? null,
  };
}

export interface EvidenceFile {
  stream: Readable;
  mediaType: string;
  fileName: string;
  size: number;
}

export class ReviewService {
  constructor(private readonly deps: ContestDeps) {}

  async list(actor: Principal, regionId: string, query: RegistrationListQuery): Promise<RegistrationRow[]> {
    assertManagesRegion(actor, regionId);
    const q = query.q;
    const rows = await this.deps.db.registration.findMany({
      where: {
        regionId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.group ? { group: query.group } : {}),
        ...(query.stageId ? { stageId: query.stageId } : {}),
        ...(q
          ? {
              OR: [
                { name: { contains: q, mode: "insensitive" } },
                { idNumber: { contains: q.toUpperCase() } },
                { phone: { contains: q } },
                { organisation: { contains: q, mode: "insensitive" } },
                { contestant: { is: { ticketNumber: { contains: q } } } },
              ],
            }
          : {}),
      },
      select: rowSelect,
      orderBy: [{ submittedAt: "desc" }, { id: "asc" }],
      take: LIST_LIMIT,
    });
    // The settings parsed once per contest, not once per row.
    const settings = new Map<string, ContestSettings>();
    return rows.map((r) => {
      let s = settings.get(r.contestId);
      if (!s) {
        s = contestSettingsOf(r.contest.settings);
        settings.set(r.contestId, s);
      }
      return toRow(r, s);
    });
  }

  async detail(actor: Principal, regionId: string, id: string): Promise<RegistrationDetail> {
    assertManagesRegion(actor, regionId);
    const r = await this.deps.db.registration.findFirst({
      where: { id, regionId },
      select: {
        ...rowSelect,
        phone: true,
        email: true,
        jobStartedOn: true,
        honours: true,
        reviewReason: true,
        reviewedById: true,
        evidence: {
          select: { id: true, kind: true, fileName: true, mediaType: true, size: true, uploadedAt: true },
          orderBy: { uploadedAt: "asc" },
        },
      },
    });
    if (!r) throw new NotFoundError("The registration");
    const [history, reviewer] = await Promise.all([
      this.deps.db.auditEntry.findMany({
        where: { target: `registration:${id}` },
        select: { action: true, reason: true, at: true, actor: { select: { name: true } } },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: 200,
      }),
      r.reviewedById
        ? this.deps.db.user.findUnique({ where: { id: r.reviewedById }, select: { name: true } })
        : null,
    ]);
    return {
      ...toRow(r),
      idNumber: r.idNumber,
      phone: r.phone,
      email: r.email,
      jobStartedOn: r.jobStartedOn?.toISOString().slice(0, 10) ?? null,
      honours: r.honours,
      reviewReason: r.reviewReason,
      reviewedBy: reviewer?.name ?? null,
      evidence: r.evidence.map(evidenceView),
      history: history.map((h) => ({
        action: h.action,
        reason: h.reason,
        at: h.at.toISOString(),
        actor: h.actor?.name ?? null,
      })),
    };
  }

  /** An evidence file of a registration of the region, as a stream. */
  async evidence(actor: Principal, regionId: string, id: string, evidenceId: string): Promise<EvidenceFile> {
    assertManagesRegion(actor, regionId);
    const e = await this.deps.db.evidence.findFirst({
      where: { id: evidenceId, registrationId: id, registration: { regionId } },
      select: { storageKey: true, mediaType: true, fileName: true, size: true },
    });
    if (!e) throw new NotFoundError("The evidence file");
    const stream = await this.deps.store.stream(e.storageKey);
    if (!stream) {
      this.deps.log.error({ evidenceId, storageKey: e.storageKey }, "evidence file missing from the store");
      throw new NotFoundError("The evidence file");
    }
    return { stream, mediaType: e.mediaType, fileName: e.fileName, size: e.size };
  }

  /**
   * Approves a submitted registration whose required evidence is all there: creates the contestant's
   * account with a new ticket number and initial password (returned here, once).
   */
  async approve(
    actor: Principal,
    regionId: string,
    id: string,
    input: { reason?: string | undefined },
  ): Promise<ApprovalResult> {
    assertManagesRegion(actor, regionId);
    // A cheap look first, so a refusal costs no password hash; the decision itself re-reads the row
    // under its lock, so a correction or a removed file in between is what gets judged.
    decidable(await approvalFacts(this.deps.db, id, regionId));
    const [credentials] = await newCredentials(this.deps, 1);
    if (!credentials) throw new Error("no credentials drawn");
    const reason = input.reason || null;
    return retryOnUniqueViolation(() =>
      this.deps.db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Registration" WHERE id = ${id} FOR UPDATE`;
        const r = decidable(await approvalFacts(tx, id, regionId));
        const now = this.deps.clock.now();
        const [account] = await issueContestants(
          tx,
          this.deps.random,
          ticketPrefix(r.contest.year, r.region.no),
          [
            {
              name: r.name,
              stageId: r.stageId,
              regionId,
              group: r.group,
              teamId: r.teamId,
              organisation: r.organisation,
              credentials,
            },
          ],
        );
        if (!account) throw new Error("no account issued");
        const { ticketNumber } = account;
        // Only from SUBMITTED: a concurrent decision or a withdrawal since the read leaves no row.
        const moved = await tx.registration.updateMany({
          where: { id, status: "SUBMITTED" },
          data: {
            status: "APPROVED",
            contestantId: account.contestantId,
            reviewedById: actor.userId,
            reviewedAt: now,
            reviewReason: reason,
          },
        });
        if (moved.count === 0) await refuseChanged(tx, id, "approved");
        await tx.auditEntry.create({
          data: {
            actorId: actor.userId,
            action: "registration.approve",
            target: `registration:${id}`,
            reason,
            at: now,
            details: { contestantId: account.contestantId, ticketNumber },
          },
        });
        return {
          registrationId: id,
          contestantId: account.contestantId,
          ticketNumber,
          initialPassword: credentials.password,
        };
      }),
    );
  }

  /** Rejects a submitted registration with a reason the applicant sees. */
  async reject(
    actor: Principal,
    regionId: string,
    id: string,
    input: { reason: string },
  ): Promise<RegistrationRow> {
    assertManagesRegion(actor, regionId);
    const r = await this.deps.db.registration.findFirst({
      where: { id, regionId },
      select: { status: true },
    });
    if (!r) throw new NotFoundError("The registration");
    assertSubmitted(r.status, "rejected");
    await this.deps.db.$transaction(async (tx) => {
      const now = this.deps.clock.now();
      const moved = await tx.registration.updateMany({
        where: { id, status: "SUBMITTED" },
        data: { status: "REJECTED", reviewedById: actor.userId, reviewedAt: now, reviewReason: input.reason },
      });
      if (moved.count === 0) await refuseChanged(tx, id, "rejected");
      await tx.auditEntry.create({
        data: {
          actorId: actor.userId,
          action: "registration.reject",
          target: `registration:${id}`,
          reason: input.reason,
          at: now,
          details: {},
        },
      });
    });
    const row = await this.deps.db.registration.findUniqueOrThrow({ where: { id }, select: rowSelect });
    return toRow(row);
  }
}

function assertSubmitted(status: string, verb: string): void {
  if (status !== "SUBMITTED")
    throw new ConflictError(`Only a submitted registration can be ${verb}; this one is ${status}.`, {
      status,
    });
}

async function refuseChanged(tx: Tx, id: string, verb: string): Promise<never> {
  const now = await tx.registration.findUnique({ where: { id }, select: { status: true } });
  assertSubmitted(now?.status ?? "gone", verb);
  throw new ConflictError("The registration changed while it was being reviewed; reload it.");
}

/** What an approval is judged on, read with the transaction's client when there is one. */
async function approvalFacts(db: Pick<Tx, "registration">, id: string, regionId: string) {
  return db.registration.findFirst({
    where: { id, regionId },
    select: {
      id: true,
      status: true,
      name: true,
      basis: true,
      group: true,
      stageId: true,
      teamId: true,
      organisation: true,
      region: { select: { no: true } },
      contest: { select: { year: true, settings: true } },
      evidence: { select: { kind: true } },
    },
  });
}

/** The registration when it can be approved now: found, SUBMITTED, with its required evidence. */
function decidable<R extends NonNullable<Awaited<ReturnType<typeof approvalFacts>>>>(r: R | null): R {
  if (!r) throw new NotFoundError("The registration");
  assertSubmitted(r.status, "approved");
  const missing = missingEvidence(r);
  if (missing.length > 0)
    throw new ConflictError(`Required evidence is missing: ${missing.join(", ")}.`, { missing });
  return r;
}
