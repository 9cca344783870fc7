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
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import { unseal } from "../../core/platform/secret-box.ts";
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
  type TeamChoice,
} from "../../protocol/index.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { hashAccessCode, newAccessCode, newJoinCode, normalizeAccessCode } from "./codes.ts";
import {
  barredHonourRefusal,
  jobYearsRefusal,
  normalizeJoinCode,
  registrationClosed,
  teamJoinRefusal,
  windowState,
} from "./eligibility.ts";
import { checkEvidenceFile, sanitizeFileName } from "./evidence-type.ts";

/** Registrations that hold a place in a team. */
const ACTIVE = ["SUBMITTED", "APPROVED"] as const;
/** The states in which the applicant may still change the application. */
const EDITABLE = new Set(["SUBMITTED", "REJECTED"]);

/** A registration as the service loads it by access code. */
const registrationInclude = {
  contest: { select: { id: true, name: true, settings: true } },
  stage: { select: { id: true, name: true } },
  region: { select: { id: true, no: true, nameZh: true, nameEn: true, hostOrg: true } },
  team: { select: { id: true, name: true, joinCode: true } },
  evidence: { orderBy: { uploadedAt: "asc" } },
} satisfies Prisma.RegistrationInclude;
type LoadedRegistration = Prisma.RegistrationGetPayload<{ include: typeof registrationInclude }>;

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
        const place = await this.placeInTeam(
          tx,
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
    return this.toView(reg);
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
        const current = await this.lockRegistration(tx, reg.id);
        if (!EDITABLE.has(current.status)) this.assertEditable(current);
        if (input.idNumber !== current.idNumber) {
          const other = await tx.registration.findUnique({
            where: { contestId_idNumber: { contestId: reg.contestId, idNumber: input.idNumber } },
            select: { id: true },
          });
          if (other) throw new AlreadyRegisteredError();
        }
        const place = await this.placeInTeam(
          tx,
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
        if (place.abandonedTeamId) await this.dropTeam(tx, place.abandonedTeamId);
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
      if (current.teamId && current.teamLeader) {
        await this.lockTeam(tx, current.teamId);
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

  private async lockTeam(tx: Tx, id: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${id} FOR UPDATE`;
  }

  private async activeMembers(tx: Tx, teamId: string, except?: string): Promise<number> {
    return tx.registration.count({
      where: { teamId, status: { in: [...ACTIVE] }, ...(except ? { id: { not: except } } : {}) },
    });
  }

  /**
   * Where the applicant's team choice puts them: a new team they lead, a team they join, or none.
   * `current` is their team so far (on resubmission); a leader may leave only a team of one, which
   * is then dropped (`abandonedTeamId`).
   */
  private async placeInTeam(
    tx: Tx,
    choice: TeamChoice,
    applicant: {
      contestId: string;
      regionId: string;
      group: RegistrationInput["group"];
      organisation: string;
      organisationKey: string;
      registrationId?: string;
    },
    current: { teamId: string; leader: boolean } | null,
    settings: ContestSettings,
  ): Promise<{ teamId: string | null; leader: boolean; abandonedTeamId?: string }> {
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
      await this.lockTeam(tx, current.teamId);
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
          joinCode: await this.freeJoinCode(tx),
        },
        select: { id: true },
      });
      return { teamId: team.id, leader: true, abandonedTeamId };
    }

    if (target) await this.lockTeam(tx, target.id);
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
      joinable && target ? { ...team, activeMembers: await this.activeMembers(tx, target.id, self) } : null,
      applicant,
      settings,
    );
    if (refusal) throw refusal;
    return { teamId: target?.id ?? null, leader: false, abandonedTeamId };
  }

  private async freeJoinCode(tx: Tx): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const code = newJoinCode(this.deps.random);
      if (!(await tx.team.findUnique({ where: { joinCode: code }, select: { id: true } }))) return code;
    }
    throw new ConflictError("Could not find a free team join code: try again.");
  }

  /** Drops a team its only member left (withdrawn former members let go of it first). */
  private async dropTeam(tx: Tx, teamId: string): Promise<void> {
    const used = await tx.contestant.count({ where: { teamId } });
    if (used > 0) return;
    await tx.registration.updateMany({ where: { teamId }, data: { teamId: null, teamLeader: false } });
    await tx.team.delete({ where: { id: teamId } });
  }

  private async deleteBlobs(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.deps.store.delete(key).catch((err: unknown) => {
        this.deps.log.warn({ err, key }, "evidence file not deleted");
      });
    }
  }

  private async toView(reg: LoadedRegistration): Promise<RegistrationView> {
    const db = this.deps.db;
    const settings = contestSettingsOf(reg.contest.settings);
    const [window, members, contestant] = await Promise.all([
      db.registrationWindow.findUnique({
        where: { stageId_regionId: { stageId: reg.stageId, regionId: reg.regionId } },
        select: { opensAt: true, closesAt: true },
      }),
      reg.teamId
        ? db.registration.count({ where: { teamId: reg.teamId, status: { in: [...ACTIVE] } } })
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
      windowOpen: window ? windowState(window, this.deps.clock.now()) === "open" : false,
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
                : unseal(this.deps.config.SESSION_SECRET, contestant.initialPasswordSealed),
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
}

function evidenceView(e: {
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
