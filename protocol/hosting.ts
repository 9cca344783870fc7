// A region's own work (REGION_HOST of the region, or ADMIN): venues, exam sessions, seating, its
// proctors and judges, and the admission tickets. Every route sits under /api/regions/:regionId and
// a host of another region gets 404 for every record of this one.
import { z } from "zod";
import { instantSchema, shortTextSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";

export const venueRequestSchema = z
  .object({
    name: shortTextSchema(120),
    address: z.string().trim().max(300).optional(),
    capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .strict();
export type VenueRequest = z.input<typeof venueRequestSchema>;

export interface VenueView {
  id: string;
  regionId: string;
  name: string;
  address: string | null;
  capacity: number | null;
}

/** A region the principal runs: GET /api/regions. */
export interface RegionOption {
  id: string;
  no: number;
  nameZh: string;
  nameEn: string;
  hostOrg: string;
}

const sessionFields = z.object({
  stageId: idSchema,
  venueId: idSchema.nullable(),
  paperId: idSchema,
  name: shortTextSchema(200),
  startsAt: instantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /** Minutes after the start during which a contestant may still begin. */
  lateStartMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** A practice sitting: results shown as soon as scored, never ranked, reported or advanced. */
  practice: z.boolean().default(false),
});

export const sessionRequestSchema = sessionFields
  .strict()
  .refine((s) => s.lateStartMinutes <= s.durationMinutes, {
    message: "Late start fits in the duration.",
    path: ["lateStartMinutes"],
  });
export type SessionRequest = z.input<typeof sessionRequestSchema>;

/**
 * PATCH …/sessions/:sessionId: the fields to change. Once an attempt has begun, the stage, paper,
 * start, duration and venue stay as they are (attempts fixed their deadlines when they began; a
 * proctor's extension gives more time), and the late start may not close a window already gone by.
 */
export const sessionUpdateSchema = sessionFields
  .extend({ practice: z.boolean().optional() })
  .partial()
  .strict()
  .refine(
    (s) =>
      s.lateStartMinutes === undefined ||
      s.durationMinutes === undefined ||
      s.lateStartMinutes <= s.durationMinutes,
    {
      message: "Late start fits in the duration.",
      path: ["lateStartMinutes"],
    },
  );
export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;

export interface SessionView {
  id: string;
  regionId: string | null;
  stageId: string;
  name: string;
  startsAt: string;
  durationMinutes: number;
  lateStartMinutes: number;
  venue: VenueView | null;
  paper: { id: string; title: string };
  seated: number;
  /** Whether any attempt has begun: the paper and start can no longer change. */
  begun: boolean;
  /** A practice sitting: results at once, never counted. */
  practice: boolean;
}

/** A paper a session may use: GET /api/papers (staff). */
export interface PaperOption {
  id: string;
  title: string;
  questions: number;
  tasks: number;
}

/** The title every practice paper carries (POST /api/regions/:regionId/practice-paper). */
export const PRACTICE_PAPER_TITLE = "练习卷 Practice paper";

/** PUT /api/regions/:regionId/sessions/:sessionId/seats: the seating, whole. */
export const seatingRequestSchema = z
  .object({
    seats: z
      .array(z.object({ contestantId: idSchema, seat: shortTextSchema(16).nullable() }).strict())
      .max(20_000)
      .refine((seats) => new Set(seats.map((s) => s.contestantId)).size === seats.length, {
        message: "Each contestant is listed once.",
      }),
  })
  .strict();
export type SeatingRequest = z.infer<typeof seatingRequestSchema>;

/** POST …/seats/auto: seat every approved, unseated contestant of the region, in ticket order. */
export const autoSeatRequestSchema = z
  .object({
    /** Seat labels: prefix + number, e.g. "A" → A01, A02, … */
    prefix: z
      .string()
      .trim()
      .max(4)
      .regex(/^[A-Za-z0-9-]*$/)
      .default("A"),
    group: z.enum(["EMPLOYEE", "STUDENT"]).optional(),
  })
  .strict();
export type AutoSeatRequest = z.input<typeof autoSeatRequestSchema>;

export interface SeatView {
  contestantId: string;
  attemptId: string | null;
  name: string;
  ticketNumber: string;
  group: "EMPLOYEE" | "STUDENT";
  organisation: string | null;
  seat: string | null;
  status: string | null;
  /** Seated in another session of the same stage (one sitting per stage): seating here is refused. */
  seatedElsewhere: { sessionId: string; sessionName: string; seat: string | null } | null;
}

/** A printable admission ticket (准考证). */
export interface AdmissionTicket {
  contestName: string;
  stageName: string;
  region: { no: number; nameZh: string; nameEn: string; hostOrg: string };
  contestant: {
    name: string;
    ticketNumber: string;
    group: "EMPLOYEE" | "STUDENT";
    organisation: string | null;
    idNumberMasked: string | null;
  };
  /** The initial password, for a first sign-in; null once revealed is off or unknown. */
  initialPassword: string | null;
  sitting: {
    sessionName: string;
    startsAt: string;
    durationMinutes: number;
    lateStartMinutes: number;
    venue: string | null;
    address: string | null;
    seat: string | null;
  } | null;
}

/** A host creates its own proctors and judges, scoped to its region or one of its sessions. */
export const regionStaffRequestSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "3 to 32 lower-case letters, digits, '.', '_' or '-'."),
    name: shortTextSchema(60),
    password: z.string().min(10, "At least 10 characters.").max(200),
    role: z.enum(["PROCTOR", "JUDGE"]),
    examSessionId: idSchema.nullable().default(null),
  })
  .strict();
export type RegionStaffRequest = z.input<typeof regionStaffRequestSchema>;
