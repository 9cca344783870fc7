// The national question bank: import (all rows or none), list, topics, delete; and a paper's
// theory section assembled from it by rule (a seeded draw) or by hand. Admins only (routes check).
import { isDeepStrictEqual } from "node:util";
import { AppError, BankShortError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type {
  BankDeleteResult,
  BankImportReport,
  BankImportRow,
  BankList,
  BankListQuery,
  BankQuestionView,
  BankTopic,
  Draw,
  TheoryAssembly,
  TheorySection,
} from "../../protocol/bank.ts";
import { QUESTION_KINDS, type QuestionKind } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertPaperEditable } from "../authoring/paper-lock.ts";
import { lockPaper } from "../authoring/records.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { readSheet, sniffSheet } from "../review/import-parse.ts";
import { isUniqueViolation } from "../review/issue.ts";
import { type BankRecord, checkBankSheet } from "./bank-rows.ts";
import { drawQuestions } from "./draw.ts";

/** 422 IMPORT_REJECTED: details.rows lists every refused row; details.report every row. */
export class BankImportRejectedError extends AppError {
  constructor(rows: { row: number; code: string; problems: string[] }[], report: BankImportRow[]) {
    super("IMPORT_REJECTED", `${rows.length} row(s) are not valid; nothing was imported.`, { rows, report });
  }
}

const SEED_RANGE = 2_147_483_647;
const THEORY_TITLE = "理论考核 Theory";

const bankSelect = {
  id: true,
  code: true,
  kind: true,
  topic: true,
  prompt: true,
  options: true,
  key: true,
  points: true,
  scoring: true,
  updatedAt: true,
} as const;

type StoredAssembly = NonNullable<TheorySection["assembly"]>;

function sameContent(
  a: BankRecord,
  b: Pick<BankRecord, "kind" | "topic" | "prompt" | "options" | "key" | "points" | "scoring">,
): boolean {
  return (
    a.kind === b.kind &&
    a.topic === b.topic &&
    a.prompt === b.prompt &&
    a.points === b.points &&
    a.scoring === b.scoring &&
    isDeepStrictEqual(a.options, b.options) &&
    isDeepStrictEqual(a.key, b.key)
  );
}

export class BankService {
  constructor(private readonly deps: ContestDeps) {}

