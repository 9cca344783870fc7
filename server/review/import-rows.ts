// The bulk import's rules, as pure functions: the header row to columns, every row checked on its
// own, then across rows (duplicate ID numbers, teams). Every problem is reported with its row.
import type { z } from "zod";
import {
  type ContestSettings,
  type Group,
  idNumberSchema,
  organisationKey,
  shortTextSchema,
} from "../../protocol/contest.ts";
import { IMPORT_COLUMNS, type ImportField, type ImportRowError } from "../../protocol/review.ts";
import type { SheetRow } from "./import-parse.ts";

/** A row as read: a field is null where its cell was not valid (and an error says why). */
export interface DraftRow {
  row: number;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  group: Group | null;
  organisation: string | null;
  field: string | null;
  team: string | null;
  /** null when the sheet has no leader column (the team's first row leads). */
  leader: boolean | null;
}

export interface ImportRecord {
  row: number;
  name: string;
  idNumber: string;
  phone: string;
  group: Group;
  organisation: string;
  organisationKey: string;
  field: string;
  /** Index into the plan's teams, or null for a contestant without a team. */
  team: number | null;
  leader: boolean;
}

export interface ImportTeam {
  name: string;
  group: Group;
  /** The leader's organisation. */
  organisation: string;
  organisationKey: string;
}

export interface ImportPlan {
  records: ImportRecord[];
  teams: ImportTeam[];
}

/** Header names folded: width, case, spaces, `_`, `*`, brackets and a trailing "(必填)" note. */
export function foldHeader(h: string): string {
  return h
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, "")
    .replace(/[\s_*]/g, "");
}

const HEADER_INDEX = new Map<string, ImportField>(
  IMPORT_COLUMNS.flatMap((c) => c.aliases.map((a) => [foldHeader(a), c.field] as const)),
);

const GROUP_WORDS = new Map<string, Group>([
  ["职工", "EMPLOYEE"],
  ["职工组", "EMPLOYEE"],
  ["employee", "EMPLOYEE"],
  ["学生", "STUDENT"],
  ["学生组", "STUDENT"],
  ["student", "STUDENT"],
]);

const YES = new Set(["是", "y", "yes", "true", "1", "队长", "√", "✓", "leader"]);
const NO = new Set(["否", "n", "no", "false", "0", ""]);

const nameSchema = shortTextSchema(40);
const organisationSchema = shortTextSchema(100);
const fieldSchema = shortTextSchema(60);
const teamSchema = shortTextSchema(60);

function firstMessage(e: z.ZodError): string {
  return e.issues[0]?.message ?? "Not valid.";
}

/** Where each field's column is, by the header row; a missing required column is an error. */
export function mapHeader(header: SheetRow): {
  columns: Map<ImportField, { index: number; label: string }>;
  errors: ImportRowError[];
} {
  const columns = new Map<ImportField, { index: number; label: string }>();
  header.cells.forEach((cell, index) => {
    const field = HEADER_INDEX.get(foldHeader(cell));
    if (field && !columns.has(field)) columns.set(field, { index, label: cell });
  });
  const errors = IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => ({
    row: header.row,
    column: c.zh,
    message: `The column ${c.zh} (${c.en}) is missing from the header row.`,
  }));
  return { columns, errors };
}

/**
 * Where the header row is: paper forms typed into a sheet often have a title row (e.g. "2026年报名表")
 * above it, so the first of the first five rows naming three known columns; else the first row.
 */
export function headerIndex(sheet: SheetRow[]): number {
  for (let i = 0; i < Math.min(5, sheet.length); i++) {
    const row = sheet[i] as SheetRow;
    if (row.cells.filter((c) => HEADER_INDEX.has(foldHeader(c))).length >= 3) return i;
  }
  return 0;
}

