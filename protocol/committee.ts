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

const weightSchema = z.number().min(0).max(100);
/** Whether two weights make 100 (as decimals: 0.1 + 99.9 is 100 here). */
export const weightsAddUp = (theory: number, practical: number) => Math.abs(theory + practical - 100) < 1e-9;
const settingsInputSchema = z.record(z.string(), z.unknown());

/**
 * Copies the settings' own issues onto the request, under `settings.<key>`: an unknown key (a typo
 * such as `teamMaxSzie`) is named, never dropped in favour of a default.
 */
function checkSettings(settings: Record<string, unknown> | undefined, ctx: z.RefinementCtx): void {
  if (settings === undefined) return;
  const parsed = contestSettingsSchema.safeParse(settings);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        ctx.addIssue({
          code: "custom",
          path: ["settings", ...issue.path, key],
          message: `Unknown setting "${key}".`,
        });
    } else ctx.addIssue({ code: "custom", path: ["settings", ...issue.path], message: issue.message });
  }
}

/** POST /api/admin/contests. Settings are partial over CONTEST.md's defaults; unknown keys refused. */
export const contestRequestSchema = z
  .object({
    name: shortTextSchema(200),
    year: z.number().int().min(2000).max(2100),
    theoryWeight: weightSchema.default(30),
    practicalWeight: weightSchema.default(70),
    /** Partial settings over the defaults; unknown keys refused. */
    settings: settingsInputSchema.default({}),
  })
  .strict()
  .refine((c) => weightsAddUp(c.theoryWeight, c.practicalWeight), {
    message: "The weights add up to 100.",
    path: ["practicalWeight"],
  })
  .superRefine((c, ctx) => checkSettings(c.settings, ctx));
export type ContestRequest = z.input<typeof contestRequestSchema>;

/**
 * PATCH /api/admin/contests/:id: the same fields, all optional. Settings replace the stored ones as
 * a whole; the weights, with the stored one where only one is given, still add up to 100.
 */
export const contestUpdateSchema = z
  .object({
    name: shortTextSchema(200).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    theoryWeight: weightSchema.optional(),
    practicalWeight: weightSchema.optional(),
    settings: settingsInputSchema.optional(),
  })
  .strict()
  .refine(
    (c) =>
      c.theoryWeight === undefined ||
      c.practicalWeight === undefined ||
      weightsAddUp(c.theoryWeight, c.practicalWeight),
    { message: "The weights add up to 100.", path: ["practicalWeight"] },
  )
  .superRefine((c, ctx) => checkSettings(c.settings, ctx));
export type ContestUpdate = z.input<typeof contestUpdateSchema>;

/** Whether two optional instants are in order (compared as moments: offsets differ). */
const inOrder = (from?: string | null, to?: string | null) =>
  !from || !to || Date.parse(from) <= Date.parse(to);

export const stageRequestSchema = z
  .object({
    kind: z.enum(STAGE_KINDS),
    name: shortTextSchema(200),
    startsOn: instantSchema.nullable().optional(),
    endsOn: instantSchema.nullable().optional(),
  })
  .strict()
  .refine((s) => inOrder(s.startsOn, s.endsOn), {
    message: "A stage ends after it starts.",
    path: ["endsOn"],
  });
export type StageRequest = z.input<typeof stageRequestSchema>;

/** PATCH /api/admin/stages/:id: any of the fields; the dates are checked against the stored ones too. */
export const stageUpdateSchema = z
  .object({
    kind: z.enum(STAGE_KINDS).optional(),
    name: shortTextSchema(200).optional(),
    startsOn: instantSchema.nullable().optional(),
    endsOn: instantSchema.nullable().optional(),
  })
  .strict()
  .refine((s) => inOrder(s.startsOn, s.endsOn), {
    message: "A stage ends after it starts.",
    path: ["endsOn"],
  });
export type StageUpdate = z.input<typeof stageUpdateSchema>;

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

/** PATCH /api/admin/regions/:id: any of the region's fields. */
export const regionUpdateSchema = regionRequestSchema.partial();
export type RegionUpdate = z.infer<typeof regionUpdateSchema>;

/** POST /api/admin/regions/load: the regions of the project's regions.json, by `no`. */
export interface RegionLoadResult {
  created: number;
  /** Regions whose names or host organisation differed from the file; an unchanged region is not counted. */
  updated: number;
  unchanged: number;
}

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
    path: ["role"],
  })
  .refine((g) => g.role !== "REGION_HOST" || g.examSessionId === null, {
    message: "A region host runs a region, not one session.",
    path: ["examSessionId"],
  });
export type GrantRequest = z.input<typeof grantSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "3 to 32 lower-case letters, digits, '.', '_' or '-'.");

/** A phone number or an e-mail address for the account; no control characters. */
export const contactSchema = z
  .string()
  .trim()
  .max(120)
  .refine((s) => !/[\p{Cc}]/u.test(s), { message: "Control characters are not allowed." });

/** A new password: 10 to 200 characters. */
export const passwordSchema = z.string().min(10, "At least 10 characters.").max(200);

export const staffRequestSchema = z
  .object({
    username: usernameSchema,
    name: shortTextSchema(60),
    password: passwordSchema,
    contact: contactSchema.optional(),
    grants: z.array(grantSchema).min(1).max(20),
  })
  .strict();
export type StaffRequest = z.input<typeof staffRequestSchema>;

/**
 * PATCH /api/admin/staff/:userId: a new name, a password reset (which ends the account's sign-ins),
 * or the contact (null or "" clears it).
 */
export const staffUpdateSchema = z
  .object({
    name: shortTextSchema(60).optional(),
    password: passwordSchema.optional(),
    contact: contactSchema.nullable().optional(),
  })
  .strict()
  .refine((u) => u.name !== undefined || u.password !== undefined || u.contact !== undefined, {
    message: "Nothing to change.",
  });
export type StaffUpdate = z.input<typeof staffUpdateSchema>;

/** GET /api/admin/staff?role=&regionId=: accounts holding a grant of that role and/or region. */
export const staffQuerySchema = z
  .object({ role: z.enum(STAFF_ROLES).optional(), regionId: idSchema.optional() })
  .strict();
export type StaffQuery = z.infer<typeof staffQuerySchema>;

/** 200 from PUT /api/admin/stages/:id/windows/:regionId. */
export interface WindowView {
  stageId: string;
  regionId: string;
  opensAt: string;
  closesAt: string;
}

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
