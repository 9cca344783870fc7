// Hostile input against the real server, PostgreSQL and Redis: NUL, lone surrogates, deep or huge data,
// unbounded coordinates and malformed ids get a 4xx with a code over HTTP and the socket, and what was
// saved stays as it was; cross-site requests and handshakes are refused; source maps are never served;
// the session cookie is Secure in production.
import fs from "node:fs";
import { request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toAppError } from "../../core/errors.ts";
import { createStaff, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import type { AttemptState, ExamView, SaveAnswerResult, TaskKind } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, type Stack, startStack } from "../helpers/stack.ts";

const ALLOWED = "https://proctor.example.org";
const EVIL = "http://evil.example";

let stack: Stack;
let fx: ExamFixture;
let clientDir: string;
let contestant: Client;
let socket: Socket;
let attemptId: string;
let view: ExamView;

/** The first item of a task kind in the contestant's view. */
function itemOf(kind: TaskKind) {
  const task = view.paper.sections.flatMap((s) => s.tasks).find((t) => t.kind === kind);
  const item = task?.items[0];
  if (!item) throw new Error(`no ${kind} item`);
  return item;
}

const box = (over: Record<string, unknown> = {}) => ({
  id: "b1",
  label: "car",
  x: 10,
  y: 20,
  w: 30,
  h: 40,
  ...over,
});
/** A skeleton of the demo template (7 keypoints), the second one skipped as the keypoint tool saves it. */
const skeleton = (skipped: [number, number] = [0, 0]) => ({
  instances: [
    {
      id: "f1",
      label: "person",
      keypoints: [
        [40, 40, 2],
        [...skipped, 0],
        [60, 60, 2],
        [70, 70, 1],
        [80, 80, 2],
        [90, 90, 2],
        [99, 99, 2],
      ],
    },
  ],
});

const GOOD = {
  BOXES: { boxes: [box()] },
  TRANSCRIPTION: { text: "saved before" },
  KEYPOINTS: skeleton(),
};

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-client-"));
  fs.mkdirSync(path.join(clientDir, "assets"));
  fs.writeFileSync(path.join(clientDir, "index.html"), "<!doctype html><title>LabelArena</title>");
  fs.writeFileSync(
    path.join(clientDir, "assets", "app.js"),
    "console.log('app');\n//# sourceMappingURL=app.js.map",
  );
  fs.writeFileSync(path.join(clientDir, "assets", "app.js.map"), '{"version":3,"sources":["secret.ts"]}');
  stack = await startStack({
    env: { CLIENT_DIR: clientDir, ALLOWED_ORIGINS: `${ALLOWED}, https://judge.example.org` },
  });
  fx = await newExamFixture(stack.db, {
    questions: [],
    tasks: [
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11] },
      demoTask("TRANSCRIPTION", 1),
      demoTask("KEYPOINTS", 1),
    ],
  });
  attemptId = fx.contestants[0]?.attemptId ?? "";
  contestant = new Client(stack.baseUrl);
  expect((await contestant.login("T-001", PASSWORD)).status).toBe(200);
  expect((await contestant.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
  view = (await contestant.get<ExamView>(`/api/attempts/${attemptId}/exam`)).body.data as ExamView;
  for (const [kind, data] of Object.entries(GOOD)) {
    const saved = await put(itemOf(kind as TaskKind).id, 1, data);
    expect(saved.status, saved.text).toBe(200);
  }
  socket = contestant.socket("/exam");
  await connected(socket);
});
afterAll(async () => {
  socket?.disconnect();
  await stack?.stop();
  if (clientDir) fs.rmSync(clientDir, { recursive: true, force: true });
});

function put(itemId: string, revision: number, data: unknown) {
  return contestant.put<SaveAnswerResult>(`/api/attempts/${attemptId}/answers`, {
    target: { kind: "item", id: itemId },
    revision,
    data,
  });
}

function save(itemId: string, revision: number, data: unknown) {
  return emitAck<SaveAnswerResult>(socket, "answer:save", {
    attemptId,
    target: { kind: "item", id: itemId },
    revision,
    data,
  });
}

/** Every answer as stored, by item id. */
async function storedAnswers() {
  const rows = await stack.db.answer.findMany({
    where: { attemptId },
    select: { itemId: true, revision: true, data: true },
    orderBy: { itemId: "asc" },
  });
  return rows;
}

/** The answers as the contestant's exam view shows them, by item id. */
async function viewedAnswers() {
  const res = await contestant.get<ExamView>(`/api/attempts/${attemptId}/exam`);
  return Object.fromEntries((res.body.data?.answers ?? []).map((a) => [a.target.id, a.data]));
}

