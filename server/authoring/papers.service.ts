// Papers as the committee writes them (protocol/authoring.ts): the list, a new paper with its two
// sections, a paper's tasks, and its title and weights. The theory section's questions belong to
// the bank (server/bank/); this service only counts them.
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import {
  type PaperDetail,
  type PaperInput,
  type PaperPatch,
  type PaperSummary,
  paperInputSchema,
  paperPatchSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { parse } from "../http/middleware.ts";
import { assertPaperEditable } from "./paper-lock.ts";
import { audit, lockPaper } from "./records.ts";

const paperSelect = {
  id: true,
  title: true,
  theoryWeight: true,
  practicalWeight: true,
  createdAt: true,
  _count: { select: { examSessions: true } },
  sections: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      kind: true,
      questions: { select: { points: true } },
      tasks: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          kind: true,
          title: true,
          points: true,
          _count: { select: { items: true } },
        },
      },
    },
  },
} as const;

type PaperRow = NonNullable<Awaited<ReturnType<typeof findPapers>>>[number];

function findPapers(db: Tx, where: { id?: string }) {
  return db.paper.findMany({ where, select: paperSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
}

/** The ids of the papers (of those given) that a begun session uses. */
export async function papersInUse(db: Tx, paperIds: string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.attempt.findMany({
    where: { status: { not: "NOT_STARTED" }, examSession: { paperId: { in: paperIds } } },
    distinct: ["examSessionId"],
    select: { examSession: { select: { paperId: true } } },
  });
  return new Set(rows.map((r) => r.examSession.paperId));
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function detailOf(p: PaperRow, inUse: boolean): PaperDetail {
  const tasks = p.sections.flatMap((s) => s.tasks);
  const questions = p.sections.flatMap((s) => s.questions);
  return {
    id: p.id,
    title: p.title,
    theoryWeight: p.theoryWeight,
    practicalWeight: p.practicalWeight,
    createdAt: p.createdAt.toISOString(),
    questions: questions.length,
    theoryPoints: round(questions.reduce((n, q) => n + q.points, 0)),
    taskCount: tasks.length,
    itemCount: tasks.reduce((n, t) => n + t._count.items, 0),
    practicalPoints: round(tasks.reduce((n, t) => n + t.points, 0)),
    sessions: p._count.examSessions,
    inUse,
    theorySectionId: p.sections.find((s) => s.kind === "THEORY")?.id ?? null,
    practicalSectionId: p.sections.find((s) => s.kind === "PRACTICAL")?.id ?? null,
    tasks: p.sections
      .filter((s) => s.kind === "PRACTICAL")
      .flatMap((s) => s.tasks)
      .map((t) => ({
        id: t.id,
        position: t.position,
        kind: t.kind,
        title: t.title,
        points: t.points,
        itemCount: t._count.items,
      })),
  };
}

function summaryOf(d: PaperDetail): PaperSummary {
  const { theorySectionId: _t, practicalSectionId: _p, tasks: _tasks, ...summary } = d;
  return summary;
}

export class PapersService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  async list(): Promise<PaperSummary[]> {
    const rows = await findPapers(this.deps.db, {});
    const inUse = await papersInUse(
      this.deps.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => summaryOf(detailOf(r, inUse.has(r.id))));
  }

  async get(paperId: string, db: Tx = this.deps.db): Promise<PaperDetail> {
    const [row] = await findPapers(db, { id: paperId });
    if (!row) throw new NotFoundError("The paper");
    const inUse = await papersInUse(db, [paperId]);
    return detailOf(row, inUse.has(paperId));
  }

  /** A new paper with an empty theory section (position 0) and practical section (position 1). */
  async create(actor: Principal, input: PaperInput): Promise<PaperDetail> {
    const body = parse(paperInputSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      const paper = await tx.paper.create({
        data: {
          title: body.title,
          theoryWeight: body.theoryWeight,
          practicalWeight: body.practicalWeight,
          sections: {
            create: [
              { kind: "THEORY", title: "理论考核 Theory", position: 0 },
              { kind: "PRACTICAL", title: "实际操作考核 Practical", position: 1 },
            ],
          },
        },
        select: { id: true },
      });
      await audit(tx, actor, { action: "paper.create", target: `paper:${paper.id}`, details: body });
      return this.get(paper.id, tx);
    });
  }

  /** Title and weights; the weights must still add up to 100. 409 PAPER_IN_USE once a session began. */
  async update(actor: Principal, paperId: string, input: PaperPatch): Promise<PaperDetail> {
    const body = parse(paperPatchSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      await lockPaper(tx, paperId);
      await assertPaperEditable(tx, paperId);
      const before = await tx.paper.findUniqueOrThrow({
        where: { id: paperId },
        select: { title: true, theoryWeight: true, practicalWeight: true },
      });
      const after = {
        title: body.title ?? before.title,
        theoryWeight: body.theoryWeight ?? before.theoryWeight,
        practicalWeight: body.practicalWeight ?? before.practicalWeight,
      };
      if (Math.abs(after.theoryWeight + after.practicalWeight - 100) > 1e-9)
        throw new ValidationError("The request is not valid.", [
          { path: "theoryWeight", message: "The theory and practical weights add up to 100." },
        ]);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
      if (changed.length > 0) {
        await tx.paper.update({ where: { id: paperId }, data: after });
        await audit(tx, actor, {
          action: "paper.update",
          target: `paper:${paperId}`,
          details: {
            changed,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          },
        });
      }
      return this.get(paperId, tx);
    });
  }
}
