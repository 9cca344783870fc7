// Public registration: an applicant applies for one region and one group during that region's
// window, reads and corrects the application with the access code it got, uploads evidence and
// withdraws. Methods take plain inputs so that the demo seed registers applicants through them.
import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import {
  AlreadyRegisteredError,
  ConflictError,
  IneligibleError,
  NotFoundError,
  PayloadTooLargeError,
  RegistrationClosedError,
  UnsupportedMediaTypeError,
} from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import {
  type ApplyResult,
  type ContestSettings,
  contestSettingsOf,
  type EvidenceKind,
  type EvidenceView,
  evidenceUploadQuerySchema,
  type OpenStage,
  organisationKey,
  type RegistrationInput,
  type RegistrationRequest,
  type RegistrationView,
  registrationRequestSchema,
} from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { hashAccessCode, newAccessCode, normalizeAccessCode } from "./codes.ts";
import { barredHonourRefusal, jobYearsRefusal, registrationClosed, windowState } from "./eligibility.ts";
import { checkEvidenceFile, sanitizeFileName } from "./evidence-type.ts";
import {
  evidenceView,
  type LoadedRegistration,
  registrationInclude,
  registrationView,
} from "./registration-view.ts";
import { dropTeam, lockTeam, placeInTeam } from "./teams.ts";

/** The states in which the applicant may still change the application. */
const EDITABLE = new Set(["SUBMITTED", "REJECTED"]);

/** What an upload needs to know before it reads the body. */
export interface EvidenceTarget {
  registrationId: string;
  maxBytes: number;
}

export class RegistrationService {
  constructor(private readonly deps: ContestDeps) {}