/** Each data row checked on its own (rows above the header row are left out). */
export function readDraftRows(sheet: SheetRow[]): { drafts: DraftRow[]; errors: ImportRowError[] } {
  const at = headerIndex(sheet);
  const header = sheet[at];
  const body = sheet.slice(at + 1);
  if (!header)
    return { drafts: [], errors: [{ row: 1, column: null, message: "The sheet is empty: no header row." }] };
  const { columns, errors } = mapHeader(header);
  if (errors.length > 0) return { drafts: [], errors };
  if (body.length === 0)
    return {
      drafts: [],
      errors: [{ row: header.row + 1, column: null, message: "The sheet has no rows below the header." }],
    };
  const drafts = body.map((line) => {
    const cell = (f: ImportField) => {
      const c = columns.get(f);
      return c === undefined
        ? undefined
        : { text: line.cells[c.index] ?? "", label: c.label, index: c.index };
    };
    const fail = (f: ImportField, message: string) => {
      errors.push({ row: line.row, column: cell(f)?.label ?? null, message });
      return null;
    };
    const text = (f: ImportField, schema: z.ZodType<string>, what: string): string | null => {
      const c = cell(f);
      if (!c || c.text === "") return fail(f, `${what} is empty.`);
      const parsed = schema.safeParse(c.text);
      return parsed.success ? parsed.data : fail(f, firstMessage(parsed.error));
    };

    const idCell = cell("idNumber");
    let idNumber: string | null;
    if (!idCell || idCell.text === "") idNumber = fail("idNumber", "The ID number is empty.");
    else if (line.inexact?.has(idCell.index))
      idNumber = fail(
        "idNumber",
        "The ID number was stored as a number and lost its last digits: format the column as text and type it again.",
      );
    else {
      const parsed = idNumberSchema.safeParse(idCell.text);
      idNumber = parsed.success ? parsed.data : fail("idNumber", firstMessage(parsed.error));
    }

    const phoneText = cell("phone")?.text.replace(/[\s-]/g, "") ?? "";
    const phone =
      phoneText === ""
        ? fail("phone", "The phone number is empty.")
        : /^1\d{10}$/.test(phoneText)
          ? phoneText
          : fail("phone", "A mobile number has 11 digits and starts with 1.");

    const groupText = cell("group")?.text ?? "";
    const group =
      GROUP_WORDS.get(groupText.normalize("NFKC").toLowerCase()) ??
      fail(
        "group",
        groupText === ""
          ? "The group is empty: write 职工 or 学生."
          : `Unknown group "${groupText.slice(0, 20)}": write 职工 (EMPLOYEE) or 学生 (STUDENT).`,
      );

    const teamText = cell("team")?.text ?? "";
    const team = teamText === "" ? null : text("team", teamSchema, "The team name");

    const leaderCell = cell("leader");
    let leader: boolean | null = null;
    if (leaderCell) {
      const word = leaderCell.text.normalize("NFKC").toLowerCase();
      if (YES.has(word)) leader = true;
      else if (NO.has(word)) leader = false;
      else
        leader =
          fail("leader", `Write 是 or 否 for the leader, not "${leaderCell.text.slice(0, 20)}".`) ?? false;
    }

    return {
      row: line.row,
      name: text("name", nameSchema, "The name"),
      idNumber,
      phone,
      group,
      organisation: text("organisation", organisationSchema, "The organisation"),
      field: text("field", fieldSchema, "The field (major or job)"),
      team,
      leader,
    };
  });
  return { drafts, errors };
}

export interface ImportContext {
  settings: Pick<ContestSettings, "teamMinSize" | "teamMaxSize" | "teamsMaySpanOrganisations">;
  /** ID numbers already registered for the contest. */
  existingIdNumbers: ReadonlySet<string>;
  /** Names of teams the region already has in the contest. */
  existingTeamNames: ReadonlySet<string>;
  /** The column labels for messages (the sheet's own header text). */
  labels: Partial<Record<ImportField, string>>;
}

/**
 * The checks across rows, after readDraftRows (whose errors come in as `rowErrors`): a plan when
 * every row is good, else every row's errors, in row order.
 */
