// The demo: "AI Trainer 2021 — Beijing preliminary", one session with a 10-question theory section
// and one practical task of every kind (boxes, polygons, points, skeletons, image classification,
// named entities, sentiment, transcription, table cleaning), 12 contestants and one account per
// staff role. Safe to run again: an
// existing demo is kept, and its session is moved to start soon again once its time has run out.

import { loadConfig } from "../core/config.ts";
import { createDb, type Db } from "../core/platform/db.ts";
import { hashPassword } from "../core/platform/passwords.ts";
import { DEMO_PASSWORD, DEMO_TICKETS } from "./demo-accounts.ts";
import {
  buildExam,
  createContestant,
  createStaff,
  DEFAULT_BOX_TASK,
  upsertRegions,
} from "./seed/builders.ts";
import { DEMO_QUESTIONS } from "./seed/questions.ts";
import { demoTask } from "./seed/tasks.ts";

export const DEMO_SESSION_NAME = "AI Trainer 2021 — Beijing preliminary";
const DURATION_MINUTES = 120;
const NAMES = [
  "张伟",
  "王芳",
  "李娜",
  "刘洋",
  "陈静",
  "杨磊",
  "赵敏",
  "黄涛",
  "周婷",
  "吴昊",
  "徐丽",
  "孙强",
];

function startSoon(): Date {
  const seconds = Number(process.env.SEED_START_IN_SECONDS ?? 30);
  return new Date(Date.now() + seconds * 1000);
}

export async function seedDemo(db: Db): Promise<{ sessionId: string; created: boolean; startsAt: Date }> {
  const regions = await upsertRegions(db);
  const existing = await db.examSession.findFirst({
    where: { name: DEMO_SESSION_NAME },
    select: { id: true, startsAt: true },
  });
  if (existing) {
    const ended = existing.startsAt.getTime() + DURATION_MINUTES * 60_000 < Date.now();
    if (!ended) return { sessionId: existing.id, created: false, startsAt: existing.startsAt };
    const startsAt = startSoon();
    await db.$transaction([
      db.answer.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.scoreVersion.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.attempt.updateMany({
        where: { examSessionId: existing.id },
        data: { status: "NOT_STARTED", startedAt: null, deadlineAt: null, submittedAt: null, closedBy: null },
      }),
      db.examSession.update({ where: { id: existing.id }, data: { startsAt } }),
    ]);
    return { sessionId: existing.id, created: false, startsAt };
  }
  const beijing = regions.get(1) ?? null;
  const startsAt = startSoon();
  const exam = await buildExam(db, {
    contestName: "人工智能训练师（数据智能的标注分析与应用）赛项 2021 · AI Trainer 2021",
    stageName: "北京赛区预赛 Beijing preliminary",
    sessionName: DEMO_SESSION_NAME,
    regionId: beijing,
    startsAt,
    durationMinutes: DURATION_MINUTES,
    lateStartMinutes: 60,
    questions: DEMO_QUESTIONS,
    // One task of every kind, so the demo shows every tool.
    tasks: [
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22, 33, 44, 55] },
      demoTask("POLYGONS"),
      demoTask("POINTS"),
      demoTask("KEYPOINTS"),
      demoTask("IMAGE_CLASSIFICATION"),
      demoTask("TEXT_SPANS"),
      demoTask("TEXT_CLASSIFICATION"),
      demoTask("TRANSCRIPTION"),
      demoTask("TABLE"),
    ],
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, ticketNumber] of DEMO_TICKETS.entries()) {
    await createContestant(db, {
      stageId: exam.stageId,
      sessionId: exam.sessionId,
      ticketNumber,
      password: DEMO_PASSWORD,
      passwordHash,
      name: NAMES[i] ?? `Contestant ${i + 1}`,
      seat: `A${String(i + 1).padStart(2, "0")}`,
    });
  }
  const staff = [
    { username: "proctor", name: "监考 Proctor", role: "PROCTOR" as const, examSessionId: exam.sessionId },
    { username: "judge", name: "裁判 Judge", role: "JUDGE" as const, regionId: beijing ?? undefined },
    {
      username: "host-bj",
      name: "北京信息职业技术学院",
      role: "REGION_HOST" as const,
      regionId: beijing ?? undefined,
    },
    { username: "admin", name: "全国组委会 Admin", role: "ADMIN" as const },
  ];
  for (const s of staff) {
    if (await db.user.findUnique({ where: { username: s.username }, select: { id: true } })) continue;
    await createStaff(db, { ...s, password: DEMO_PASSWORD, passwordHash });
  }
  return { sessionId: exam.sessionId, created: true, startsAt };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  try {
    const { created, startsAt } = await seedDemo(db);
    console.log(`${created ? "seeded" : "kept"} the demo; the exam starts at ${startsAt.toISOString()}`);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