async function expectNothingChanged(before: Awaited<ReturnType<typeof storedAnswers>>) {
  expect(await storedAnswers()).toEqual(before);
  const shown = await viewedAnswers();
  for (const [kind, data] of Object.entries(GOOD)) expect(shown[itemOf(kind as TaskKind).id]).toEqual(data);
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; message: string; details?: unknown }; data?: unknown };
  text: string;
}

/** An HTTP request with exactly these headers (Origin, Referer, Host are set as given). */
function raw(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${stack.baseUrl}${urlPath}`,
      {
        method,
        headers: { ...(contestant.cookie ? { cookie: contestant.cookie } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => {
          let parsed: RawResponse["body"] = {};
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends an event as a raw Socket.IO packet and waits for its ack. The client library would recurse
 * over a deep payload itself; the raw packet shows what the server does with one.
 */
function rawEmitWithAck(event: string, payloadJson: string): Promise<unknown> {
  const engine = socket.io.engine;
  const id = 900_000 + Math.floor(Math.random() * 99_999);
  const prefix = `3/exam,${id}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ack")), 10_000);
    const onMessage = (data: unknown) => {
      if (typeof data !== "string" || !data.startsWith(prefix)) return;
      clearTimeout(timer);
      engine.off("message", onMessage);
      resolve(JSON.parse(data.slice(prefix.length))[0]);
    };
    engine.on("message", onMessage);
    engine.write(`2/exam,${id}[${JSON.stringify(event)},${payloadJson}]`);
  });
}

/** `depth` arrays nested inside one another, as JSON text (no recursion anywhere). */
const deepJson = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe("strings PostgreSQL cannot store", () => {
  const bad = [
    ["a NUL", "a\u0000b", "nul"],
    ["a lone high surrogate", "a\ud800b", "lone-surrogate"],
    ["a lone low surrogate", "\udc00", "lone-surrogate"],
  ] as const;

  it.each(bad)("refuses %s in a saved text over HTTP with 400 and the path", async (_name, text, problem) => {
    const before = await storedAnswers();
    const res = await put(itemOf("TRANSCRIPTION").id, 50, { text });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { path: "body.data.text", problem },
    });
    await expectNothingChanged(before);
  });

  it.each(bad)("refuses %s in a saved text over the socket with the path", async (_name, text, problem) => {
    const before = await storedAnswers();
    const ack = await save(itemOf("TRANSCRIPTION").id, 50, { text });
    expect(ack.error).toMatchObject({ code: "VALIDATION_FAILED", details: { path: "data.text", problem } });
    await expectNothingChanged(before);
    expect(socket.connected).toBe(true);
  });

  it("refuses them in a table cell and in an object key, over HTTP and the socket", async () => {
    const before = await storedAnswers();
    const item = itemOf("TRANSCRIPTION").id;
    const inKey = { text: "fine", "k\u0000": 1 };
    const http = await put(item, 51, inKey);
    expect(http.status).toBe(400);
    expect(http.body.error?.details).toMatchObject({ path: "body.data.k\uFFFD", problem: "nul" });
    const ack = await save(item, 51, { rows: [["ok", "x\ud800"]], marks: [null] });
    expect(ack.error).toMatchObject({ code: "VALIDATION_FAILED", details: { path: "data.rows.0.1" } });
    await expectNothingChanged(before);
  });

  it("refuses them in an incident's details; the incident is not stored", async () => {
    const count = await stack.db.incident.count({ where: { attemptId } });
    for (const note of ["a\u0000", "\ud800"]) {
      const ack = await emitAck(socket, "incident:report", { attemptId, kind: "copy", details: { note } });
      expect(ack.error).toMatchObject({ code: "VALIDATION_FAILED", details: { path: "details.note" } });
    }
    expect(await stack.db.incident.count({ where: { attemptId } })).toBe(count);
    // A proper report still goes through.
    expect((await emitAck(socket, "incident:report", { attemptId, kind: "copy" })).data).toEqual({
      count: count + 1,
    });
  });

  // The second contestant's: a second sign-in of the first would end the session these tests use.
  it("refuses them on the proctors' namespace too; nothing is audited", async () => {
    const proctor = new Client(stack.baseUrl);
    expect((await proctor.login(fx.proctor, PASSWORD)).status).toBe(200);
    const ps = proctor.socket("/proctor");
    await connected(ps);
    try {
      const audits = await stack.db.auditEntry.count();
      const watch = await emitAck(ps, "session:watch", { sessionId: "s\u0000" });
      expect(watch.error).toMatchObject({
        code: "VALIDATION_FAILED",
        details: { path: "sessionId", problem: "nul" },
      });
      const message = await emitAck(ps, "message:send", { sessionId: fx.sessionId, text: "hello \ud800" });
      expect(message.error).toMatchObject({
        code: "VALIDATION_FAILED",
        details: { path: "text", problem: "lone-surrogate" },
      });
      expect(await stack.db.auditEntry.count()).toBe(audits);
      // A proper message still goes out.
      expect(
        (await emitAck(ps, "message:send", { sessionId: fx.sessionId, text: "hello" })).data,
      ).toBeDefined();
    } finally {
      ps.disconnect();
    }
  });

  it("refuses them in the login name with 400, and the account still signs in", async () => {
    for (const login of ["T-002\u0000", "T-00\ud8002"]) {
      const res = await new Client(stack.baseUrl).login(login, PASSWORD);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: { path: "body.login" } });
    }
    expect((await new Client(stack.baseUrl).login("T-002", PASSWORD)).status).toBe(200);
  });

  it("refuses a NUL in the path or the query", async () => {
    const submit = await contestant.post(`/api/attempts/${attemptId}%00/submit`);
    expect(submit.status).toBe(400);
    expect(submit.body.error?.code).toBe("VALIDATION_FAILED");
    const query = await contestant.get("/api/attempts/mine?filter=%00");
    expect(query.status).toBe(400);
    expect(query.body.error?.details).toMatchObject({ path: "query.filter", problem: "nul" });
    const attempt = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt.status).toBe("IN_PROGRESS");
  });
});

