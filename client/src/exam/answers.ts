// Reading saved answers back into the page, and what counts as answered (as the server counts it).
import type { z } from "zod";
import {
  type AnswerTarget,
  type ExamView,
  type QuestionAnswer,
  type QuestionView,
  questionAnswerSchemas,
  type TaskAnswer,
  type TaskKind,
  taskAnswerSchemas,
} from "../../../protocol/index.ts";

export type Target = AnswerTarget;

export const sameTarget = (a: Target, b: Target) => a.kind === b.kind && a.id === b.id;

/** A document kept on this computer (a journal record), as far as reading it back is concerned. */
export interface LocalDocument {
  target: AnswerTarget;
  revision: number;
  seq: number;
  data: unknown;
}

/** A document that could not be read: the server's saved answer, or a copy on this computer. */
export interface DocumentProblem {
  /** The question or item; null when a local record does not even say which. */
  target: AnswerTarget | null;
  source: "server" | "local";
  reason: string;
}

export interface ResolvedAnswers {
  /** What each question shows: the server's answer, or a newer local one. */
  answers: Record<string, QuestionAnswer>;
  /** The document each item shows, likewise (its kind is its task's). */
  items: Record<string, TaskAnswer>;
  /** Local documents newer than the server's, in the order they were made: to be sent again. */
  replay: LocalDocument[];
  /** Local documents the server already has (same or newer revision). */
  superseded: LocalDocument[];
  /** Local documents that fail their schema or name nothing on this paper: to be deleted. */
  discarded: LocalDocument[];
  problems: DocumentProblem[];
}

type DocSchema = {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: z.ZodError };
};

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function schemasOf(view: ExamView): (target: AnswerTarget) => DocSchema | null {
  const questions = new Map<string, QuestionView["kind"]>();
  const items = new Map<string, TaskKind>();
  for (const s of view.paper.sections) {
    for (const q of s.questions) questions.set(q.id, q.kind);
    for (const t of s.tasks) for (const it of t.items) items.set(it.id, t.kind);
  }
  return (target) => {
    if (target.kind === "question") {
      const kind = questions.get(target.id);
      return kind ? questionAnswerSchemas[kind] : null;
    }
    const kind = items.get(target.id);
    return kind ? taskAnswerSchemas[kind] : null;
  };
}

/**
 * What the page starts from: the server's saved answers (ExamView.answers), overridden by local
 * documents with a higher revision. Documents that fail the protocol schemas are left out and
 * reported, never shown half-read.
 */
export function resolveAnswers(view: ExamView, local: readonly LocalDocument[] = []): ResolvedAnswers {
  const schemaOf = schemasOf(view);
  const out: ResolvedAnswers = {
    answers: {},
    items: {},
    replay: [],
    superseded: [],
    discarded: [],
    problems: [],
  };
  const serverRevision = new Map<string, number>();
  const serverProblems = new Map<string, DocumentProblem>();
  const key = (t: AnswerTarget) => `${t.kind}:${t.id}`;
  const use = (target: AnswerTarget, data: unknown) => {
    if (target.kind === "question") out.answers[target.id] = data as QuestionAnswer;
    else out.items[target.id] = data as TaskAnswer;
  };

  for (const a of view.answers) {
    const schema = schemaOf(a.target);
    if (!schema) continue; // not on this paper
    serverRevision.set(key(a.target), a.revision);
    const parsed = schema.safeParse(a.data);
    if (parsed.success) use(a.target, parsed.data);
    else
      serverProblems.set(key(a.target), {
        target: a.target,
        source: "server",
        reason: issuesText(parsed.error),
      });
  }

  for (const doc of [...local].sort((a, b) => a.seq - b.seq)) {
    const schema = schemaOf(doc.target);
    if (!schema) {
      out.discarded.push(doc);
      continue;
    }
    const parsed = schema.safeParse(doc.data);
    if (!parsed.success) {
      out.discarded.push(doc);
      out.problems.push({ target: doc.target, source: "local", reason: issuesText(parsed.error) });
      continue;
    }
    if (doc.revision <= (serverRevision.get(key(doc.target)) ?? 0)) {
      out.superseded.push(doc);
      continue;
    }
    use(doc.target, parsed.data);
    out.replay.push({ ...doc, data: parsed.data });
    // The newer local document replaces an unreadable saved one.
    serverProblems.delete(key(doc.target));
  }
  out.problems.unshift(...serverProblems.values());
  return out;
}

/** The saved answer of each question, dropping anything that no longer fits its question. */
export function savedQuestionAnswers(view: ExamView): Record<string, QuestionAnswer> {
  return resolveAnswers(view).answers;
}

/** The saved document of each item. */
export function savedItemDocuments(view: ExamView): Record<string, TaskAnswer> {
  return resolveAnswers(view).items;
}

export function isQuestionAnswered(answer: QuestionAnswer | undefined): boolean {
  if (!answer) return false;
  if ("choices" in answer) return answer.choices.length > 0;
  return true;
}

/** Multiple choice: toggles an option, keeping the paper's option order. */
export function toggleChoice(q: QuestionView, current: readonly string[], optionId: string): string[] {
  const chosen = new Set(current);
  if (chosen.has(optionId)) chosen.delete(optionId);
  else chosen.add(optionId);
  return q.options.map((o) => o.id).filter((id) => chosen.has(id));
}
