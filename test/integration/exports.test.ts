// Exports of a task's truth and its contestants' final answers (issue 11), against the real server
// and PostgreSQL: every format read back with core/formats' own readers and compared with what is
// stored (YOLO within 0.01 px), who may export what, and the kinds without a shape format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromCoco } from "../../core/formats/coco.ts";
import { type DatasetImage, ringBounds } from "../../core/formats/dataset.ts";
import { fromVoc } from "../../core/formats/voc.ts";
import { fromYolo, readYoloClasses } from "../../core/formats/yolo.ts";
import { unzip } from "../../core/formats/zip.ts";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import {
  boxTask,
  buildExam,
  createContestant,
  createStaff,
  DEFAULT_BOX_TASK,
  upsertRegions,
} from "../../prisma/seed/builders.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import type { Box, Label, Polygon } from "../../protocol/index.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

const START = new Date("2026-06-01T08:00:00Z");
const clock = new ManualClock(new Date("2026-06-01T08:10:00Z"));

interface TaskRow {
  id: string;
  kind: string;
  labels: Label[];
  items: { id: string; position: number; width: number; height: number; truth: unknown }[];
}

let stack: Stack;
let sessionA: string;
let otherSession: string;
const tasks: Record<"BOXES" | "POLYGONS" | "IMAGE_CLASSIFICATION", TaskRow> = {} as never;
const clients: Record<string, Client> = {};
const saved: Record<string, Record<string, unknown>> = { "T-001": {}, "T-002": {} };

beforeAll(async () => {
  stack = await startStack({ clock });
  const db = stack.db;
  const regions = await upsertRegions(db);
  const regionA = regions.get(1) ?? "";
  const regionB = regions.get(2) ?? "";
  const exam = await buildExam(db, {
    regionId: regionA,
    sessionName: "北京预赛",
    startsAt: START,
    durationMinutes: 60,
    questions: [],
    tasks: [
      boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [3, 4] }),
      demoTask("POLYGONS", 2),
      demoTask("IMAGE_CLASSIFICATION", 1),
    ],
  });
  sessionA = exam.sessionId;
  const other = await buildExam(db, {
    regionId: regionB,
    sessionName: "上海预赛",
    startsAt: START,
    durationMinutes: 60,
    questions: [],
    tasks: [boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [5] })],
  });
  otherSession = other.sessionId;
  const rows = await db.task.findMany({
    where: { section: { paperId: exam.paperId } },
    select: {
      id: true,
      kind: true,
      labels: true,
      items: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, payload: true, groundTruth: { select: { data: true } } },
      },
    },
  });
  for (const t of rows)
    tasks[t.kind as keyof typeof tasks] = {
      id: t.id,
      kind: t.kind,
      labels: t.labels as unknown as Label[],
      items: t.items.map((it) => {
        const p = it.payload as { width: number; height: number };
        return {
          id: it.id,
          position: it.position,
          width: p.width,
          height: p.height,
          truth: it.groundTruth?.data,
        };
      }),
    };
  const passwordHash = await hashPassword(PASSWORD);
  const attempts: Record<string, string> = {};
  for (const ticket of ["T-001", "T-002", "T-003"]) {
    const c = await createContestant(db, {
      stageId: exam.stageId,
      sessionId: sessionA,
      ticketNumber: ticket,
      password: PASSWORD,
      name: ticket,
      passwordHash,
    });
    attempts[ticket] = c.attemptId;
  }
  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE", string | undefined][] = [
    ["admin", "ADMIN", undefined],
    ["host-a", "REGION_HOST", regionA],
    ["host-b", "REGION_HOST", regionB],
    ["proctor-a", "PROCTOR", regionA],
    ["judge-a", "JUDGE", regionA],
    ["judge-b", "JUDGE", regionB],
  ];
  for (const [username, role, regionId] of staff)
    await createStaff(db, {
      username,
      name: username,
      role,
      password: PASSWORD,
      passwordHash,
      ...(regionId ? { regionId } : {}),
    });
  for (const login of [...staff.map((s) => s[0]), "T-001", "T-002"]) {
    const c = new Client(stack.baseUrl);
    expect((await c.login(login, PASSWORD)).status).toBe(200);
    clients[login] = c;
  }
  clients.anonymous = new Client(stack.baseUrl);

  // T-001 and T-002 start and save; T-003 never starts (no images of theirs are exported).
  const boxes = tasks.BOXES;
  const polys = tasks.POLYGONS;
  const answers: [string, string, unknown][] = [
    [
      "T-001",
      boxes.items[0]?.id ?? "",
      {
        boxes: [
          { id: "a1", label: "car", x: 10.25, y: 20.5, w: 100, h: 60.75 },
          { id: "a2", label: "person", x: 300, y: 200, w: 30.5, h: 90 },
        ],
      },
    ],
    [
      "T-001",
      polys.items[0]?.id ?? "",
      {
        polygons: [
          {
            id: "p1",
            label: polys.labels[0]?.id ?? "",
            points: [
              [50, 50],
              [150.5, 60],
              [120, 140.25],
            ],
          },
        ],
      },
    ],
    ["T-002", boxes.items[1]?.id ?? "", { boxes: [{ id: "b1", label: "tree", x: 1, y: 2, w: 3, h: 4 }] }],
  ];
  for (const ticket of ["T-001", "T-002"]) {
    const c = clients[ticket] as Client;
    expect((await c.post(`/api/attempts/${attempts[ticket]}/start`)).status).toBe(200);
  }
  for (const [ticket, itemId, data] of answers) {
    const res = await (clients[ticket] as Client).put(`/api/attempts/${attempts[ticket]}/answers`, {
      target: { kind: "item", id: itemId },
      revision: 1,
      data,
    });
    expect(res.status, res.text).toBe(200);
    (saved[ticket] as Record<string, unknown>)[itemId] = data;
  }
});
afterAll(async () => {
  await stack?.stop();
});