describe("deep and huge data", () => {
  it("refuses a save nested 100,000 deep over HTTP with 400, not a stack overflow", async () => {
    const before = await storedAnswers();
    const body = `{"target":{"kind":"item","id":"${itemOf("TRANSCRIPTION").id}"},"revision":60,"data":${deepJson(100_000)}}`;
    const res = await contestant.request("PUT", `/api/attempts/${attemptId}/answers`, undefined, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: { problem: "too-deep" } });
    await expectNothingChanged(before);
  });

  it("refuses a save nested 100,000 deep over the socket and keeps the connection", async () => {
    const before = await storedAnswers();
    const payload = `{"attemptId":"${attemptId}","target":{"kind":"item","id":"${itemOf("TRANSCRIPTION").id}"},"revision":60,"data":${deepJson(100_000)}}`;
    const ack = await rawEmitWithAck("answer:save", payload);
    expect(ack).toMatchObject({ error: { code: "VALIDATION_FAILED", details: { problem: "too-deep" } } });
    await expectNothingChanged(before);
    expect(socket.connected).toBe(true);
    // The socket still saves.
    expect((await save(itemOf("BOXES").id, 2, GOOD.BOXES)).data?.revision).toBe(2);
  });

  it("refuses a document of more values than the limit", async () => {
    const before = await storedAnswers();
    const many = `[${"0,".repeat(600_000)}0]`;
    const body = `{"target":{"kind":"item","id":"${itemOf("TRANSCRIPTION").id}"},"revision":61,"data":${many}}`;
    const res = await contestant.request("PUT", `/api/attempts/${attemptId}/answers`, undefined, body);
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toMatchObject({ problem: "too-many-values" });
    await expectNothingChanged(before);
  });
});

describe("coordinates and ids", () => {
  it("refuses unbounded keypoints, even not labelled ones, and keeps a skipped one at [0, 0]", async () => {
    const item = itemOf("KEYPOINTS");
    const before = await storedAnswers();
    for (const skipped of [
      [1e308, -1e308],
      [5000, 5],
      [-50, 0],
    ] as [number, number][]) {
      const res = await put(item.id, 80, skeleton(skipped));
      expect(res.status, JSON.stringify(skipped)).toBe(400);
      expect(res.body.error?.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(res.body.error?.details)).toContain("instances.0.keypoints.1");
    }
    await expectNothingChanged(before);
    // What the keypoint tool saves for a skipped keypoint is taken.
    expect((await put(item.id, 81, skeleton([0, 0]))).status).toBe(200);
  });

  it("refuses boxes of vanishing or unbounded size, and takes the box tool's smallest", async () => {
    const item = itemOf("BOXES");
    const before = await storedAnswers();
    for (const over of [{ w: 1e-300 }, { h: 0.5 }, { x: 1e308 }, { w: 1e308 }, { y: -1e308 }]) {
      const ack = await save(item.id, 90, { boxes: [box(over)] });
      expect(ack.error?.code, JSON.stringify(over)).toBe("VALIDATION_FAILED");
    }
    await expectNothingChanged(before);
    const smallest = { boxes: [box({ w: 3, h: 3 })] };
    expect((await save(item.id, 91, smallest)).data?.revision).toBe(91);
    expect((await save(item.id, 92, GOOD.BOXES)).data?.revision).toBe(92);
  });

  it("refuses ids that are not ids, in route parameters and payloads", async () => {
    const before = await storedAnswers();
    const spaced = await contestant.get(`/api/attempts/${encodeURIComponent("a b")}/exam`);
    expect(spaced.status).toBe(400);
    expect(spaced.body.error?.code).toBe("VALIDATION_FAILED");
    const long = await contestant.get(`/api/attempts/${"a".repeat(65)}/exam`);
    expect(long.status).toBe(400);
    const target = await save("item/../1", 95, GOOD.BOXES);
    expect(target.error?.code).toBe("VALIDATION_FAILED");
    const shape = await save(itemOf("BOXES").id, 95, { boxes: [box({ id: "b 1" })] });
    expect(shape.error?.code).toBe("VALIDATION_FAILED");
    await expectNothingChanged(before);
  });
});