export function planImport(
  drafts: DraftRow[],
  ctx: ImportContext,
  rowErrors: ImportRowError[] = [],
): { plan: ImportPlan; errors: [] } | { plan: null; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [...rowErrors];
  const label = (f: ImportField) => ctx.labels[f] ?? IMPORT_COLUMNS.find((c) => c.field === f)?.zh ?? f;
  const fail = (row: number, f: ImportField | null, message: string) =>
    errors.push({ row, column: f ? label(f) : null, message });

  const firstRowOfId = new Map<string, number>();
  for (const d of drafts) {
    if (!d.idNumber) continue;
    const first = firstRowOfId.get(d.idNumber);
    if (first !== undefined) fail(d.row, "idNumber", `The same ID number as row ${first}.`);
    else firstRowOfId.set(d.idNumber, d.row);
    if (ctx.existingIdNumbers.has(d.idNumber))
      fail(d.row, "idNumber", "This ID number has already registered for this contest.");
  }

  const { teamMinSize, teamMaxSize, teamsMaySpanOrganisations } = ctx.settings;
  const byTeam = new Map<string, DraftRow[]>();
  for (const d of drafts) {
    if (d.team === null) {
      if (teamMinSize > 1)
        fail(
          d.row,
          "team",
          `Every contestant is in a team of ${teamMinSize} to ${teamMaxSize}: give the team's name.`,
        );
      continue;
    }
    const members = byTeam.get(d.team) ?? [];
    members.push(d);
    byTeam.set(d.team, members);
  }

  const teams: ImportTeam[] = [];
  const teamIndex = new Map<string, number>();
  const leaderRows = new Set<number>();
  for (const [name, members] of byTeam) {
    const first = members[0] as DraftRow;
    if (ctx.existingTeamNames.has(name))
      fail(first.row, "team", `A team named "${name}" already exists in this region.`);
    if (members.length < teamMinSize || members.length > teamMaxSize)
      fail(
        first.row,
        "team",
        `Team "${name}" has ${members.length} member(s); a team has ${teamMinSize} to ${teamMaxSize}.`,
      );
    let leader = first;
    if (first.leader !== null) {
      const leaders = members.filter((m) => m.leader);
      if (leaders.length === 0) fail(first.row, "leader", `Team "${name}" has no leader: mark one row 是.`);
      for (const extra of leaders.slice(1))
        fail(extra.row, "leader", `Team "${name}" has more than one leader (row ${leaders[0]?.row} leads).`);
      leader = leaders[0] ?? first;
    }
    leaderRows.add(leader.row);
    const group = leader.group ?? members.find((m) => m.group)?.group ?? null;
    for (const m of members)
      if (m.group && group && m.group !== group)
        fail(m.row, "group", `Team "${name}" mixes groups: every member is in the leader's group.`);
    const org = leader.organisation ?? members.find((m) => m.organisation)?.organisation ?? null;
    if (!teamsMaySpanOrganisations && org)
      for (const m of members)
        if (m.organisation && organisationKey(m.organisation) !== organisationKey(org))
          fail(
            m.row,
            "organisation",
            `Team "${name}" spans schools (不得跨校): "${m.organisation}" is not the leader's "${org}".`,
          );
    if (group && org) {
      teamIndex.set(name, teams.length);
      teams.push({ name, group, organisation: org, organisationKey: organisationKey(org) });
    }
  }

  if (errors.length > 0) {
    const rank = new Map(IMPORT_COLUMNS.map((c, i) => [label(c.field), i] as const));
    return {
      plan: null,
      errors: sortErrors(errors, (column) => (column === null ? -1 : (rank.get(column) ?? 99))),
    };
  }
  const records = drafts.map((d): ImportRecord => {
    if (!d.name || !d.idNumber || !d.phone || !d.group || !d.organisation || !d.field)
      throw new Error(`row ${d.row} has no error but is incomplete`);
    return {
      row: d.row,
      name: d.name,
      idNumber: d.idNumber,
      phone: d.phone,
      group: d.group,
      organisation: d.organisation,
      organisationKey: organisationKey(d.organisation),
      field: d.field,
      team: d.team === null ? null : (teamIndex.get(d.team) ?? null),
      leader: leaderRows.has(d.row),
    };
  });
  return { plan: { records, teams }, errors: [] };
}

/** By row, then in the template's column order within a row (a stable sort keeps the rest). */
export function sortErrors(
  errors: ImportRowError[],
  rank: (column: string | null) => number,
): ImportRowError[] {
  return errors
    .map((e, i) => ({ e, i, r: rank(e.column) }))
    .sort((a, b) => a.e.row - b.e.row || a.r - b.r || a.i - b.i)
    .map(({ e }) => e);
}
