// The contest's shared vocabulary: groups, eligibility bases, evidence kinds, the contest's rule
// settings (CONTEST.md's rules as settings with its defaults) and the resident ID number check.
import { z } from "zod";

export const GROUPS = ["EMPLOYEE", "STUDENT"] as const;
export type Group = (typeof GROUPS)[number];
export const groupSchema = z.enum(GROUPS);

export const ELIGIBILITY_BASES = ["EMPLOYEE_JOB", "EMPLOYEE_TEACHER", "STUDENT"] as const;
export type EligibilityBasis = (typeof ELIGIBILITY_BASES)[number];
export const eligibilityBasisSchema = z.enum(ELIGIBILITY_BASES);

/** The group each basis belongs to. */
export const GROUP_OF_BASIS: Record<EligibilityBasis, Group> = {
  EMPLOYEE_JOB: "EMPLOYEE",
  EMPLOYEE_TEACHER: "EMPLOYEE",
  STUDENT: "STUDENT",
};

export const EVIDENCE_KINDS = [
  "SOCIAL_INSURANCE",
  "TEACHER_CERTIFICATE",
  "EMPLOYER_LETTER",
  "STUDENT_STATUS",
  "OTHER",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);

/** Evidence files are checked by their content: these are the only types taken. */
export const EVIDENCE_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

export const REGISTRATION_STATUSES = ["SUBMITTED", "APPROVED", "REJECTED", "WITHDRAWN"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const STAGE_KINDS = ["PRELIMINARY", "FINAL"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const STAFF_ROLES = ["ADMIN", "REGION_HOST", "PROCTOR", "JUDGE"] as const;
export type StaffRoleKind = (typeof STAFF_ROLES)[number];

/**
 * The contest's rules, each a setting with CONTEST.md's value as its default. Stored in
 * Contest.settings; `{}` parses to the defaults. Unknown keys are an error, never ignored.
 */
export const contestSettingsSchema = z
  .object({
    /** Employee group, EMPLOYEE_JOB: years in a related job, at the registration's submission. */
    employeeMinYears: z.number().min(0).max(40).default(1),
    /** Team size, leader included. */
    teamMinSize: z.number().int().min(1).max(20).default(1),
    teamMaxSize: z.number().int().min(1).max(20).default(3),
    /** 不得跨校: every member of a team comes from the leader's school or employer. */
    teamsMaySpanOrganisations: z.boolean().default(false),
    /** Holders of these titles may not register as contestants. */
    barredHonours: z
      .array(z.string().trim().min(1).max(40))
      .max(20)
      .default(["中华技能大奖", "全国技术能手"]),
    /** Evidence each basis must carry before the host can approve. */
    requiredEvidence: z
      .object({
        EMPLOYEE_JOB: z.array(evidenceKindSchema).max(5),
        EMPLOYEE_TEACHER: z.array(evidenceKindSchema).max(5),
        STUDENT: z.array(evidenceKindSchema).max(5),
      })
      .strict()
      .default({
        EMPLOYEE_JOB: ["SOCIAL_INSURANCE"],
        EMPLOYEE_TEACHER: ["TEACHER_CERTIFICATE", "EMPLOYER_LETTER"],
        STUDENT: ["STUDENT_STATUS"],
      }),
    /** Largest evidence file, in bytes. */
    evidenceMaxBytes: z
      .number()
      .int()
      .min(10_000)
      .max(50 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Most evidence files one registration may hold. */
    evidenceMaxFiles: z.number().int().min(1).max(50).default(10),
    /** How a team's score is made from its members' totals (protocol/results.ts). */
    teamRule: z.enum(["mean", "sum", "best-two-mean"]).default("mean"),
    /** Minutes after a session's release during which its contestants may appeal an item. */
    appealWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
  })
  .strict()
  .refine((s) => s.teamMinSize <= s.teamMaxSize, {
    message: "teamMinSize must not exceed teamMaxSize",
    path: ["teamMinSize"],
  });
export type ContestSettings = z.infer<typeof contestSettingsSchema>;

/** The settings of a contest row: its stored JSON over the defaults. */
export function contestSettingsOf(stored: unknown): ContestSettings {
  return contestSettingsSchema.parse(stored ?? {});
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/**
 * Whether `id` is a valid 18-character resident ID number (GB 11643-1999): 17 digits, a real
 * birth date, and the ISO 7064 MOD 11-2 check character (0-9 or X).
 */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17];
}

/** The check character a 17-digit prefix needs (for tests and fixtures). */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** An ID number as typed: trimmed, full-width digits folded, `x` upper-cased, then checked. */
export const idNumberSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase())
  .refine((s) => /^\d{17}[\dX]$/.test(s), {
    message: "An ID number has 17 digits and a check digit (0-9 or X).",
  })
  .refine(isValidIdNumber, { message: "The ID number's birth date or check digit is wrong." });

/** Organisation names compared for the one-school rule: width, case, spaces and brackets folded. */
export function organisationKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s()（）·.,，、'"-]/g, "");
}

/** A person's name or a short label: trimmed, no control characters. */
export const shortTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\p{Cc}]/u.test(s), { message: "Control characters are not allowed." })
    // Direction overrides make a name on the host's list read as something else.
    .refine((s) => !/[\u202a-\u202e\u2066-\u2069]/.test(s), {
      message: "Text-direction control characters are not allowed.",
    });

/** A reason a staff member gives for a decision (audited). */
export const reasonSchema = z.string().trim().min(2).max(500);

/** A moment as an ISO 8601 string with an offset, e.g. 2026-09-01T00:00:00+08:00. */
export const instantSchema = z.iso.datetime({ offset: true });
