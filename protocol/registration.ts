// The public registration contract: an applicant applies for one region and one group during that
// region's window, without an account. Applying returns an access code (shown once) that reads,
// corrects, uploads evidence to and withdraws the application: header `X-Registration-Code`.
import { z } from "zod";
import {
  type EligibilityBasis,
  type EvidenceKind,
  eligibilityBasisSchema,
  evidenceKindSchema,
  GROUP_OF_BASIS,
  type Group,
  groupSchema,
  idNumberSchema,
  type RegistrationStatus,
  shortTextSchema,
} from "./contest.ts";
import { idSchema } from "./ids.ts";

export const REGISTRATION_CODE_HEADER = "x-registration-code";

/** A region's window as the public sees it. */
export interface OpenRegion {
  id: string;
  no: number;
  nameZh: string;
  nameEn: string;
  hostOrg: string;
  opensAt: string;
  closesAt: string;
  /** Whether the window is open now (server time). */
  open: boolean;
}

/** GET /api/apply/open: every stage with a registration window, and the rules applicants meet. */
export interface OpenStage {
  contestId: string;
  contestName: string;
  stageId: string;
  stageName: string;
  regions: OpenRegion[];
  rules: {
    employeeMinYears: number;
    teamMinSize: number;
    teamMaxSize: number;
    /** Whether a team may mix schools or employers (不得跨校 when false). */
    teamsMaySpanOrganisations: boolean;
    barredHonours: string[];
    requiredEvidence: Record<EligibilityBasis, EvidenceKind[]>;
    evidenceMaxBytes: number;
    evidenceMaxFiles: number;
  };
}

export const teamChoiceSchema = z.discriminatedUnion("mode", [
  /** Alone (a team of one, where teamMinSize allows it). */
  z.object({ mode: z.literal("none") }).strict(),
  /** Leads a new team: gets a join code for the members. */
  z.object({ mode: z.literal("lead"), name: shortTextSchema(60) }).strict(),
  /** Joins the team whose leader shared this code. */
  z.object({ mode: z.literal("join"), joinCode: z.string().trim().min(4).max(32) }).strict(),
  /**
   * Correcting an application (PUT /api/apply/me): stays in the team it is in, whose join code only
   * the leader sees. The team's rules are checked again against the corrected form.
   */
  z.object({ mode: z.literal("stay") }).strict(),
]);
export type TeamChoice = z.infer<typeof teamChoiceSchema>;

/** POST /api/apply and PUT /api/apply/me (resubmit): the form. */
export const registrationRequestSchema = z
  .object({
    stageId: idSchema,
    regionId: idSchema,
    group: groupSchema,
    basis: eligibilityBasisSchema,
    name: shortTextSchema(40),
    idNumber: idNumberSchema,
    phone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, "A mobile number has 11 digits and starts with 1."),
    email: z.union([z.email().max(120), z.literal("")]).optional(),
    /** School (student group) or employer (employee group). */
    organisation: shortTextSchema(100),
    /** Major (students), related job or subject taught (employees). */
    field: shortTextSchema(60),
    /** EMPLOYEE_JOB: the day the related job began, YYYY-MM-DD. */
    jobStartedOn: z.iso.date().optional(),
    /** Titles the applicant holds; a barred one refuses the registration with the reason. */
    honours: z.array(shortTextSchema(40)).max(10).default([]),
    /** "I hold neither 中华技能大奖 nor 全国技术能手, and what I declared is true." */
    declaration: z.literal(true, { message: "The declaration must be accepted." }),
    team: teamChoiceSchema,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (GROUP_OF_BASIS[r.basis] !== r.group)
      ctx.addIssue({ code: "custom", path: ["basis"], message: "This basis belongs to the other group." });
    if (r.basis === "EMPLOYEE_JOB" && !r.jobStartedOn)
      ctx.addIssue({
        code: "custom",
        path: ["jobStartedOn"],
        message: "Give the day the related job began.",
      });
  });
export type RegistrationRequest = z.input<typeof registrationRequestSchema>;
export type RegistrationInput = z.output<typeof registrationRequestSchema>;

/** The access code as the server issues it: 20 characters of RFC 4648 base32 (100 bits). */
export const ACCESS_CODE_PATTERN = /^[A-Z2-7]{20}$/;

/** 201 from POST /api/apply. The access code is shown once: keep it. */
export interface ApplyResult {
  registrationId: string;
  accessCode: string;
  status: RegistrationStatus;
}

export interface EvidenceView {
  id: string;
  kind: EvidenceKind;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

/** GET /api/apply/me: the applicant's own application, never anyone else's. */
export interface RegistrationView {
  id: string;
  status: RegistrationStatus;
  /** The host's reason for a rejection (or a note on approval). */
  reviewReason: string | null;
  reviewedAt: string | null;
  submittedAt: string;
  /** Whether the region's window is open, so the application can still be corrected. */
  windowOpen: boolean;
  contest: { id: string; name: string };
  stage: { id: string; name: string };
  region: { id: string; no: number; nameZh: string; nameEn: string; hostOrg: string };
  form: {
    group: Group;
    basis: EligibilityBasis;
    name: string;
    idNumber: string;
    phone: string;
    email: string;
    organisation: string;
    field: string;
    jobStartedOn: string | null;
    honours: string[];
  };
  team: { id: string; name: string; leader: boolean; members: number; joinCode: string | null } | null;
  evidence: EvidenceView[];
  /** Evidence kinds the basis requires that are not uploaded yet. */
  missingEvidence: EvidenceKind[];
  /** Once approved: how to sign in. The initial password is shown until the exam begins. */
  admission: {
    ticketNumber: string;
    initialPassword: string | null;
    sittings: {
      sessionName: string;
      startsAt: string;
      durationMinutes: number;
      venue: string | null;
      address: string | null;
      seat: string | null;
    }[];
  } | null;
}

/**
 * POST /api/apply/me/evidence?kind=…&name=… with the file as the raw body (any Content-Type: the
 * server judges the file by its content). 201 EvidenceView; 413 above the contest's
 * evidenceMaxBytes; 415 when the content is not a whole PDF, JPEG or PNG, or not what the name says.
 */
export const evidenceUploadQuerySchema = z
  .object({
    kind: evidenceKindSchema,
    name: shortTextSchema(120),
  })
  .strict();