  /** Checks every row; refuses the whole file on one bad row; writes nothing on a dry run. */
  async import(
    actor: Principal,
    input: { bytes: Uint8Array; dryRun: boolean; name?: string },
  ): Promise<BankImportReport> {
    const format = sniffSheet(input.bytes);
    const sheet = await readSheet(input.bytes);
    const { records, refusals } = checkBankSheet(sheet);
    for (let attempt = 1; ; attempt++) {
      const existing = await this.deps.db.bankQuestion.findMany({
        where: { code: { in: records.map((r) => r.code) } },
        select: { ...bankSelect },
      });
      const byCode = new Map(existing.map((e) => [e.code, e]));
      const outcomeOf = (r: BankRecord): BankImportRow["outcome"] => {
        const e = byCode.get(r.code);
        if (!e) return "created";
        return sameContent(r, {
          ...e,
          options: e.options as BankRecord["options"],
          key: e.key as BankRecord["key"],
          scoring: e.scoring as BankRecord["scoring"],
        })
          ? "unchanged"
          : "updated";
      };
      const rows: BankImportRow[] = [
        ...records.map((r) => ({ row: r.row, code: r.code, outcome: outcomeOf(r), problems: [] })),
        ...refusals.map((r) => ({
          row: r.row,
          code: r.code,
          outcome: "refused" as const,
          problems: r.problems,
        })),
      ].sort((a, b) => a.row - b.row);
      if (refusals.length > 0) throw new BankImportRejectedError(refusals, rows);
      const count = (o: BankImportRow["outcome"]) => rows.filter((r) => r.outcome === o).length;
      const report: BankImportReport = {
        dryRun: input.dryRun,
        created: count("created"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        rows,
      };
      if (input.dryRun) return report;
      try {
        await this.deps.db.$transaction(
          async (tx) => {
            for (const r of records) {
              const outcome = outcomeOf(r);
              if (outcome === "unchanged") continue;
              const data = {
                kind: r.kind,
                topic: r.topic,
                prompt: r.prompt,
                options: r.options,
                key: r.key,
                points: r.points,
                scoring: r.scoring,
              };
              // An upsert: a question deleted or created meanwhile is still written as this row says.
              await tx.bankQuestion.upsert({
                where: { code: r.code },
                create: { code: r.code, ...data },
                update: data,
              });
            }
            await tx.auditEntry.create({
              data: {
                actorId: actor.userId,
                action: "bank.import",
                target: "bank",
                reason: null,
                at: this.deps.clock.now(),
                details: {
                  name: input.name ?? null,
                  format,
                  created: report.created,
                  updated: report.updated,
                  unchanged: report.unchanged,
                  codes: rows
                    .filter((r) => r.outcome !== "unchanged")
                    .map((r) => r.code)
                    .slice(0, 1000),
                },
              },
            });
          },
          { timeout: 120_000, maxWait: 10_000 },
        );
        return report;
      } catch (e) {
        // Another import created one of these codes meanwhile: check again, it is now an update.
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
  }

  async list(query: BankListQuery): Promise<BankList> {
    const where = {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.topic ? { topic: query.topic } : {}),
      ...(query.q
        ? {
            OR: [
              { prompt: { contains: query.q, mode: "insensitive" as const } },
              { code: { contains: query.q, mode: "insensitive" as const } },
            ],
          }
        : {}),
    };
    const [total, rows] = await Promise.all([
      this.deps.db.bankQuestion.count({ where }),
      this.deps.db.bankQuestion.findMany({
        where,
        orderBy: [{ topic: "asc" }, { code: "asc" }],
        skip: query.offset,
        take: query.limit,
        select: bankSelect,
      }),
    ]);
    const copies = await this.deps.db.question.findMany({
      where: { bankQuestionId: { in: rows.map((r) => r.id) } },
      select: { bankQuestionId: true, section: { select: { paperId: true } } },
    });
    const papers = new Map<string, Set<string>>();
    for (const c of copies) {
      if (!c.bankQuestionId) continue;
      const set = papers.get(c.bankQuestionId) ?? new Set<string>();
      set.add(c.section.paperId);
      papers.set(c.bankQuestionId, set);
    }
    return {
      total,
      questions: rows.map(
        (r): BankQuestionView => ({
          id: r.id,
          code: r.code,
          kind: r.kind,
          topic: r.topic,
          prompt: r.prompt,
          options: r.options as BankQuestionView["options"],
          key: r.key as BankQuestionView["key"],
          points: r.points,
          scoring: r.scoring as BankQuestionView["scoring"],
          usedIn: papers.get(r.id)?.size ?? 0,
          updatedAt: r.updatedAt.toISOString(),
        }),
      ),
    };
  }

  async topics(): Promise<BankTopic[]> {
    const groups = await this.deps.db.bankQuestion.groupBy({
      by: ["topic", "kind"],
      _count: { _all: true },
      orderBy: [{ topic: "asc" }],
    });
    const byTopic = new Map<string, BankTopic>();
    for (const g of groups) {
      const t =
        byTopic.get(g.topic) ??
        ({ topic: g.topic, counts: Object.fromEntries(QUESTION_KINDS.map((k) => [k, 0])) } as BankTopic);
      t.counts[g.kind] = g._count._all;
      byTopic.set(g.topic, t);
    }
    return [...byTopic.values()];
  }

  /**
   * Deletes a bank question. Papers' copies are independent (their own prompt, options, key and
   * points): they stay as they are and only lose the link (bankQuestionId set null).
   */
  async remove(actor: Principal, id: string): Promise<BankDeleteResult> {
    return this.deps.db.$transaction(async (tx) => {
      const q = await tx.bankQuestion.findUnique({ where: { id }, select: { id: true, code: true } });
      if (!q) throw new NotFoundError("The bank question");
      const copies = await tx.question.count({ where: { bankQuestionId: id } });
      await tx.bankQuestion.delete({ where: { id } });
      await tx.auditEntry.create({
        data: {
          actorId: actor.userId,
          action: "bank.delete",
          target: `bank-question:${id}`,
          reason: null,
          at: this.deps.clock.now(),
          details: { code: q.code, copies },
        },
      });
      return { id, copies };
    });
  }

  async theory(paperId: string): Promise<TheorySection> {
    return this.readTheory(this.deps.db, paperId);
  }

  private async readTheory(db: Tx, paperId: string): Promise<TheorySection> {
    const paper = await db.paper.findUnique({ where: { id: paperId }, select: { id: true } });
    if (!paper) throw new NotFoundError("The paper");
    const section = await db.section.findFirst({
      where: { paperId, kind: "THEORY" },
      orderBy: { position: "asc" },
      select: {
        id: true,
        shuffle: true,
        assembly: true,
        questions: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            position: true,
            kind: true,
            prompt: true,
            points: true,
            bankQuestion: { select: { code: true, topic: true } },
          },
        },
      },
    });
    const questions = (section?.questions ?? []).map((q) => ({
      id: q.id,
      position: q.position,
      kind: q.kind,
      prompt: q.prompt,
      points: q.points,
      topic: q.bankQuestion?.topic ?? null,
      bankCode: q.bankQuestion?.code ?? null,
    }));
    return {
      paperId,
      sectionId: section?.id ?? null,
      shuffle: section?.shuffle ?? false,
      assembly: (section?.assembly ?? null) as StoredAssembly | null,
      totalPoints: Math.round(questions.reduce((s, q) => s + q.points, 0) * 1000) / 1000,
      questions,
    };
  }

