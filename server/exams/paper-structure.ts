// What validation needs to know about a paper's questions and items, loaded once per paper.
// Papers do not change while they are sat, so caching them in-process is safe and shares nothing;
// before a session using it begins, a paper can still change (its theory section reassembled, tasks
// edited), so its structure is kept only once it is frozen (server/authoring/paper-lock.ts).

import type { Db } from "../../core/platform/db.ts";
import type { Label, QuestionKind, TaskKind, TaskOptions } from "../../protocol/index.ts";
import { sessionsUsingPaper } from "../authoring/paper-lock.ts";
import { itemView, publicTaskOptions } from "./item-view.ts";

export interface QuestionShape {
  kind: QuestionKind;
  optionIds: Set<string>;
}

export interface ItemShape {
  kind: TaskKind;
  labelIds: Set<string>;
  /** The tool options of the task (multi-label, span overlap, skeleton). */
  options: TaskOptions;
  /** Image kinds: the image size in pixels. */
  width: number;
  height: number;
  /** Text kinds: the text's length in code points. */
  textLength: number;
  /** TABLE: the given table's rows and columns. */
  table: { rows: number; columns: number } | null;
}

export interface PaperStructure {
  questions: Map<string, QuestionShape>;
  items: Map<string, ItemShape>;
  /** Questions plus items: the denominator of a contestant's progress. */
  total: number;
  /**
   * The parts progress is counted by, in paper order (sections, then tasks, by position): each
   * practical task, and all theory questions as one part with id "theory" at the first theory
   * section's place (none if the paper has no questions). For the proctor console.
   */
  parts?: PaperPart[];
}

export interface PaperPart {
  id: string;
  title: string;
  theory: boolean;
  total: number;
}

export class PaperStructures {
  /** Frozen papers' structures, kept for the process's life. */
  private readonly cache = new Map<string, Promise<PaperStructure>>();
  /** Loads under way, shared by the requests that arrive meanwhile (the first seconds of an exam). */
  private readonly loading = new Map<string, Promise<{ structure: PaperStructure; frozen: boolean }>>();

  constructor(private readonly db: Db) {}

  get(paperId: string): Promise<PaperStructure> {
    const kept = this.cache.get(paperId);
    if (kept) return kept;
    let pending = this.loading.get(paperId);
    if (!pending) {
      pending = this.loadChecked(paperId);
      const settled = () => this.loading.delete(paperId);
      pending.then(settled, settled);
      this.loading.set(paperId, pending);
    }
    return pending.then(({ structure, frozen }) => {
      if (frozen && !this.cache.has(paperId)) this.cache.set(paperId, Promise.resolve(structure));
      return structure;
    });
  }

  /** The structure, and whether the paper was frozen before it was read (then it is final). */
  private async loadChecked(paperId: string): Promise<{ structure: PaperStructure; frozen: boolean }> {
    const frozen = (await sessionsUsingPaper(this.db, paperId)).length > 0;
    return { structure: await this.load(paperId), frozen };
  }

  private async load(paperId: string): Promise<PaperStructure> {
    const sections = await this.db.section.findMany({
      where: { paperId },
      orderBy: { position: "asc" },
      select: {
        title: true,
        questions: { select: { id: true, kind: true, options: true } },
        tasks: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            title: true,
            kind: true,
            labels: true,
            settings: true,
            items: { select: { id: true, position: true, payload: true } },
          },
        },
      },
    });
    const questions = new Map<string, QuestionShape>();
    const items = new Map<string, ItemShape>();
    const parts: PaperPart[] = [];
    let theory: PaperPart | null = null;
    for (const s of sections) {
      if (s.questions.length > 0) {
        if (!theory) {
          theory = { id: "theory", title: s.title, theory: true, total: 0 };
          parts.push(theory);
        }
        theory.total += s.questions.length;
      }
      for (const t of s.tasks) parts.push({ id: t.id, title: t.title, theory: false, total: t.items.length });
      for (const q of s.questions) {
        const options = (q.options as { id: string }[] | null) ?? [];
        questions.set(q.id, { kind: q.kind, optionIds: new Set(options.map((o) => o.id)) });
      }
      for (const t of s.tasks) {
        const labelIds = new Set((t.labels as Label[]).map((l) => l.id));
        const options = publicTaskOptions(t.settings);
        for (const it of t.items) {
          const view = itemView(t.kind, it, "");
          items.set(it.id, {
            kind: t.kind,
            labelIds,
            options,
            width: view.width,
            height: view.height,
            textLength: view.text === undefined ? 0 : Array.from(view.text).length,
            table: view.table ? { rows: view.table.rows.length, columns: view.table.header.length } : null,
          });
        }
      }
    }
    return { questions, items, total: questions.size + items.size, parts };
  }
}
