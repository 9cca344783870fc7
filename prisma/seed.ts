// The demo: the "AI Trainer 2021" contest set up the way a committee and a region host would set it
// up on the pages, through the same services: the 20 regions loaded from the regions file, the
// preliminary and final stages, Beijing's registration window open, a venue and a session with one
// practical task of every kind, twelve applicants who registered, uploaded their proof and were
// approved and seated, four applications still waiting for the host (or rejected), and one account
// per staff role. Safe to run again: an existing demo is kept, and its session is moved to start
// soon again once its time has run out.

import { type Config, loadConfig } from "../core/config.ts";
import { systemClock } from "../core/platform/clock.ts";
import { createDb, type Db } from "../core/platform/db.ts";
import { createLogger } from "../core/platform/logger.ts";
import { hashPassword } from "../core/platform/passwords.ts";
import { seal } from "../core/platform/secret-box.ts";
import { mulberry32 } from "../core/random.ts";
import { blobStoreOf } from "../core/storage/store-of.ts";
import { type EvidenceKind, idNumberCheckChar, type RegistrationRequest } from "../protocol/index.ts";
import type { Principal } from "../server/auth/principal.ts";
import { BankService } from "../server/bank/bank.service.ts";
import { principalOfUser } from "../server/committee/actor.ts";
import { CommitteeService } from "../server/committee/committee.service.ts";
import { RegionsService } from "../server/committee/regions.service.ts";
import { StaffService } from "../server/committee/staff.service.ts";
import type { ContestDeps } from "../server/contest-deps.ts";
import { hostingServices } from "../server/regions/hosting.routes.ts";
import { RegistrationService } from "../server/registration/registration.service.ts";
import { ReviewService } from "../server/review/review.service.ts";
import { DEMO_PASSWORD } from "./demo-accounts.ts";
import { demoBankCsv } from "./seed/bank.ts";
import { buildPaper, createStaff, DEFAULT_BOX_TASK } from "./seed/builders.ts";
import { DEMO_QUESTIONS } from "./seed/questions.ts";
import { rasterizeStoredDrawings } from "./seed/raster.ts";
import { demoTask } from "./seed/tasks.ts";

export const DEMO_SESSION_NAME = "AI Trainer 2021 — Beijing preliminary";
const CONTEST_NAME = "人工智能训练师（数据智能的标注分析与应用）赛项 2021 · AI Trainer 2021";
const DURATION_MINUTES = 120;
const DAY = 86_400_000;
/** The seed of the demo's randomness: the same tickets and join codes every time. */
const DEMO_RANDOM_SEED = 2021;

interface Applicant {
  name: string;
  organisation: string;
  field: string;
  group: "STUDENT" | "EMPLOYEE";
  team: string;
}

const SCHOOL_A = "北京信息职业技术学院";
const SCHOOL_B = "北京电子科技职业学院";
const SCHOOL_C = "北京工业职业技术学院";
const EMPLOYER = "北京智源标注科技有限公司";

/** The twelve who are approved and seated: four teams of three, each from one school or employer. */
const SEATED: Applicant[] = [
  { name: "张伟", organisation: SCHOOL_A, field: "人工智能技术应用", group: "STUDENT", team: "信息学院一队" },
  { name: "王芳", organisation: SCHOOL_A, field: "大数据技术", group: "STUDENT", team: "信息学院一队" },
  { name: "李娜", organisation: SCHOOL_A, field: "软件技术", group: "STUDENT", team: "信息学院一队" },
  { name: "刘洋", organisation: SCHOOL_B, field: "人工智能技术应用", group: "STUDENT", team: "电子科院" },
  { name: "陈静", organisation: SCHOOL_B, field: "计算机应用技术", group: "STUDENT", team: "电子科院" },
  { name: "杨磊", organisation: SCHOOL_B, field: "大数据技术", group: "STUDENT", team: "电子科院" },
  { name: "赵敏", organisation: SCHOOL_C, field: "人工智能技术应用", group: "STUDENT", team: "工院标注队" },
  { name: "黄涛", organisation: SCHOOL_C, field: "软件技术", group: "STUDENT", team: "工院标注队" },
  { name: "周婷", organisation: SCHOOL_C, field: "物联网应用技术", group: "STUDENT", team: "工院标注队" },
  { name: "吴昊", organisation: EMPLOYER, field: "数据标注工程师", group: "EMPLOYEE", team: "智源标注" },
  { name: "徐丽", organisation: EMPLOYER, field: "数据标注质检", group: "EMPLOYEE", team: "智源标注" },
  { name: "孙强", organisation: EMPLOYER, field: "算法训练数据工程师", group: "EMPLOYEE", team: "智源标注" },
];

