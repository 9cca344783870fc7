// Bulk import of contestants a host collected on paper: every row checked and reported, then all of
// them created in one transaction (approved registrations, teams, accounts), or nothing at all.
import { randomUUID } from "node:crypto";
import { ImportRejectedError, NotFoundError, ValidationError } from "../../core/errors.ts";
import { contestSettingsOf } from "../../protocol/contest.ts";
import { IMPORT_MAX_ROWS, type ImportField, type ImportResult } from "../../protocol/review.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { readSheet, sniffSheet } from "./import-parse.ts";
import { headerIndex, type ImportPlan, mapHeader, planImport, readDraftRows } from "./import-rows.ts";
import {
  type Credentials,
  issueContestants,
  isUniqueViolation,
  newCredentials,
  ticketPrefix,
} from "./issue.ts";

/** A paper registration's access code is never issued: no code hashes to this. */
function unreachableAccessCodeHash(): string {
  return `import:${randomUUID()}`;
}

export class ImportService {
  constructor(private readonly deps: ContestDeps) {}

  /**
   * Imports the sheet (`bytes`, XLSX or UTF-8 CSV) into the stage for the region. Bad rows: an
   * ImportRejectedError listing every row's problems, and nothing written.
   */
  async import(
    actor: Principal,
    input: { regionId: string; stageId: string; bytes: Uint8Array },
  ): Promise<ImportResult> {
    const { regionId, stageId } = input;
    assertManagesRegion(actor, regionId);
    const [region, stage] = await Promise.all([
      this.deps.db.region.findUnique({ where: { id: regionId }, select: { no: true } }),
      this.deps.db.stage.findUnique({
        where: { id: stageId },
        select: { regionId: true, contest: { select: { id: true, year: true, settings: true } } },
      }),
    ]);
    if (!region) throw new NotFoundError("The region");
    if (!stage || (stage.regionId !== null && stage.regionId !== regionId))
      throw new NotFoundError("The stage");
    const contest = stage.contest;
    const settings = contestSettingsOf(contest.settings);

    const format = sniffSheet(input.bytes);
    const sheet = await readSheet(input.bytes);
    if (sheet.length - 1 > IMPORT_MAX_ROWS)
      throw new ValidationError(
        `The sheet has ${sheet.length - 1} rows; import at most ${IMPORT_MAX_ROWS} at a time.`,
      );
    const { drafts, errors: rowErrors } = readDraftRows(sheet);
    if (drafts.length === 0) throw new ImportRejectedError(rowErrors);
    const labels: Partial<Record<ImportField, string>> = {};
    const header = sheet[headerIndex(sheet)];
    if (header) for (const [field, c] of mapHeader(header).columns) labels[field] = c.label;

    let credentials: Credentials[] | null = null;
    // A concurrent import or approval of the same person (or, rarely, the same ticket number) fails
    // the transaction on a unique index; checking again then reports it as the row's error.
    for (let attempt = 1; ; attempt++) {
      const plan = await this.check(contest.id, regionId, settings, drafts, rowErrors, labels);
      credentials ??= await newCredentials(this.deps, plan.records.length);
      try {
        return await this.write(
          actor,
          { regionId, stageId, contest, regionNo: region.no, format },
          plan,
          credentials,
        );
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
  }

  private async check(
    contestId: string,
    regionId: string,
    settings: ReturnType<typeof contestSettingsOf>,
    drafts: ReturnType<typeof readDraftRows>["drafts"],
    rowErrors: ReturnType<typeof readDraftRows>["errors"],
    labels: Partial<Record<ImportField, string>>,
  ): Promise<ImportPlan> {
    const ids = [...new Set(drafts.flatMap((d) => (d.idNumber ? [d.idNumber] : [])))];
    const teamNames = [...new Set(drafts.flatMap((d) => (d.team ? [d.team] : [])))];
    const [existing, teams] = await Promise.all([
      this.deps.db.registration.findMany({
        where: { contestId, idNumber: { in: ids } },
        select: { idNumber: true },
      }),
      teamNames.length
        ? this.deps.db.team.findMany({
            where: { contestId, regionId, name: { in: teamNames } },
            select: { name: true },
          })
        : [],
    ]);
    const result = planImport(
      drafts,
      {
        settings,
        existingIdNumbers: new Set(existing.map((r) => r.idNumber)),
        existingTeamNames: new Set(teams.map((t) => t.name)),
        labels,
      },
      rowErrors,
    );
    if (!result.plan) throw new ImportRejectedError(result.errors);
    return result.plan;
  }

  private write(
    actor: Principal,
    where: {
      regionId: string;
      stageId: string;
      contest: { id: string; year: number };
      regionNo: number;
      format: string;
    },
    plan: ImportPlan,
    credentials: Credentials[],
  ): Promise<ImportResult> {
    const { regionId, stageId, contest } = where;
    return this.deps.db.$transaction(
      async (tx) => {
        const now = this.deps.clock.now();
        const teamIds: string[] = [];
        for (const t of plan.teams) {
          const team = await tx.team.create({
            data: {
              contestId: contest.id,
              regionId,
              name: t.name,
              group: t.group,
              organisation: t.organisation,
              organisationKey: t.organisationKey,
            },
            select: { id: true },
          });
          teamIds.push(team.id);
        }
        const teamIdOf = (r: ImportPlan["records"][number]) =>
          r.team === null ? null : (teamIds[r.team] ?? null);
        const accounts = await issueContestants(
          tx,
          this.deps.random,
          ticketPrefix(contest.year, where.regionNo),
          plan.records.map((r, i) => ({
            name: r.name,
            stageId,
            regionId,
            group: r.group,
            teamId: teamIdOf(r),
            organisation: r.organisation,
            credentials: credentials[i] as Credentials,
          })),
        );
        const contestants: ImportResult["contestants"] = [];
        const registrationIds: string[] = [];
        for (const [i, r] of plan.records.entries()) {
          const account = accounts[i] as (typeof accounts)[number];
          const teamId = teamIdOf(r);
          const registration = await tx.registration.create({
            data: {
              contestId: contest.id,
              stageId,
              regionId,
              group: r.group,
              basis: r.group === "STUDENT" ? "STUDENT" : "EMPLOYEE_JOB",
              status: "APPROVED",
              name: r.name,
              idNumber: r.idNumber,
              phone: r.phone,
              organisation: r.organisation,
              organisationKey: r.organisationKey,
              field: r.field,
              honours: [],
              teamId,
              teamLeader: r.leader && teamId !== null,
              accessCodeHash: unreachableAccessCodeHash(),
              reviewedById: actor.userId,
              reviewedAt: now,
              submittedAt: now,
              contestantId: account.contestantId,
            },
            select: { id: true },
          });
          registrationIds.push(registration.id);
          contestants.push({
            row: r.row,
            name: r.name,
            ticketNumber: account.ticketNumber,
            initialPassword: (credentials[i] as Credentials).password,
          });
        }
        await tx.auditEntry.createMany({
          data: registrationIds.map((id, i) => ({
            actorId: actor.userId,
            action: "registration.import",
            target: `registration:${id}`,
            reason: "Imported from a paper registration.",
            at: now,
            details: {
              row: plan.records[i]?.row ?? null,
              ticketNumber: contestants[i]?.ticketNumber ?? null,
            },
          })),
        });
        await tx.auditEntry.create({
          data: {
            actorId: actor.userId,
            action: "registration.import",
            target: `region:${regionId}`,
            reason: null,
            at: now,
            details: {
              stageId,
              format: where.format,
              imported: contestants.length,
              teams: plan.teams.length,
            },
          },
        });
        return { imported: contestants.length, contestants };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  }
}
