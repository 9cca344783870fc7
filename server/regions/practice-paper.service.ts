// The practice paper (issue 11): a short paper with a task of every kind and a few theory
// questions, generated from the seed's synthetic scenes (no download), for a practice sitting
// before the real one. One paper for every region, found again by its title.

import { type BoxTaskSpec, buildPaper, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import { type PaperOption, PRACTICE_PAPER_TITLE, TASK_KINDS, type TaskKind } from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import { assertManagesRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, regionOrThrow } from "./region-records.ts";

/** Items per task: enough to try each tool, few enough to finish in a short sitting. */
const ITEMS_PER_TASK = 2;

/** One theory question of each kind: single choice, true/false, multiple choice. */
const PRACTICE_QUESTIONS = [DEMO_QUESTIONS[0], DEMO_QUESTIONS[5], DEMO_QUESTIONS[8]].flatMap((q) =>
  q ? [q] : [],
);

/** A task of the kind with a couple of items: boxes from generated street scenes, the rest from demoTask. */
function practiceTask(kind: TaskKind, points: number): TaskSpec | BoxTaskSpec {
  if (kind === "BOXES")
    return {
      ...DEFAULT_BOX_TASK,
      points,
      sceneSeeds: Array.from({ length: ITEMS_PER_TASK }, (_, i) => 7 + i),
    };
  return { ...demoTask(kind, ITEMS_PER_TASK), points };
}

export interface PracticePaper {
  paper: PaperOption;
  /** Whether this call generated it (false: it existed already). */
  created: boolean;
}

export class PracticePaperService {
  constructor(private readonly deps: Pick<ContestDeps, "db">) {}

  /**
   * The practice paper, generated on the first call; later calls (from any region) return the
   * same paper. An advisory lock keeps two first calls from generating two.
   */
  async ensure(actor: Principal, regionId: string): Promise<PracticePaper> {
    assertManagesRegion(actor, regionId);
    await regionOrThrow(this.deps.db, regionId);
    return this.deps.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('labelarena:practice-paper'))`;
        const existing = await tx.paper.findFirst({
          where: { title: PRACTICE_PAPER_TITLE },
          orderBy: { id: "asc" },
          select: { id: true },
        });
        let paperId = existing?.id;
        if (!paperId) {
          const built = await buildPaper(tx, {
            title: PRACTICE_PAPER_TITLE,
            questions: PRACTICE_QUESTIONS,
            tasks: TASK_KINDS.map((kind) => practiceTask(kind, 10)),
          });
          paperId = built.paperId;
          await audit(tx, actor, {
            action: "paper.practice.create",
            target: `paper:${paperId}`,
            details: { regionId, title: PRACTICE_PAPER_TITLE },
          });
        }
        const row = await tx.paper.findUniqueOrThrow({
          where: { id: paperId },
          select: {
            id: true,
            title: true,
            sections: { select: { _count: { select: { questions: true, tasks: true } } } },
          },
        });
        return {
          created: !existing,
          paper: {
            id: row.id,
            title: row.title,
            questions: row.sections.reduce((n, s) => n + s._count.questions, 0),
            tasks: row.sections.reduce((n, s) => n + s._count.tasks, 0),
          },
        };
      },
      { timeout: 120_000, maxWait: 120_000 },
    );
  }
}
