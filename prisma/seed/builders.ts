// Small factories for contests, papers, sessions, contestants and staff. The demo seed and the
// tests both build their data through these.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db, Tx } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import type { BlobStore } from "../../core/storage/blob-store.ts";
import type { Label, TaskKind } from "../../protocol/index.ts";
import { putItemMedia } from "../../server/exams/media-store.ts";
import type { QuestionSpec } from "./questions.ts";
import { RASTER_TYPE, rasterize } from "./raster.ts";
import { makeScene, SCENE_LABELS } from "./scenes.ts";
import type { ItemSpec, TaskSpec } from "./tasks.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface RegionRow {
  no: number;
  name_en: string;
  name_zh: string;
  host_org: string;
}

/** Upserts the contest's 20 regions and their host organisations. */
export async function upsertRegions(db: Db): Promise<Map<number, string>> {
  const { regions } = JSON.parse(fs.readFileSync(path.join(HERE, "regions.json"), "utf8")) as {
    regions: RegionRow[];
  };
  const ids = new Map<number, string>();
  for (const r of regions) {
    const row = await db.region.upsert({
      where: { no: r.no },
      update: { nameZh: r.name_zh, nameEn: r.name_en, hostOrg: r.host_org },
      create: { no: r.no, nameZh: r.name_zh, nameEn: r.name_en, hostOrg: r.host_org },
      select: { id: true },
    });
    ids.set(r.no, row.id);
  }
  return ids;
}

export interface BoxTaskSpec {
  title: string;
  instructions: string;
  labels: Label[];
  points: number;
  /** One seed per item: each becomes a synthetic scene with exact truth boxes. */
  sceneSeeds: number[];
  iouThreshold?: number;
}

export interface ExamSpec {
  contestName?: string;
  stageName?: string;
  sessionName?: string;
  regionId?: string | null;
  startsAt: Date;
  durationMinutes: number;
  lateStartMinutes?: number;
  questions: QuestionSpec[];
  /** Box tasks from generated scenes, or tasks of any kind with their items (prisma/seed/tasks.ts). */
  tasks: (BoxTaskSpec | TaskSpec)[];
}

export interface BuiltExam {
  contestId: string;
  stageId: string;
  sessionId: string;
  paperId: string;
  questions: { id: string; spec: QuestionSpec }[];
  items: {
    id: string;
    taskId: string;
    kind: TaskKind;
    /** A box item's truth boxes; [] for other kinds (see groundTruth). */
    truth: ReturnType<typeof makeScene>["boxes"];
    groundTruth: object;
  }[];
}

/** A box task from generated scenes, as a task of items. */
export function boxTask(spec: BoxTaskSpec): TaskSpec {
  return {
    kind: "BOXES",
    title: spec.title,
    instructions: spec.instructions,
    labels: spec.labels,
    points: spec.points,
    settings: { iouThreshold: spec.iouThreshold ?? 0.5 },
    items: spec.sceneSeeds.map((seed) => {
      const scene = makeScene(seed);
      return {
        payload: { width: scene.width, height: scene.height },
        drawing: scene.svg,
        truth: { boxes: scene.boxes },
      };
    }),
  };
}

export const DEFAULT_BOX_TASK: Omit<BoxTaskSpec, "sceneSeeds"> = {
  title: "街景目标检测 Street-scene object detection",
  instructions:
    "用矩形框标出图中每一辆汽车、每一个行人和每一棵树，框要紧贴目标。Draw a tight box around every car, person and tree.",
  labels: SCENE_LABELS,
  points: 100,
};

/** Creates a contest, a stage, a paper (theory + practical) and one exam session. */
export async function buildExam(db: Db, spec: ExamSpec): Promise<BuiltExam> {
  const contest = await db.contest.create({
    data: { name: spec.contestName ?? "AI Trainer 2021", year: 2021 },
    select: { id: true },
  });
  const stage = await db.stage.create({
    data: {
      contestId: contest.id,
      kind: "PRELIMINARY",
      regionId: spec.regionId ?? null,
      name: spec.stageName ?? "Preliminary",
    },
    select: { id: true },
  });
  const paper = await buildPaper(db, {
    title: spec.sessionName ?? "Paper",
    questions: spec.questions,
    tasks: spec.tasks,
  });
  const session = await db.examSession.create({
    data: {
      stageId: stage.id,
      regionId: spec.regionId ?? null,
      paperId: paper.paperId,
      name: spec.sessionName ?? "Session",
      startsAt: spec.startsAt,
      durationMinutes: spec.durationMinutes,
      lateStartMinutes: spec.lateStartMinutes ?? 30,
    },
    select: { id: true },
  });
  return { contestId: contest.id, stageId: stage.id, sessionId: session.id, ...paper };
}

export interface PaperSpec {
  title: string;
  questions: QuestionSpec[];
  tasks: (BoxTaskSpec | TaskSpec)[];
}

/**
 * A paper: a theory section of questions and a practical section of tasks (either may be empty).
 * Item media go to `opts.store` when one is given (the demo seed: the server's MEDIA_DIR), and into
 * the legacy Item.media column otherwise (test fixtures, whose servers each have a folder of their
 * own; the media route serves both, docs/MEDIA.md).
 */
