// Issue 11: an image whose markup draws the answer leaks it as surely as a JSON field. Every item
// image a contestant can fetch, in the demo and in a paper of every task kind, is a raster image
// by its bytes, holding no markup; a row still holding SVG (a demo seeded before) is refused, and
// the demo seed's second run rasterizes it.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_TICKETS } from "../../prisma/demo-accounts.ts";
import { boxTask, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { rasterizeStoredDrawings } from "../../prisma/seed/raster.ts";
import { makeScene } from "../../prisma/seed/scenes.ts";
import { demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { type AttemptState, type ExamView, TASK_KINDS } from "../../protocol/index.ts";
import { newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const isPng = (b: Buffer) => b.subarray(0, 8).equals(PNG);
const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isWav = (b: Buffer) =>
  b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WAVE";

let stack: Stack;

/** Each describe has a database of its own: the demo and the fixture both make a "proctor". */
function ownStack() {
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
}

async function fetchBytes(c: Client, url: string) {
  const res = await fetch(stack.baseUrl + url, { headers: { cookie: c.cookie } });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

/** Starts the contestant's attempt and fetches every item media its exam names. */
async function everyMedia(c: Client, attemptId: string) {
  expect((await c.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
  const view = (await c.get<ExamView>(`/api/attempts/${attemptId}/exam`)).body.data as ExamView;
  const items = view.paper.sections.flatMap((s) =>
    s.tasks.flatMap((t) => t.items.map((i) => ({ kind: t.kind, i }))),
  );
  const images = items
    .filter((x) => x.i.imageUrl)
    .map((x) => ({ kind: x.kind, id: x.i.id, url: x.i.imageUrl }));
  const audio = items.flatMap((x) => (x.i.audio ? [{ kind: x.kind, id: x.i.id, url: x.i.audio.url }] : []));
  // A contestant's media URLs are opaque: they name neither the item nor its position.
  for (const m of [...images, ...audio]) {
    expect(m.url).toMatch(/^\/api\/media\/[A-Za-z0-9_-]+$/);
    expect(m.url).not.toContain(m.id);
  }
  const fetched = async (list: { kind: string; id: string; url: string }[]) =>
    Promise.all(list.map(async (m) => ({ ...m, ...(await fetchBytes(c, m.url)) })));
  return { images: await fetched(images), audio: await fetched(audio) };
}

function expectRasterOnly(images: Awaited<ReturnType<typeof everyMedia>>["images"]) {
  for (const m of images) {
    expect(m.status, `${m.kind} ${m.url}`).toBe(200);
    expect(["image/png", "image/jpeg"], `${m.kind} ${m.url}`).toContain(m.type);
    expect(isPng(m.bytes) || isJpeg(m.bytes), `${m.kind} ${m.url} by its bytes`).toBe(true);
    expect(m.type === "image/png", "the type matches the bytes").toBe(isPng(m.bytes));
    const latin1 = m.bytes.toString("latin1");
    for (const markup of ["<svg", "<rect", "points=", "<polygon", "<circle"])
      expect(latin1, `${m.kind} ${m.url} holds ${markup}`).not.toContain(markup);
  }
}

describe("a paper of every task kind", () => {
  ownStack();
  it("serves every image as a raster image without markup, and audio as audio", async () => {
    const specs: TaskSpec[] = TASK_KINDS.map((kind) =>
      kind === "BOXES" ? boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] }) : demoTask(kind, 2),
    );
    const fx = await newExamFixture(stack.db, { questions: [], tasks: specs });
    const c = new Client(stack.baseUrl);
    expect((await c.login("T-001", PASSWORD)).status).toBe(200);
    const { images, audio } = await everyMedia(c, fx.contestants[0]?.attemptId ?? "");
    expect(new Set(images.map((m) => m.kind))).toEqual(
      new Set(["BOXES", "POLYGONS", "POINTS", "KEYPOINTS", "IMAGE_CLASSIFICATION"]),
    );
    expect(images).toHaveLength(10);
    expectRasterOnly(images);
    expect(audio).toHaveLength(2);
    for (const m of audio) {
      expect(m.type).toBe("audio/wav");
      expect(isWav(m.bytes)).toBe(true);
    }
    // Nothing is stored as markup either.
    const types = await stack.db.item.findMany({
      where: { task: { section: { paperId: fx.paperId } }, mediaType: { not: null } },
      select: { mediaType: true },
    });
    expect(new Set(types.map((t) => t.mediaType))).toEqual(new Set(["image/png", "audio/wav"]));
  });
});

describe("the demo seed", () => {
  ownStack();
  let c: Client;
  let boxItemId: string;
  let boxTokenUrl: string;

  it("serves every image of the demo paper as a raster image without markup", async () => {
    const seeded = await seedDemo({ db: stack.db, config: stack.config });
    expect(seeded.created).toBe(true);
    // Open the sitting now rather than in 30 seconds.
    await stack.db.examSession.update({
      where: { id: seeded.sessionId },
      data: { startsAt: new Date(Date.now() - 60_000) },
    });
    c = new Client(stack.baseUrl);
    const ticket = DEMO_TICKETS[0] ?? "";
    expect((await c.login(ticket, DEMO_PASSWORD)).status).toBe(200);
    const attempt = await stack.db.attempt.findFirstOrThrow({
      where: { examSessionId: seeded.sessionId, contestant: { ticketNumber: ticket } },
      select: { id: true },
    });
    const { images, audio } = await everyMedia(c, attempt.id);
    expect(images.length).toBeGreaterThanOrEqual(5 + 4 * 3);
    expectRasterOnly(images);
    for (const m of audio) expect(isWav(m.bytes)).toBe(true);
    // The demo's media live in the store (MEDIA_DIR), not in PostgreSQL.
    const box = images.find((m) => m.kind === "BOXES");
    boxItemId = box?.id ?? "";
    boxTokenUrl = box?.url ?? "";
    expect(boxItemId).not.toBe("");
    const row = await stack.db.item.findUniqueOrThrow({
      where: { id: boxItemId },
      select: { mediaKey: true, media: true },
    });
    expect(row).toEqual({ mediaKey: `items/${boxItemId}/media`, media: null });
  });

  it("refuses a row still holding SVG, to contestant and staff alike, and the next seed run rasterizes it", async () => {
    const svg = Buffer.from(makeScene(11).svg);
    const url = `/api/items/${boxItemId}/media`;
    const admin = new Client(stack.baseUrl);
    expect((await admin.login("admin", DEMO_PASSWORD)).status).toBe(200);
    for (const mediaType of ["image/svg+xml", "image/png", "text/html"]) {
      // An old demo's row; and the same markup under a raster label, or as a page.
      await stack.db.item.update({
        where: { id: boxItemId },
        data: { mediaType, media: Uint8Array.from(svg), mediaKey: null, mediaSize: null },
      });
      for (const [who, at] of [
        [c, url],
        [c, boxTokenUrl],
        [admin, url],
      ] as const) {
        const res = await who.get(at);
        expect(res.status, mediaType).toBe(415);
        expect(res.body.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
        expect(res.text).not.toContain("<rect");
      }
    }
    // The same markup in the store, under a raster label: refused as well.
    const stored = `${stack.config.MEDIA_DIR}/items/${boxItemId}/media`;
    fs.writeFileSync(stored, svg);
    await stack.db.item.update({
      where: { id: boxItemId },
      data: {
        mediaType: "image/png",
        media: null,
        mediaKey: `items/${boxItemId}/media`,
        mediaSize: svg.length,
      },
    });
    for (const [who, at] of [
      [c, boxTokenUrl],
      [admin, url],
    ] as const) {
      const res = await who.get(at);
      expect(res.status).toBe(415);
      expect(res.text).not.toContain("<rect");
    }
    const thumb = await admin.get(`/api/items/${boxItemId}/thumb?w=160`);
    expect(thumb.status).toBe(415);
    await stack.db.item.update({
      where: { id: boxItemId },
      data: { mediaType: "image/svg+xml", media: Uint8Array.from(svg), mediaKey: null, mediaSize: null },
    });
    const again = await seedDemo({ db: stack.db, config: stack.config });
    expect(again.created).toBe(false);
    const row = await stack.db.item.findUniqueOrThrow({
      where: { id: boxItemId },
      select: { mediaType: true, mediaKey: true, media: true },
    });
    // Rasterized into the store; the legacy column is emptied.
    expect(row).toEqual({ mediaType: "image/png", mediaKey: `items/${boxItemId}/media`, media: null });
    for (const at of [url, boxTokenUrl]) {
      const served = await fetchBytes(c, at);
      expect(served.status).toBe(200);
      expect(isPng(served.bytes)).toBe(true);
      expect(served.bytes.toString("latin1")).not.toContain("<rect");
    }
    // Idempotent: nothing is left to convert.
    expect(await stack.db.item.count({ where: { mediaType: { startsWith: "image/svg" } } })).toBe(0);
    expect(await rasterizeStoredDrawings(stack.db)).toBe(0);
  });
});
