// Item media in the BlobStore (MEDIA_DIR): streamed whole and in byte ranges, the legacy bytes in
// PostgreSQL still served, thumbnails made once and kept in the store, and the contestants' opaque
// token URLs, which work only for their own attempt while it is in progress (docs/MEDIA.md).
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskStore } from "../../core/storage/blob-store.ts";
import { boxTask, buildPaper, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import type { ExamView } from "../../protocol/index.ts";
import { putItemMedia } from "../../server/exams/media-store.ts";
import { mediaToken } from "../../server/exams/media-token.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let store: LocalDiskStore;
let admin: Client;
/** Items: a scene in the store, a scene left in PostgreSQL, a small image in the store, audio in the store. */
let stored: { id: string; bytes: Buffer };
let legacy: { id: string; bytes: Buffer };
let small: { id: string; bytes: Buffer };
let audio: { id: string; bytes: Buffer };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const isWebp = (b: Buffer) =>
  b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP";

async function raw(c: Client | null, url: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await fetch(stack.baseUrl + url, {
    method,
    headers: { ...(c?.cookie ? { cookie: c.cookie } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function moveToStore(itemId: string, bytes: Buffer, type: string) {
  const put = await putItemMedia(store, itemId, bytes, type);
  await stack.db.item.update({ where: { id: itemId }, data: { ...put, media: null } });
}

beforeAll(async () => {
  stack = await startStack();
  store = new LocalDiskStore(stack.config.MEDIA_DIR);
  fx = await newExamFixture(stack.db, {
    questions: [],
    contestants: 2,
    tasks: [boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22, 33] }), demoTask("TRANSCRIPTION", 1)],
  });
  const rows = await stack.db.item.findMany({
    where: { task: { section: { paperId: fx.paperId } } },
    orderBy: [{ task: { position: "asc" } }, { position: "asc" }],
    select: { id: true, media: true, mediaType: true },
  });
  const [a, b, c, d] = rows.map((r) => ({ id: r.id, bytes: Buffer.from(r.media ?? []), type: r.mediaType }));
  if (!a || !b || !c || !d) throw new Error("fixture items missing");
  stored = a;
  legacy = b;
  audio = d;
  await moveToStore(a.id, a.bytes, "image/png");
  await moveToStore(d.id, d.bytes, "audio/wav");
  const tiny = await sharp({ create: { width: 100, height: 60, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
  small = { id: c.id, bytes: tiny };
  await moveToStore(c.id, tiny, "image/png");
  admin = new Client(stack.baseUrl);
  expect((await admin.login(fx.admin, PASSWORD)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("media in the store", () => {
  it("keeps the bytes on disk under a server-made key, not in PostgreSQL", async () => {
    const row = await stack.db.item.findUniqueOrThrow({
      where: { id: stored.id },
      select: { mediaKey: true, mediaSize: true, media: true },
    });
    expect(row).toEqual({
      mediaKey: `items/${stored.id}/media`,
      mediaSize: stored.bytes.length,
      media: null,
    });
    expect(fs.readFileSync(path.join(stack.config.MEDIA_DIR, "items", stored.id, "media"))).toEqual(
      stored.bytes,
    );
  });

  it("streams the whole file with the right headers", async () => {
    const res = await raw(admin, `/api/items/${stored.id}/media`);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(stored.bytes)).toBe(true);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-length")).toBe(String(stored.bytes.length));
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toMatch(/^private\b/);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    // The old path name still answers.
    expect((await raw(admin, `/api/items/${stored.id}/image`)).bytes.equals(stored.bytes)).toBe(true);
  });

  it("serves byte ranges: the first bytes, the middle, a suffix, an open end", async () => {
    const size = stored.bytes.length;
    expect(size).toBeGreaterThan(1000);
    const cases: [string, number, number][] = [
      ["bytes=0-15", 0, 15],
      ["bytes=100-599", 100, 599],
      ["bytes=-100", size - 100, size - 1],
      [`bytes=${size - 10}-`, size - 10, size - 1],
      [`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await raw(admin, `/api/items/${stored.id}/media`, { range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range"), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get("content-length"), range).toBe(String(end - start + 1));
      expect(res.bytes.equals(stored.bytes.subarray(start, end + 1)), range).toBe(true);
    }
    expect(
      (await raw(admin, `/api/items/${stored.id}/media`, { range: "bytes=0-15" })).bytes.subarray(0, 8),
    ).toEqual(PNG);
  });

  it("answers 416 to a range it cannot meet, and the whole file to a range it does not read", async () => {
    const size = stored.bytes.length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, "bytes=50-10"]) {
      const res = await raw(admin, `/api/items/${stored.id}/media`, { range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${size}`);
    }
    const multi = await raw(admin, `/api/items/${stored.id}/media`, { range: "bytes=0-1,5-6" });
    expect(multi.status).toBe(200);
    expect(multi.bytes.length).toBe(size);
  });

  it("answers HEAD with the headers only, and a matching If-None-Match with 304", async () => {
    const head = await raw(admin, `/api/items/${stored.id}/media`, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(stored.bytes.length));
    expect(head.bytes.length).toBe(0);
    const etag = head.headers.get("etag") ?? "";
    const again = await raw(admin, `/api/items/${stored.id}/media`, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    // A range asked "if still this body" of another body is answered whole.
    const stale = await raw(admin, `/api/items/${stored.id}/media`, {
      range: "bytes=0-9",
      "if-range": '"old"',
    });
    expect(stale.status).toBe(200);
    expect(stale.bytes.length).toBe(stored.bytes.length);
  });

  it("still serves media kept in PostgreSQL, in ranges too", async () => {
    const row = await stack.db.item.findUniqueOrThrow({
      where: { id: legacy.id },
      select: { mediaKey: true },
    });
    expect(row.mediaKey).toBeNull();
    const whole = await raw(admin, `/api/items/${legacy.id}/media`);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(legacy.bytes)).toBe(true);
    expect(whole.headers.get("content-type")).toBe("image/png");
    const part = await raw(admin, `/api/items/${legacy.id}/media`, { range: "bytes=-64" });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(legacy.bytes.subarray(legacy.bytes.length - 64))).toBe(true);
    expect(
      (await raw(admin, `/api/items/${legacy.id}/media`, { range: `bytes=${legacy.bytes.length}-` })).status,
    ).toBe(416);
  });

  it("streams audio from the store in ranges, as a player seeks", async () => {
    const res = await raw(admin, `/api/items/${audio.id}/media`, { range: "bytes=44-1043" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(res.bytes.equals(audio.bytes.subarray(44, 1044))).toBe(true);
  });

  it("answers 404 when the store has lost the file, and keeps running", async () => {
    const extra = await buildPaper(stack.db, {
      title: "Lost",
      questions: [],
      tasks: [demoTask("POINTS", 1)],
    });
    const id = extra.items[0]?.id ?? "";
    const bytes = Buffer.from(
      (await stack.db.item.findUniqueOrThrow({ where: { id }, select: { media: true } })).media ?? [],
    );
    await moveToStore(id, bytes, "image/png");
    fs.rmSync(path.join(stack.config.MEDIA_DIR, "items", id, "media"));
    const res = await admin.get(`/api/items/${id}/media`);
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe("NOT_FOUND");
    expect((await admin.get("/api/health")).status).toBe(200);
  });
});

describe("thumbnails", () => {
  it("fit inside w × w, as WebP, made once and kept in the store", async () => {
    const file = path.join(stack.config.MEDIA_DIR, "thumbs", stored.id, "160.webp");
    expect(fs.existsSync(file)).toBe(false);
    // 150 is snapped up to 160.
    const res = await raw(admin, `/api/items/${stored.id}/thumb?w=150`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(isWebp(res.bytes)).toBe(true);
    const meta = await sharp(res.bytes).metadata();
    const source = await sharp(stored.bytes).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(160);
    expect(meta.width ?? 0).toBeLessThanOrEqual(160);
    expect(meta.height ?? 0).toBeLessThanOrEqual(160);
    // The aspect ratio is kept (to a pixel).
    expect(
      Math.abs((meta.width ?? 0) / (meta.height ?? 1) - (source.width ?? 0) / (source.height ?? 1)),
    ).toBeLessThan(0.02);
    expect(fs.existsSync(file)).toBe(true);
    const modified = fs.statSync(file).mtimeMs;
    const again = await raw(admin, `/api/items/${stored.id}/thumb?w=160`);
    expect(again.bytes.equals(res.bytes)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(modified);
  });

  it("are made once when asked for many times at once", async () => {
    const all = await Promise.all(
      Array.from({ length: 6 }, () => raw(admin, `/api/items/${stored.id}/thumb?w=320`)),
    );
    for (const r of all) {
      expect(r.status).toBe(200);
      expect(r.bytes.equals(all[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
    }
    expect((await sharp(all[0]?.bytes).metadata()).width).toBeLessThanOrEqual(320);
    expect(fs.readdirSync(path.join(stack.config.MEDIA_DIR, "thumbs", stored.id)).sort()).toEqual([
      "160.webp",
      "320.webp",
    ]);
  });

  it("never enlarge a small image; legacy media have thumbnails too", async () => {
    const res = await raw(admin, `/api/items/${small.id}/thumb?w=640`);
    expect(res.status).toBe(200);
    const meta = await sharp(res.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([100, 60]);
    const old = await raw(admin, `/api/items/${legacy.id}/thumb?w=96`);
    expect(old.status).toBe(200);
    expect(isWebp(old.bytes)).toBe(true);
    expect((await sharp(old.bytes).metadata()).width).toBeLessThanOrEqual(96);
  });

  it("are made again when the media are replaced", async () => {
    const before = await raw(admin, `/api/items/${small.id}/thumb?w=96`);
    const bigger = await sharp({ create: { width: 400, height: 400, channels: 3, background: "#a37" } })
      .png()
      .toBuffer();
    await moveToStore(small.id, bigger, "image/png");
    const after = await raw(admin, `/api/items/${small.id}/thumb?w=96`);
    expect(after.bytes.equals(before.bytes)).toBe(false);
    expect((await sharp(after.bytes).metadata()).width).toBe(96);
  });

  it("refuse a bad width with 400, and audio with 404", async () => {
    for (const q of ["w=63", "w=641", "w=abc", "w=100.5", "", "w=-1"]) {
      const res = await admin.get(`/api/items/${stored.id}/thumb?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error?.code, q).toBe("VALIDATION_FAILED");
    }
    expect((await admin.get(`/api/items/${audio.id}/thumb?w=96`)).status).toBe(404);
    expect((await admin.get("/api/items/no-such-item/thumb?w=96")).status).toBe(404);
  });
});

describe("contestants' media URLs", () => {
  let c1: Client;
  let c2: Client;
  let urls: Map<string, string>;

  async function examUrls(c: Client, attemptId: string): Promise<Map<string, string>> {
    const view = (await c.get<ExamView>(`/api/attempts/${attemptId}/exam`)).body.data as ExamView;
    const map = new Map<string, string>();
    for (const t of view.paper.sections.flatMap((s) => s.tasks))
      for (const i of t.items) map.set(i.id, i.imageUrl || i.audio?.url || "");
    return map;
  }

  beforeAll(async () => {
    c1 = new Client(stack.baseUrl);
    c2 = new Client(stack.baseUrl);
    expect((await c1.login("T-001", PASSWORD)).status).toBe(200);
    expect((await c2.login("T-002", PASSWORD)).status).toBe(200);
    expect((await c1.post(`/api/attempts/${fx.contestants[0]?.attemptId}/start`)).status).toBe(200);
    urls = await examUrls(c1, fx.contestants[0]?.attemptId ?? "");
  });

  it("name neither the item nor its position, and stay the same across loads", async () => {
    expect(urls.size).toBe(4);
    const rows = await stack.db.item.findMany({
      where: { id: { in: [...urls.keys()] } },
      select: { id: true, position: true, taskId: true },
    });
    for (const [id, url] of urls) {
      expect(url).toMatch(/^\/api\/media\/[A-Za-z0-9_-]{40,}$/);
      expect(url).not.toContain(id);
      expect(url).not.toContain(id.slice(-8));
      const pos = rows.find((r) => r.id === id)?.position;
      expect(url).not.toMatch(new RegExp(`[/_-]${pos}$`));
    }
    expect(new Set(urls.values()).size).toBe(4);
    expect(await examUrls(c1, fx.contestants[0]?.attemptId ?? "")).toEqual(urls);
  });

  it("serve the owner's media during the attempt, whole and in ranges", async () => {
    const url = urls.get(stored.id) ?? "";
    const whole = await raw(c1, url);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(stored.bytes)).toBe(true);
    expect(whole.headers.get("cache-control")).toBe("private, max-age=300");
    const part = await raw(c1, url, { range: "bytes=-100" });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(stored.bytes.subarray(stored.bytes.length - 100))).toBe(true);
    const old = await raw(c1, urls.get(legacy.id) ?? "");
    expect(old.bytes.equals(legacy.bytes)).toBe(true);
    const sound = await raw(c1, urls.get(audio.id) ?? "", { range: "bytes=0-11" });
    expect(sound.status).toBe(206);
    expect(sound.bytes.subarray(8, 12).toString("latin1")).toBe("WAVE");
  });

  it("are worth nothing to another contestant, to staff, or signed out", async () => {
    const url = urls.get(stored.id) ?? "";
    expect((await raw(c2, url)).status).toBe(404);
    expect((await c2.post(`/api/attempts/${fx.contestants[1]?.attemptId}/start`)).status).toBe(200);
    // Even while their own attempt at the same paper is in progress.
    expect((await raw(c2, url)).status).toBe(404);
    const theirs = await examUrls(c2, fx.contestants[1]?.attemptId ?? "");
    expect(theirs.get(stored.id)).not.toBe(url);
    expect((await raw(c2, theirs.get(stored.id) ?? "")).status).toBe(200);
    expect((await raw(admin, url)).status).toBe(404);
    expect((await raw(null, url)).status).toBe(401);
  });

  it("refuse a tampered or forged token with 404", async () => {
    const url = urls.get(stored.id) ?? "";
    const token = url.slice("/api/media/".length);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    for (const bad of [
      flip(token, 0),
      flip(token, 20),
      flip(token, token.length - 2),
      `${token}A`,
      "abc",
      "x".repeat(500),
    ]) {
      const res = await c1.get(`/api/media/${bad}`);
      expect(res.status).toBe(404);
      expect(res.body.error?.code).toBe("NOT_FOUND");
    }
    // A well-made token of the caller's attempt but of an item of another paper.
    const other = await buildPaper(stack.db, {
      title: "Other",
      questions: [],
      tasks: [demoTask("POINTS", 1)],
    });
    const foreign = mediaToken(stack.config.SESSION_SECRET, {
      attemptId: fx.contestants[0]?.attemptId ?? "",
      itemId: other.items[0]?.id ?? "",
    });
    expect((await c1.get(`/api/media/${foreign}`)).status).toBe(404);
  });

  it("stop working once the paper is submitted; staff URLs still work", async () => {
    const url = urls.get(stored.id) ?? "";
    expect((await c1.post(`/api/attempts/${fx.contestants[0]?.attemptId}/submit`)).status).toBe(200);
    expect((await raw(c1, url)).status).toBe(404);
    expect((await raw(c1, `/api/items/${stored.id}/media`)).status).toBe(404);
    expect((await raw(c1, `/api/items/${stored.id}/thumb?w=96`)).status).toBe(404);
    expect((await raw(admin, `/api/items/${stored.id}/media`)).status).toBe(200);
  });
});