  /** Replaces the theory section's questions with copies of bank questions. */
  async assemble(actor: Principal, paperId: string, body: TheoryAssembly): Promise<TheorySection> {
    const seed = body.mode === "rule" ? (body.seed ?? this.deps.random(SEED_RANGE) + 1) : undefined;
    return this.deps.db.$transaction(
      async (tx) => {
        // The paper's row lock (404 when there is none): authoring changes of the same paper, and a
        // session being given it, queue behind this one.
        await lockPaper(tx, paperId);
        await assertPaperEditable(tx, paperId);

        let picked: { bank: BankRow; points: number }[];
        if (body.mode === "rule") picked = await this.byRule(tx, body.draws, seed as number);
        else picked = await this.byHand(tx, body.questions);

        const sectionId = await this.theorySection(tx, paperId);
        await tx.question.deleteMany({ where: { sectionId } });
        const created = await tx.question.createManyAndReturn({
          // 1…n, like the rest of the paper (the judge's and result pages number questions by it).
          data: picked.map((p, i) => ({
            sectionId,
            position: i + 1,
            kind: p.bank.kind,
            prompt: p.bank.prompt,
            options: p.bank.options as object,
            points: p.points,
            scoring: p.bank.scoring,
            bankQuestionId: p.bank.id,
          })),
          select: { id: true, position: true },
        });
        const keyOf = new Map(picked.map((p, i) => [i + 1, p.bank.key]));
        await tx.answerKey.createMany({
          data: created.map((q) => ({ questionId: q.id, key: keyOf.get(q.position) as object })),
        });
        const at = this.deps.clock.now().toISOString();
        const assembly: StoredAssembly =
          body.mode === "rule"
            ? { mode: "rule", draws: body.draws, seed, at, by: actor.name }
            : { mode: "hand", at, by: actor.name };
        await tx.section.update({ where: { id: sectionId }, data: { shuffle: body.shuffle, assembly } });
        const totalPoints = picked.reduce((s, p) => s + p.points, 0);
        await tx.auditEntry.create({
          data: {
            actorId: actor.userId,
            action: "paper.theory.assemble",
            target: `paper:${paperId}`,
            reason: null,
            at: new Date(at),
            details: {
              mode: body.mode,
              shuffle: body.shuffle,
              questions: picked.length,
              totalPoints,
              ...(body.mode === "rule" ? { seed: seed ?? null, draws: body.draws } : {}),
              codes: picked.map((p) => p.bank.code),
            },
          },
        });
        return this.readTheory(tx, paperId);
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  private async byRule(tx: Tx, draws: Draw[], seed: number): Promise<{ bank: BankRow; points: number }[]> {
    const kinds = [...new Set(draws.map((d) => d.kind))];
    const pool = await tx.bankQuestion.findMany({
      where: { kind: { in: kinds } },
      // A fixed order, so that a seed names the same draw while the bank is unchanged.
      orderBy: { code: "asc" },
      select: bankRowSelect,
    });
    const result = drawQuestions(
      pool.map((q) => ({ id: q.id, kind: q.kind, topic: q.topic })),
      draws,
      seed,
    );
    if ("short" in result) throw new BankShortError(result.short);
    const byId = new Map(pool.map((q) => [q.id, q]));
    return result.picks.map((p) => ({ bank: byId.get(p.id) as BankRow, points: p.points }));
  }

  private async byHand(
    tx: Tx,
    questions: { bankQuestionId: string; points?: number | undefined }[],
  ): Promise<{ bank: BankRow; points: number }[]> {
    const ids = questions.map((q) => q.bankQuestionId);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0)
      throw new ValidationError("A bank question is listed twice.", { bankQuestionIds: [...new Set(twice)] });
    const rows = await tx.bankQuestion.findMany({ where: { id: { in: ids } }, select: bankRowSelect });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new ValidationError("Some of the questions are not in the bank.", { bankQuestionIds: missing });
    return questions.map((q) => {
      const bank = byId.get(q.bankQuestionId) as BankRow;
      return { bank, points: q.points ?? bank.points };
    });
  }

  /** The paper's theory section; created first in the paper's order when it has none. */
  private async theorySection(tx: Tx, paperId: string): Promise<string> {
    const sections = await tx.section.findMany({
      where: { paperId },
      orderBy: { position: "asc" },
      select: { id: true, kind: true, position: true },
    });
    const theory = sections.find((s) => s.kind === "THEORY");
    if (theory) return theory.id;
    const first = sections[0]?.position;
    const position = first === undefined || first > 0 ? 0 : first - 1;
    const created = await tx.section.create({
      data: { paperId, kind: "THEORY", title: THEORY_TITLE, position },
      select: { id: true },
    });
    return created.id;
  }
}

const bankRowSelect = {
  id: true,
  code: true,
  kind: true,
  topic: true,
  prompt: true,
  options: true,
  key: true,
  points: true,
  scoring: true,
} as const;

interface BankRow {
  id: string;
  code: string;
  kind: QuestionKind;
  topic: string;
  prompt: string;
  options: unknown;
  key: unknown;
  points: number;
  scoring: string;
}
