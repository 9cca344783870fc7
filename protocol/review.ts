// Registration review by the region host (or an admin): list, detail, evidence, approve or reject
// with a reason (audited), and the bulk import of contestants collected on paper.
import { z } from "zod";
import type { EligibilityBasis, EvidenceKind, Group, RegistrationStatus } from "./contest.ts";
import { groupSchema, REGISTRATION_STATUSES, reasonSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";
import type { EvidenceView } from "./registration.ts";

/** A query value left empty (`?status=`) means no filter. */
const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** GET /api/regions/:regionId/registrations?status=&group=&stageId=&q= */
export const registrationListQuerySchema = z
  .object({
    status: optionalFilter(z.enum(REGISTRATION_STATUSES)),
    group: optionalFilter(groupSchema),
    stageId: optionalFilter(idSchema),
    /** Part of the name, ID number, phone, organisation or ticket number. */
    q: optionalFilter(z.string().trim().min(1).max(60)),
  })
  .strict();
export type RegistrationListQuery = z.infer<typeof registrationListQuerySchema>;

export interface RegistrationRow {
  id: string;
  status: RegistrationStatus;
  name: string;
  /** Masked except for the last 4 characters in lists. */
  idNumberMasked: string;
  group: Group;
  basis: EligibilityBasis;
  organisation: string;
  field: string;
  team: { id: string; name: string } | null;
  submittedAt: string;
  reviewedAt: string | null;
  missingEvidence: EvidenceKind[];
  ticketNumber: string | null;
}

export interface RegistrationDetail extends RegistrationRow {
  idNumber: string;
  phone: string;
  email: string | null;
  jobStartedOn: string | null;
  honours: string[];
  reviewReason: string | null;
  reviewedBy: string | null;
  evidence: EvidenceView[];
  /** The decisions so far, newest first. */
  history: { action: string; reason: string | null; at: string; actor: string | null }[];
}

export const approveRequestSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export const rejectRequestSchema = z.object({ reason: reasonSchema }).strict();

/**
 * What approval issued. The password is shown here once and on the admission ticket. A ticket number
 * is 12 digits: the contest's year (2), the region's number (2) and 8 random digits, so a ticket
 * says nothing about anyone else's. An initial password is 10 characters without 0/O/o/1/l/I/i.
 */
export interface ApprovalResult {
  registrationId: string;
  contestantId: string;
  ticketNumber: string;
  initialPassword: string;
}

/**
 * Bulk import (POST /api/regions/:regionId/imports?stageId=…, raw XLSX or CSV body): one approved
 * contestant per row. Columns (the first row, Chinese or English names): 姓名 name, 身份证号
 * id_number, 手机 phone, 组别 group (职工/学生 or EMPLOYEE/STUDENT), 单位 organisation, 专业 field,
 * 队名 team (optional), 队长 leader (是/否, optional). Every row valid or nothing is imported.
 */
export const importQuerySchema = z.object({ stageId: idSchema }).strict();

/** The largest sheet the import takes, in bytes (413 above) and in data rows. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 1000;

export type ImportField =
  | "name"
  | "idNumber"
  | "phone"
  | "group"
  | "organisation"
  | "field"
  | "team"
  | "leader";

/**
 * The import's columns in the template's order: the Chinese header the template writes, the English
 * name, and every header name accepted. Headers are compared with width, case, spaces, `_`, `*` and
 * brackets folded (so "姓名*", "Name" and "ID Number" match).
 */
export const IMPORT_COLUMNS: readonly {
  field: ImportField;
  zh: string;
  en: string;
  required: boolean;
  aliases: readonly string[];
}[] = [
  { field: "name", zh: "姓名", en: "name", required: true, aliases: ["姓名", "name"] },
  {
    field: "idNumber",
    zh: "身份证号",
    en: "id_number",
    required: true,
    aliases: ["身份证号", "身份证号码", "身份证", "证件号码", "id_number", "id number", "idnumber", "id"],
  },
  {
    field: "phone",
    zh: "手机",
    en: "phone",
    required: true,
    aliases: ["手机", "手机号", "手机号码", "联系电话", "电话", "phone", "mobile"],
  },
  { field: "group", zh: "组别", en: "group", required: true, aliases: ["组别", "参赛组别", "group"] },
  {
    field: "organisation",
    zh: "单位",
    en: "organisation",
    required: true,
    aliases: [
      "单位",
      "学校",
      "学校/单位",
      "单位/学校",
      "工作单位",
      "organisation",
      "organization",
      "school",
      "employer",
    ],
  },
  {
    field: "field",
    zh: "专业",
    en: "field",
    required: true,
    aliases: ["专业", "专业/岗位", "岗位", "field", "major"],
  },
  {
    field: "team",
    zh: "队名",
    en: "team",
    required: false,
    aliases: ["队名", "团队", "团队名称", "队伍", "team"],
  },
  { field: "leader", zh: "队长", en: "leader", required: false, aliases: ["队长", "是否队长", "leader"] },
];

export interface ImportRowError {
  /** 1-based row number in the sheet (the header is row 1). */
  row: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  imported: number;
  contestants: { row: number; name: string; ticketNumber: string; initialPassword: string }[];
}