describe("the error mapper's safety net", () => {
  /** Runs `fn` against the real database and returns what it threw. */
  async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
    try {
      await fn();
    } catch (e) {
      return e;
    }
    throw new Error("no error");
  }

  it("maps PostgreSQL's refusals of input, as Prisma reports them, to 400 VALIDATION_FAILED", async () => {
    // The other contestant's attempt has no answers, so no unique key gets in the way.
    const other = fx.contestants[1]?.attemptId ?? "";
    const answer = (data: unknown, revision = 1) =>
      stack.db.answer.create({
        data: {
          attemptId: other,
          itemId: itemOf("BOXES").id,
          revision,
          data: data as object,
          savedAt: new Date(),
        },
      });
    const errors = {
      "22P05": await thrown(() => answer({ text: "\u0000" })),
      "22P02": await thrown(() => answer({ text: "\ud800" })),
      "22021": await thrown(() => stack.db.user.findFirst({ where: { username: "x\u0000" } })),
      "22003": await thrown(() => answer({}, 2 ** 40)),
      "54001": await thrown(() => stack.db.$queryRawUnsafe(`SELECT '${deepJson(100_000)}'::jsonb`)),
      stack: await thrown(() => answer(JSON.parse(deepJson(100_000)))),
    };
    for (const [cause, e] of Object.entries(errors)) {
      const mapped = toAppError(e);
      expect(mapped?.code, cause).toBe("VALIDATION_FAILED");
      expect(mapped?.status, cause).toBe(400);
      expect(mapped?.details, cause).toEqual({ cause });
    }
    expect(await stack.db.answer.count({ where: { attemptId: other } })).toBe(0);
  });
});

