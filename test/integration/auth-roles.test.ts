// Sign-in and roles against the real server, PostgreSQL and Socket.IO.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Me } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;

beforeAll(async () => {
  stack = await startStack();
  fx = await newExamFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

async function signedIn(login: string): Promise<Client> {
  const c = new Client(stack.baseUrl);
  const res = await c.login(login, PASSWORD);
  expect(res.status).toBe(200);
  return c;
}

describe("sign-in", () => {
  it("accepts a ticket number and sets an httpOnly SameSite cookie", async () => {
    const c = new Client(stack.baseUrl);
    const res = await fetch(`${stack.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "T-001", password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^la_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = (await res.json()) as { data: Me };
    expect(me.data.roles).toEqual(["CONTESTANT"]);
    c.cookie = cookie.split(";")[0] ?? "";
    expect((await c.get<Me>("/api/me")).body.data?.name).toBe("Contestant 1");
  });

  it("refuses a wrong password and an unknown login alike", async () => {
    const c = new Client(stack.baseUrl);
    for (const [login, password] of [
      ["T-001", "wrong"],
      ["nobody", PASSWORD],
    ]) {
      const res = await c.login(login as string, password as string);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("INVALID_CREDENTIALS");
    }
    expect(c.cookie).toBe("");
  });

  it("refuses malformed sign-in bodies with VALIDATION_FAILED", async () => {
    const c = new Client(stack.baseUrl);
    const wrongType = await c.post("/api/auth/login", { login: 42, password: true });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.code).toBe("VALIDATION_FAILED");
    const notJson = await c.request("POST", "/api/auth/login", undefined, "{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.code).toBe("VALIDATION_FAILED");
  });

  it("rejects a forged or missing cookie and a signed-out session", async () => {
    const anon = new Client(stack.baseUrl);
    expect((await anon.get("/api/me")).body.error?.code).toBe("UNAUTHENTICATED");
    const c = await signedIn("T-001");
    const forged = new Client(stack.baseUrl);
    forged.cookie = c.cookie.replace(/.$/, (ch) => (ch === "A" ? "B" : "A"));
    expect((await forged.get("/api/me")).status).toBe(401);
    const session = c.cookie;
    expect((await c.post("/api/auth/logout")).status).toBe(200);
    const old = new Client(stack.baseUrl);
    old.cookie = session;
    expect((await old.get("/api/me")).status).toBe(401);
  });
});

describe("roles", () => {
  it("keeps contestants out of staff routes and staff out of contestant routes", async () => {
    const contestant = await signedIn("T-001");
    const roster = await contestant.get(`/api/sessions/${fx.sessionId}/roster`);
    expect(roster.status).toBe(403);
    expect(roster.body.error?.code).toBe("FORBIDDEN");
    const proctor = await signedIn(fx.proctor);
    const mine = await proctor.get("/api/attempts/mine");
    expect(mine.status).toBe(403);
    expect((await proctor.put(`/api/attempts/${fx.contestants[0]?.attemptId}/answers`, {})).status).toBe(403);
  });

  it("does not let a contestant read or write another contestant's attempt", async () => {
    const c1 = await signedIn("T-001");
    const other = fx.contestants[1]?.attemptId ?? "";
    const qid = fx.questions[0]?.id ?? "";
    expect((await c1.post(`/api/attempts/${other}/start`)).status).toBe(404);
    expect((await c1.get(`/api/attempts/${other}/exam`)).status).toBe(404);
    const put = await c1.put(`/api/attempts/${other}/answers`, {
      target: { kind: "question", id: qid },
      revision: 1,
      data: { choice: "A" },
    });
    expect(put.status).toBe(404);
    expect(put.body.error?.code).toBe("NOT_FOUND");
    const socket = c1.socket("/exam");
    await connected(socket);
    const ack = await emitAck(socket, "answer:save", {
      attemptId: other,
      target: { kind: "question", id: qid },
      revision: 1,
      data: { choice: "A" },
    });
    expect(ack.error?.code).toBe("NOT_FOUND");
    socket.disconnect();
    expect(await stack.db.answer.count()).toBe(0);
  });

  it("refuses the proctor namespace to a contestant and both namespaces to strangers", async () => {
    const c1 = await signedIn("T-001");
    await expect(connected(c1.socket("/proctor"))).rejects.toThrow("FORBIDDEN");
    const anon = new Client(stack.baseUrl);
    await expect(connected(anon.socket("/exam"))).rejects.toThrow("UNAUTHENTICATED");
    await expect(connected(anon.socket("/proctor"))).rejects.toThrow("UNAUTHENTICATED");
    const proctor = await signedIn(fx.proctor);
    await expect(connected(proctor.socket("/exam"))).rejects.toThrow("FORBIDDEN");
  });

  it("lets a proctor watch only their own session; an admin watches any", async () => {
    const mine = await signedIn(fx.proctor);
    expect((await mine.get(`/api/sessions/${fx.sessionId}/roster`)).status).toBe(200);
    const other = await signedIn(fx.otherProctor);
    const res = await other.get(`/api/sessions/${fx.sessionId}/roster`);
    expect(res.status).toBe(403);
    const socket = other.socket("/proctor");
    await connected(socket);
    const ack = await emitAck(socket, "session:watch", { sessionId: fx.sessionId });
    expect(ack.error?.code).toBe("FORBIDDEN");
    const bad = await emitAck(socket, "session:watch", { sessionId: 7 });
    expect(bad.error?.code).toBe("VALIDATION_FAILED");
    socket.disconnect();
    const admin = await signedIn(fx.admin);
    expect((await admin.get(`/api/sessions/${fx.sessionId}/roster`)).status).toBe(200);
    const me = (await admin.get<Me>("/api/me")).body.data;
    expect(me?.proctorSessions.map((s) => s.id)).toContain(fx.sessionId);
  });

  it("shows item images to a contestant only while their exam is in progress", async () => {
    const c2 = await signedIn("T-002");
    const itemId = fx.items[0]?.id ?? "";
    expect((await c2.get(`/api/items/${itemId}/image`)).status).toBe(404);
    expect((await c2.post(`/api/attempts/${fx.contestants[1]?.attemptId}/start`)).status).toBe(200);
    const img = await c2.get(`/api/items/${itemId}/image`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.text.slice(1, 4)).toBe("PNG");
    const anon = new Client(stack.baseUrl);
    expect((await anon.get(`/api/items/${itemId}/image`)).status).toBe(401);
    // Submitted: the paper cannot be read again (to pass it on to a later sitting of it).
    expect((await c2.post(`/api/attempts/${fx.contestants[1]?.attemptId}/submit`)).status).toBe(200);
    expect((await c2.get(`/api/items/${itemId}/image`)).status).toBe(404);
    // Staff still see it.
    const admin = await signedIn(fx.admin);
    expect((await admin.get(`/api/items/${itemId}/image`)).status).toBe(200);
  });
});

describe("transports", () => {
  it("serves Socket.IO over HTTP long-polling as well as WebSocket", async () => {
    const c = await signedIn("T-001");
    const { io } = await import("socket.io-client");
    const socket = io(`${stack.baseUrl}/exam`, {
      transports: ["polling"],
      extraHeaders: { cookie: c.cookie },
      reconnection: false,
      forceNew: true,
    });
    await connected(socket);
    const ack = await emitAck(socket, "answer:save", {
      attemptId: "nope",
      target: { kind: "item", id: "x" },
      revision: 1,
      data: {},
    });
    expect(ack.error?.code).toBe("NOT_FOUND");
    // Long polls that engine.io answers later must not have been answered by the HTTP app too.
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.connected).toBe(true);
    socket.disconnect();
    expect((await fetch(`${stack.baseUrl}/api/time`)).status).toBe(200);
  });
});