export async function buildPaper(
  db: Db | Tx,
  spec: PaperSpec,
  opts: { store?: BlobStore } = {},
): Promise<Pick<BuiltExam, "paperId" | "questions" | "items">> {
  const paper = await db.paper.create({ data: { title: spec.title }, select: { id: true } });
  const questions: BuiltExam["questions"] = [];
  const items: BuiltExam["items"] = [];
  if (spec.questions.length > 0) {
    const theory = await db.section.create({
      data: { paperId: paper.id, kind: "THEORY", title: "理论考核 Theory", position: 1 },
      select: { id: true },
    });
    for (const [i, q] of spec.questions.entries()) {
      const row = await db.question.create({
        data: {
          sectionId: theory.id,
          position: i + 1,
          kind: q.kind,
          prompt: q.prompt,
          options: q.options,
          points: q.points,
          scoring: q.scoring ?? "all-or-nothing",
          answerKey: { create: { key: q.key } },
        },
        select: { id: true },
      });
      questions.push({ id: row.id, spec: q });
    }
  }
  if (spec.tasks.length > 0) {
    const practical = await db.section.create({
      data: { paperId: paper.id, kind: "PRACTICAL", title: "实际操作考核 Practical", position: 2 },
      select: { id: true },
    });
    for (const [t, given] of spec.tasks.entries()) {
      const task = "sceneSeeds" in given ? boxTask(given) : given;
      // The task's drawings are rasterized together, before its rows are written.
      const media = await Promise.all(task.items.map(storedMedia));
      const row = await db.task.create({
        data: {
          sectionId: practical.id,
          position: t + 1,
          kind: task.kind,
          title: task.title,
          instructions: task.instructions,
          labels: task.labels,
          settings: task.settings as object,
          points: task.points,
        },
        select: { id: true },
      });
      for (const [i, it] of task.items.entries()) {
        const m = media[i];
        const inStore = m !== undefined && opts.store !== undefined;
        const item = await db.item.create({
          data: {
            taskId: row.id,
            position: i + 1,
            payload: it.payload as object,
            mediaType: m?.type ?? null,
            media: m && !inStore ? Uint8Array.from(m.body) : null,
            groundTruth: { create: { data: it.truth } },
          },
          select: { id: true },
        });
        if (m && opts.store) {
          const stored = await putItemMedia(opts.store, item.id, m.body, m.type);
          await db.item.update({ where: { id: item.id }, data: stored });
        }
        const boxes = (it.truth as { boxes?: BuiltExam["items"][number]["truth"] }).boxes;
        items.push({
          id: item.id,
          taskId: row.id,
          kind: task.kind,
          truth: task.kind === "BOXES" && boxes ? boxes : [],
          groundTruth: it.truth,
        });
      }
    }
  }
  return { paperId: paper.id, questions, items };
}

/** Types an item's media may be stored as: pixels and sound, never markup (docs/MEDIA.md). */
const STORABLE_TYPES = new Set([
  RASTER_TYPE,
  "image/jpeg",
  "image/webp",
  "audio/wav",
  "audio/mpeg",
  "audio/ogg",
]);

/** What an item stores as its media: a drawing rasterized to PNG, or raster or audio bytes as given. */
async function storedMedia(it: ItemSpec): Promise<{ type: string; body: Buffer } | undefined> {
  if (it.drawing !== undefined) return { type: RASTER_TYPE, body: await rasterize(it.drawing) };
  if (it.media && !STORABLE_TYPES.has(it.media.type))
    throw new Error(
      `Item media of type ${it.media.type} is not stored: give images as a drawing or raster bytes`,
    );
  return it.media;
}

/** A contestant with a ticket number and password, seated in the session (an attempt not started). */
export async function createContestant(
  db: Db,
  opts: {
    stageId: string;
    sessionId: string;
    ticketNumber: string;
    password: string;
    name: string;
    seat?: string;
    passwordHash?: string;
  },
): Promise<{ userId: string; contestantId: string; attemptId: string }> {
  const user = await db.user.create({
    data: { name: opts.name, passwordHash: opts.passwordHash ?? (await hashPassword(opts.password)) },
    select: { id: true },
  });
  const stageRow = await db.stage.findUnique({ where: { id: opts.stageId }, select: { regionId: true } });
  const contestant = await db.contestant.create({
    data: {
      userId: user.id,
      stageId: opts.stageId,
      regionId: stageRow?.regionId ?? null,
      group: "STUDENT",
      ticketNumber: opts.ticketNumber,
    },
    select: { id: true },
  });
  const attempt = await db.attempt.create({
    data: { contestantId: contestant.id, examSessionId: opts.sessionId, seat: opts.seat ?? null },
    select: { id: true },
  });
  return { userId: user.id, contestantId: contestant.id, attemptId: attempt.id };
}

/** A staff user with one role, optionally scoped to a region or an exam session. */
export async function createStaff(
  db: Db,
  opts: {
    username: string;
    password: string;
    name: string;
    role: "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE";
    regionId?: string;
    examSessionId?: string;
    passwordHash?: string;
  },
): Promise<{ userId: string }> {
  const user = await db.user.create({
    data: {
      username: opts.username,
      name: opts.name,
      passwordHash: opts.passwordHash ?? (await hashPassword(opts.password)),
      staffRoles: {
        create: {
          role: opts.role,
          regionId: opts.regionId ?? null,
          examSessionId: opts.examSessionId ?? null,
        },
      },
    },
    select: { id: true },
  });
  return { userId: user.id };
}
