// The national committee's contract (ADMIN only): contests, stages, regions, registration windows,
// staff accounts and their scoped grants.
import { z } from "zod";
import {
  contestSettingsSchema,
  instantSchema,
  STAFF_ROLES,
  STAGE_KINDS,
  type StaffRoleKind,
  type StageKind,
  shortTextSchema,
} from "./contest.ts";
import { idSchema } from "./ids.ts";

export const contestRequestSchema = z
  .object({
    name: shortTextSchema(200),
    year: z.number().int().min(2000).max(2100),
    theoryWeight: z.number().min(0).max(100).default(30),
    practicalWeight: z.number().min(0).max(100).default(70),
    /** Partial settings over the defaults; unknown keys refused. */
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((c) => c.theoryWeight + c.practicalWeight === 100, {
    message: "The weights add up to 100.",
    path: ["practicalWeight"],
  })
  .refine((c) => contestSettingsSchema.safeParse(c.settings).success, {
    message: "The settings are not valid.",
    path: ["settings"],
  });
export type ContestRequest = z.input<typeof contestRequestSchema>;

export const stageRequestSchema = z
  .object({
    kind: z.enum(STAGE_KINDS),
    name: shortTextSchema(200),
    startsOn: instantSchema.nullable().optional(),
    endsOn: instantSchema.nullable().optional(),
  })
  .strict()
  .refine((s) => !s.startsOn || !s.endsOn || s.startsOn <= s.endsOn, {
    message: "A stage ends after it starts.",
    path: ["endsOn"],
  });
export type StageRequest = z.input<typeof stageRequestSchema>;

export const windowRequestSchema = z
  .object({ opensAt: instantSchema, closesAt: instantSchema })
  .strict()
  .refine((w) => Date.parse(w.opensAt) < Date.parse(w.closesAt), {
    message: "The window closes after it opens.",
    path: ["closesAt"],
  });
export type WindowRequest = z.infer<typeof windowRequestSchema>;

export const regionRequestSchema = z
  .object({ nameZh: shortTextSchema(60), nameEn: shortTextSchema(60), hostOrg: shortTextSchema(200) })
  .strict();
export type RegionRequest = z.infer<typeof regionRequestSchema>;

export const grantSchema = z
  .object({
    role: z.enum(STAFF_ROLES),
    /** null: the whole contest. */
    regionId: idSchema.nullable().default(null),
    /** PROCTOR / JUDGE may be scoped to one session. */
    examSessionId: idSchema.nullable().default(null),
  })
  .strict()
  .refine((g) => g.role !== "ADMIN" || (g.regionId === null && g.examSessionId === null), {
    message: "An admin is not scoped.",
  });
export type GrantRequest = z.input<typeof grantSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "3 to 32 lower-case letters, digits, '.', '_' or '-'.");

/** A new password: 10 to 200 characters. */
export const passwordSchema = z.string().min(10, "At least 10 characters.").max(200);

export const staffRequestSchema = z
  .object({
    username: usernameSchema,
    name: shortTextSchema(60),
    password: passwordSchema,
    contact: z.string().trim().max(120).optional(),
    grants: z.array(grantSchema).min(1).max(20),
  })
  .strict();
export type StaffRequest = z.input<typeof staffRequestSchema>;

export const staffUpdateSchema = z
  .object({
    name: shortTextSchema(60).optional(),
    password: passwordSchema.optional(),
    contact: z.string().trim().max(120).optional(),
  })
  .strict();

export interface StageSummary {
  id: string;
  kind: StageKind;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  windows: { regionId: string; opensAt: string; closesAt: string }[];
}

export interface ContestSummary {
  id: string;
  name: string;
  year: number;
  theoryWeight: number;
  practicalWeight: number;
  settings: z.output<typeof contestSettingsSchema>;
  stages: StageSummary[];
}

export interface RegionSummary {
  id: string;
  no: number;
  nameZh: string;
  nameEn: string;
  hostOrg: string;
  /** Registrations by status, for the committee's overview. */
  registrations: { submitted: number; approved: number; rejected: number };
}

export interface StaffGrantView {
  id: string;
  role: StaffRoleKind;
  regionId: string | null;
  examSessionId: string | null;
}

export interface StaffMember {
  userId: string;
  username: string;
  name: string;
  contact: string | null;
  grants: StaffGrantView[];
}
