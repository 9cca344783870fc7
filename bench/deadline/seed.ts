// Seeds the deadline benchmark's database directly (createMany): one session of one paper, a short
// theory section and one box task, and the contestants with their attempts and open sign-ins.
import type { Db } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { mulberry32 } from "../../core/random.ts";
import { newSessionId, SESSION_COOKIE, signSessionId } from "../../server/auth/session-cookie.ts";
import { BENCH_LABELS, type BenchBox, type ImageSize, truthBoxes } from "./documents.ts";

export interface SeededItem extends ImageSize {
  id: string;
  truth: BenchBox[];
}

export interface SeededContestant {
  attemptId: string;
  /** The Cookie header of the contestant's sign-in. */
  cookie: string;
}

export interface Seeded {
  sessionId: string;
  paperId: string;
  items: SeededItem[];
  labels: string[];
  contestants: SeededContestant[];
  proctorCookie: string;
}

const PASSWORD = "bench deadline password";

// Image sizes of a real street-scene batch: mostly full HD, some phone photos and older cameras.
const SIZES: ImageSize[] = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1600, height: 1200 },
  { width: 4032, height: 3024 },
  { width: 1024, height: 768 },
];

const QUESTIONS = [
  {
    kind: "SINGLE_CHOICE" as const,
    prompt: "How tight should a bounding box be?",
    options: ["Touching the object's outermost edges", "With a 20% margin", "Around its centre only"],
    key: { choice: "A" },
  },
  {
    kind: "SINGLE_CHOICE" as const,
    prompt: "IoU is computed as…",
    options: ["intersection ÷ union", "intersection ÷ truth", "union ÷ intersection"],
    key: { choice: "A" },
  },
  {
    kind: "MULTIPLE_CHOICE" as const,
    prompt: "Which of these are box-detection metrics?",
    options: ["AP50", "mAP@[.5:.95]", "CER", "BLEU"],
    key: { choices: ["A", "B"] },
  },
  {
    kind: "TRUE_FALSE" as const,
    prompt: "A partly occluded object is still labelled.",
    options: [],
    key: { value: true },
  },
];

/**
 * Everything the run needs. The session's times are placeholders: the benchmark sets them once the
 * sockets are up, so that every attempt's deadline falls on the same chosen moment.
 */
export async function seedBench(
  db: Db,
  opts: { contestants: number; items: number; sessionSecret: string; now: Date },
): Promise<Seeded> {
  const rand = mulberry32(20261203);
  const contest = await db.contest.create({ data: { name: "AI Trainer bench", year: 2026 } });
  const region = await db.region.create({
    data: { no: 1, nameZh: "基准赛区", nameEn: "Bench region", hostOrg: "Bench host" },
  });
  const stage = await db.stage.create({
    data: { contestId: contest.id, kind: "PRELIMINARY", regionId: region.id, name: "Preliminary" },
  });
  const venue = await db.venue.create({ data: { name: "Bench hall", address: "Hall 1" } });
  const paper = await db.paper.create({ data: { title: "Deadline bench paper" } });
  const theory = await db.section.create({
    data: { paperId: paper.id, kind: "THEORY", title: "Theory", position: 1 },
  });
  for (const [i, q] of QUESTIONS.entries())
    await db.question.create({
      data: {
        sectionId: theory.id,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        options: q.options.map((text, j) => ({ id: "ABCD"[j] ?? String(j), text })),
        points: 10,
        scoring: q.kind === "MULTIPLE_CHOICE" ? "partial" : "all-or-nothing",
        answerKey: { create: { key: q.key } },
      },
    });
  const practical = await db.section.create({
    data: { paperId: paper.id, kind: "PRACTICAL", title: "Practical", position: 2 },
  });
  const task = await db.task.create({
    data: {
      sectionId: practical.id,
      position: 1,
      kind: "BOXES",
      title: "Street-scene object detection",
      instructions: "Draw a tight box around every car, person, bicycle and traffic light.",
      labels: BENCH_LABELS,
      settings: { iouThreshold: 0.5 },
      points: 100,
    },
  });
  const items: SeededItem[] = [];
  for (let i = 0; i < opts.items; i++) {
    const size = SIZES[i % SIZES.length] as ImageSize;
    const truth = truthBoxes(rand, size);
    const item = await db.item.create({
      data: {
        taskId: task.id,
        position: i + 1,
        payload: { width: size.width, height: size.height },
        groundTruth: { create: { data: { boxes: truth } } },
      },
      select: { id: true },
    });
    items.push({ id: item.id, ...size, truth });
  }
  const session = await db.examSession.create({
    data: {
      stageId: stage.id,
      venueId: venue.id,
      paperId: paper.id,
      name: "Deadline bench session",
      startsAt: new Date(opts.now.getTime() + 24 * 3600_000),
      durationMinutes: 90,
    },
  });

  // One argon2 hash for everyone: the benchmark measures saves, not 2,000 password hashes.
  const passwordHash = await hashPassword(PASSWORD);
  const expiresAt = new Date(opts.now.getTime() + 24 * 3600_000);
  const n = opts.contestants;
  const pad = (i: number) => String(i + 1).padStart(5, "0");
  const users = Array.from({ length: n }, (_, i) => ({
    id: `bench-user-${pad(i)}`,
    name: `Contestant ${i + 1}`,
    passwordHash,
  }));
  const contestants = users.map((u, i) => ({
    id: `bench-contestant-${pad(i)}`,
    userId: u.id,
    stageId: stage.id,
    group: i % 2 === 0 ? ("STUDENT" as const) : ("EMPLOYEE" as const),
    ticketNumber: `DL-${pad(i)}`,
  }));
  const attempts = contestants.map((c, i) => ({
    id: `bench-attempt-${pad(i)}`,
    contestantId: c.id,
    examSessionId: session.id,
    seat: `S${i + 1}`,
  }));
  // Sign-ins opened directly, as a successful login would have left them.
  const signIns = users.map((u) => ({ id: newSessionId(), userId: u.id, expiresAt }));
  await db.user.createMany({ data: users });
  await db.contestant.createMany({ data: contestants });
  await db.attempt.createMany({ data: attempts });
  await db.authSession.createMany({ data: signIns });

  const proctor = await db.user.create({
    data: {
      username: "bench-proctor",
      name: "Bench proctor",
      passwordHash,
      staffRoles: { create: { role: "PROCTOR", examSessionId: session.id } },
    },
  });
  const proctorSignIn = newSessionId();
  await db.authSession.create({ data: { id: proctorSignIn, userId: proctor.id, expiresAt } });

  const cookieOf = (id: string) =>
    `${SESSION_COOKIE}=${encodeURIComponent(signSessionId(id, opts.sessionSecret))}`;
  return {
    sessionId: session.id,
    paperId: paper.id,
    items,
    labels: BENCH_LABELS.map((l) => l.id),
    contestants: attempts.map((a, i) => ({
      attemptId: a.id,
      cookie: cookieOf((signIns[i] as { id: string }).id),
    })),
    proctorCookie: cookieOf(proctorSignIn),
  };
}