const exportPath = (taskId: string, format: string, of: string, sessionId?: string) =>
  `/api/exports/tasks/${taskId}?format=${format}&of=${of}${sessionId ? `&sessionId=${sessionId}` : ""}`;

/** A download's bytes (the test client reads text, which would mangle a ZIP). */
async function download(
  who: string,
  path: string,
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const c = clients[who] as Client;
  const res = await fetch(c.baseUrl + path, { headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function ok(path: string, who = "admin"): Promise<Buffer> {
  const res = await download(who, path);
  expect(res.status, res.body.toString()).toBe(200);
  return res.body;
}

/** A task's truth or answers as [file, label name, x, y, w, h][] of boxes and polygon outlines. */
type Shape = [string, string, number, number, number, number];
function nameOf(task: TaskRow, id: string): string {
  return task.labels.find((l) => l.id === id)?.name ?? id;
}
function shapesOfDoc(task: TaskRow, file: string, doc: unknown, polygonsAsBoxes = false): Shape[] {
  const d = (doc ?? {}) as { boxes?: Box[]; polygons?: Polygon[] };
  const out: Shape[] = (d.boxes ?? []).map((b) => [file, nameOf(task, b.label), b.x, b.y, b.w, b.h]);
  if (polygonsAsBoxes)
    for (const p of d.polygons ?? []) out.push([file, nameOf(task, p.label), ...ringBounds(p.points)]);
  return out;
}
function shapesOfImage(img: DatasetImage): Shape[] {
  return img.boxes.map((b) => [img.file, b.label, b.x, b.y, b.w, b.h]);
}
function expectNear(actual: Shape[], expected: Shape[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as Shape;
    expect(a.slice(0, 2)).toEqual(e.slice(0, 2));
    for (let k = 2; k < 6; k++)
      expect(Math.abs((a[k] as number) - (e[k] as number))).toBeLessThanOrEqual(tolerance);
  });
}
function polygonsOf(task: TaskRow, doc: unknown) {
  return ((doc ?? {}) as { polygons?: Polygon[] }).polygons?.map((p) => ({
    label: nameOf(task, p.label),
    points: p.points,
  }));
}

const truthFiles = (task: TaskRow) => task.items.map((it) => ({ file: `item-${it.position}.png`, it }));

describe("the truth, exported and read back", () => {
  for (const kind of ["BOXES", "POLYGONS"] as const) {
    it(`${kind}: COCO`, async () => {
      const task = tasks[kind];
      const back = fromCoco((await ok(exportPath(task.id, "coco", "truth"))).toString("utf8"));
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      expect(back.value.labels).toEqual(task.labels.map((l) => l.name));
      expect(back.value.images.map((i) => [i.file, i.width, i.height])).toEqual(
        task.items.map((it) => [`item-${it.position}.png`, it.width, it.height]),
      );
      truthFiles(task).forEach(({ file, it }, k) => {
        const img = back.value.images[k] as DatasetImage;
        expectNear(shapesOfImage(img), shapesOfDoc(task, file, it.truth), 0.005);
        expect(img.polygons.map(({ label, points }) => ({ label, points }))).toEqual(
          polygonsOf(task, it.truth) ?? [],
        );
      });
    });

    it(`${kind}: VOC (polygons as their bounding boxes)`, async () => {
      const task = tasks[kind];
      const entries = unzip(await ok(exportPath(task.id, "voc", "truth")));
      expect(entries.map((e) => e.name)).toEqual(
        task.items.map((it) => `Annotations/item-${it.position}.xml`),
      );
      truthFiles(task).forEach(({ file, it }, k) => {
        const entry = entries[k] as { name: string; body: Buffer };
        const back = fromVoc(entry.body.toString("utf8"), entry.name, {
          labels: task.labels.map((l) => l.name),
        });
        if (!back.ok) throw new Error(JSON.stringify(back.problems));
        expect([back.value.file, back.value.width, back.value.height]).toEqual([file, it.width, it.height]);
        expectNear(shapesOfImage(back.value), shapesOfDoc(task, file, it.truth, true), 0.005);
      });
    });

    it(`${kind}: YOLO (within 0.01 px)`, async () => {
      const task = tasks[kind];
      const entries = unzip(await ok(exportPath(task.id, "yolo", "truth")));
      const byName = new Map(entries.map((e) => [e.name, e.body.toString("utf8")]));
      const classes = readYoloClasses(byName.get("classes.txt") ?? "");
      if (!classes.ok) throw new Error(JSON.stringify(classes.problems));
      expect(classes.value).toEqual(task.labels.map((l) => l.name));
      for (const { file, it } of truthFiles(task)) {
        const text = byName.get(`labels/item-${it.position}.txt`);
        expect(text).toBeDefined();
        const back = fromYolo(text ?? "", classes.value, { file, width: it.width, height: it.height });
        if (!back.ok) throw new Error(JSON.stringify(back.problems));
        expectNear(shapesOfImage(back.value), shapesOfDoc(task, file, it.truth), 0.01);
        const polygons = polygonsOf(task, it.truth) ?? [];
        expect(back.value.polygons.length).toBe(polygons.length);
        back.value.polygons.forEach((p, i) => {
          const want = polygons[i] as { label: string; points: [number, number][] };
          expect(p.label).toBe(want.label);
          expect(p.points.length).toBe(want.points.length);
          p.points.forEach(([x, y], j) => {
            const [wx, wy] = want.points[j] as [number, number];
            expect(Math.abs(x - wx)).toBeLessThanOrEqual(0.01);
            expect(Math.abs(y - wy)).toBeLessThanOrEqual(0.01);
          });
        });
      }
    });

    it(`${kind}: JSONL, the stored documents as they are`, async () => {
      const task = tasks[kind];
      const text = (await ok(exportPath(task.id, "jsonl", "truth"))).toString("utf8");
      const lines = text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines).toEqual(
        task.items.map((it) => ({
          item: it.position,
          file: `item-${it.position}.png`,
          width: it.width,
          height: it.height,
          truth: it.truth,
        })),
      );
    });
  }
});

describe("contestants' final answers, exported and read back", () => {
  const answerOf = (ticket: string, itemId: string) => saved[ticket]?.[itemId];

  it("BOXES as COCO: one image per started attempt × item, named <ticket>/<position>.png", async () => {
    const task = tasks.BOXES;
    const back = fromCoco((await ok(exportPath(task.id, "coco", "answers"), "judge-a")).toString("utf8"));
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    const expected = ["T-001", "T-002"].flatMap((ticket) =>
      task.items.map((it) => ({ ticket, it, file: `${ticket}/${it.position}.png` })),
    );
    expect(back.value.images.map((i) => i.file)).toEqual(expected.map((e) => e.file));
    expected.forEach(({ ticket, it, file }, k) => {
      expectNear(
        shapesOfImage(back.value.images[k] as DatasetImage),
        shapesOfDoc(task, file, answerOf(ticket, it.id)),
        0.005,
      );
    });
  });

  it("POLYGONS as YOLO and BOXES as VOC, narrowed to the session", async () => {
    const task = tasks.POLYGONS;
    const entries = unzip(await ok(exportPath(task.id, "yolo", "answers", sessionA), "host-a"));
    const byName = new Map(entries.map((e) => [e.name, e.body.toString("utf8")]));
    const names = task.labels.map((l) => l.name);
    const first = task.items[0] as TaskRow["items"][number];
    const back = fromYolo(byName.get(`labels/T-001/${first.position}.txt`) ?? "", names, {
      file: "T-001/1.png",
      width: first.width,
      height: first.height,
    });
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    const want = polygonsOf(task, answerOf("T-001", first.id))?.[0];
    if (!want) throw new Error("no saved polygon");
    expect(back.value.polygons).toHaveLength(1);
    expect(back.value.polygons[0]?.label).toBe(want.label);
    back.value.polygons[0]?.points.forEach(([x, y], j) => {
      const [wx, wy] = want.points[j] as [number, number];
      expect(Math.abs(x - wx)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(y - wy)).toBeLessThanOrEqual(0.01);
    });
    expect(byName.get(`labels/T-002/${first.position}.txt`)).toBe("");

    const boxes = tasks.BOXES;
    const voc = unzip(await ok(exportPath(boxes.id, "voc", "answers"), "judge-a"));
    const second = boxes.items[1] as TaskRow["items"][number];
    const entry = voc.find((e) => e.name === `Annotations/T-002/${second.position}.xml`);
    const read = fromVoc(entry?.body.toString("utf8") ?? "", "T-002.xml");
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expectNear(
      shapesOfImage(read.value),
      shapesOfDoc(boxes, `T-002/${second.position}.png`, answerOf("T-002", second.id)),
      0.005,
    );
  });

  it("leaves a practice sitting's answers out unless that session is asked for", async () => {
    const task = tasks.BOXES;
    const files = async (sessionId?: string) => {
      const back = fromCoco(
        (await ok(exportPath(task.id, "coco", "answers", sessionId), "judge-a")).toString("utf8"),
      );
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      return back.value.images.map((i) => i.file);
    };
    const before = await files();
    expect(before.some((f) => f.startsWith("T-001/"))).toBe(true);
    await stack.db.examSession.update({ where: { id: sessionA }, data: { practice: true } });
    try {
      expect((await files()).some((f) => f.startsWith("T-001/"))).toBe(false);
      expect((await files(sessionA)).some((f) => f.startsWith("T-001/"))).toBe(true);
    } finally {
      await stack.db.examSession.update({ where: { id: sessionA }, data: { practice: false } });
    }
    expect(await files()).toEqual(before);
  });

  it("JSONL carries each answer's raw document, revision and time; unanswered items have null", async () => {
    const task = tasks.BOXES;
    const text = (await ok(exportPath(task.id, "jsonl", "answers"))).toString("utf8");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    const first = task.items[0] as TaskRow["items"][number];
    expect(lines[0]).toMatchObject({
      ticketNumber: "T-001",
      sessionId: sessionA,
      item: first.position,
      file: `T-001/${first.position}.png`,
      answer: answerOf("T-001", first.id),
      revision: 1,
    });
    expect(lines[2]).toMatchObject({ ticketNumber: "T-002", answer: null, revision: null });
  });
});

describe("who may export, and what", () => {
  it("sends an attachment, never cached or sniffed, and audits it", async () => {
    const res = await download("admin", exportPath(tasks.BOXES.id, "yolo", "truth"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="task-1-truth-yolo\.zip"$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const entry = await stack.db.auditEntry.findFirst({
      where: { action: "export.task", target: `task:${tasks.BOXES.id}` },
      orderBy: { at: "desc" },
    });
    expect(entry?.details).toMatchObject({ format: "yolo", of: "truth" });
  });

  it.each([
    ["admin", 200],
    ["judge-a", 200],
    ["host-a", 200],
    ["judge-b", 404],
    ["host-b", 404],
    ["proctor-a", 403],
    ["T-001", 403],
    ["anonymous", 401],
  ])("%s gets %i", async (who, status) => {
    for (const of of ["truth", "answers"]) {
      const res = await download(who, exportPath(tasks.BOXES.id, "coco", of));
      expect(res.status, res.body.toString()).toBe(status);
    }
  });

  it("lists a session's tasks with the formats each exports to, to those who see the session", async () => {
    const path = `/api/exports/sessions/${sessionA}/tasks`;
    const res = await clients["judge-a"]?.get<{ taskId: string; kind: string; formats: string[] }[]>(path);
    expect(res?.status).toBe(200);
    expect(res?.headers.get("cache-control")).toBe("private, no-store");
    expect(res?.body.data?.map((x) => [x.taskId, x.kind, x.formats])).toEqual([
      [tasks.BOXES.id, "BOXES", ["coco", "voc", "yolo", "jsonl"]],
      [tasks.POLYGONS.id, "POLYGONS", ["coco", "voc", "yolo", "jsonl"]],
      [tasks.IMAGE_CLASSIFICATION.id, "IMAGE_CLASSIFICATION", ["jsonl"]],
    ]);
    expect((await clients["host-a"]?.get(path))?.status).toBe(200);
    expect((await clients["judge-b"]?.get(path))?.status).toBe(404);
    expect((await clients["proctor-a"]?.get(path))?.status).toBe(403);
    expect((await clients["T-001"]?.get(path))?.status).toBe(403);
  });

  it("refuses another region's session as the narrowing, an unknown task, and bad queries", async () => {
    expect(
      (await download("judge-a", exportPath(tasks.BOXES.id, "coco", "answers", otherSession))).status,
    ).toBe(404);
    expect((await download("admin", exportPath("no-such-task", "coco", "truth"))).status).toBe(404);
    for (const path of [
      exportPath(tasks.BOXES.id, "xml", "truth"),
      exportPath(tasks.BOXES.id, "coco", "everything"),
      `/api/exports/tasks/${tasks.BOXES.id}?format=coco`,
    ]) {
      const res = await clients.admin?.get(path);
      expect(res?.status).toBe(400);
      expect(res?.body.error?.code).toBe("VALIDATION_FAILED");
    }
  });

  it("a classification task has no COCO, VOC or YOLO form (400 naming the kind), but exports as JSONL", async () => {
    const task = tasks.IMAGE_CLASSIFICATION;
    for (const format of ["coco", "voc", "yolo"]) {
      const res = await clients.admin?.get(exportPath(task.id, format, "truth"));
      expect(res?.status).toBe(400);
      expect(res?.body.error?.code).toBe("VALIDATION_FAILED");
      expect(res?.body.error?.message).toContain("IMAGE_CLASSIFICATION");
    }
    const text = (await ok(exportPath(task.id, "jsonl", "truth"))).toString("utf8");
    expect(JSON.parse(text.trim().split("\n")[0] ?? "{}")).toMatchObject({
      item: 1,
      truth: task.items[0]?.truth,
    });
  });
});
