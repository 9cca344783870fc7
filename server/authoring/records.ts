// What the authoring services share: the audit line, the paper's row lock, a task with its paper,
// the labels an item's truth names and the checks of a task's label set and settings.
import { randomBytes } from "node:crypto";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { LabelDef, TaskKind } from "../../protocol/index.ts";
import { parseTaskSettings } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";

export async function audit(
  tx: Tx,
  actor: Principal,
  entry: { action: string; target: string; details: Prisma.InputJsonObject },
): Promise<void> {
  await tx.auditEntry.create({
    data: { actorId: actor.userId, action: entry.action, target: entry.target, details: entry.details },
  });
}

/**
 * Takes the paper's row lock: changes of one paper's sections, tasks and items queue behind each
 * other (positions stay unique), and a session cannot be given a paper half-changed.
 */
export async function lockPaper(tx: Tx, paperId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Paper" WHERE id = ${paperId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("The paper");
}

export interface TaskRow {
  id: string;
  sectionId: string;
  paperId: string;
  position: number;
  kind: TaskKind;
  title: string;
  instructions: string;
  labels: LabelDef[];
  settings: Record<string, unknown>;
  points: number;
}

/** The task with its paper's id, or 404. */
export async function taskOrThrow(db: Tx, taskId: string): Promise<TaskRow> {
  const t = await db.task.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      sectionId: true,
      position: true,
      kind: true,
      title: true,
      instructions: true,
      labels: true,
      settings: true,
      points: true,
      section: { select: { paperId: true } },
    },
  });
  if (!t) throw new NotFoundError("The task");
  return {
    id: t.id,
    sectionId: t.sectionId,
    paperId: t.section.paperId,
    position: t.position,
    kind: t.kind,
    title: t.title,
    instructions: t.instructions,
    labels: Array.isArray(t.labels) ? (t.labels as unknown as LabelDef[]) : [],
    settings: settingsObject(t.settings),
    points: t.points,
  };
}

export function settingsObject(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The task's settings with defaults filled in, or 400 VALIDATION_FAILED naming the bad key. */
export function checkedSettings(kind: TaskKind, settings: unknown): Record<string, unknown> {
  const parsed = parseTaskSettings(kind, settings);
  if (!parsed.success)
    throw new ValidationError(`The settings are not valid: ${parsed.error}`, [
      { path: "settings", message: parsed.error },
    ]);
  return parsed.data as Record<string, unknown>;
}

/** Label ids are unique within a task. */
export function checkLabelSet(labels: readonly LabelDef[]): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const l of labels) {
    if (seen.has(l.id)) repeated.add(l.id);
    seen.add(l.id);
  }
  if (repeated.size > 0)
    throw new ValidationError(`A label id is used twice: ${[...repeated].join(", ")}.`, {
      path: "labels",
      labels: [...repeated],
    });
}

const SHAPE_LISTS = ["boxes", "polygons", "points", "instances", "spans"] as const;

/** The label ids an item's truth (or any annotation document) names. */
export function labelsNamed(doc: unknown): Set<string> {
  const out = new Set<string>();
  if (!doc || typeof doc !== "object") return out;
  const d = doc as Record<string, unknown>;
  for (const key of SHAPE_LISTS) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const shape of list) {
      const label = (shape as { label?: unknown } | null)?.label;
      if (typeof label === "string") out.add(label);
    }
  }
  if (Array.isArray(d.labels)) for (const l of d.labels) if (typeof l === "string") out.add(l);
  return out;
}

/** A new row id in the database's own form (a cuid-like string), known before the row is written. */
export function newId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(24);
  let s = "c";
  for (const b of bytes) s += alphabet[b % 36];
  return s;
}
