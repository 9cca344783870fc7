// Test data through the seed's own builders: an open exam with questions, a box task (or tasks of
// any kind: demoTask in prisma/seed/tasks.ts) and people.

import type { Db } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import {
  type BoxTaskSpec,
  buildExam,
  createContestant,
  createStaff,
  DEFAULT_BOX_TASK,
  upsertRegions,
} from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS, type QuestionSpec } from "../../prisma/seed/questions.ts";
import type { TaskSpec } from "../../prisma/seed/tasks.ts";

export const PASSWORD = "correct horse";

export interface ExamFixture {
  sessionId: string;
  paperId: string;
  questions: Awaited<ReturnType<typeof buildExam>>["questions"];
  items: Awaited<ReturnType<typeof buildExam>>["items"];
  contestants: { ticket: string; userId: string; attemptId: string }[];
  proctor: string;
  otherProctor: string;
  admin: string;
  regionId: string | null;
}

/** A session that opened a minute ago, two contestants, a proctor of it and a proctor of another. */
export async function newExamFixture(
  db: Db,
  opts: {
    now?: Date;
    durationMinutes?: number;
    contestants?: number;
    sceneSeeds?: number[];
    /** The theory questions; the demo's ten by default, [] for none. */
    questions?: QuestionSpec[];
    /** The practical tasks; one box task of five scenes by default (e.g. [demoTask("POLYGONS")]). */
    tasks?: (BoxTaskSpec | TaskSpec)[];
  } = {},
): Promise<ExamFixture> {
  const now = opts.now ?? new Date();
  const regions = await upsertRegions(db);
  const regionId = regions.get(1) ?? null;
  const exam = await buildExam(db, {
    regionId,
    sessionName: "Test session",
    startsAt: new Date(now.getTime() - 60_000),
    durationMinutes: opts.durationMinutes ?? 90,
    questions: opts.questions ?? DEMO_QUESTIONS,
    tasks: opts.tasks ?? [{ ...DEFAULT_BOX_TASK, sceneSeeds: opts.sceneSeeds ?? [11, 22, 33, 44, 55] }],
  });
  const other = await buildExam(db, {
    regionId: regions.get(2) ?? null,
    sessionName: "Other session",
    startsAt: now,
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 1),
    tasks: [],
  });
  const passwordHash = await hashPassword(PASSWORD);
  const contestants = [];
  for (let i = 1; i <= (opts.contestants ?? 2); i++) {
    const ticket = `T-${String(i).padStart(3, "0")}`;
    const c = await createContestant(db, {
      stageId: exam.stageId,
      sessionId: exam.sessionId,
      ticketNumber: ticket,
      password: PASSWORD,
      passwordHash,
      name: `Contestant ${i}`,
      seat: `S${i}`,
    });
    contestants.push({ ticket, userId: c.userId, attemptId: c.attemptId });
  }
  await createStaff(db, {
    username: "proctor",
    name: "Proctor",
    role: "PROCTOR",
    examSessionId: exam.sessionId,
    password: PASSWORD,
    passwordHash,
  });
  await createStaff(db, {
    username: "proctor2",
    name: "Other proctor",
    role: "PROCTOR",
    examSessionId: other.sessionId,
    password: PASSWORD,
    passwordHash,
  });
  await createStaff(db, {
    username: "admin",
    name: "Admin",
    role: "ADMIN",
    password: PASSWORD,
    passwordHash,
  });
  return {
    sessionId: exam.sessionId,
    paperId: exam.paperId,
    questions: exam.questions,
    items: exam.items,
    contestants,
    proctor: "proctor",
    otherProctor: "proctor2",
    admin: "admin",
    regionId,
  };
}
