// Shared pieces of the judging services: the serializers of adjustments and appeals, the lines of a
// TaskScore as the review shows them, and where a subject sits on a paper.
import { z } from "zod";
import { ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import {
  type AdjustmentView,
  type AppealStatus,
  type AppealView,
  type ProctorReportView,
  parseSubjectKey,
  type ReviewIncidents,
  type ReviewIncidentView,
  type ReviewItemLine,
  type Subject,
  subjectKey,
} from "../../protocol/judging.ts";

const adjustedSchema = z.object({ scorer: z.number().finite(), reason: z.string() });

/** An item's line of a TaskScore (workers/scoring/types.ts, ItemScore, with `adjusted` when set). */
const itemLineSchema = z.object({
  id: z.string(),
  score: z.number().finite(),
  tp: z.number().int().nonnegative(),
  fp: z.number().int().nonnegative(),
  fn: z.number().int().nonnegative(),
  matches: z
    .array(z.object({ truth: z.string(), answer: z.string(), iou: z.number().finite() }))
    .catch([])
    .default([]),
  adjusted: adjustedSchema.optional(),
});

/** A question's line of the theory TaskScore (workers/processors/score-attempt.ts). */
const questionLineSchema = z.object({
  questionId: z.string(),
  score: z.number().finite(),
  earned: z.number().finite(),
  points: z.number().finite(),
  adjusted: adjustedSchema.optional(),
});
export type QuestionLine = z.infer<typeof questionLineSchema>;

function lines<S extends z.ZodType>(schema: S, items: Prisma.JsonValue | undefined): z.infer<S>[] {
  if (!Array.isArray(items)) return [];
  const out: z.infer<S>[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The item lines of a task's TaskScore by item id (a malformed line is left out, never a 500). */
export function itemLines(items: Prisma.JsonValue | undefined): Map<string, ReviewItemLine> {
  return new Map(
    lines(itemLineSchema, items).map((l) => [
      l.id,
      {
        score: l.score,
        tp: l.tp,
        fp: l.fp,
        fn: l.fn,
        matches: l.matches,
        ...(l.adjusted ? { adjusted: l.adjusted } : {}),
      },
    ]),
  );
}

/** The question lines of a theory TaskScore by question id. */
export function questionLines(items: Prisma.JsonValue | undefined): Map<string, QuestionLine> {
  return new Map(lines(questionLineSchema, items).map((l) => [l.questionId, l]));
}

export const adjustmentSelect = {
  id: true,
  subject: true,
  score: true,
  reason: true,
  at: true,
  supersededAt: true,
  appealId: true,
  by: { select: { name: true } },
} as const satisfies Prisma.ScoreAdjustmentSelect;
type AdjustmentRow = Prisma.ScoreAdjustmentGetPayload<{ select: typeof adjustmentSelect }>;

/** An adjustment as the review shows it; null for a subject key this version cannot read (never a 500). */
export function adjustmentView(a: AdjustmentRow): AdjustmentView | null {
  const subject = parseSubjectKey(a.subject);
  if (!subject) return null;
  return {
    id: a.id,
    subject,
    score: a.score,
    reason: a.reason,
    by: a.by.name,
    at: a.at.toISOString(),
    supersededAt: a.supersededAt?.toISOString() ?? null,
    appealId: a.appealId,
  };
}

/** Where every item and question of a paper sits: "task 2, item 3", "question 14". */
export interface PaperPositions {
  items: Map<string, { taskId: string; taskPosition: number; itemPosition: number }>;
  questions: Map<string, { questionPosition: number }>;
}

/** Positions of the paper's items and questions (the contestant's paper order). */
export async function paperPositions(db: Tx, paperId: string): Promise<PaperPositions> {
  const sections = await db.section.findMany({
    where: { paperId },
    select: {
      questions: { select: { id: true, position: true } },
      tasks: { select: { id: true, position: true, items: { select: { id: true, position: true } } } },
    },
  });
  const out: PaperPositions = { items: new Map(), questions: new Map() };
  for (const s of sections) {
    for (const q of s.questions) out.questions.set(q.id, { questionPosition: q.position });
    for (const t of s.tasks)
      for (const i of t.items)
        out.items.set(i.id, { taskId: t.id, taskPosition: t.position, itemPosition: i.position });
  }
  return out;
}

/**
 * The subject's stored key, refusing one that is not on the paper (an unknown id, or an item of
 * another paper) with 400: the body names something the attempt does not have.
 */
export function subjectOnPaper(positions: PaperPositions, subject: Subject): string {
  const found =
    "itemId" in subject ? positions.items.has(subject.itemId) : positions.questions.has(subject.questionId);
  if (!found)
    throw new ValidationError("The subject is not an item or question of this attempt's paper.", {
      path: "subject",
    });
  return subjectKey(subject);
}

export const appealSelect = {
  id: true,
  attemptId: true,
  subject: true,
  message: true,
  status: true,
  filedAt: true,
  answer: true,
  answeredAt: true,
} as const satisfies Prisma.AppealSelect;
export type AppealRow = Prisma.AppealGetPayload<{ select: typeof appealSelect }>;

/** An appeal as the contestant and the judges see it; `score` is the accepted appeal's share. */
export function appealView(a: AppealRow, positions: PaperPositions, score: number | null): AppealView | null {
  const subject = parseSubjectKey(a.subject);
  if (!subject) return null;
  const item = "itemId" in subject ? positions.items.get(subject.itemId) : undefined;
  const question = "questionId" in subject ? positions.questions.get(subject.questionId) : undefined;
  return {
    id: a.id,
    attemptId: a.attemptId,
    subject,
    taskPosition: item?.taskPosition ?? null,
    itemPosition: item?.itemPosition ?? null,
    questionPosition: question?.questionPosition ?? null,
    message: a.message,
    status: a.status as AppealStatus,
    filedAt: a.filedAt.toISOString(),
    answer: a.answer,
    answeredAt: a.answeredAt?.toISOString() ?? null,
    score: a.status === "ACCEPTED" ? score : null,
  };
}

/** The shares accepted appeals set, by appeal id. */
export async function appealScores(db: Tx, appealIds: string[]): Promise<Map<string, number>> {
  if (appealIds.length === 0) return new Map();
  const rows = await db.scoreAdjustment.findMany({
    where: { appealId: { in: appealIds } },
    select: { appealId: true, score: true },
  });
  return new Map(rows.flatMap((r) => (r.appealId ? [[r.appealId, r.score] as const] : [])));
}

/** Sorts appeal views in paper order: questions first, then task by task, item by item. */
export function inPaperOrder(a: AppealView, b: AppealView): number {
  const rank = (v: AppealView) => [
    v.questionPosition === null ? 1 : 0,
    v.questionPosition ?? 0,
    v.taskPosition ?? 0,
    v.itemPosition ?? 0,
  ];
  const x = rank(a);
  const y = rank(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return a.filedAt.localeCompare(b.filedAt);
}

/** An incident row as the review reads it. */
export interface IncidentRow {
  id: string;
  kind: string;
  at: Date;
  details: Prisma.JsonValue;
}

function detailsOf(details: Prisma.JsonValue): Record<string, unknown> {
  return details !== null && typeof details === "object" && !Array.isArray(details) ? { ...details } : {};
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/**
 * A "proctor-report" incident as the judges see it: reason, note and the proctor's name as stored
 * (details { reason, note, reporterId, reporterName }); a malformed record still shows, with what it has.
 */
export function proctorReportView(row: IncidentRow): ProctorReportView {
  const d = detailsOf(row.details);
  return {
    id: row.id,
    at: row.at.toISOString(),
    reason: text(d.reason) ?? "",
    note: text(d.note),
    reporter: text(d.reporterName),
  };
}

/** Any other incident: kind, time and its small details object. */
export function reviewIncidentView(row: IncidentRow): ReviewIncidentView {
  return { id: row.id, kind: row.kind, at: row.at.toISOString(), details: detailsOf(row.details) };
}

/**
 * The review's incidents: the reports (oldest first), the other incidents counted by kind, and the
 * latest `cap` of them listed oldest first. `others` may hold more than `cap` rows in any order.
 */
export function reviewIncidents(
  reports: IncidentRow[],
  counts: { kind: string; count: number }[],
  others: IncidentRow[],
  cap: number,
): ReviewIncidents {
  const byTime = (a: IncidentRow, b: IncidentRow) =>
    a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id);
  const countMap: Record<string, number> = {};
  for (const c of counts) countMap[c.kind] = (countMap[c.kind] ?? 0) + c.count;
  const total = Object.values(countMap).reduce((s, n) => s + n, 0);
  const kept = cap <= 0 ? [] : [...others].sort(byTime).slice(-cap);
  return {
    reports: [...reports].sort(byTime).map(proctorReportView),
    counts: countMap,
    total,
    list: kept.map(reviewIncidentView),
    truncated: total > kept.length,
  };
}
