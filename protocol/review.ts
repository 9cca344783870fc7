// Registration review by the region host (or an admin): list, detail, evidence, approve or reject
// with a reason (audited), and the bulk import of contestants collected on paper.
import { z } from "zod";
import type { EligibilityBasis, EvidenceKind, Group, RegistrationStatus } from "./contest.ts";
import { reasonSchema } from "./contest.ts";
import type { EvidenceView } from "./registration.ts";

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

/** What approval issued. The password is shown here once and on the admission ticket. */
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