describe("cross-site requests", () => {
  const submitPath = () => `/api/attempts/${attemptId}/submit`;
  const status = async () => (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status;

  it("refuses a cross-origin text/plain submit with 403; the attempt stays in progress", async () => {
    const res = await raw("POST", submitPath(), { origin: EVIL, "content-type": "text/plain" }, "{}");
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "ORIGIN_NOT_ALLOWED", details: { origin: EVIL } });
    expect(await status()).toBe("IN_PROGRESS");
  });

  it("judges by the Referer when there is no Origin, and refuses the null origin", async () => {
    const byReferer = await raw("POST", submitPath(), { referer: `${EVIL}/page` });
    expect(byReferer.body.error?.code).toBe("ORIGIN_NOT_ALLOWED");
    const nullOrigin = await raw("POST", submitPath(), { origin: "null" });
    expect(nullOrigin.body.error?.code).toBe("ORIGIN_NOT_ALLOWED");
    // Another port of the same host is another origin.
    const otherPort = await raw(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      {
        origin: "http://127.0.0.1:1",
        "content-type": "application/json",
      },
      "{}",
    );
    expect(otherPort.status).toBe(403);
    expect(await status()).toBe("IN_PROGRESS");
  });

  it("refuses a same-origin body that is not JSON with 415", async () => {
    const res = await raw(
      "POST",
      submitPath(),
      { origin: stack.baseUrl, "content-type": "text/plain" },
      "{}",
    );
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const form = await raw(
      "POST",
      "/api/auth/login",
      { "content-type": "application/x-www-form-urlencoded" },
      `login=T-001&password=${encodeURIComponent(PASSWORD)}`,
    );
    expect(form.status).toBe(415);
    expect(await status()).toBe("IN_PROGRESS");
  });

  it("takes a same-origin browser-like save, one from an allowed origin, and one through a TLS proxy", async () => {
    const body = (revision: number) =>
      JSON.stringify({ target: { kind: "item", id: itemOf("BOXES").id }, revision, data: GOOD.BOXES });
    const json = { "content-type": "application/json; charset=utf-8" };
    const same = await raw(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      {
        ...json,
        origin: stack.baseUrl,
        referer: `${stack.baseUrl}/exam/${attemptId}`,
        "sec-fetch-site": "same-origin",
      },
      body(100),
    );
    expect(same.status, same.text).toBe(200);
    const allowed = await raw(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      { ...json, origin: ALLOWED },
      body(101),
    );
    expect(allowed.status, allowed.text).toBe(200);
    // The Vite dev server and a TLS proxy on this machine pass the browser's Host (and scheme) on.
    const proxied = await raw(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      { ...json, host: "exam.example.org", "x-forwarded-proto": "https", origin: "https://exam.example.org" },
      body(102),
    );
    expect(proxied.status, proxied.text).toBe(200);
    const dev = await raw(
      "PUT",
      `/api/attempts/${attemptId}/answers`,
      { ...json, host: "localhost:5173", origin: "http://localhost:5173" },
      body(103),
    );
    expect(dev.status, dev.text).toBe(200);
    expect((await storedAnswers()).find((a) => a.itemId === itemOf("BOXES").id)?.revision).toBe(103);
    // Reads from anywhere are still answered: they change nothing.
    expect((await raw("GET", "/api/attempts/mine", { origin: EVIL })).status).toBe(200);
  });

  function handshake(origin: string | null, transport: "websocket" | "polling"): Promise<string> {
    const s = ioClient(`${stack.baseUrl}/exam`, {
      transports: [transport],
      extraHeaders: { cookie: contestant.cookie, ...(origin ? { origin } : {}) },
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve) => {
      s.once("connect", () => {
        s.disconnect();
        resolve("connected");
      });
      s.once("connect_error", (e) => {
        s.disconnect();
        resolve(`refused: ${e.message}`);
      });
    });
  }

  it.each(["websocket", "polling"] as const)("refuses a cross-origin %s handshake", async (transport) => {
    expect(await handshake(EVIL, transport)).toMatch(/^refused/);
    expect(await handshake(stack.baseUrl, transport)).toBe("connected");
    expect(await handshake(ALLOWED, transport)).toBe("connected");
    expect(await handshake(null, transport)).toBe("connected");
  });
});

describe("the built client", () => {
  it("serves the bundle but never a source map", async () => {
    const js = await raw("GET", "/assets/app.js");
    expect(js.status).toBe(200);
    expect(js.text).toContain("console.log");
    for (const p of [
      "/assets/app.js.map",
      "/assets/app.js%2Emap",
      "/assets/APP.JS.MAP",
      "/assets/app.js%2emap?x=1",
    ]) {
      const res = await raw("GET", p);
      expect(res.status, p).toBe(404);
      expect(res.text, p).not.toContain("secret.ts");
    }
  });
});

describe("the session cookie", () => {
  const cookieOf = (res: RawResponse) => String(res.headers["set-cookie"] ?? "");
  const login = (headers: Record<string, string> = {}) =>
    raw(
      "POST",
      "/api/auth/login",
      { "content-type": "application/json", cookie: "", ...headers },
      JSON.stringify({ login: fx.admin, password: PASSWORD }),
    );

  it("is Secure over HTTPS (through a trusted proxy) and not over plain HTTP outside production", async () => {
    const plain = await login();
    expect(plain.status).toBe(200);
    expect(cookieOf(plain)).toMatch(/HttpOnly/i);
    expect(cookieOf(plain)).not.toMatch(/;\s*Secure/i);
    const https = await login({ "x-forwarded-proto": "https" });
    expect(cookieOf(https)).toMatch(/;\s*Secure/i);
  });

  it("is Secure in production even over plain HTTP", async () => {
    const prod = await startStack({ env: { NODE_ENV: "production" } });
    try {
      await createStaff(prod.db, { username: "admin", name: "Admin", role: "ADMIN", password: PASSWORD });
      const res = await fetch(`${prod.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: "admin", password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
      const out = await fetch(`${prod.baseUrl}/api/auth/logout`, {
        method: "POST",
        headers: { cookie: String(res.headers.get("set-cookie")).split(";")[0] ?? "" },
      });
      expect(out.status).toBe(200);
      expect(out.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    } finally {
      await prod.stop();
    }
  });
});
