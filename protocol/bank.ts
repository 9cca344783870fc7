// The national question bank (issue 11): single-choice, multiple-choice and true/false questions
// imported from XLSX/CSV with a topic and points, then drawn into a paper's theory section by hand
// or by rule (e.g. 140 single × 0.5 + 20 true/false × 0.5 + 20 multiple × 1 from chosen topics).
// A section assembled from the bank is shown in an order (questions and options) drawn per
// contestant from the attempt's stored shuffleSeed. Admins (the committee) only: the paper is
// national. Keys never reach a contestant.
import { z } from "zod";
import { QUESTION_KINDS } from "./annotations.ts";
import { shortTextSchema } from "./contest.ts";
import { idSchema } from "./ids.ts";

/** Largest spreadsheet a bank import takes. */
export const BANK_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Most rows one import takes. */
export const BANK_IMPORT_MAX_ROWS = 5_000;
/** Most options of a choice question (A–H). */
export const MAX_QUESTION_OPTIONS = 8;

export const topicSchema = shortTextSchema(60);
export const questionCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, {
    message: "A code is 1–40 letters, digits, '.', '_' or '-'.",
  });

/** One bank question as the committee sees it (with its key). */
export interface BankQuestionView {
  id: string;
  code: string;
  kind: (typeof QUESTION_KINDS)[number];
  topic: string;
  prompt: string;
  options: { id: string; text: string }[];
  key: { choice: string } | { choices: string[] } | { value: boolean };
  points: number;
  scoring: "all-or-nothing" | "partial";
  /** Papers whose theory section holds a copy of it. */
  usedIn: number;
  updatedAt: string;
}

/** GET /api/admin/bank/questions?kind&topic&q&offset&limit */
export const bankListQuerySchema = z
  .object({
    kind: z.enum(QUESTION_KINDS).optional(),
    topic: topicSchema.optional(),
    q: z.string().trim().max(100).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type BankListQuery = z.infer<typeof bankListQuerySchema>;
export interface BankList {
  total: number;
  questions: BankQuestionView[];
}

/** GET /api/admin/bank/topics: how many questions of each kind each topic holds. */
export interface BankTopic {
  topic: string;
  counts: Record<(typeof QUESTION_KINDS)[number], number>;
}

/**
 * POST /api/admin/bank/imports?dryRun=1&name=<file name> with the XLSX or CSV file as the raw body.
 * Every row is checked; one bad row refuses the whole file (422 IMPORT_REJECTED, details.rows) and
 * nothing changes. A code already in the bank updates that question. dryRun answers the report
 * without writing. The layout is docs/QUESTION-BANK.md; GET /api/admin/bank/template.xlsx and
 * template.csv download it with example rows.
 */
export interface BankImportRow {
  /** The spreadsheet's row number (1 = header). */
  row: number;
  code: string;
  outcome: "created" | "updated" | "unchanged" | "refused";
  problems: string[];
}
export interface BankImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: BankImportRow[];
}

/** One draw of a rule: `count` questions of `kind`, each worth `points`, from `topics` (all if absent). */
export const drawSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    count: z.number().int().min(1).max(1000),
    points: z.number().finite().gt(0).max(100),
    topics: z.array(topicSchema).max(50).optional(),
  })
  .strict();
export type Draw = z.infer<typeof drawSchema>;

/**
 * PUT /api/admin/papers/:paperId/theory: replaces the questions of the paper's theory section.
 * - by rule: the draws are made from the bank with a seeded random (the seed is stored in
 *   Section.assembly so the draw can be reproduced); no question is drawn twice. 409 BANK_SHORT
 *   (details.draws: [{ index, wanted, available }]) when the bank holds too few.
 * - by hand: the bank questions named, in that order, each with its bank points unless given.
 * `shuffle` (default true) shows questions and options in an order drawn per contestant.
 * 409 PAPER_IN_USE once a session of the paper has attempts that started. Audited.
 */
export const theoryAssemblySchema = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("rule"),
      draws: z.array(drawSchema).min(1).max(20),
      seed: z.number().int().min(1).max(2_147_483_647).optional(),
      shuffle: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      mode: z.literal("hand"),
      questions: z
        .array(
          z
            .object({ bankQuestionId: idSchema, points: z.number().finite().gt(0).max(100).optional() })
            .strict(),
        )
        .min(1)
        .max(1000),
      shuffle: z.boolean().default(true),
    })
    .strict(),
]);
export type TheoryAssembly = z.infer<typeof theoryAssemblySchema>;

/** What PUT …/theory answers (and GET /api/admin/papers/:paperId/theory). */
export interface TheorySection {
  paperId: string;
  sectionId: string | null;
  shuffle: boolean;
  assembly: { mode: "rule" | "hand"; draws?: Draw[]; seed?: number; at: string; by: string } | null;
  totalPoints: number;
  questions: {
    id: string;
    position: number;
    kind: (typeof QUESTION_KINDS)[number];
    prompt: string;
    points: number;
    topic: string | null;
    bankCode: string | null;
  }[];
}

/** POST /api/admin/bank/imports query: `dryRun=1` checks and reports without writing. */
export const bankImportQuerySchema = z
  .object({
    dryRun: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    name: z.string().trim().max(200).optional(),
  })
  .strict();

/** 422 IMPORT_REJECTED from a bank import: details.rows, one per refused row (row 1 = header). */
export interface BankImportRefusal {
  row: number;
  code: string;
  problems: string[];
}

export type BankField =
  | "code"
  | "kind"
  | "topic"
  | "prompt"
  | "answer"
  | "points"
  | "scoring"
  | `option${string}`;

/** The import's columns: the header cell is "<zh> <en>" (either part alone is read too). */
export const BANK_COLUMNS: readonly { field: BankField; zh: string; en: string; required: boolean }[] = [
  { field: "code", zh: "编号", en: "code", required: true },
  { field: "kind", zh: "题型", en: "kind", required: true },
  { field: "topic", zh: "知识点", en: "topic", required: true },
  { field: "prompt", zh: "题干", en: "prompt", required: true },
  ...["A", "B", "C", "D", "E", "F", "G", "H"].map((l) => ({
    field: `option${l}` as BankField,
    zh: `选项${l}`,
    en: `option ${l}`,
    required: false,
  })),
  { field: "answer", zh: "答案", en: "answer", required: true },
  { field: "points", zh: "分值", en: "points", required: true },
  { field: "scoring", zh: "多选计分", en: "scoring", required: false },
];

/** DELETE /api/admin/bank/questions/:id answers this. */
export interface BankDeleteResult {
  id: string;
  /** Papers' copies that pointed at it (they stay, unlinked). */
  copies: number;
}
