// Seeds the live benchmark's database directly (createMany): one open session of a paper with one
// box task, and its contestants seated, their attempts already started and their sign-ins open.
import type { Db } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { mulberry32 } from "../../core/random.ts";
import { newSessionId, SESSION_COOKIE, signSessionId } from "../../server/auth/session-cookie.ts";
import { BENCH_LABELS, type BenchBox, type ImageSize, truthBoxes } from "../deadline/documents.ts";

export interface LiveItem extends ImageSize {
  id: string;
  truth: BenchBox[];
}

export interface LiveSeed {
  sessionId: string;
  items: LiveItem[];
  contestants: { attemptId: string; cookie: string }[];
  proctorCookie: string;
}

const SIZES: ImageSize[] = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1600, height: 1200 },
  { width: 4032, height: 3024 },
];

export async function seedLive(
  db: Db,
  opts: { contestants: number; items: number; sessionSecret: string; now: Date },
): Promise<LiveSeed> {
  const rand = mulberry32(20261203);
  const contest = await db.contest.create({ data: { name: "AI Trainer live bench", year: 2026 } });
  const region = await db.region.create({
    data: { no: 1, nameZh: "基准赛区", nameEn: "Bench region", hostOrg: "Bench host" },
  });
  const stage = await db.stage.create({
    data: { contestId: contest.id, kind: "PRELIMINARY", regionId: region.id, name: "Preliminary" },
  });
  const venue = await db.venue.create({ data: { name: "Bench hall", address: "Hall 1" } });
  const paper = await db.paper.create({ data: { title: "Live bench paper" } });
  const practical = await db.section.create({
    data: { paperId: paper.id, kind: "PRACTICAL", title: "Practical", position: 1 },
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
  const items: LiveItem[] = [];
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
  // Open since a minute ago for ten hours: every attempt started, no deadline during the run.
  const startsAt = new Date(opts.now.getTime() - 60_000);
  const session = await db.examSession.create({
    data: {
      stageId: stage.id,
      venueId: venue.id,
      paperId: paper.id,
      name: "Live bench session",
      startsAt,
      durationMinutes: 600,
      lateStartMinutes: 600,
    },
  });

  // One argon2 hash for everyone: the benchmark measures saves, not 5,000 password hashes.
  const passwordHash = await hashPassword("bench live password");
  const expiresAt = new Date(opts.now.getTime() + 24 * 3600_000);
  const pad = (i: number) => String(i + 1).padStart(5, "0");
  const n = opts.contestants;
  const users = Array.from({ length: n }, (_, i) => ({
    id: `live-user-${pad(i)}`,
    name: `Contestant ${i + 1}`,
    passwordHash,
  }));
  const contestants = users.map((u, i) => ({
    id: `live-contestant-${pad(i)}`,
    userId: u.id,
    stageId: stage.id,
    group: i % 2 === 0 ? ("STUDENT" as const) : ("EMPLOYEE" as const),
    ticketNumber: `LV-${pad(i)}`,
  }));
  const attempts = contestants.map((c, i) => ({
    id: `live-attempt-${pad(i)}`,
    contestantId: c.id,
    examSessionId: session.id,
    seat: `S${i + 1}`,
    status: "IN_PROGRESS" as const,
    startedAt: opts.now,
    deadlineAt: new Date(startsAt.getTime() + 600 * 60_000),
  }));
  // Sign-ins opened directly, as a successful login would have left them.
  const signIns = users.map((u) => ({ id: newSessionId(), userId: u.id, expiresAt }));
  for (let i = 0; i < n; i += 2000) {
    await db.user.createMany({ data: users.slice(i, i + 2000) });
    await db.contestant.createMany({ data: contestants.slice(i, i + 2000) });
    await db.attempt.createMany({ data: attempts.slice(i, i + 2000) });
    await db.authSession.createMany({ data: signIns.slice(i, i + 2000) });
  }

  const proctor = await db.user.create({
    data: {
      username: "live-bench-proctor",
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
    items,
    contestants: attempts.map((a, i) => ({
      attemptId: a.id,
      cookie: cookieOf((signIns[i] as { id: string }).id),
    })),
    proctorCookie: cookieOf(proctorSignIn),
  };
}