/** Applications the host still has to look at (the last one was rejected and awaits a correction). */
const PENDING: (Applicant & { evidence: boolean; reject?: string })[] = [
  {
    name: "郭静怡",
    organisation: SCHOOL_A,
    field: "人工智能技术应用",
    group: "STUDENT",
    team: "",
    evidence: true,
  },
  { name: "马超", organisation: SCHOOL_B, field: "大数据技术", group: "STUDENT", team: "", evidence: false },
  {
    name: "林晓东",
    organisation: EMPLOYER,
    field: "数据标注工程师",
    group: "EMPLOYEE",
    team: "",
    evidence: true,
  },
  {
    name: "何雨桐",
    organisation: SCHOOL_C,
    field: "软件技术",
    group: "STUDENT",
    team: "",
    evidence: true,
    reject:
      "学籍证明不清晰，请上传学信网在线验证报告。The proof of student status is unreadable: upload the CHSI report.",
  },
];

function startSoon(): Date {
  const seconds = Number(process.env.SEED_START_IN_SECONDS ?? 30);
  return new Date(Date.now() + seconds * 1000);
}

/** A valid resident ID number (Beijing, born in 2003 or 1995) whose sequence part is `n`. */
export function demoIdNumber(n: number, employee: boolean): string {
  const born = employee ? "19950412" : "20030915";
  const first17 = `110108${born}${String(100 + n).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

/** A one-page PDF standing in for a scanned proof. */
function proofPdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, "?");
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>endobj\n4 0 obj<</Length ${text.length + 30}>>stream\nBT /F1 12 Tf 72 770 Td (${text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

const EVIDENCE: Record<"STUDENT" | "EMPLOYEE", EvidenceKind> = {
  STUDENT: "STUDENT_STATUS",
  EMPLOYEE: "SOCIAL_INSURANCE",
};

export interface DemoDeps {
  db: Db;
  config: Config;
}

/** The services as the pages use them, with the demo's seeded randomness. */
function demoDeps({ db, config }: DemoDeps): ContestDeps {
  const next = mulberry32(DEMO_RANDOM_SEED);
  return {
    db,
    clock: systemClock,
    config,
    store: blobStoreOf(config),
    log: createLogger("warn", "seed"),
    random: (max) => Math.floor(next() * max),
  };
}

export async function seedDemo(
  d: DemoDeps,
): Promise<{ sessionId: string; created: boolean; startsAt: Date; tickets: string[] }> {
  const { db } = d;
  const existing = await db.examSession.findFirst({
    where: { name: DEMO_SESSION_NAME },
    select: { id: true, startsAt: true, durationMinutes: true, resultsReleasedAt: true },
  });
  if (existing) {
    // A demo seeded before images were rasterized still holds SVG markup that draws the truth.
    await rasterizeStoredDrawings(db, blobStoreOf(d.config));
    const tickets = await seatedTickets(db, existing.id);
    const ended = existing.startsAt.getTime() + existing.durationMinutes * 60_000 < Date.now();
    // A sitting whose results were released is kept as it is, for the results pages.
    if (!ended || existing.resultsReleasedAt)
      return { sessionId: existing.id, created: false, startsAt: existing.startsAt, tickets };
    const startsAt = startSoon();
    await db.$transaction([
      db.answer.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.scoreAdjustment.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.appeal.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.scoreVersion.deleteMany({ where: { attempt: { examSessionId: existing.id } } }),
      db.attempt.updateMany({
        where: { examSessionId: existing.id },
        data: { status: "NOT_STARTED", startedAt: null, deadlineAt: null, submittedAt: null, closedBy: null },
      }),
      db.examSession.update({ where: { id: existing.id }, data: { startsAt } }),
    ]);
    return { sessionId: existing.id, created: false, startsAt, tickets };
  }

  const deps = demoDeps(d);
  const now = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // The committee: its first admin account is the one thing made outside the services.
  const adminId =
    (await db.user.findUnique({ where: { username: "admin" }, select: { id: true } }))?.id ??
    (
      await createStaff(db, {
        username: "admin",
        name: "全国组委会 Admin",
        role: "ADMIN",
        password: DEMO_PASSWORD,
        passwordHash,
      })
    ).userId;
  const admin = await principalOfUser(db, adminId);
  // The national question bank, imported the way the committee would (the demo paper keeps its own questions).
  await new BankService(deps).import(admin, { bytes: demoBankCsv(), dryRun: false, name: "demo-bank.csv" });
  const committee = new CommitteeService(deps);
  await new RegionsService(deps).load(admin);
  const regions = new Map(
    (await db.region.findMany({ select: { id: true, no: true } })).map((r) => [r.no, r.id]),
  );
  const beijing = regions.get(1) as string;
  const contest = await committee.createContest(admin, { name: CONTEST_NAME, year: 2021 });
  const preliminary = await committee.addStage(admin, contest.id, {
    kind: "PRELIMINARY",
    name: "省级预赛 Regional preliminaries",
    startsOn: new Date(now - 7 * DAY).toISOString(),
    endsOn: new Date(now + 60 * DAY).toISOString(),
  });
  await committee.addStage(admin, contest.id, {
    kind: "FINAL",
    name: "全国总决赛 National final",
    startsOn: new Date(now + 75 * DAY).toISOString(),
    endsOn: new Date(now + 77 * DAY).toISOString(),
  });
  // Beijing and Hebei take applications now; Guangdong opens next month.
  const windows: [number, number, number][] = [
    [1, -7, 30],
    [2, -7, 30],
    [9, 30, 50],
  ];
  for (const [no, from, to] of windows) {
    await committee.setWindow(admin, preliminary.id, regions.get(no) as string, {
      opensAt: new Date(now + from * DAY).toISOString(),
      closesAt: new Date(now + to * DAY).toISOString(),
    });
  }

  const staff = new StaffService(deps);
  const hostUser = await staff.createStaff(admin, {
    username: "host-bj",
    name: "北京信息职业技术学院",
    password: DEMO_PASSWORD,
    grants: [{ role: "REGION_HOST", regionId: beijing }],
  });
  const host = await principalOfUser(db, hostUser.userId);

  // The region host: a room and a sitting with the demo paper (papers come from the task bank).
  const hosting = hostingServices(deps);
  const paper = await buildPaper(
    db,
    {
      title: "AI Trainer 2021 preliminary paper",
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
    },
    // The demo's media live in the server's store (MEDIA_DIR), as imported datasets' do.
    { store: deps.store },
  );
  const venue = await hosting.venues.create(host, beijing, {
    name: "实训楼 A301 Training building A301",
    address: "北京市朝阳区望京北路 Wangjing North Road, Chaoyang, Beijing",
    capacity: 40,
  });
  const startsAt = startSoon();
  const session = await hosting.sessions.create(host, beijing, {
    stageId: preliminary.id,
    venueId: venue.id,
    paperId: paper.paperId,
    name: DEMO_SESSION_NAME,
    startsAt: startsAt.toISOString(),
    durationMinutes: DURATION_MINUTES,
    lateStartMinutes: 60,
  });
  await hosting.staff.create(host, beijing, {
    username: "proctor",
    name: "监考 Proctor",
    password: DEMO_PASSWORD,
    role: "PROCTOR",
    examSessionId: session.id,
  });
  await hosting.staff.create(host, beijing, {
    username: "judge",
    name: "裁判 Judge",
    password: DEMO_PASSWORD,
    role: "JUDGE",
  });

  // Applicants: the team leader applies first and passes the join code on to the others.
  const registration = new RegistrationService(deps);
  const joinCodes = new Map<string, string>();
  const apply = async (a: Applicant, n: number) => {
    const employee = a.group === "EMPLOYEE";
    const leadsTeam = a.team !== "" && !joinCodes.has(a.team);
    const request: RegistrationRequest = {
      stageId: preliminary.id,
      regionId: beijing,
      group: a.group,
      basis: employee ? "EMPLOYEE_JOB" : "STUDENT",
      name: a.name,
      idNumber: demoIdNumber(n, employee),
      phone: `138${String(10_000_000 + n * 7919).slice(-8)}`,
      organisation: a.organisation,
      field: a.field,
      ...(employee ? { jobStartedOn: "2019-07-01" } : {}),
      honours: [],
      declaration: true,
      team:
        a.team === ""
          ? { mode: "none" }
          : leadsTeam
            ? { mode: "lead", name: a.team }
            : { mode: "join", joinCode: joinCodes.get(a.team) as string },
    };
    const applied = await registration.apply(request);
    if (leadsTeam) {
      const view = await registration.view(applied.accessCode);
      if (view.team?.joinCode) joinCodes.set(a.team, view.team.joinCode);
    }
    return applied;
  };
  const review = new ReviewService(deps);
  for (const [i, a] of SEATED.entries()) {
    const applied = await apply(a, i + 1);
    await registration.addEvidence(applied.accessCode, EVIDENCE[a.group], "proof.pdf", proofPdf(a.name));
    const issued = await review.approve(host, beijing, applied.registrationId, {});
    await giveDemoPassword(db, issued.contestantId, passwordHash, d.config.SESSION_SECRET);
  }
  for (const [i, a] of PENDING.entries()) {
    const applied = await apply(a, SEATED.length + i + 1);
    if (a.evidence)
      await registration.addEvidence(applied.accessCode, EVIDENCE[a.group], "proof.pdf", proofPdf(a.name));
    if (a.reject) await review.reject(host, beijing, applied.registrationId, { reason: a.reject });
  }
  await hosting.seating.autoSeat(host, beijing, session.id, { prefix: "A" });
  return { sessionId: session.id, created: true, startsAt, tickets: await seatedTickets(db, session.id) };
}

/**
 * The demo's contestants share one password, so the README can list it; a real approval issues a
 * random one. The admission ticket prints this one too.
 */
async function giveDemoPassword(db: Db, contestantId: string, passwordHash: string, secret: string) {
  const c = await db.contestant.update({
    where: { id: contestantId },
    data: { initialPasswordSealed: seal(secret, DEMO_PASSWORD) },
    select: { userId: true },
  });
  await db.user.update({ where: { id: c.userId }, data: { passwordHash } });
}

async function seatedTickets(db: Db, sessionId: string): Promise<string[]> {
  const rows = await db.attempt.findMany({
    where: { examSessionId: sessionId },
    select: { contestant: { select: { ticketNumber: true } } },
    orderBy: { seat: "asc" },
  });
  return rows.map((r) => r.contestant.ticketNumber);
}

/** The actor the seed acts as, for tests that continue where it stopped. */
export async function demoActor(db: Db, username: string): Promise<Principal> {
  const user = await db.user.findUniqueOrThrow({ where: { username }, select: { id: true } });
  return principalOfUser(db, user.id);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  try {
    const { created, startsAt, tickets } = await seedDemo({ db, config });
    console.log(`${created ? "seeded" : "kept"} the demo; the exam starts at ${startsAt.toISOString()}`);
    console.log(`contestants' tickets (password ${DEMO_PASSWORD}): ${tickets.join(" ")}`);
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
