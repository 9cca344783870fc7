// What validation needs to know about a paper's questions and items, loaded once per paper.
// Papers do not change while they are sat, so caching them in-process is safe and shares nothing.
import type { Label, QuestionKind, TaskKind } from "../../protocol/index.ts";
import type { Db } from "../platform/db.ts";

export interface QuestionShape {
  kind: QuestionKind;
  optionIds: Set<string>;
}

export interface ItemShape {
  kind: TaskKind;
  labelIds: Set<string>;
  width: number;
  height: number;
}

export interface PaperStructure {
  questions: Map<string, QuestionShape>;
  items: Map<string, ItemShape>;
  /** Questions plus items: the denominator of a contestant's progress. */
  total: number;
}

export class PaperStructures {
  private readonly cache = new Map<string, Promise<PaperStructure>>();

  constructor(private readonly db: Db) {}

  get(paperId: string): Promise<PaperStructure> {
    let entry = this.cache.get(paperId);
    if (!entry) {
      entry = this.load(paperId);
      this.cache.set(paperId, entry);
      entry.catch(() => this.cache.delete(paperId));
    }
    return entry;
  }

  private async load(paperId: string): Promise<PaperStructure> {
    const sections = await this.db.section.findMany({
      where: { paperId },
      select: {
        questions: { select: { id: true, kind: true, options: true } },
        tasks: {
          select: { kind: true, labels: true, items: { select: { id: true, payload: true } } },
        },
      },
    });
    const questions = new Map<string, QuestionShape>();
    const items = new Map<string, ItemShape>();
    for (const s of sections) {
      for (const q of s.questions) {
        const options = (q.options as { id: string }[] | null) ?? [];
        questions.set(q.id, { kind: q.kind, optionIds: new Set(options.map((o) => o.id)) });
      }
      for (const t of s.tasks) {
        const labelIds = new Set((t.labels as Label[]).map((l) => l.id));
        for (const it of t.items) {
          const payload = it.payload as { width: number; height: number };
          items.set(it.id, { kind: t.kind, labelIds, width: payload.width, height: payload.height });
        }
      }
    }
    return { questions, items, total: questions.size + items.size };
  }
}
