// Paper and task authoring (issue 11), against the real server, PostgreSQL and the media store:
// papers and tasks written by an admin and nobody else, settings read by the kind's strict schema,
// labels the truth uses kept, datasets imported whole or refused whole with the reason (and nothing
// changed: items and blobs counted before and after), the worker's scorer run on a sample answer,
// a paper frozen once a sitting began, and a contestant's exam view free of truth and file names.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zip as writeZip } from "../../core/formats/zip.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { createContestant, createStaff } from "../../prisma/seed/builders.ts";
import {
  DATASET_FORMATS,
  type DatasetImportReport,
  FORMATS_BY_KIND,
  MAX_ITEMS_PER_TASK,
  type PaperDetail,
  type PaperSummary,
  type TaskDetail,
  type TryScoreResult,
} from "../../protocol/authoring.ts";
import { newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";
import { zip as hostileZip } from "../helpers/zip.ts";

let stack: Stack;
let admin: Client;
const others: Record<string, Client> = {};
let stageId: string;
let regionId: string;
let demoPaperId: string;
let contestantTicket = 0;

const FIXTURES = path.join(import.meta.dirname, "../../core/formats/fixtures");
const cocoFixture = fs.readFileSync(path.join(FIXTURES, "coco-instances_val2017_1img-sample.json"), "utf8");

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#777" } })
    .png()
    .toBuffer();
}
async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#777" } })
    .jpeg()
    .toBuffer();
}

const label = (id: string, name = id) => ({ id, name, color: "#3366cc" });

function taskBody(over: Record<string, unknown> = {}) {
  return {
    kind: "POLYGONS",
    title: "Cars from above",
    instructions: "Outline every car.",
    labels: [label("car")],
    settings: {},
    points: 20,
    ...over,
  };
}

/** A COCO file: images as [file, width, height, id?], annotations as polygons [x0, y0, x1, y1…]. */
function coco(
  images: { file: string; w: number; h: number; id: number }[],
  annotations: { image: number; category?: number; polygon?: number[]; bbox?: number[] }[],
  categories = [{ id: 1, name: "car" }],
): string {
  return JSON.stringify({
    images: images.map((i) => ({ id: i.id, file_name: i.file, width: i.w, height: i.h })),
    categories,
    annotations: annotations.map((a, k) => {
      const poly = a.polygon ?? [];
      const xs = poly.filter((_, j) => j % 2 === 0);
      const ys = poly.filter((_, j) => j % 2 === 1);
      const bbox = a.bbox ?? [
        Math.min(...xs),
        Math.min(...ys),
        Math.max(...xs) - Math.min(...xs),
        Math.max(...ys) - Math.min(...ys),
      ];
      return {
        id: k + 1,
        image_id: a.image,
        category_id: a.category ?? 1,
        iscrowd: 0,
        bbox,
        area: (bbox[2] ?? 0) * (bbox[3] ?? 0),
        ...(a.polygon ? { segmentation: [a.polygon] } : { segmentation: [] }),
      };
    }),
  });
}

const SQUARE = [10, 10, 40, 10, 40, 40, 10, 40];
const TRIANGLE = [5, 5, 30, 5, 5, 30];

async function goodDataset(): Promise<Buffer> {
  return writeZip([
    {
      name: "annotations/instances.json",
      body: coco(
        [
          { file: "images/street_a.png", w: 64, h: 48, id: 1 },
          { file: "images/street_b.png", w: 64, h: 48, id: 2 },
        ],
        [
          { image: 1, polygon: SQUARE },
          { image: 2, polygon: TRIANGLE },
        ],
      ),
    },
    { name: "images/street_a.png", body: await png(64, 48) },
    { name: "images/street_b.png", body: await png(64, 48) },
    { name: "__MACOSX/images/._street_a.png", body: Buffer.from("junk") },
    { name: "images/.DS_Store", body: Buffer.from("junk") },
  ]);
}

/** A zip whose one entry is a symbolic link (Unix mode 0120777 in the central directory). */
function symlinkZip(): Buffer {
  const z = writeZip([{ name: "link.png", body: "/etc/passwd" }]);
  const at = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  z.writeUInt16LE((3 << 8) | 20, at + 4);
  z.writeUInt32LE((0o120777 << 16) >>> 0, at + 38);
  return z;
}