  /** Every stage with registration windows: each region's window, whether it is open, the rules. */
  async openStages(): Promise<OpenStage[]> {
    const now = this.deps.clock.now();
    const stages = await this.deps.db.stage.findMany({
      where: { windows: { some: {} } },
      select: {
        id: true,
        name: true,
        contest: { select: { id: true, name: true, settings: true, year: true } },
        windows: {
          select: {
            opensAt: true,
            closesAt: true,
            region: { select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true } },
          },
        },
      },
      orderBy: [{ contest: { year: "desc" } }, { startsOn: "asc" }, { name: "asc" }],
    });
    return stages.map((s) => {
      const rules = contestSettingsOf(s.contest.settings);
      return {
        contestId: s.contest.id,
        contestName: s.contest.name,
        stageId: s.id,
        stageName: s.name,
        regions: s.windows
          .map((w) => ({
            ...w.region,
            opensAt: w.opensAt.toISOString(),
            closesAt: w.closesAt.toISOString(),
            open: windowState(w, now) === "open",
          }))
          .sort((a, b) => a.no - b.no),
        rules: {
          employeeMinYears: rules.employeeMinYears,
          teamMinSize: rules.teamMinSize,
          teamMaxSize: rules.teamMaxSize,
          teamsMaySpanOrganisations: rules.teamsMaySpanOrganisations,
          barredHonours: rules.barredHonours,
          requiredEvidence: rules.requiredEvidence,
          evidenceMaxBytes: rules.evidenceMaxBytes,
          evidenceMaxFiles: rules.evidenceMaxFiles,
        },
      };
    });
  }

  /** Applies. The access code in the result is shown once: only its sha256 is kept. */
  async apply(request: RegistrationRequest | unknown, now = this.deps.clock.now()): Promise<ApplyResult> {
    const input = parse(registrationRequestSchema, request);
    const window = await this.windowOf(input.stageId, input.regionId);
    const closed = registrationClosed(window, now, window.region.nameEn);
    if (closed) throw closed;
    const contest = window.stage.contest;
    const settings = contestSettingsOf(contest.settings);
    this.checkEligibility(input, settings, now);

    const accessCode = newAccessCode();
    const orgKey = organisationKey(input.organisation);
    const replaced: string[] = [];
    const id = await this.uniqueId(contest.id, input.idNumber, () =>
      this.deps.db.$transaction(async (tx) => {
        await holdWindow(tx, window.id, now, window.region.nameEn);
        const previous = await tx.registration.findUnique({
          where: { contestId_idNumber: { contestId: contest.id, idNumber: input.idNumber } },
          select: { id: true, status: true, evidence: { select: { storageKey: true } } },
        });
        if (previous && previous.status !== "WITHDRAWN") throw new AlreadyRegisteredError();
        if (previous) {
          // A withdrawn application frees its person to apply again, from scratch.
          await tx.registration.delete({ where: { id: previous.id } });
          replaced.push(...previous.evidence.map((e) => e.storageKey));
        }
        const place = await placeInTeam(
          tx,
          this.deps.random,
          input.team,
          {
            contestId: contest.id,
            regionId: input.regionId,
            group: input.group,
            organisation: input.organisation,
            organisationKey: orgKey,
          },
          null,
          settings,
        );
        const row = await tx.registration.create({
          data: {
            contestId: contest.id,
            stageId: input.stageId,
            regionId: input.regionId,
            ...this.formData(input, orgKey),
            teamId: place.teamId,
            teamLeader: place.leader,
            accessCodeHash: hashAccessCode(accessCode),
            submittedAt: now,
          },
          select: { id: true },
        });
        await applicantEvent(tx, row.id, "registration.submit", now, {
          group: input.group,
          basis: input.basis,
        });
        return row.id;
      }),
    );
    await this.deleteBlobs(replaced);
    return { registrationId: id, accessCode, status: "SUBMITTED" };
  }

  /** The registration's id for an access code, or null: lets the routes count wrong codes. */
  async idOfCode(code: unknown): Promise<string | null> {
    const normal = normalizeAccessCode(code);
    if (!normal) return null;
    const row = await this.deps.db.registration.findUnique({
      where: { accessCodeHash: hashAccessCode(normal) },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /** The applicant's own application. */
  async view(code: unknown): Promise<RegistrationView> {
    const reg = await this.byCode(code);
    return registrationView(this.deps, reg);
  }

  /** Corrects and resubmits: while the window is open and the application is not approved or withdrawn. */
  async resubmit(code: unknown, request: RegistrationRequest | unknown): Promise<RegistrationView> {
    const reg = await this.byCode(code);
    const input = parse(registrationRequestSchema, request);
    if (input.stageId !== reg.stageId || input.regionId !== reg.regionId)
      throw new ConflictError(
        "The stage and region of an application cannot change: withdraw it and apply again.",
      );
    this.assertEditable(reg);
    const now = this.deps.clock.now();
    const window = await this.windowOf(reg.stageId, reg.regionId);
    const closed = registrationClosed(window, now, window.region.nameEn);
    if (closed) throw closed;
    const settings = contestSettingsOf(reg.contest.settings);
    this.checkEligibility(input, settings, now);
    const orgKey = organisationKey(input.organisation);

    await this.uniqueId(reg.contestId, input.idNumber, () =>
      this.deps.db.$transaction(async (tx) => {
        await holdWindow(tx, window.id, now, window.region.nameEn);
        const current = await this.lockRegistration(tx, reg.id);
        if (!EDITABLE.has(current.status)) this.assertEditable(current);
        if (input.idNumber !== current.idNumber) {
          const other = await tx.registration.findUnique({
            where: { contestId_idNumber: { contestId: reg.contestId, idNumber: input.idNumber } },
            select: { id: true },
          });
          if (other) throw new AlreadyRegisteredError();
        }
        const place = await placeInTeam(
          tx,
          this.deps.random,
          input.team,
          {
            contestId: reg.contestId,
            regionId: reg.regionId,
            group: input.group,
            organisation: input.organisation,
            organisationKey: orgKey,
            registrationId: reg.id,
          },
          current.teamId ? { teamId: current.teamId, leader: current.teamLeader } : null,
          settings,
        );
        await tx.registration.update({
          where: { id: reg.id },
          data: {
            ...this.formData(input, orgKey),
            teamId: place.teamId,
            teamLeader: place.leader,
            status: "SUBMITTED",
            reviewReason: null,
            reviewedAt: null,
            reviewedById: null,
            submittedAt: now,
          },
        });
        if (place.abandonedTeamId) await dropTeam(tx, place.abandonedTeamId);
        await applicantEvent(tx, reg.id, "registration.resubmit", now, { previousStatus: current.status });
        return reg.id;
      }),
    );
    return this.view(code);
  }

  /** Withdraws (not once approved). A leader's team passes to its earliest remaining member. */
  async withdraw(code: unknown): Promise<RegistrationView> {
    const reg = await this.byCode(code);
    await this.deps.db.$transaction(async (tx) => {
      const current = await this.lockRegistration(tx, reg.id);
      if (current.status === "WITHDRAWN") return;
      if (current.status === "APPROVED")
        throw new ConflictError("An approved application cannot be withdrawn here: ask the region's host.", {
          status: current.status,
        });
      await tx.registration.update({
        where: { id: reg.id },
        data: { status: "WITHDRAWN", teamLeader: false },
      });
      await applicantEvent(tx, reg.id, "registration.withdraw", this.deps.clock.now(), {});
      if (current.teamId && current.teamLeader) {
        await lockTeam(tx, current.teamId);
        const heir = await tx.registration.findFirst({
          where: { teamId: current.teamId, id: { not: reg.id }, status: { not: "WITHDRAWN" } },
          orderBy: { submittedAt: "asc" },
          select: { id: true },
        });
        if (heir) await tx.registration.update({ where: { id: heir.id }, data: { teamLeader: true } });
        // A team with nobody left takes no new members.
        else await tx.team.update({ where: { id: current.teamId }, data: { joinCode: null } });
      }
    });
    return this.view(code);
  }

  /**
   * Whether the applicant may upload now, and the largest file: checked before the body is read, so
   * that a refused upload is not buffered.
   */
  async evidenceTarget(code: unknown): Promise<EvidenceTarget> {
    const reg = await this.byCode(code);
    const settings = await this.assertEvidenceEditable(reg);
    if (reg.evidence.length >= settings.evidenceMaxFiles)
      throw new ConflictError(`An application holds at most ${settings.evidenceMaxFiles} files.`, {
        evidenceMaxFiles: settings.evidenceMaxFiles,
      });
    return { registrationId: reg.id, maxBytes: settings.evidenceMaxBytes };
  }

  /** Stores an evidence file whose type is judged by its content. */
  async addEvidence(
    code: unknown,
    kind: EvidenceKind,
    name: string,
    bytes: Uint8Array,
  ): Promise<EvidenceView> {
    const query = parse(evidenceUploadQuerySchema, { kind, name });
    const reg = await this.byCode(code);
    const settings = await this.assertEvidenceEditable(reg);
    if (bytes.length > settings.evidenceMaxBytes) throw new PayloadTooLargeError(settings.evidenceMaxBytes);
    const checked = checkEvidenceFile(sanitizeFileName(query.name), bytes);
    if (!checked.ok) throw new UnsupportedMediaTypeError(checked.problem, { detected: checked.detected });

    const id = randomUUID();
    const storageKey = `evidence/${reg.id}/${id}`;
    await this.deps.store.put(storageKey, bytes);
    try {
      const row = await this.deps.db.$transaction(async (tx) => {
        const current = await this.lockRegistration(tx, reg.id);
        if (!EDITABLE.has(current.status)) this.assertEditable(current);
        const count = await tx.evidence.count({ where: { registrationId: reg.id } });
        if (count >= settings.evidenceMaxFiles)
          throw new ConflictError(`An application holds at most ${settings.evidenceMaxFiles} files.`, {
            evidenceMaxFiles: settings.evidenceMaxFiles,
          });
        await applicantEvent(tx, reg.id, "registration.evidence-add", this.deps.clock.now(), {
          evidenceId: id,
          kind: query.kind,
          fileName: checked.fileName,
        });
        return tx.evidence.create({
          data: {
            id,
            registrationId: reg.id,
            kind: query.kind,
            fileName: checked.fileName,
            mediaType: checked.mediaType,
            size: bytes.length,
            sha256: createHash("sha256").update(bytes).digest("hex"),
            storageKey,
            uploadedAt: this.deps.clock.now(),
          },
        });
      });
      return evidenceView(row);
    } catch (e) {
      await this.deleteBlobs([storageKey]);
      throw e;
    }
  }

  /** One of the applicant's own files, to stream back. */
  async evidenceFile(
    code: unknown,
    evidenceId: string,
  ): Promise<{ stream: Readable; mediaType: string; fileName: string; size: number }> {
    const reg = await this.byCode(code);
    const row = reg.evidence.find((e) => e.id === evidenceId);
    if (!row) throw new NotFoundError("The file");
    const stream = await this.deps.store.stream(row.storageKey);
    if (!stream) throw new NotFoundError("The file");
    return { stream, mediaType: row.mediaType, fileName: row.fileName, size: row.size };
  }

  async removeEvidence(code: unknown, evidenceId: string): Promise<void> {
    const reg = await this.byCode(code);
    const row = reg.evidence.find((e) => e.id === evidenceId);
    if (!row) throw new NotFoundError("The file");
    await this.assertEvidenceEditable(reg);
    await this.deps.db.$transaction(async (tx) => {
      const current = await this.lockRegistration(tx, reg.id);
      if (!EDITABLE.has(current.status)) this.assertEditable(current);
      await tx.evidence.deleteMany({ where: { id: row.id, registrationId: reg.id } });
      await applicantEvent(tx, reg.id, "registration.evidence-remove", this.deps.clock.now(), {
        evidenceId: row.id,
        kind: row.kind,
        fileName: row.fileName,
      });
    });
    await this.deleteBlobs([row.storageKey]);
  }

  // ---------------------------------------------------------------------------------------------

  private async byCode(code: unknown): Promise<LoadedRegistration> {
    const normal = normalizeAccessCode(code);
    const reg = normal
      ? await this.deps.db.registration.findUnique({
          where: { accessCodeHash: hashAccessCode(normal) },
          include: registrationInclude,
        })
      : null;
    if (!reg) throw new NotFoundError("The application");
    return reg;
  }

  private async windowOf(stageId: string, regionId: string) {
    const window = await this.deps.db.registrationWindow.findUnique({
      where: { stageId_regionId: { stageId, regionId } },
      include: {
        region: { select: { nameEn: true } },
        stage: { select: { contest: { select: { id: true, settings: true } } } },
      },
    });
    if (window) return window;
    const stage = await this.deps.db.stage.findUnique({ where: { id: stageId }, select: { id: true } });
    if (!stage) throw new NotFoundError("The stage");
    const region = await this.deps.db.region.findUnique({ where: { id: regionId }, select: { id: true } });
    if (!region) throw new NotFoundError("The region");
    throw new NotFoundError("A registration window of this region for this stage");
  }

  private checkEligibility(input: RegistrationInput, settings: ContestSettings, now: Date): void {
    const barred = barredHonourRefusal(input.honours, settings.barredHonours);
    if (barred) throw barred;
    if (input.basis === "EMPLOYEE_JOB") {
      const years = jobYearsRefusal(input.jobStartedOn ?? "", now, settings.employeeMinYears);
      if (years) throw years;
    }
    if (input.team.mode === "none" && settings.teamMinSize > 1)
      throw new IneligibleError(
        "team-required",
        `Contestants compete in teams of at least ${settings.teamMinSize}: lead a team or join one.`,
        { teamMinSize: settings.teamMinSize },
      );
  }

  private formData(input: RegistrationInput, orgKey: string) {
    return {
      group: input.group,
      basis: input.basis,
      name: input.name,
      idNumber: input.idNumber,
      phone: input.phone,
      email: input.email ? input.email : null,
      organisation: input.organisation,
      organisationKey: orgKey,
      field: input.field,
      jobStartedOn:
        input.basis === "EMPLOYEE_JOB" && input.jobStartedOn
          ? new Date(`${input.jobStartedOn}T00:00:00Z`)
          : null,
      honours: input.honours,
    };
  }

  private assertEditable(reg: { status: string }): void {
    if (EDITABLE.has(reg.status)) return;
    throw new ConflictError(
      reg.status === "APPROVED"
        ? "An approved application can no longer be changed."
        : "A withdrawn application can no longer be changed: apply again.",
      { status: reg.status },
    );
  }

  private async assertEvidenceEditable(reg: LoadedRegistration): Promise<ContestSettings> {
    this.assertEditable(reg);
    const window = await this.windowOf(reg.stageId, reg.regionId);
    const closed = registrationClosed(window, this.deps.clock.now(), window.region.nameEn);
    if (closed) throw closed;
    return contestSettingsOf(reg.contest.settings);
  }

  /** Runs `work`; a unique violation on the ID number (two applications racing) is ALREADY_REGISTERED. */
  private async uniqueId<T>(contestId: string, idNumber: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
        // The constraint's name or fields, wherever the driver adapter puts them, name idNumber.
        const onIdNumber = JSON.stringify(e.meta ?? {}).includes("idNumber");
        const taken = await this.deps.db.registration.findUnique({
          where: { contestId_idNumber: { contestId, idNumber } },
          select: { id: true },
        });
        if (onIdNumber && taken) throw new AlreadyRegisteredError();
        throw new ConflictError("Another change got there first: try again.");
      }
      throw e;
    }
  }

  private async lockRegistration(tx: Tx, id: string) {
    await tx.$queryRaw`SELECT id FROM "Registration" WHERE id = ${id} FOR UPDATE`;
    return tx.registration.findUniqueOrThrow({
      where: { id },
      select: { status: true, teamId: true, teamLeader: true, idNumber: true },
    });
  }

  private async deleteBlobs(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.deps.store.delete(key).catch((err: unknown) => {
        this.deps.log.warn({ err, key }, "evidence file not deleted");
      });
    }
  }
}

/**
 * Holds the region's window for the rest of the transaction (FOR SHARE), so the committee cannot
 * delete or move it between the check above and the insert; re-checks it as it stands now.
 */
async function holdWindow(tx: Tx, windowId: string, now: Date, regionName: string): Promise<void> {
  const rows = await tx.$queryRaw<{ opensAt: Date; closesAt: Date }[]>`
    SELECT "opensAt", "closesAt" FROM "RegistrationWindow" WHERE id = ${windowId} FOR SHARE`;
  const row = rows[0];
  if (!row) throw new RegistrationClosedError("The region's registration window was just removed.");
  const closed = registrationClosed(row, now, regionName);
  if (closed) throw closed;
}

/**
 * What the applicant did, in the application's history beside the host's decisions (no actor: the
 * applicant has no account).
 */
async function applicantEvent(
  tx: Tx,
  registrationId: string,
  action: string,
  at: Date,
  details: Prisma.InputJsonObject,
): Promise<void> {
  await tx.auditEntry.create({
    data: { actorId: null, action, target: `registration:${registrationId}`, at, details },
  });
}