/** Sends `bytes` as the raw body of a dataset import. */
async function upload(
  client: Client,
  taskId: string,
  query: string,
  bytes: Uint8Array,
): Promise<HttpResult<DatasetImportReport>> {
  const res = await fetch(`${client.baseUrl}/api/admin/tasks/${taskId}/imports?${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/octet-stream",
      ...(client.cookie ? { cookie: client.cookie } : {}),
    },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  let body: HttpResult<DatasetImportReport>["body"] = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: res.headers };
}

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .flatMap((d) => (d.isFile() ? [d.name] : []));
}

/** What an import must leave as it was when refused: items, truth, labels, blobs, audit lines. */
async function snapshot(taskId: string) {
  const db = stack.db;
  return {
    items: await db.item.count({ where: { taskId } }),
    truths: await db.groundTruth.count({ where: { item: { taskId } } }),
    labels: (await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { labels: true } })).labels,
    blobs: files(stack.config.MEDIA_DIR).length,
    audits: await db.auditEntry.count({ where: { target: `task:${taskId}` } }),
  };
}

function expectError(res: HttpResult, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error?.code, res.text).toBe(code);
}

async function newPaper(title: string): Promise<PaperDetail> {
  const res = await admin.post<PaperDetail>("/api/admin/papers", { title });
  expect(res.status, res.text).toBe(201);
  return res.body.data as PaperDetail;
}

async function newTask(paperId: string, over: Record<string, unknown> = {}): Promise<TaskDetail> {
  const res = await admin.post<TaskDetail>(`/api/admin/papers/${paperId}/tasks`, taskBody(over));
  expect(res.status, res.text).toBe(201);
  return res.body.data as TaskDetail;
}

/** A session of the paper that opened a minute ago, a contestant in it, signed in; their attempt. */
async function sitting(paperId: string) {
  const session = await stack.db.examSession.create({
    data: {
      stageId,
      regionId,
      paperId,
      name: `Sitting of ${paperId}`,
      startsAt: new Date(Date.now() - 60_000),
      durationMinutes: 90,
    },
    select: { id: true },
  });
  contestantTicket += 1;
  const ticket = `AUTH-${contestantTicket}`;
  const c = await createContestant(stack.db, {
    stageId,
    sessionId: session.id,
    ticketNumber: ticket,
    password: PASSWORD,
    name: `Contestant ${ticket}`,
  });
  const client = new Client(stack.baseUrl);
  expect((await client.login(ticket, PASSWORD)).status).toBe(200);
  return { sessionId: session.id, attemptId: c.attemptId, client };
}

beforeAll(async () => {
  stack = await startStack();
  const fixture = await newExamFixture(stack.db, { contestants: 1 });
  demoPaperId = fixture.paperId;
  regionId = fixture.regionId as string;
  const session = await stack.db.examSession.findUniqueOrThrow({
    where: { id: fixture.sessionId },
    select: { stageId: true },
  });
  stageId = session.stageId;
  const passwordHash = await hashPassword(PASSWORD);
  await createStaff(stack.db, {
    username: "host",
    name: "Host",
    role: "REGION_HOST",
    regionId,
    password: PASSWORD,
    passwordHash,
  });
  await createStaff(stack.db, {
    username: "judge",
    name: "Judge",
    role: "JUDGE",
    password: PASSWORD,
    passwordHash,
  });
  admin = new Client(stack.baseUrl);
  expect((await admin.login("admin", PASSWORD)).status).toBe(200);
  for (const [name, login] of [
    ["proctor", "proctor"],
    ["host", "host"],
    ["judge", "judge"],
    ["contestant", fixture.contestants[0]?.ticket ?? ""],
  ] as const) {
    const c = new Client(stack.baseUrl);
    expect((await c.login(login, PASSWORD)).status).toBe(200);
    others[name] = c;
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("papers", () => {
  it("lists the seeded paper, creates one with both sections, changes its title and weights", async () => {
    const list = await admin.get<PaperSummary[]>("/api/admin/papers");
    expect(list.status).toBe(200);
    const demo = list.body.data?.find((p) => p.id === demoPaperId);
    expect(demo).toMatchObject({ questions: 10, taskCount: 1, itemCount: 5, inUse: false, sessions: 1 });

    const paper = await newPaper("Preliminary, paper A");
    expect(paper).toMatchObject({
      title: "Preliminary, paper A",
      theoryWeight: 30,
      practicalWeight: 70,
      questions: 0,
      taskCount: 0,
      tasks: [],
    });
    const sections = await stack.db.section.findMany({
      where: { paperId: paper.id },
      orderBy: { position: "asc" },
      select: { id: true, kind: true, position: true },
    });
    expect(sections.map((s) => [s.kind, s.position])).toEqual([
      ["THEORY", 0],
      ["PRACTICAL", 1],
    ]);
    expect(paper.theorySectionId).toBe(sections[0]?.id);
    expect(paper.practicalSectionId).toBe(sections[1]?.id);

    const patched = await admin.request<PaperDetail>("PATCH", `/api/admin/papers/${paper.id}`, {
      title: "Preliminary, paper B",
      theoryWeight: 40,
      practicalWeight: 60,
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.data).toMatchObject({
      title: "Preliminary, paper B",
      theoryWeight: 40,
      practicalWeight: 60,
    });
    // Weights that do not add up, an unknown key: refused, nothing changed.
    expectError(
      await admin.request("PATCH", `/api/admin/papers/${paper.id}`, { theoryWeight: 50 }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.request("PATCH", `/api/admin/papers/${paper.id}`, { titel: "typo" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.post("/api/admin/papers", { title: "X", theoryWeight: 10 }),
      400,
      "VALIDATION_FAILED",
    );
    expect((await admin.get<PaperDetail>(`/api/admin/papers/${paper.id}`)).body.data).toMatchObject({
      title: "Preliminary, paper B",
      theoryWeight: 40,
    });
    expect(await stack.db.auditEntry.count({ where: { target: `paper:${paper.id}` } })).toBe(2);
    expectError(await admin.get("/api/admin/papers/nope"), 404, "NOT_FOUND");
  });
});

describe("tasks", () => {
  it("creates, reads, changes, orders and deletes tasks; settings are checked by the kind's schema", async () => {
    const paper = await newPaper("Tasks paper");
    const a = await newTask(paper.id);
    expect(a).toMatchObject({
      paperId: paper.id,
      position: 1,
      kind: "POLYGONS",
      settings: {},
      effective: { iouThreshold: 0.5, credit: "coco-mean" },
      items: [],
      inUse: false,
    });
    const b = await newTask(paper.id, { kind: "BOXES", title: "Boxes", settings: { iouThreshold: 0.7 } });
    expect(b).toMatchObject({ position: 2, effective: { iouThreshold: 0.7, credit: "coco-mean" } });

    // A typo in a key is an error naming it, never a silent default; the task stays as it was.
    const typo = await admin.put(
      `/api/admin/tasks/${b.id}`,
      taskBody({ kind: "BOXES", settings: { iouTreshold: 0.5 } }),
    );
    expectError(typo, 400, "VALIDATION_FAILED");
    expect(typo.body.error?.message).toContain("iouTreshold");
    const wrongType = await admin.put(
      `/api/admin/tasks/${b.id}`,
      taskBody({ kind: "BOXES", settings: { iouThreshold: "high" } }),
    );
    expectError(wrongType, 400, "VALIDATION_FAILED");
    expect(wrongType.body.error?.message).toContain("iouThreshold");
    expectError(
      await admin.post(`/api/admin/papers/${paper.id}/tasks`, taskBody({ settings: { radius: 3 } })),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.post(
        `/api/admin/papers/${paper.id}/tasks`,
        taskBody({ labels: [label("car"), label("car", "Car 2")] }),
      ),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.post(`/api/admin/papers/${paper.id}/tasks`, taskBody({ extra: 1 })),
      400,
      "VALIDATION_FAILED",
    );
    const unchanged = await admin.get<TaskDetail>(`/api/admin/tasks/${b.id}`);
    expect(unchanged.body.data).toMatchObject({ title: "Boxes", settings: { iouThreshold: 0.7 } });

    const changed = await admin.put<TaskDetail>(
      `/api/admin/tasks/${b.id}`,
      taskBody({
        kind: "BOXES",
        title: "Boxes, tight",
        settings: { iouThreshold: 0.75, credit: "f1@iou" },
        points: 15,
      }),
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.data).toMatchObject({
      title: "Boxes, tight",
      points: 15,
      effective: { credit: "f1@iou" },
    });

    const order = await admin.post<PaperDetail>(`/api/admin/papers/${paper.id}/tasks/order`, {
      taskIds: [b.id, a.id],
    });
    expect(order.status, order.text).toBe(200);
    expect(order.body.data?.tasks.map((t) => t.id)).toEqual([b.id, a.id]);
    expectError(
      await admin.post(`/api/admin/papers/${paper.id}/tasks/order`, { taskIds: [b.id] }),
      400,
      "VALIDATION_FAILED",
    );

    const del = await admin.request("DELETE", `/api/admin/tasks/${b.id}`);
    expect(del.status, del.text).toBe(200);
    expectError(await admin.get(`/api/admin/tasks/${b.id}`), 404, "NOT_FOUND");
    const after = await admin.get<PaperDetail>(`/api/admin/papers/${paper.id}`);
    expect(after.body.data?.tasks.map((t) => t.id)).toEqual([a.id]);
    expect(
      await stack.db.auditEntry.count({ where: { action: { startsWith: "task." }, target: `task:${b.id}` } }),
    ).toBe(3);
  });
});

describe("dataset import", () => {
  let paper: PaperDetail;
  let task: TaskDetail;

  beforeAll(async () => {
    paper = await newPaper("Import paper");
    task = await newTask(paper.id);
  });

  it("imports a COCO zip: items with their truth, media in the store, streamed back to staff", async () => {
    const before = await snapshot(task.id);
    const dry = await upload(admin, task.id, "format=coco&dryRun=1", await goodDataset());
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.data).toMatchObject({ dryRun: true, format: "coco", imported: 2 });
    expect(await snapshot(task.id)).toEqual(before);

    const res = await upload(admin, task.id, "format=coco", await goodDataset());
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject({ dryRun: false, imported: 2, labelsAdded: [] });
    const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data as TaskDetail;
    expect(detail.items.map((i) => [i.position, i.sourceName])).toEqual([
      [1, "images/street_a.png"],
      [2, "images/street_b.png"],
    ]);
    expect(detail.items[0]?.payload).toEqual({ width: 64, height: 48 });
    const truth = detail.items[0]?.truth as { polygons: { label: string; points: number[][] }[] };
    expect(truth.polygons).toHaveLength(1);
    expect(truth.polygons[0]?.label).toBe("car");
    const rows = await stack.db.item.findMany({
      where: { taskId: task.id },
      select: { mediaKey: true, mediaSize: true, mediaType: true },
    });
    expect(rows.every((r) => r.mediaKey && r.mediaType === "image/png" && (r.mediaSize ?? 0) > 0)).toBe(true);
    expect(files(stack.config.MEDIA_DIR).length).toBe(before.blobs + 2);
    const image = await fetch(`${stack.baseUrl}${detail.items[0]?.mediaUrl}`, {
      headers: { cookie: admin.cookie },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toContain("image/png");
    const bytes = Buffer.from(await image.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(64);
    expect(
      await stack.db.auditEntry.count({ where: { target: `task:${task.id}`, action: "task.import" } }),
    ).toBe(1);
  });

  it("reads the COCO API's own sample, adding its labels only when asked", async () => {
    const boxes = await newTask(paper.id, { kind: "BOXES", title: "COCO sample", labels: [label("person")] });
    const dataset = writeZip([
      { name: "instances.json", body: cocoFixture },
      { name: "000000448263.jpg", body: await jpeg(320, 240) },
    ]);
    const before = await snapshot(boxes.id);
    const refused = await upload(admin, boxes.id, "format=coco", dataset);
    expectError(refused, 422, "IMPORT_REJECTED");
    expect(JSON.stringify(refused.body.error?.details)).toContain("sports ball");
    expect(await snapshot(boxes.id)).toEqual(before);
    const added = await upload(admin, boxes.id, "format=coco&addLabels=1", dataset);
    expect(added.status, added.text).toBe(201);
    expect(added.body.data?.imported).toBe(1);
    expect(added.body.data?.labelsAdded.length).toBe(2);
    const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${boxes.id}`)).body.data as TaskDetail;
    expect(detail.labels.map((l) => l.id)).toContain("person");
    expect(detail.labels).toHaveLength(3);
    expect((detail.items[0]?.truth as { boxes?: unknown[] } | undefined)?.boxes).toHaveLength(15);
    // A box past the image's edge is refused by name.
    const outside = await upload(
      admin,
      boxes.id,
      "format=coco",
      writeZip([
        {
          name: "boxes.json",
          body: coco(
            [{ file: "a.png", w: 64, h: 48, id: 7 }],
            [{ image: 7, category: 1, bbox: [40, 30, 40, 10] }],
            [{ id: 1, name: "person" }],
          ),
        },
        { name: "a.png", body: await png(64, 48) },
      ]),
    );
    expectError(outside, 422, "IMPORT_REJECTED");
    expect(JSON.stringify(outside.body.error?.details)).toMatch(/outside the image/);
    expect(await stack.db.item.count({ where: { taskId: boxes.id } })).toBe(1);
  });

  it("refuses every malformed upload with its reason, and changes nothing", async () => {
    const before = await snapshot(task.id);
    const image = await png(64, 48);
    const one = (annotations: string, extra: { name: string; body: Buffer }[] = []) =>
      writeZip([{ name: "instances.json", body: annotations }, { name: "a.png", body: image }, ...extra]);
    const cases: { name: string; body: Buffer; query?: string; status?: number; reason: RegExp }[] = [
      {
        name: "zip bomb",
        // A small zip whose entry unpacks to 50 MB of zeros.
        body: hostileZip([{ name: "bomb.json", body: Buffer.alloc(50_000_000) }]),
        reason: /bomb/,
      },
      {
        name: "path traversal",
        body: hostileZip([{ name: "../x.png", body: image }]),
        reason: /path traversal/,
      },
      {
        name: "NUL in an entry's name",
        body: hostileZip([{ name: "a\u0000.png", body: image }]),
        reason: /control character/,
      },
      {
        name: "symbolic link",
        body: symlinkZip(),
        reason: /symbolic link/,
      },
      {
        name: "missing image",
        body: writeZip([
          {
            name: "instances.json",
            body: coco([{ file: "missing.png", w: 64, h: 48, id: 1 }], [{ image: 1, polygon: SQUARE }]),
          },
        ]),
        reason: /missing\.png/,
      },
      {
        name: "unknown label",
        body: one(
          coco(
            [{ file: "a.png", w: 64, h: 48, id: 1 }],
            [{ image: 1, polygon: SQUARE, category: 2 }],
            [
              { id: 1, name: "car" },
              { id: 2, name: "truck" },
            ],
          ),
        ),
        reason: /truck/,
      },
      {
        name: "box outside the image",
        body: one(
          coco(
            [{ file: "a.png", w: 64, h: 48, id: 1 }],
            [{ image: 1, polygon: [30, 30, 90, 30, 90, 45, 30, 45] }],
          ),
        ),
        reason: /outside the image/i,
      },
      {
        name: "self-intersecting polygon",
        body: one(
          coco(
            [{ file: "a.png", w: 64, h: 48, id: 1 }],
            [{ image: 1, polygon: [0, 0, 20, 20, 20, 0, 0, 20] }],
          ),
        ),
        reason: /intersect|cross/i,
      },
      {
        name: "duplicate image id",
        body: one(
          coco(
            [
              { file: "a.png", w: 64, h: 48, id: 1 },
              { file: "b.png", w: 64, h: 48, id: 1 },
            ],
            [{ image: 1, polygon: SQUARE }],
          ),
          [{ name: "b.png", body: image }],
        ),
        reason: /repeats image id|duplicate/i,
      },
      {
        name: "not a zip, not JSON",
        body: Buffer.from("this is not a dataset"),
        query: "&name=instances.json",
        reason: /not JSON/,
      },
      {
        name: "no name for a single file",
        body: Buffer.from("{}"),
        reason: /name/,
      },
      {
        name: "an empty body",
        body: Buffer.alloc(0),
        reason: /empty/,
      },
    ];
    for (const c of cases) {
      const res = await upload(admin, task.id, `format=coco${c.query ?? ""}`, c.body);
      expect(res.status, `${c.name}: ${res.text}`).toBe(c.status ?? 422);
      expect(res.body.error?.code, c.name).toBe("IMPORT_REJECTED");
      const details = res.body.error?.details as DatasetImportReport;
      const said = `${res.body.error?.message} ${details.rows.flatMap((r) => [r.where, ...r.problems]).join(" ")}`;
      expect(said, c.name).toMatch(c.reason);
      expect(details.imported, c.name).toBe(0);
      expect(await snapshot(task.id), c.name).toEqual(before);
    }
    // The same unknown label is accepted with addLabels=1 (a dry run: nothing written).
    const addLabels = await upload(
      admin,
      task.id,
      "format=coco&addLabels=1&dryRun=1",
      one(
        coco(
          [{ file: "a.png", w: 64, h: 48, id: 1 }],
          [{ image: 1, polygon: SQUARE, category: 2 }],
          [
            { id: 1, name: "car" },
            { id: 2, name: "truck" },
          ],
        ),
      ),
    );
    expect(addLabels.status, addLabels.text).toBe(200);
    expect(addLabels.body.data?.labelsAdded).toHaveLength(1);
    // A format the kind does not import, an unknown format, a query typo: 400.
    const misfit = DATASET_FORMATS.find((f) => !FORMATS_BY_KIND.POLYGONS.includes(f));
    expect(misfit).toBeDefined();
    for (const q of [`format=${misfit}`, "format=pdf", "format=coco&dryrun=1"])
      expectError(await upload(admin, task.id, q, await goodDataset()), 400, "VALIDATION_FAILED");
    expect(await snapshot(task.id)).toEqual(before);
  });

  it("refuses a body larger than the limit before reading it", async () => {
    const before = await snapshot(task.id);
    const url = new URL(`${stack.baseUrl}/api/admin/tasks/${task.id}/imports?format=coco`);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: "POST",
          headers: {
            cookie: admin.cookie,
            "content-type": "application/zip",
            "content-length": String(300 * 1024 * 1024),
          },
        },
        (r) => {
          let body = "";
          r.on("data", (d) => {
            body += d;
          });
          r.on("end", () => {
            req.destroy();
            resolve({ status: r.statusCode ?? 0, body });
          });
        },
      );
      req.on("error", reject);
      req.write(Buffer.alloc(1024));
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await snapshot(task.id)).toEqual(before);
  });

  it("replaces the task's items with replace=1, and appends without it", async () => {
    const appended = await upload(admin, task.id, "format=coco", await goodDataset());
    expect(appended.status, appended.text).toBe(201);
    expect(await stack.db.item.count({ where: { taskId: task.id } })).toBe(4);
    const positions = await stack.db.item.findMany({
      where: { taskId: task.id },
      select: { position: true },
      orderBy: { position: "asc" },
    });
    expect(positions.map((p) => p.position)).toEqual([1, 2, 3, 4]);
    const blobs = files(stack.config.MEDIA_DIR).length;
    const replaced = await upload(admin, task.id, "format=coco&replace=1", await goodDataset());
    expect(replaced.status, replaced.text).toBe(201);
    expect(await stack.db.item.count({ where: { taskId: task.id } })).toBe(2);
    // The replaced items' media are gone from the store; the new ones are there.
    expect(files(stack.config.MEDIA_DIR).length).toBe(blobs - 2);
  });

  it("refuses to remove a label the items' truth uses, and to change the kind of a task with items", async () => {
    const res = await admin.put(`/api/admin/tasks/${task.id}`, taskBody({ labels: [label("truck")] }));
    expectError(res, 400, "VALIDATION_FAILED");
    expect((res.body.error?.details as { labels?: string[] } | undefined)?.labels).toEqual(["car"]);
    expectError(await admin.put(`/api/admin/tasks/${task.id}`, taskBody({ kind: "BOXES" })), 409, "CONFLICT");
    const renamed = await admin.put<TaskDetail>(
      `/api/admin/tasks/${task.id}`,
      taskBody({ labels: [{ id: "car", name: "Car (any)", color: "#ff0000" }, label("truck")] }),
    );
    expect(renamed.status, renamed.text).toBe(200);
  });

  it("scores a sample answer with the task's scorer, writing nothing", async () => {
    const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data as TaskDetail;
    const item = detail.items.find((i) => i.sourceName === "images/street_a.png");
    expect(item).toBeDefined();
    const truth = item?.truth as { polygons: { id: string; label: string; points: [number, number][] }[] };
    const path = `/api/admin/tasks/${task.id}/try-score`;
    const versions = await stack.db.scoreVersion.count();
    const perfect = await admin.post<TryScoreResult>(path, { itemId: item?.id, answer: truth });
    expect(perfect.status, perfect.text).toBe(200);
    expect(perfect.body.data?.score).toBeCloseTo(1, 9);
    // The square 10..40 drawn 10..40 × 10..34: IoU 0.8, matched at 0.5–0.8 of coco-mean's ten thresholds.
    const sloppy = {
      polygons: [
        {
          id: "sloppy-1",
          label: "car",
          points: [
            [10, 10],
            [40, 10],
            [40, 34],
            [10, 34],
          ],
        },
      ],
    };
    const scored = await admin.post<TryScoreResult>(path, { itemId: item?.id, answer: sloppy });
    expect(scored.status, scored.text).toBe(200);
    expect(scored.body.data?.score).toBeGreaterThan(0.5);
    expect(scored.body.data?.score).toBeLessThan(1);
    expect(scored.body.data?.detail).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    // Answers a contestant's save would refuse are refused the same way.
    expectError(
      await admin.post(path, { itemId: item?.id, answer: { boxes: [] } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await admin.post(path, {
        itemId: item?.id,
        answer: { polygons: [{ ...sloppy.polygons[0], label: "bus" }] },
      }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await admin.post(path, { itemId: demoPaperId, answer: truth }), 404, "NOT_FOUND");
    expect(await stack.db.scoreVersion.count()).toBe(versions);
  });

  it("deletes an item and clears a task, removing their media", async () => {
    const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data as TaskDetail;
    const blobs = files(stack.config.MEDIA_DIR).length;
    const del = await admin.request("DELETE", `/api/admin/items/${detail.items[0]?.id}`);
    expect(del.status, del.text).toBe(200);
    expect(files(stack.config.MEDIA_DIR).length).toBe(blobs - 1);
    const clear = await admin.request<{ deleted: number }>("DELETE", `/api/admin/tasks/${task.id}/items`);
    expect(clear.body.data?.deleted).toBe(1);
    expect(await stack.db.item.count({ where: { taskId: task.id } })).toBe(0);
    expect(files(stack.config.MEDIA_DIR).length).toBe(blobs - 2);
  });
});

/** A WAV clip of silence: 16-bit mono PCM at 8 kHz. */
function wav(ms: number): Buffer {
  const samples = Math.round((8000 * ms) / 1000);
  const b = Buffer.alloc(44 + samples * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write("WAVE", 8);
  b.write("fmt ", 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

/**
 * The truth as the answer a contestant would save. A table's answer keeps one row per given row:
 * here the given table has the truth's rows and then duplicates of the last, which are marked.
 */
function truthAsAnswer(kind: string, truth: unknown, payload: unknown): unknown {
  if (kind === "TABLE") {
    const rows = (truth as { rows: string[][] }).rows;
    const given = (payload as { rows: string[][] }).rows.length;
    const extra = Array.from({ length: given - rows.length }, () => rows.at(-1) ?? []);
    return { rows: [...rows, ...extra], marks: [...rows.map(() => null), ...extra.map(() => "duplicate")] };
  }
  return truth;
}

describe("dataset import, every other format", () => {
  const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
  const cases: {
    format: string;
    kind: string;
    settings?: Record<string, unknown>;
    items: number;
    upload: () => Promise<{ body: Buffer; name?: string }>;
  }[] = [
    {
      format: "voc",
      kind: "BOXES",
      items: 1,
      upload: async () => ({
        body: writeZip([
          { name: "Annotations/raccoon-119.xml", body: fixture("voc-raccoon-119.xml") },
          { name: "JPEGImages/raccoon-119.jpg", body: await jpeg(400, 533) },
        ]),
      }),
    },
    {
      format: "yolo",
      kind: "BOXES",
      items: 1,
      upload: async () => ({
        body: writeZip([
          { name: "classes.txt", body: "car\ntruck\n" },
          { name: "images/x.png", body: await png(100, 50) },
          { name: "labels/x.txt", body: "0 0.5 0.5 0.2 0.4\n1 0.25 0.25 0.1 0.1\n" },
        ]),
      }),
    },
    {
      format: "labelstudio",
      kind: "POLYGONS",
      items: 1,
      upload: async () => ({
        body: writeZip([
          {
            name: "export.json",
            body: JSON.stringify([
              {
                id: 1,
                data: { image: "/data/upload/1/0a1b2c3d-roof.png" },
                annotations: [
                  {
                    id: 1,
                    was_cancelled: false,
                    result: [
                      {
                        id: "r1",
                        type: "polygonlabels",
                        from_name: "label",
                        to_name: "image",
                        original_width: 200,
                        original_height: 100,
                        value: {
                          points: [
                            [10, 10],
                            [50, 10],
                            [50, 60],
                          ],
                          polygonlabels: ["roof"],
                        },
                      },
                    ],
                  },
                ],
              },
            ]),
          },
          { name: "roof.png", body: await png(200, 100) },
        ]),
      }),
    },
    {
      format: "cvat",
      kind: "POINTS",
      items: 1,
      upload: async () => ({
        body: writeZip([
          {
            name: "annotations.xml",
            body: `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
  <image id="0" name="birds.png" width="60" height="40">
    <points label="bird" points="10,10;20,30" occluded="0" z_order="0"/>
  </image>
</annotations>`,
          },
          { name: "birds.png", body: await png(60, 40) },
        ]),
      }),
    },
    {
      format: "jsonl",
      kind: "TEXT_SPANS",
      items: 2,
      upload: async () => ({
        name: "spans.jsonl",
        body: Buffer.from(
          [
            {
              id: "s1",
              text: "张伟在北京工作。",
              spans: [
                { start: 0, end: 2, label: "PER" },
                { start: 3, end: 5, label: "LOC" },
              ],
            },
            { id: "s2", text: "No entities here.", spans: [] },
          ]
            .map((l) => JSON.stringify(l))
            .join("\n"),
        ),
      }),
    },
    {
      format: "jsonl",
      kind: "TEXT_CLASSIFICATION",
      items: 2,
      upload: async () => ({
        name: "reviews.jsonl",
        body: Buffer.from(
          [
            { id: "r1", text: "Great phone.", label: "positive" },
            { id: "r2", text: "Broke in a day.", label: "negative" },
          ]
            .map((l) => JSON.stringify(l))
            .join("\n"),
        ),
      }),
    },
    {
      format: "conll",
      kind: "TEXT_SPANS",
      items: 3,
      upload: async () => ({ name: "train.txt", body: fixture("conll2000-seqeval-ground_truth-3sent.txt") }),
    },
    {
      format: "transcripts-csv",
      kind: "TRANSCRIPTION",
      items: 2,
      upload: async () => ({
        body: writeZip([
          {
            name: "transcripts.csv",
            body: "file,transcript\nclips/a.wav,你好世界\nclips/b.wav,good morning\n",
          },
          { name: "clips/a.wav", body: wav(500) },
          { name: "clips/b.wav", body: wav(300) },
        ]),
      }),
    },
    {
      format: "transcripts-jsonl",
      kind: "TRANSCRIPTION",
      items: 1,
      upload: async () => ({
        body: writeZip([
          {
            name: "clips.jsonl",
            body: `${JSON.stringify({ file: "c.wav", transcript: "one two three" })}\n`,
          },
          { name: "c.wav", body: wav(400) },
        ]),
      }),
    },
    {
      format: "table-csv",
      kind: "TABLE",
      settings: { key: "id" },
      items: 1,
      upload: async () => ({
        body: writeZip([
          { name: "people.truth.csv", body: "id,name,city\n1,Wang Fang,Beijing\n2,Li Na,Shanghai\n" },
          {
            name: "people.dirty.csv",
            body: "id,name,city\n1,wang fang ,beijing\n2,Li Na,Shanghai\n2,Li Na,Shanghai\n",
          },
        ]),
      }),
    },
  ];

  let paperId: string;
  beforeAll(async () => {
    paperId = (await newPaper("Every format")).id;
  });

  for (const c of cases)
    it(`imports ${c.format} into a ${c.kind} task, and its truth scores 1`, async () => {
      const task = await newTask(paperId, {
        kind: c.kind,
        title: `${c.format} ${c.kind}`,
        labels: [],
        settings: c.settings ?? {},
      });
      const { body, name } = await c.upload();
      const query = `format=${c.format}&addLabels=1${name ? `&name=${name}` : ""}`;
      const res = await upload(admin, task.id, query, body);
      expect(res.status, res.text).toBe(201);
      expect(res.body.data?.imported).toBe(c.items);
      const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data as TaskDetail;
      expect(detail.items).toHaveLength(c.items);
      expect(detail.labels.length > 0 || c.kind === "TRANSCRIPTION" || c.kind === "TABLE").toBe(true);
      for (const it of detail.items) {
        expect(it.truth).not.toBeNull();
        const scored = await admin.post<TryScoreResult>(`/api/admin/tasks/${task.id}/try-score`, {
          itemId: it.id,
          answer: truthAsAnswer(c.kind, it.truth, it.payload),
        });
        expect(scored.status, scored.text).toBe(200);
        expect(scored.body.data?.score).toBeCloseTo(1, 9);
      }
    });
});

describe("the size of a task", () => {
  it("refuses an import that would take a task past MAX_ITEMS_PER_TASK items, changing nothing", async () => {
    const paper = await newPaper("Many items");
    const task = await newTask(paper.id, {
      kind: "TEXT_CLASSIFICATION",
      labels: [label("pos"), label("neg")],
      title: "Sentiment",
    });
    const lines = (from: number, n: number) =>
      Buffer.from(
        Array.from({ length: n }, (_, i) =>
          JSON.stringify({
            id: `t${from + i}`,
            text: `Review number ${from + i}.`,
            label: i % 2 ? "pos" : "neg",
          }),
        ).join("\n"),
      );
    const first = await upload(
      admin,
      task.id,
      "format=jsonl&name=a.jsonl",
      lines(0, MAX_ITEMS_PER_TASK - 100),
    );
    expect(first.status, first.text.slice(0, 500)).toBe(201);
    const before = await snapshot(task.id);
    const more = await upload(admin, task.id, "format=jsonl&name=b.jsonl", lines(5000, 101));
    expectError(more, 422, "IMPORT_REJECTED");
    expect(more.body.error?.message).toContain(String(MAX_ITEMS_PER_TASK));
    expect(await snapshot(task.id)).toEqual(before);
    // Replacing them is within the limit.
    const replaced = await upload(admin, task.id, "format=jsonl&name=b.jsonl&replace=1", lines(5000, 101));
    expect(replaced.status, replaced.text.slice(0, 500)).toBe(201);
    expect(await stack.db.item.count({ where: { taskId: task.id } })).toBe(101);
  });
});

describe("a paper in use, and what a contestant sees", () => {
  it("freezes a paper once an attempt of its session began; the contestant sees no truth, no file names", async () => {
    const paper = await newPaper("Sat paper");
    const task = await newTask(paper.id);
    const imported = await upload(admin, task.id, "format=coco", await goodDataset());
    expect(imported.status, imported.text).toBe(201);
    const detail = (await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data as TaskDetail;

    // The editor's thumbnails are served to staff.
    expect(detail.items[0]?.thumbUrl).toMatch(/\/thumb\?w=/);
    const thumb = await fetch(`${stack.baseUrl}${detail.items[0]?.thumbUrl}`, {
      headers: { cookie: admin.cookie },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toContain("image/webp");

    const { attemptId, client } = await sitting(paper.id);
    const seen: string[] = [];
    client.onResponse = (text) => seen.push(text);
    // Not begun yet: still editable.
    expect((await admin.put(`/api/admin/tasks/${task.id}`, taskBody({ title: "Renamed" }))).status).toBe(200);
    expect((await client.post(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const view = await client.get(`/api/attempts/${attemptId}/exam`);
    expect(view.status, view.text).toBe(200);
    for (const it of detail.items) {
      const media = await client.get(`/api/items/${it.id}/media`);
      expect(media.status).toBe(200);
    }

    const before = await snapshot(task.id);
    for (const res of [
      await admin.request("PATCH", `/api/admin/papers/${paper.id}`, { title: "Changed" }),
      await admin.put(`/api/admin/tasks/${task.id}`, taskBody({ title: "Changed" })),
      await admin.post(`/api/admin/papers/${paper.id}/tasks`, taskBody()),
      await admin.request("DELETE", `/api/admin/tasks/${task.id}`),
      await admin.request("DELETE", `/api/admin/tasks/${task.id}/items`),
      await admin.request("DELETE", `/api/admin/items/${detail.items[0]?.id}`),
      await upload(admin, task.id, "format=coco", await goodDataset()),
    ])
      expectError(res, 409, "PAPER_IN_USE");
    expect(await snapshot(task.id)).toEqual(before);
    expect((await admin.get<PaperDetail>(`/api/admin/papers/${paper.id}`)).body.data?.inUse).toBe(true);
    // Reading and trying answers still work on a frozen paper.
    expect((await admin.get<TaskDetail>(`/api/admin/tasks/${task.id}`)).body.data?.inUse).toBe(true);

    const everything = seen.join("\n");
    for (const it of detail.items) {
      expect(everything).not.toContain(it.sourceName as string);
      expect(everything).not.toContain("street_");
      const truth = it.truth as { polygons: { id: string; points: number[][] }[] };
      for (const p of truth.polygons) {
        expect(everything).not.toContain(p.id);
        expect(everything).not.toContain(JSON.stringify(p.points));
      }
    }
    for (const word of ["sourceName", "mediaKey", "truth", "groundTruth"])
      expect(everything).not.toContain(word);
  });
});

describe("giving a paper to a session", () => {
  it("refuses an empty paper and a paper whose task settings do not parse", async () => {
    const host = others.host as Client;
    const body = (paperId: string) => ({
      stageId,
      venueId: null,
      paperId,
      name: "Authoring check",
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 90,
      lateStartMinutes: 30,
    });
    const empty = await newPaper("Empty paper");
    const res = await host.post(`/api/regions/${regionId}/sessions`, body(empty.id));
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error?.message).toContain("no questions and no items");

    const broken = await newPaper("Broken settings");
    const task = await newTask(broken.id);
    expect((await upload(admin, task.id, "format=coco", await goodDataset())).status).toBe(201);
    // Settings written around the API (an older paper): the session is refused, naming task and key.
    await stack.db.task.update({ where: { id: task.id }, data: { settings: { iouTreshold: 0.5 } } });
    const bad = await host.post(`/api/regions/${regionId}/sessions`, body(broken.id));
    expectError(bad, 400, "VALIDATION_FAILED");
    expect(bad.body.error?.message).toContain("Cars from above");
    expect(bad.body.error?.message).toContain("iouTreshold");
    await stack.db.task.update({ where: { id: task.id }, data: { settings: {} } });
    const good = await host.post(`/api/regions/${regionId}/sessions`, body(broken.id));
    expect(good.status, good.text).toBe(201);
    // The demo paper's settings parse.
    expect(
      (await host.post(`/api/regions/${regionId}/sessions`, { ...body(demoPaperId), name: "Demo" })).status,
    ).toBe(201);
  });
});

describe("who may author", () => {
  it("answers 403 to proctors, hosts, judges and contestants on every route, and 401 to strangers", async () => {
    const paper = await newPaper("Guarded");
    const task = await newTask(paper.id);
    const before = await snapshot(task.id);
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/admin/papers"],
      ["POST", "/api/admin/papers", { title: "Mine" }],
      ["GET", `/api/admin/papers/${paper.id}`],
      ["PATCH", `/api/admin/papers/${paper.id}`, { title: "Mine" }],
      ["POST", `/api/admin/papers/${paper.id}/tasks`, taskBody()],
      ["POST", `/api/admin/papers/${paper.id}/tasks/order`, { taskIds: [task.id] }],
      ["GET", `/api/admin/tasks/${task.id}`],
      ["PUT", `/api/admin/tasks/${task.id}`, taskBody({ title: "Mine" })],
      ["DELETE", `/api/admin/tasks/${task.id}`],
      ["DELETE", `/api/admin/tasks/${task.id}/items`],
      ["DELETE", `/api/admin/items/${task.id}`],
      ["POST", `/api/admin/tasks/${task.id}/try-score`, { itemId: task.id, answer: { polygons: [] } }],
    ];
    const stranger = new Client(stack.baseUrl);
    for (const [who, client] of [...Object.entries(others), ["stranger", stranger] as const]) {
      const status = who === "stranger" ? 401 : 403;
      for (const [method, url, body] of routes) {
        const res = await client.request(method, url, body);
        expect(res.status, `${who} ${method} ${url}: ${res.text}`).toBe(status);
        expect(res.text).not.toContain("Guarded");
      }
      const up = await upload(client, task.id, "format=coco", await goodDataset());
      expect(up.status, `${who} import`).toBe(status);
    }
    expect(await snapshot(task.id)).toEqual(before);
    expect((await admin.get<PaperDetail>(`/api/admin/papers/${paper.id}`)).body.data?.title).toBe("Guarded");
  });
});
